"""Diverging stacked bars for Likert items: disagreement left of zero, agreement right."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from heroes_research.errors import OutputError
from heroes_research.tables._groups import Labels

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from heroes_research.disclosure import LedgerTable

__all__ = ["likert_bars"]

_WHAT = "Likert bars"
_LEGEND_CHARS = 70  # answer labels longer than this in total take two legend rows


def _level_colors(k: int) -> list[str]:
    """``k`` colours from the diverging scheme, symmetric around its light centre."""
    import numpy as np

    from heroes_research.figures._style import DIVERGING

    centre = len(DIVERGING) // 2
    offsets = np.linspace(-(centre - 1), centre - 1, k).round().astype(int) if k > 1 else np.zeros(1, int)
    if k % 2:  # an odd number of levels puts the neutral one on the light centre
        offsets[k // 2] = 0
    return [DIVERGING[centre + o] for o in offsets]


def _shares(data: pd.DataFrame, levels: Sequence[str], rows: list[str], value: str | None,
            protect: bool, min_count: int) -> tuple[pd.DataFrame, pd.Series, list[tuple], pd.DataFrame]:
    """Group x level shares (rows sum to 1) in display and level order, who is withheld, the groups,
    and the input rows (groups normalised, ``_group`` their position)."""
    import pandas as pd

    from heroes_research.tables._common import require_columns, require_rows
    from heroes_research.tables._groups import group_order, normalise_groups

    require_rows(data, _WHAT)
    frame = data.reset_index(drop=True)
    value = value or ("estimate" if "estimate" in frame.columns else "share")
    require_columns(frame, ["level", value], _WHAT)
    frame = normalise_groups(frame, rows, _WHAT).assign(level=frame["level"].astype(str))
    unknown = sorted(set(frame["level"]) - set(levels))
    if unknown:
        raise OutputError(f"{_WHAT}: level(s) {unknown} are not in levels={list(levels)}",
                          reason="unknown_level", variable="level",
                          hint="list every answer level in order, from most negative to most positive")
    order = group_order(frame, rows)
    where = {key: i for i, key in enumerate(order)}
    frame = frame.assign(_group=[where.get(k, -1) for k in
                                 frame[rows].itertuples(index=False, name=None)])
    wide = frame.pivot_table(index="_group", columns="level", values=value, aggfunc="sum")
    wide = wide.reindex(index=range(len(order)), columns=list(levels)).fillna(0.0)
    wide = wide.div(wide.sum(axis=1), axis=0)
    withheld = pd.Series(False, index=wide.index)
    count = "n_level" if "n_level" in frame.columns else "n"
    if protect and count in frame.columns:
        # Each level's share is published, so each level is a cell of n_level respondents
        # (n in a hand-made frame of counts): a group with any level (absent ones count as
        # 0) below min_count is withheld whole. The shares add up to 100%, hence the
        # complementary suppression of protect_estimates.
        from heroes_research.disclosure import protect_estimates

        protect_estimates(frame[[count]], n=count, min_count=min_count)  # names bad input rows
        grid = pd.MultiIndex.from_product([wide.index, list(levels)], names=["_group", "level"])
        counts = (frame.groupby(["_group", "level"], sort=False)[count].sum(min_count=1)
                  .reindex(grid, fill_value=0).rename("n").reset_index())
        flags = protect_estimates(counts, n="n", min_count=min_count, categories="level")
        withheld = flags.groupby("_group", sort=False)["suppressed"].any().reindex(wide.index)
    return wide, withheld, order, frame


def _cells(frame: pd.DataFrame, shares: pd.DataFrame, withheld: pd.Series, rows: list[str],
           source: str) -> LedgerTable:
    """The ledger cells of the bars: each group's distribution (complete: it is drawn to 100 %)."""
    from heroes_research.disclosure._register import estimates_ledger

    drawn = frame[frame["_group"] >= 0]
    share = [shares.at[g, level] for g, level in zip(drawn["_group"], drawn["level"], strict=True)]
    drawn = drawn.assign(estimate=share, suppressed=withheld.reindex(drawn["_group"]).to_numpy())
    return estimates_ledger(drawn, by=rows, unit=source, show_n=False, complete=True)


def likert_bars(
    data: pd.DataFrame,
    levels: Sequence[str],
    *,
    title: str,
    source: str,
    rows: str | Sequence[str] = "country",
    labels: Labels = None,
    value: str | None = None,
    neutral: str | None = None,
    protect: bool = True,
    min_count: int = 5,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """One bar per group (country by default); negative levels stack left of 0, positive right.

    Parameters
    ----------
    data
        The tidy :meth:`SurveyDesign.mean` of the item by the grouping (columns read by
        name: the ``rows`` column(s), ``level``, ``estimate``, ``n_level``), or a frame
        with the ``rows`` column(s), ``level`` (answer label) and ``value`` (weighted
        shares or counts; each group is rescaled to 100%) and optionally ``n``.
    levels
        Answer labels from most negative to most positive.
    rows
        Grouping column(s), one bar per group: ``"country"`` (default; study order) or
        any other, e.g. ``"sector"`` (its category order, else order of appearance).
    labels
        ``{column: label}`` or a codebook: the heading of a non-country grouping.
    value
        Column of shares or counts; default ``estimate`` if present, else ``share``.
    protect, min_count
        With ``n_level`` (respondents giving each level, as :meth:`SurveyDesign.mean`
        gives) or, in a hand-made frame, ``n`` per group and level: every level's share
        is a published cell, so a group in which ANY level rests on fewer than
        ``min_count`` respondents (a level with no row counts as 0) is not drawn
        (:func:`heroes_research.disclosure.protect_estimates` with ``categories="level"``):
        its row shows ``x`` and a note under the bars names the withheld groups and
        why. Blanking only the small level would not do: the shares add up to 100%, so
        the others would give it away. ``protect=False`` or no count column draws all:
        for data about people, only a frame that passed ``protect_estimates`` may.
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
        Empty input, unknown countries or levels, missing columns; data about people
        drawn unprotected (``protect=False`` or no count column) that did not pass
        ``protect_estimates`` (``reason="unprotected_estimates"``).
    DisclosureError
        ``n`` holds missing, negative or fractional counts, or ``min_count < 1``.

    Notes
    -----
    Diverging stacked bars (Heiberger & Robbins 2014, *J. Stat. Softw.* 57(5)).

    Example
    -------
    >>> fig = likert_bars(shares, ["Strongly disagree", "Disagree", "Neutral", "Agree",
    ...                   "Strongly agree"], title="Training is adequate", source="demo")  # doctest: +SKIP
    """
    import math
    import textwrap

    import matplotlib.pyplot as plt
    import numpy as np

    from heroes_research.disclosure._register import require_protected
    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._save import register_cells
    from heroes_research.figures._style import TEXT_GREY, figure_title, house_style, row_major
    from heroes_research.tables._common import SUPPRESSED
    from heroes_research.tables._groups import COUNTRY, as_columns, group_label, heading

    levels = list(levels)
    if neutral is None and len(levels) % 2:
        neutral = levels[len(levels) // 2]
    groups = as_columns(rows, _WHAT, "rows")
    shares, withheld, order, frame = _shares(data, levels, groups, value, protect, min_count)
    if not protect or not {"n_level", "n"} & set(data.columns):
        require_protected(data, what=_WHAT, title=title, source=source)
    cells = _cells(frame, shares, withheld, groups, source)
    names = [group_label(groups, key) for key in order]
    shares = shares.mul(100).where(~withheld, 0.0, axis=0)
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
        for yy in y[withheld.to_numpy()]:
            ax.text(2, yy, f"{SUPPRESSED}: not shown (too few respondents)", va="center",
                    ha="left", fontsize=7, color=TEXT_GREY, style="oblique")
        ax.set_yticks(y, names)
        if groups != [COUNTRY]:
            ax.set_ylabel(heading(groups, labels))
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(v):.0f}%")
        if withheld.any():
            hidden = ", ".join(names[i] for i in withheld.index[withheld])
            ax.set_xlabel(textwrap.fill(f"{SUPPRESSED}: not shown ({hidden}): fewer than {min_count} "
                                        "respondents in at least one answer category.", 90),
                          fontsize=7, color=TEXT_GREY, loc="left")
        ax.set_xlim(-100, 100)
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        figure_title(fig, title)
        # Long answer labels wrap onto a second legend row (still read left to right).
        fits = sum(len(level) for level in levels) <= _LEGEND_CHARS
        handles, ncols = row_major(ax.get_legend_handles_labels()[0],
                                   len(levels) if fits else math.ceil(len(levels) / 2))
        ax.legend(handles=handles, ncols=ncols, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                  handlelength=1.2, columnspacing=1.0, borderaxespad=0.2)
    return register_cells(add_footer(fig, source=source, demo=demo, data_version=data_version), cells)
