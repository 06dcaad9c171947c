"""Country comparison: dot / forest plot of estimates with confidence intervals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["draw_forest", "forest_data", "forest_plot", "with_display"]

_WHAT = "forest plot"
_ROW_IN = 0.24  # inches per country row


def forest_data(
    estimates: pd.DataFrame, *, country: str, protect: bool, min_count: int, what: str
) -> pd.DataFrame:
    """Tidy, protected estimates (one item) in display order, with ``name`` and ``color``."""
    from heroes_research.tables._common import country_order, tidy_estimates

    frame = tidy_estimates(estimates, country=country, needed=["estimate", "ci_low", "ci_high", "n"],
                           what=what, protect=protect, min_count=min_count)
    frame = (frame.assign(_order=frame["country"].map(country_order))
             .sort_values(["item", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True))
    return with_display(frame)


def with_display(frame: pd.DataFrame) -> pd.DataFrame:
    """Each country's ``name`` and ``color``; ``suppressed`` as bool (a row added for a missing country: False)."""
    from heroes_research.countries import by_code, country_name

    return frame.assign(
        suppressed=frame["suppressed"].fillna(False).astype(bool),
        name=frame["country"].map(country_name),
        color=frame["country"].map(lambda c: by_code(c).color),
    )


def draw_forest(ax: Axes, frame: pd.DataFrame, *, scale: float, reference: float | None,
                show_n: bool) -> None:
    """Draw one panel: rows top-down, CI whiskers, country-coloured dots, x for suppressed."""
    import numpy as np

    from heroes_research.figures._style import TEXT_GREY
    from heroes_research.tables._common import NOT_AVAILABLE, SUPPRESSED

    y = np.arange(len(frame))[::-1]
    shown = ~frame["suppressed"].to_numpy() & frame["estimate"].notna().to_numpy()
    est, low, high = (frame[c].to_numpy(dtype=float) * scale for c in ("estimate", "ci_low", "ci_high"))
    ax.hlines(y[shown], low[shown], high[shown], color="#333333", linewidth=1.1, zorder=2)
    ax.scatter(est[shown], y[shown], s=34, c=frame["color"][shown].tolist(), edgecolors="#222222",
               linewidths=0.7, zorder=3)
    if reference is not None:
        ax.axvline(reference * scale, color=TEXT_GREY, linestyle="--", linewidth=0.8, zorder=1)
    ax.set_yticks(y, frame["name"].tolist())
    ax.set_ylim(-0.7, len(frame) - 0.3)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    suppressed = frame["suppressed"].to_numpy()
    for yy, withheld in zip(y[~shown], suppressed[~shown], strict=True):
        text = f"{SUPPRESSED}: not shown (too few respondents)" if withheld else f"{NOT_AVAILABLE} no data"
        ax.text(0.01, yy, text, transform=ax.get_yaxis_transform(), va="center", ha="left",
                fontsize=7, color=TEXT_GREY, style="oblique")
    if show_n:
        n_text = frame["n"].astype("Int64").astype("string").mask(frame["suppressed"], SUPPRESSED).fillna("–")
        for yy, text in zip(y, n_text, strict=True):
            ax.text(1.01, yy, text, transform=ax.get_yaxis_transform(), va="center", ha="left",
                    fontsize=7, color=TEXT_GREY)
        ax.text(1.01, len(frame) - 0.4, "n", transform=ax.get_yaxis_transform(), va="bottom",
                ha="left", fontsize=7, color=TEXT_GREY, weight="bold")


def forest_plot(
    estimates: pd.DataFrame,
    *,
    title: str,
    source: str,
    xlabel: str | None = None,
    percent: bool = False,
    reference: float | None = None,
    protect: bool = True,
    min_count: int = 5,
    country: str = "country",
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """One row per country: the estimate as a dot in the country's colour, its 95% CI as a line.

    Parameters
    ----------
    estimates
        Tidy estimates of one item (as :meth:`SurveyDesign.mean` returns): ``country``
        (or ``domain``), ``estimate``, ``ci_low``, ``ci_high``, ``n``.
    title, source
        Title (top left) and data source (footer).
    xlabel
        Axis label; default "Estimate (95% CI)" or "Percentage (95% CI)".
    percent
        Multiply proportions by 100.
    reference
        Draw a dashed line here (e.g. the pooled estimate), on the scale of ``estimates``.
    protect
        Withhold estimates on fewer than ``min_count`` respondents
        (:func:`heroes_research.disclosure.protect_estimates`); they show as ``x``.
    country, demo, data_version
        Country column; demo-data flag and data version for the footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, unknown countries, missing columns, more than one item.

    Example
    -------
    >>> fig = forest_plot(est, title="Aware of the NRM", source="HEROES survey", percent=True)  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._style import figure_title, house_style

    frame = forest_data(estimates, country=country, protect=protect, min_count=min_count, what=_WHAT)
    if frame["item"].nunique() > 1:
        raise OutputError(f"{_WHAT}: {frame['item'].nunique()} items given; a forest plot shows one",
                          reason="too_many_items", variable="variable",
                          hint="filter to one variable/level, or use small_multiples(..., by='variable')")
    with house_style():
        fig, ax = plt.subplots(figsize=(6.5, 1.3 + _ROW_IN * len(frame)), layout="constrained")
        draw_forest(ax, frame, scale=100.0 if percent else 1.0, reference=reference, show_n=True)
        ax.set_xlabel(xlabel or f"{'Percentage' if percent else 'Estimate'} (95% CI)")
        figure_title(fig, title)
    return add_footer(fig, source=source, demo=demo, data=estimates, data_version=data_version)
