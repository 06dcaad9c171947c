"""Group comparison (countries by default): dot / forest plot of estimates with intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from heroes_research.errors import OutputError
from heroes_research.tables._groups import Labels

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["arrange", "draw_forest", "forest_data", "forest_plot"]

_WHAT = "forest plot"
_ROW_IN = 0.24  # inches per row


def forest_data(
    estimates: pd.DataFrame, *, rows: list[str], protect: bool, min_count: int, what: str,
    labels: Labels = None,
) -> pd.DataFrame:
    """Tidy, protected estimates, one row per (item, group), with the group's display ``_key``."""
    from heroes_research.tables._common import tidy_estimates
    from heroes_research.tables._groups import group_order

    frame = tidy_estimates(estimates, groups=rows, needed=["estimate", "ci_low", "ci_high", "n"],
                           what=what, protect=protect, min_count=min_count, labels=labels)
    where = {key: i for i, key in enumerate(group_order(frame, rows))}
    keys = frame[rows].itertuples(index=False, name=None)
    frame = frame.assign(_key=[where.get(key, -1) for key in keys])
    return frame[frame["_key"] >= 0].sort_values(["item", "_key"], kind="stable")


def arrange(frame: pd.DataFrame, rows: list[str], order: list[tuple]) -> pd.DataFrame:
    """One row per group of ``order`` (a group without an estimate: an empty row, "no data"),
    with its display ``name`` and ``color`` (the country's colour, else the house colour)."""
    from heroes_research.countries import by_code
    from heroes_research.figures._style import QUALITATIVE
    from heroes_research.tables._groups import COUNTRY, group_label

    where = {key: i for i, key in enumerate(order)}
    keys = frame[rows].itertuples(index=False, name=None)
    out = (frame.assign(_key=[where.get(key, -1) for key in keys]).query("_key >= 0")
           .set_index("_key").reindex(range(len(order))))
    country = rows.index(COUNTRY) if COUNTRY in rows else None
    return out.reset_index(drop=True).assign(
        suppressed=out["suppressed"].fillna(False).astype(bool).to_numpy(),
        name=[group_label(rows, key) for key in order],
        color=[QUALITATIVE[0] if country is None else by_code(key[country]).color for key in order],
    )


def draw_forest(ax: Axes, frame: pd.DataFrame, *, scale: float, reference: float | None,
                show_n: bool) -> None:
    """Draw one panel: rows top-down, interval whiskers, coloured dots, x for suppressed."""
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
    rows: str | Sequence[str] = "country",
    labels: Labels = None,
    xlabel: str | None = None,
    percent: bool = False,
    reference: float | None = None,
    protect: bool = True,
    min_count: int = 5,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """One row per group (country by default): the estimate as a dot, its interval as a line.

    Parameters
    ----------
    estimates
        The tidy estimates of one item (read by column name): the grouping column(s),
        ``estimate``, ``ci_low``, ``ci_high``, ``conf_level``, ``n`` (and ``n_level``).
    title, source
        Title (top left) and data source (footer).
    rows
        Grouping column(s), one dot per group: ``"country"`` (default; study order and
        colours) or any ``by`` column such as ``"sector"`` (its order, one colour).
    labels
        ``{column: label}`` or a codebook: the heading of a non-country grouping.
    xlabel
        Axis label; default "Estimate (95% CI)" or "Percentage (90% CI)" from ``conf_level``.
    percent
        Multiply proportions by 100.
    reference
        Draw a dashed line here (e.g. the pooled estimate), on the scale of ``estimates``.
    protect
        Withhold estimates on fewer than ``min_count`` respondents (``n``, or ``n_level``
        for a level's share; :func:`heroes_research.disclosure.protect_estimates`);
        they show as ``x``. ``False`` only for estimates protected already (the output
        of ``protect_estimates``): unprotected estimates about people are refused.
    demo, data_version
        Demo-data flag and data version for the footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, unknown countries, missing columns (``conf_level`` too), more than
        one item; ``protect=False`` on estimates about people that did not pass
        ``protect_estimates`` (``reason="unprotected_estimates"``).

    Example
    -------
    >>> fig = forest_plot(est, rows="sector", title="Aware of the NRM", source="HEROES survey",
    ...                   percent=True)  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    from heroes_research.disclosure._register import estimates_ledger, require_protected
    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._save import register_cells
    from heroes_research.figures._style import figure_title, house_style
    from heroes_research.tables._groups import (
        COUNTRY,
        as_columns,
        group_order,
        heading,
        interval_label,
    )

    groups = as_columns(rows, _WHAT, "rows")
    if not protect:
        require_protected(estimates, what=_WHAT, title=title, source=source)
    frame = forest_data(estimates, rows=groups, protect=protect, min_count=min_count, what=_WHAT,
                        labels=labels)
    cells = estimates_ledger(frame, by=groups, unit=source, show_n=True)
    if frame["item"].nunique() > 1:
        raise OutputError(f"{_WHAT}: {frame['item'].nunique()} items given; a forest plot shows one",
                          reason="too_many_items", variable="variable",
                          hint="filter to one variable/level, or use small_multiples(..., by='variable')")
    xlabel = xlabel or f"{'Percentage' if percent else 'Estimate'} ({interval_label(frame, _WHAT)})"
    frame = arrange(frame, groups, group_order(frame, groups))
    with house_style():
        fig, ax = plt.subplots(figsize=(6.5, 1.3 + _ROW_IN * len(frame)), layout="constrained")
        draw_forest(ax, frame, scale=100.0 if percent else 1.0, reference=reference, show_n=True)
        ax.set_xlabel(xlabel)
        if groups != [COUNTRY]:
            ax.set_ylabel(heading(groups, labels))
        figure_title(fig, title)
    return register_cells(add_footer(fig, source=source, demo=demo, data_version=data_version), cells)
