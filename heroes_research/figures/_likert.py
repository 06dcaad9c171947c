"""Diverging stacked bars for Likert items: disagreement left of zero, agreement right."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["likert_bars"]

_WHAT = "Likert bars"


def _level_colors(k: int) -> list[str]:
    """``k`` colours from the diverging scheme, symmetric around its light centre."""
    import numpy as np

    from heroes_research.figures._style import DIVERGING

    centre = len(DIVERGING) // 2
    offsets = np.linspace(-(centre - 1), centre - 1, k).round().astype(int) if k > 1 else np.zeros(1, int)
    if k % 2:  # an odd number of levels puts the neutral one on the light centre
        offsets[k // 2] = 0
    return [DIVERGING[centre + o] for o in offsets]


def _shares(data: pd.DataFrame, levels: Sequence[str], value: str) -> pd.DataFrame:
    """Country x level shares (rows sum to 1) in display and level order."""
    from heroes_research.tables._common import (
        country_order,
        normalise_countries,
        require_columns,
        require_rows,
    )

    require_rows(data, _WHAT)
    require_columns(data, ["country", "level", value], _WHAT)
    frame = data.assign(country=normalise_countries(data["country"], _WHAT),
                        level=data["level"].astype(str))
    unknown = sorted(set(frame["level"]) - set(levels))
    if unknown:
        raise OutputError(f"{_WHAT}: level(s) {unknown} are not in levels={list(levels)}",
                          reason="unknown_level", variable="level",
                          hint="list every answer level in order, from most negative to most positive")
    wide = frame.pivot_table(index="country", columns="level", values=value, aggfunc="sum")
    wide = wide.reindex(columns=list(levels)).fillna(0.0)
    wide = wide.div(wide.sum(axis=1), axis=0)
    return wide.loc[sorted(wide.index, key=country_order)]


def likert_bars(
    data: pd.DataFrame,
    levels: Sequence[str],
    *,
    title: str,
    source: str,
    value: str = "share",
    neutral: str | None = None,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """One bar per country; negative levels stack left of 0, positive right, neutral split.

    Parameters
    ----------
    data
        Tidy: ``country``, ``level`` (answer label) and ``value`` (weighted shares or
        counts; each country is rescaled to 100%). Pass protected estimates.
    levels
        Answer labels from most negative to most positive.
    neutral
        The middle label, drawn half left and half right of zero; default the middle
        of an odd number of levels.
    title, source, demo, data_version
        Title and footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, unknown countries or levels, missing columns.

    Notes
    -----
    Diverging stacked bars (Heiberger & Robbins 2014, *J. Stat. Softw.* 57(5)).

    Example
    -------
    >>> fig = likert_bars(shares, ["Strongly disagree", "Disagree", "Neutral", "Agree",
    ...                   "Strongly agree"], title="Training is adequate", source="demo")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    import numpy as np

    from heroes_research.countries import country_name
    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._style import figure_title, house_style

    levels = list(levels)
    if neutral is None and len(levels) % 2:
        neutral = levels[len(levels) // 2]
    shares = _shares(data, levels, value) * 100
    middle = levels.index(neutral) if neutral in levels else len(levels) // 2
    half = shares[neutral] / 2 if neutral in levels else 0.0
    negative = shares[levels[:middle]].sum(axis=1) + half
    left = -negative.to_numpy()
    y = np.arange(len(shares))[::-1]
    colors = _level_colors(len(levels))
    with house_style():
        fig, ax = plt.subplots(figsize=(6.5, 1.7 + 0.24 * len(shares)), layout="constrained")
        for level, color in zip(levels, colors, strict=True):
            width = shares[level].to_numpy()
            ax.barh(y, width, left=left, color=color, edgecolor="white", linewidth=0.4,
                    height=0.72, label=level)
            left = left + width
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_yticks(y, [country_name(c) for c in shares.index])
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(v):.0f}%")
        ax.set_xlim(-100, 100)
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        figure_title(fig, title)
        ax.legend(ncols=min(len(levels), 5), loc="lower center", bbox_to_anchor=(0.5, 1.0),
                  handlelength=1.2, columnspacing=1.0, borderaxespad=0.2)
    return add_footer(fig, source=source, demo=demo, data=data, data_version=data_version)
