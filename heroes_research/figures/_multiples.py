"""Small multiples: the forest plot (countries or any grouping) repeated per panel, shared axis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from heroes_research.errors import OutputError
from heroes_research.tables._groups import Labels

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
    rows: str | Sequence[str] = "country",
    labels: Labels = None,
    xlabel: str | None = None,
    percent: bool = False,
    ncols: int = 3,
    protect: bool = True,
    min_count: int = 5,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """One forest panel per value of ``by`` (e.g. sector), the ``rows`` groups in the same rows.

    Parameters
    ----------
    estimates
        The tidy estimates (read by column name): ``by``, the ``rows`` column(s),
        ``estimate``, ``ci_low``, ``ci_high``, ``conf_level``, ``n`` (and ``n_level``).
    by
        Column whose values make the panels (at most 12), e.g. ``"sector"`` or
        ``"variable"``; panels follow its category order, else its order of appearance.
    rows
        Grouping column(s) of each panel's rows: ``"country"`` (default; study order and
        colours) or any other ``by`` column of the estimates.
    labels
        ``{column or variable: label}`` or a codebook: panel titles of ``by="variable"``
        and the heading of a non-country grouping.
    ncols
        Panels per row.
    xlabel, percent, protect, min_count
        As in :func:`forest_plot` (the default axis label names ``conf_level``).
    title, source, demo, data_version
        Title and footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, unknown countries, missing columns, too many panels;
        ``protect=False`` on estimates about people that did not pass ``protect_estimates``.

    Example
    -------
    >>> fig = small_multiples(est, by="sector", title="Aware of the NRM", source="demo")  # doctest: +SKIP
    """
    import math

    import matplotlib.pyplot as plt
    import pandas as pd

    from heroes_research.disclosure._register import estimates_ledger, require_protected
    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._forest import arrange, draw_forest, forest_data
    from heroes_research.figures._save import register_cells
    from heroes_research.figures._style import figure_title, house_style
    from heroes_research.tables._common import require_columns, require_rows
    from heroes_research.tables._groups import (
        COUNTRY,
        as_columns,
        group_order,
        heading,
        interval_label,
    )

    require_rows(estimates, _WHAT)
    flat = estimates.reset_index(drop=True)
    groups = as_columns(rows, _WHAT, "rows")
    require_columns(flat, [by, *groups], _WHAT)
    panels = [key[0] for key in group_order(flat, [by])]
    if len(panels) > _MAX_PANELS:
        raise OutputError(f"{_WHAT}: {len(panels)} panels; at most {_MAX_PANELS} stay readable",
                          reason="too_many_panels", variable=by,
                          hint="group the categories or split the figure")
    if protect:  # the whole frame at once: a panel may hold one level of a distribution
        from heroes_research.disclosure import protect_estimates

        flat = protect_estimates(flat, min_count=min_count)
    else:
        require_protected(estimates, what=_WHAT, title=title, source=source)
    frames = {p: forest_data(flat[flat[by] == p].drop(columns=[by]), rows=groups, protect=False,
                             min_count=min_count, what=_WHAT, labels=labels)
              for p in panels}
    xlabel = xlabel or f"{'Percentage' if percent else 'Estimate'} ({interval_label(flat, _WHAT)})"
    everyone = pd.concat(frames.values())
    cells = estimates_ledger(pd.concat([f.assign(**{by: p}) for p, f in frames.items()]),
                             by=[c for c in (by, *groups) if c != "variable"], unit=source, show_n=False)
    order = group_order(everyone, groups)  # every group of every panel, in display order
    ncols = max(1, min(ncols, len(panels)))
    nrows = math.ceil(len(panels) / ncols)
    with house_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(6.5, 1.2 + nrows * (0.5 + 0.17 * len(order))),
                                 sharex=True, sharey=True, layout="constrained", squeeze=False)
        for ax, panel in zip(axes.flat, panels, strict=False):
            frame = arrange(frames[panel], groups, order)  # groups absent here: "no data" rows
            draw_forest(ax, frame, scale=100.0 if percent else 1.0, reference=None, show_n=False)
            ax.set_title(heading(str(panel), labels) if by == "variable" else str(panel),
                         loc="left", fontsize=8.5)
        for ax in axes.flat[len(panels):]:
            ax.set_visible(False)
        for ax in axes[-1]:
            ax.set_xlabel(xlabel)
        if groups != [COUNTRY]:
            for ax in axes[:, 0]:
                ax.set_ylabel(heading(groups, labels))
        figure_title(fig, title)
    return register_cells(add_footer(fig, source=source, demo=demo, data_version=data_version), cells)
