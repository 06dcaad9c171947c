"""The intruder's attacks: what each kind of published output lets a reader derive.

Every attack reads :class:`~heroes_research.disclosure._intruder_read.PublishedTable`
objects or published text and returns derivation rows (see :data:`COLUMNS`): the
output, the cell, how it was derived, the interval ``[low, high]`` the reader learns and
a ``claim`` (what the cell counts) for the truth check. An attack returns only
derivations that disclose: the interval is one value, or it lies within
``1 .. min_count - 1``, or it is a zero or a whole group (0 % / 100 %).

Example
-------
>>> counts = likert_distributions(4, mean="2.00", se="0.41", scale=(1, 5))
>>> counts.tolist()
[[1, 2, 1, 0, 0]]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.disclosure._intruder_lp import count_tables
from heroes_research.disclosure._intruder_read import (
    HIDDEN,
    TOTAL,
    ChartWithholding,
    PublishedTable,
    fits,
    labels_of,
    number,
)
from heroes_research.errors import DisclosureError

__all__ = [
    "COLUMNS", "derivation", "differencing_attack", "likert_attack", "likert_distributions",
    "published_small_attack", "share_attack", "small", "suppression_rule_attack",
]

COLUMNS = ["attack", "output", "cell", "derivation", "low", "high", "claim"]
_ESTIMATE = re.compile(r"^(?P<item>.+): (?P<stat>Estimate|SE|n)$", re.I)
_EQUAL_WEIGHTS = re.compile(r"weighted equally|unweighted estimates|no sampling design|equal weights", re.I)
_COUNTS_NOTE = re.compile(r"\bcounts\b", re.I)
_THRESHOLD = re.compile(r"(?:below|fewer than|less than) (?P<k>\d+)", re.I)
_PERCENT = re.compile(r"percentage|share of", re.I)
_SCALE = re.compile(r"from (?P<lo>\d+) \([^)]*\) to (?P<hi>\d+)", re.I)
_LIKERT_MAX_N = 60  # enumerating 5-level distributions beyond this is slow and never unique


def derivation(attack: str, output: str, cell: str, how: str, low: float, high: float,
               claim: dict[str, Any]) -> dict[str, Any]:
    """One derivation (see :data:`COLUMNS`); ``how`` goes to its ``derivation`` column."""
    return {"attack": attack, "output": output, "cell": cell, "derivation": how,
            "low": float(low), "high": float(high), "claim": claim}


def small(low: float, high: float, min_count: int) -> bool:
    """Whether ``[low, high]`` lies within ``1 .. min_count - 1``."""
    return 1 <= low and high <= min_count - 1



def _threshold(note: str, min_count: int) -> int:
    """The threshold a table's note states ("counts below 5", "fewer than 5"), else ``min_count``."""
    stated = _THRESHOLD.search(note)
    return int(stated["k"]) if stated else min_count


def suppression_rule_attack(tables: Iterable[PublishedTable], min_count: int = 5) -> list[dict]:
    """Hidden cells of a table without margins are primary: below the stated threshold.

    With no total to derive them from, no cell of such a table is hidden to protect
    another: each ``x`` is a count under the threshold. When the table shows zeros, a
    hidden cell is not zero either, so it lies within ``1 .. threshold - 1``.
    """
    rows = []
    for table in tables:
        frame = table.frame
        values = frame.stack().str.strip()
        numbers = values.map(number)
        hidden = values[numbers.isna()]
        if (table.has_total or hidden.empty or not hidden.isin(HIDDEN).all()
                or not bool((numbers.dropna() == numbers.dropna().round()).all())):
            continue
        low = 1.0 if (numbers == 0).any() else 0.0
        high = _threshold(table.note, min_count) - 1.0
        if not small(low, high, min_count):
            continue
        dims = [str(n) for n in frame.index.names]
        for *label, column in hidden.index:
            key = [*zip(dims, (str(v) for v in label), strict=True), ("column", str(column))]
            rows.append(derivation("suppression_rule", table.name, ", ".join(f"{d}={v}" for d, v in key),
                             "no margins: every x is a primary cell; zeros are shown", low, high,
                             {"kind": "count", "source": table.source, "key": [list(k) for k in key]}))
    return rows


def published_small_attack(tables: Iterable[PublishedTable], min_count: int = 5) -> list[dict]:
    """Counts within ``1 .. min_count - 1`` that a table of counts shows outright.

    A table of counts says so in its note ("Unweighted counts") and shows whole numbers
    (or hidden symbols) only.
    """
    rows = []
    for table in tables:
        values = table.frame.stack().str.strip()
        shown = values[~values.isin(HIDDEN)]
        if not _COUNTS_NOTE.search(table.note) or shown.empty or not shown.str.fullmatch(r"\d+").all():
            continue
        whole = shown.map(number)
        dims = [str(n) for n in table.frame.index.names]
        for (*label, column), value in whole[(whole >= 1) & (whole <= min_count - 1)].items():
            key = [*zip(dims, (str(v) for v in label), strict=True), ("column", str(column))]
            key = [(d, v) for d, v in key if v != TOTAL]
            rows.append(derivation("published_small", table.name, ", ".join(f"{d}={v}" for d, v in key),
                                   "shown in the table", value, value,
                                   {"kind": "count", "source": table.source, "key": [list(k) for k in key]}))
    return rows


# ---------------------------------------------------------------------------------------
# (b) shares x n, (c) Likert means, (d) differencing
# ---------------------------------------------------------------------------------------

def _items(table: PublishedTable) -> dict[str, dict[str, str]]:
    """Per item: its published statistic columns (``estimate``, ``se``, ``n``, ...)."""
    items: dict[str, dict[str, str]] = {}
    for column in table.frame.columns:
        match = _ESTIMATE.match(str(column))
        if match:
            items.setdefault(match["item"], {})[match["stat"].lower()] = column
    return {k: v for k, v in items.items() if {"estimate", "n"} <= v.keys()}


def share_attack(tables: Iterable[PublishedTable], min_count: int = 5) -> list[dict]:
    """Counts implied by an unweighted share and its n (``k = share x n``).

    A share of equally weighted respondents, printed to ``d`` decimals, is ``k / n``
    for the ``k`` whose rounding gives it; when one ``k`` does, it is exact. It
    discloses when ``k`` or ``n - k`` is within ``1 .. min_count - 1``, or ``k`` is 0 or
    ``n`` (everyone in the group shares the attribute).
    """
    rows = []
    for table in tables:
        if not (_EQUAL_WEIGHTS.search(table.note) and _PERCENT.search(table.note)):
            continue
        for item, stats in _items(table).items():
            if "se" in stats:  # means and their SE: the Likert attack
                continue
            for label, record in table.frame.iterrows():
                text = str(record[stats["estimate"]]).strip()
                share, n = number(text), number(record[stats["n"]])
                if share is None or n is None or not n:
                    continue
                ks = [k for k in range(int(n) + 1) if fits(100 * k / n, text)]
                if len(ks) != 1:
                    continue
                k = ks[0]
                if not (small(k, k, min_count) or small(n - k, n - k, min_count) or k in (0, n)):
                    continue
                cell = f"{' / '.join(labels_of(label))}, {item}"
                claim = {"kind": "share", "source": table.source, "row": list(labels_of(label)), "item": item,
                         "n": int(n), "share": text}
                rows.append(derivation("share_x_n", table.name, cell, f"{text} % of n = {n:g}", k, k, claim))
    return rows


@lru_cache(maxsize=16)
def _compositions(n: int, levels: int) -> np.ndarray:
    """Every way to spread ``n`` respondents over ``levels`` answers (rows of counts; cached)."""
    from itertools import combinations

    bars = np.array(list(combinations(range(n + levels - 1), levels - 1)), dtype=np.int16)
    edges = np.hstack([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), n + levels - 1)])
    return (np.diff(edges, axis=1) - 1).astype(np.int16)


def likert_distributions(n: int, mean: str, se: str, scale: tuple[int, int], ddof: int = 1) -> np.ndarray:
    """Answer distributions of ``n`` respondents consistent with a printed mean and SE.

    The SE is that of an equally weighted mean, ``sqrt(sum (x - mean)^2 / (n - ddof)) / sqrt(n)``:
    ``ddof=1`` for the sample variance, ``ddof=0`` for the population one (a design-based
    SE without the ``n / (n - 1)`` factor).
    """
    scores = np.arange(scale[0], scale[1] + 1)
    counts = _compositions(n, len(scores))
    total = counts @ scores
    squares = counts @ scores**2
    var = (squares - total**2 / n) / max(n - ddof, 1)
    return counts[fits(total / n, mean) & fits(np.sqrt(var / n), se)].astype(int)


def _likert_rows(table: PublishedTable, stats: dict[str, str]) -> list[tuple[object, str, str, int]]:
    rows = []
    for label, record in table.frame.iterrows():
        mean, se, n = (str(record[stats[s]]).strip() for s in ("estimate", "se", "n"))
        size = number(n)
        if number(mean) is not None and number(se) is not None and size and size <= _LIKERT_MAX_N:
            rows.append((label, mean, se, int(size)))
    return rows


def _ddof(rows: list[tuple[object, str, str, int]], scale: tuple[int, int]) -> list[int]:
    """The SE formulas under which every row has a consistent distribution (a reader tests both)."""
    fits = [d for d in (1, 0) if all(len(likert_distributions(n, m, s, scale, d)) for _, m, s, n in rows)]
    return fits or [1, 0]


def _withheld_by(charts: Sequence[ChartWithholding], item: str, row: str) -> ChartWithholding | None:
    """A chart about ``item`` (named in its text) that withholds ``row``."""
    pattern = re.compile(rf"\b{re.escape(item)}\b", re.I)
    return next((c for c in charts if row in c.rows and pattern.search(c.text)), None)


def likert_attack(
    tables: Iterable[PublishedTable], min_count: int = 5, charts: Sequence[ChartWithholding] = ()
) -> list[dict]:
    """Answer counts pinned by a published mean, SE and n of a rating scale.

    Enumerates every distribution of the ``n`` answers consistent with the printed mean
    and SE (the scale from the note, "from 1 (...) to 5"). A chart of the same item
    that withholds the row because an answer category has fewer than ``k`` respondents
    tells the reader more: some answer level (a part of that category) is below ``k``,
    and only such distributions remain. A level whose count is within
    ``1 .. min_count - 1`` in every remaining distribution is disclosed.
    """
    rows = []
    for table in tables:
        scale = _SCALE.search(table.note)
        if not scale or not _EQUAL_WEIGHTS.search(table.note):
            continue
        bounds = (int(scale["lo"]), int(scale["hi"]))
        for item, stats in _items(table).items():
            if "se" not in stats:
                continue
            rows_in = _likert_rows(table, stats)
            ddofs = _ddof(rows_in, bounds)
            for label, mean, se, size in rows_in:
                found = np.vstack([likert_distributions(size, mean, se, bounds, d) for d in ddofs])
                chart = _withheld_by(charts, item, " / ".join(labels_of(label)))
                if chart is not None:
                    found = found[found.min(axis=1) < chart.below]
                if not len(found):
                    continue
                low, high = found.min(axis=0), found.max(axis=0)
                for level, (lo, hi) in enumerate(zip(low, high, strict=True), start=bounds[0]):
                    if not small(lo, hi, min_count):
                        continue
                    claim = {"kind": "likert", "source": table.source, "row": list(labels_of(label)), "item": item,
                             "n": size, "mean": mean, "se": se, "level": level, "scale": list(bounds)}
                    how = f"{len(found)} distribution(s) fit mean {mean}, SE {se}, n {size}" + (
                        f" and {chart.figure} withholding it" if chart is not None else "")
                    rows.append(derivation("likert_mean_se", table.name,
                                     f"{' / '.join(labels_of(label))}, {item}, answer {level}", how, lo, hi, claim))
    return rows


def _study_totals(tables: Iterable[PublishedTable]) -> dict[tuple[str, str], float]:
    """``(study column, row label) -> respondents``, from tables whose columns are studies."""
    totals = {}
    for table in count_tables(tables):
        if table.frame.index.nlevels != 1 or "duplicate" in " ".join(map(str, table.frame.columns)).lower():
            continue
        for column in table.frame.columns:
            for label, value in table.frame[column].items():
                if number(value) is not None and column != TOTAL:
                    totals[(str(column).lower(), str(label))] = float(number(value))
    return totals


def _duplicates(
    tables: Iterable[PublishedTable], intervals: pd.DataFrame, studies: set[str]
) -> dict[tuple[str, str], tuple[float, float]]:
    """``(study, group) -> (low, high)`` duplicates, from any count table counting them.

    A cell counts duplicates when one of its labels reads "duplicate respondent"
    ("Prevention: duplicate respondent", or reason=Duplicate respondent beside
    instrument=Prevention); its other label is the group. Hidden cells take their LP
    interval.
    """
    from heroes_research.disclosure._intruder_lp import numeric_layout
    from heroes_research.disclosure._ledger import _describe, cell_keys

    bounds = {(o, c): (lo, hi) for o, c, lo, hi in intervals[["output", "cell", "low", "high"]].itertuples(index=False)}
    out = {}
    for table in count_tables(tables):
        try:
            layout, frame, published, _ = numeric_layout(table)
        except DisclosureError:  # not a table the LP reads either
            continue
        for key, value in zip(cell_keys(layout, frame, table.name), published, strict=True):
            labels = [v for _, v in key]
            flag = next((v for v in labels if v.lower().endswith("duplicate respondent")), None)
            if flag is None:
                continue
            named = [v.lower() for v in labels if v.lower() in studies]
            study = flag.lower().split(":")[0] if ": " in flag else (named[0] if named else None)
            groups = [v for v in labels if v != flag and v.lower() not in studies]
            if study is None or len(groups) != 1:
                continue
            interval = (value, value) if not np.isnan(value) else bounds.get((table.name, _describe(key)))
            if interval is not None:
                out[(study, groups[0])] = interval
    return out


def differencing_attack(
    tables: Sequence[PublishedTable], intervals: pd.DataFrame, min_count: int = 5
) -> list[dict]:
    """Item non-response per group: respondents minus duplicates minus an estimate's n.

    ``intervals`` is the LP result of :func:`linked_attack`, which bounds a hidden
    count of duplicates; a published count of respondents per group and study
    (a column named like the study of the estimate table's source) is the total.
    """
    totals = _study_totals(tables)
    duplicates = _duplicates(tables, intervals, {s for s, _ in totals})
    rows = []
    for table in tables:
        studies = sorted({s for s, _ in totals if re.search(rf"\b{re.escape(s)}\b", table.source.lower())})
        if not studies:
            continue
        for item, stats in _items(table).items():
            for label, record in table.frame.iterrows():
                n = number(record[stats["n"]])
                key = (studies[0], str(label))
                if n is None or key not in totals:
                    continue
                dup_low, dup_high = duplicates.get(key, (0.0, np.inf))
                low, high = totals[key] - dup_high - n, totals[key] - dup_low - n
                if not small(max(low, 0), high, min_count):
                    continue
                claim = {"kind": "nonresponse", "source": table.source, "row": [str(label)], "item": item,
                         "n": int(n), "study": studies[0]}
                how = f"{totals[key]:g} respondents - duplicates [{dup_low:g}, {dup_high:g}] - n {n:g}"
                rows.append(derivation("differencing", table.name, f"{label}, {item}: did not answer", how,
                                 max(low, 0), high, claim))
    return rows
