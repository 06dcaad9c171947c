"""Small multiples: the country forest plot repeated per sector (or item), shared axis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["small_multiples"]

_WHAT = "small multiples"
_MAX_PANELS = 12


def small_multiples(
    estimates: pd.DataFrame,
    *,
    by: str,
    title: str,
    source: str,
    xlabel: str | None = None,
    percent: bool = False,
    ncols: int = 3,
    protect: bool = True,
    min_count: int = 5,
    country: str = "country",
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """One forest panel per value of ``by`` (e.g. sector), countries in the same rows and colours.

    Parameters
    ----------
    estimates
        Tidy estimates with ``country``, ``by``, ``estimate``, ``ci_low``, ``ci_high``, ``n``.
    by
        Column whose values make the panels (at most 12).
    ncols
        Panels per row.
    xlabel, percent, protect, min_count, country
        As in :func:`forest_plot`.
    title, source, demo, data_version
        Title and footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, unknown countries, missing columns, too many panels.

    Example
    -------
    >>> fig = small_multiples(est, by="sector", title="Aware of the NRM", source="demo")  # doctest: +SKIP
    """
    import math

    import matplotlib.pyplot as plt
    import pandas as pd

    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._forest import draw_forest, forest_data, with_display
    from heroes_research.figures._style import figure_title, house_style
    from heroes_research.tables._common import country_order, require_columns, require_rows

    require_rows(estimates, _WHAT)
    flat = estimates if isinstance(estimates.index, pd.RangeIndex) else estimates.reset_index()
    require_columns(flat, [by], _WHAT)
    panels = list(dict.fromkeys(flat[by].astype(str)))
    if len(panels) > _MAX_PANELS:
        raise OutputError(f"{_WHAT}: {len(panels)} panels; at most {_MAX_PANELS} stay readable",
                          reason="too_many_panels", variable=by,
                          hint="group the categories or split the figure")
    frames = {p: forest_data(flat[flat[by].astype(str) == p].drop(columns=[by]), country=country,
                             protect=protect, min_count=min_count, what=_WHAT) for p in panels}
    countries = sorted(set().union(*(set(f["country"]) for f in frames.values())),
                       key=country_order)
    ncols = max(1, min(ncols, len(panels)))
    nrows = math.ceil(len(panels) / ncols)
    with house_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(6.5, 1.2 + nrows * (0.5 + 0.17 * len(countries))),
                                 sharex=True, sharey=True, layout="constrained", squeeze=False)
        for ax, panel in zip(axes.flat, panels, strict=False):
            frame = frames[panel].set_index("country").reindex(countries).reset_index()
            frame = with_display(frame)  # countries absent from this panel: "no data" rows
            draw_forest(ax, frame, scale=100.0 if percent else 1.0, reference=None, show_n=False)
            ax.set_title(panel, loc="left", fontsize=8.5)
        for ax in axes.flat[len(panels):]:
            ax.set_visible(False)
        label = xlabel or f"{'Percentage' if percent else 'Estimate'} (95% CI)"
        for ax in axes[-1]:
            ax.set_xlabel(label)
        figure_title(fig, title)
    return add_footer(fig, source=source, demo=demo, data=estimates, data_version=data_version)

