"""The intruder's linear programme: every published count table at once, cells linked by label.

A reader holding every table solves one programme over all of them (as
:func:`~heroes_research.disclosure._ledger.joint_attack` does over the build's own
ledger), but builds it from the published CSVs alone: a cell's key is its labels, tables
of the same stated source share the cells with the same key, and a total stands for the
levels it sums. A reader who sees zeros published may also assume no hidden cell is a
zero (a suppressed cell is a small count, or a larger one hiding it): :func:`linked_attack`
with ``floor=True`` tests that hypothesis, and the truth check keeps it honest.

Example
-------
>>> import pandas as pd
>>> from heroes_research.disclosure._intruder_read import PublishedTable
>>> frame = pd.DataFrame({"A": ["x", "x", "7"], "B": ["x", "x", "8"], "C": ["0", "5", "5"],
...                       "Total": ["3", "17", "20"]}, index=pd.Index(["Austria", "Belgium", "Total"], name="Country"))
>>> table = PublishedTable("tab", frame, "Unweighted counts.", "survey")
>>> linked_attack([table])[0]
[]
>>> [(r["cell"], r["low"], r["high"]) for r in linked_attack([table], floor=True)[0]]
[('Country=Austria, column=A', 1.0, 2.0), ('Country=Austria, column=B', 1.0, 2.0)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from heroes_research.disclosure._intruder_read import (
    HIDDEN,
    TOTAL,
    PublishedTable,
    number,
)
from heroes_research.errors import DisclosureError

__all__ = ["count_tables", "linked_attack", "numeric_layout"]

_FLOOR = "_floor"
_JOINT_COLUMNS = ["output", "unit", "cell", "low", "high", "shown_in", "disclosed"]



def count_tables(tables: Iterable[PublishedTable]) -> list[PublishedTable]:
    """Tables of whole counts with a ``Total`` row or column (what the LP can attack)."""
    out = []
    for table in tables:
        values = table.frame.stack()
        numbers = values.map(number)
        whole = numbers.dropna()
        if (table.has_total and len(whole) and bool((whole == whole.round()).all())
                and bool(values[numbers.isna()].str.strip().isin(HIDDEN).all())):
            out.append(table)
    return out


def numeric_layout(table: PublishedTable):
    """``(layout, frame, published, added)`` of a count table: hidden cells NaN, columns named ``column``.

    A flat table lacking its ``Total`` row or column gets one, all hidden (a margin not
    shown is a margin the reader does not know); ``added`` marks those cells.
    """
    from heroes_research.disclosure._layout import layout_from_published

    frame = table.frame.rename_axis(columns="column").apply(lambda c: c.map(number))
    new_row = frame.index.nlevels == 1 and TOTAL not in frame.index
    new_column = frame.index.nlevels == 1 and TOTAL not in frame.columns
    if new_row:
        frame = pd.concat([frame, pd.DataFrame(np.nan, index=pd.Index([TOTAL], name=frame.index.name),
                                               columns=frame.columns)])
    if new_column:
        frame = frame.assign(**{TOTAL: np.nan})
    layout, published = layout_from_published(frame, "intruder")
    cells = layout.cells()
    added = ((cells["row"] == TOTAL) & new_row) | ((cells["column"] == TOTAL) & new_column)
    return layout, frame, published, added.to_numpy()


def _ledger_entry(table: PublishedTable, unit: str):
    """A ledger entry built from the published cells only, and the keys of margins it added."""
    from heroes_research.disclosure._ledger import LedgerTable, cell_keys

    layout, frame, published, added = numeric_layout(table)
    coo = layout.constraints.tocoo()
    equations = tuple(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True))
    keys = cell_keys(layout, frame, table.name)
    entry = LedgerTable(table.name, unit, keys, published, equations)
    return entry, {k for k, new in zip(keys, added, strict=True) if new}


def _floored(entry, added: set):
    """``entry`` with every hidden cell it shows at least 1: ``x = 1 + s`` with ``s >= 0``.

    The constant 1 and the slack are cells of their own (keys under ``_floor``), so the
    ledger's homogeneous equations ``M x = 0`` carry the bound.
    """
    from heroes_research.disclosure._ledger import LedgerTable

    hidden = [i for i in np.flatnonzero(np.isnan(entry.published)) if entry.keys[i] not in added]
    keys, published, equations = list(entry.keys), list(entry.published), list(entry.equations)
    first_eq = 1 + max((e[0] for e in equations), default=-1)
    for number_, cell in enumerate(hidden):
        one, slack = len(keys), len(keys) + 1
        keys += [((_FLOOR, f"{entry.output}:{cell}:one"),), ((_FLOOR, f"{entry.output}:{cell}:slack"),)]
        published += [1.0, np.nan]
        equations += [(first_eq + number_, cell, 1.0), (first_eq + number_, one, -1.0),
                      (first_eq + number_, slack, -1.0)]
    return LedgerTable(entry.output, entry.unit, tuple(keys), np.array(published), tuple(equations))


def _shows_zero(entry) -> bool:
    return bool((entry.published == 0).any())


def _solve(entries: list, min_count: int) -> pd.DataFrame:
    """The joint attack, or each table alone when the linked programme is infeasible."""
    from heroes_research.disclosure._ledger import joint_attack
    from heroes_research.errors import DisclosureError

    try:
        return joint_attack(entries, min_count)
    except DisclosureError:
        alone = []
        for entry in entries:
            try:
                alone.append(joint_attack([entry], min_count))
            except DisclosureError:  # this table contradicts the hypothesis (a hidden zero)
                continue
        return pd.concat(alone, ignore_index=True) if alone else pd.DataFrame(columns=_JOINT_COLUMNS)


def linked_attack(
    tables: Sequence[PublishedTable], min_count: int = 5, *, floor: bool = False
) -> tuple[list[dict], pd.DataFrame]:
    """Attack every count table at once; tables of the same stated source share cells.

    Cells with the same labels in tables of the same source are one unknown; a total
    is the same cell as another table's total over the same levels. When the linked
    programme is inconsistent (two tables of one source count different people), each
    table is attacked alone.

    Parameters
    ----------
    tables
        The published tables (those of whole counts with a total are attacked).
    min_count
        The threshold.
    floor
        Also assume that a table showing zeros hides no zero (each hidden cell >= 1).

    Returns
    -------
    (list of dict, pandas.DataFrame)
        The disclosing derivations (attack ``linked_lp``, or ``zero_floor_lp`` with
        ``floor``), and the interval of every hidden cell (``output``, ``cell``, ``low``,
        ``high``, ``key``, ``added``: a margin the table does not show).
    """
    from heroes_research.disclosure._ledger import _describe

    entries, added = [], set()
    for table in count_tables(tables):
        try:
            entry, new = _ledger_entry(table, table.source or table.name)
        except DisclosureError:
            continue
        entries.append(_floored(entry, new) if floor and _shows_zero(entry) else entry)
        added |= {(table.name, _describe(k)) for k in new}
    joint = _solve(entries, min_count) if entries else pd.DataFrame(columns=_JOINT_COLUMNS)
    joint = joint[~joint["cell"].str.startswith(_FLOOR)]
    keys = {(e.output, _describe(k)): k for e in entries for k in e.keys}
    pairs = list(zip(joint["output"], joint["cell"], strict=True))
    joint = joint.assign(key=[keys[p] for p in pairs], added=[p in added for p in pairs])
    sources = {e.output: e.unit for e in entries}
    rows = []
    for hit in joint[joint["disclosed"] & ~joint["added"]].itertuples() if len(joint) else ():
        how = f"shown in {hit.shown_in}" if hit.shown_in else "one LP over every count table"
        rows.append({"attack": "zero_floor_lp" if floor else "linked_lp", "output": hit.output, "cell": hit.cell,
                     "derivation": how + (" (no hidden cell is zero: the tables show zeros)" if floor else ""),
                     "low": float(hit.low), "high": float(hit.high),
                     "claim": {"kind": "count", "source": sources[hit.output], "key": [list(p) for p in hit.key]}})
    return rows, joint.reset_index(drop=True)
