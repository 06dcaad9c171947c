"""Rank-interval plot for the composite legal index: median rank and its 5-95% interval."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["rank_interval_plot"]

_WHAT = "rank-interval plot"


def rank_interval_plot(
    scores: pd.DataFrame,
    *,
    title: str,
    source: str,
    rank: str = "median_rank",
    low: str = "rank_p05",
    high: str = "rank_p95",
    country: str = "country",
    withheld: pd.DataFrame | None = None,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """Countries sorted by median rank (1 = most protective), each with its rank interval.

    Parameters
    ----------
    scores
        The result of :func:`heroes_research.legal.uncertainty` (its ``summary``) or a
        frame with one row per country: ``country``, the median rank and the interval
        bounds (the 5th and 95th percentiles over the Monte Carlo draws).
    rank, low, high
        Column names of the median rank and the interval.
    withheld
        Countries not ranked for too little coverage: ``country`` and ``coverage`` (share
        of scored indicators known), as ``Uncertainty.withheld`` gives them; listed below
        the ranked ones as "insufficient coverage (x % known)", with no rank. Default: the
        ``withheld`` of an ``Uncertainty`` passed as ``scores``.
    title, source, demo, data_version
        Title and footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Nothing to show (no ranked and no withheld country), unknown countries, missing columns.

    Notes
    -----
    Showing rank intervals instead of a league table follows the OECD/JRC handbook on
    composite indicators (2008), section 7 (uncertainty and sensitivity analysis).

    Example
    -------
    >>> fig = rank_interval_plot(scores, title="Composite index", source="HEROES legal coding")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    from heroes_research.countries import by_code, country_name
    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._style import figure_title, house_style
    from heroes_research.legal import share_text
    from heroes_research.tables._common import (
        country_order,
        normalise_countries,
        require_columns,
        require_rows,
    )

    if withheld is None:
        withheld = getattr(scores, "withheld", None)
    scores = getattr(scores, "summary", scores)
    held = withheld if withheld is not None else pd.DataFrame(columns=[country, "coverage"])
    require_rows(scores if len(scores) else held, _WHAT)  # something to show: ranked or withheld
    frame = scores if country in scores.columns else scores.reset_index()
    require_columns(frame, [country, rank, low, high], _WHAT)
    frame = frame.assign(code=normalise_countries(frame[country], _WHAT))
    frame = frame.assign(order=frame["code"].map(country_order)).sort_values([rank, "order"])
    held = held.assign(code=normalise_countries(held[country], _WHAT)) if len(held) else held.assign(code=[])
    held = held.assign(order=held["code"].map(country_order)).sort_values("order")
    labels = [country_name(c) for c in frame["code"]] + [
        f"{country_name(c)}: insufficient coverage ({share_text(s)} known)"
        for c, s in zip(held["code"], held["coverage"], strict=True)]
    y = np.arange(len(labels))[::-1]
    ranked = y[:len(frame)]
    with house_style():
        fig, ax = plt.subplots(figsize=(6.5, 1.4 + 0.24 * len(labels)), layout="constrained")
        ax.hlines(ranked, frame[low], frame[high], color="#333333", linewidth=3, alpha=0.35, zorder=2)
        ax.scatter(frame[rank], ranked, s=36, c=[by_code(c).color for c in frame["code"]],
                   edgecolors="#222222", linewidths=0.7, zorder=3)
        ax.set_yticks(y, labels)
        ax.tick_params(axis="y", length=0)
        count = int(max(frame[high].max() if len(frame) else 1, len(frame), 1))
        ax.set_xlim(0.5, count + 0.5)
        ax.set_xticks(range(1, count + 1))
        ax.set_xlabel("Rank (1 = most protective): dot median, bar 5–95% interval"
                      + ("\nCountries shown with their coverage are not ranked" if len(held) else ""))
        if not len(frame):  # nothing ranked: no rank axis to read
            ax.set_xticks([])
            ax.set_xlabel("No country has the coverage a rank needs")
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        figure_title(fig, title)
    return add_footer(fig, source=source, demo=demo, data_version=data_version)
