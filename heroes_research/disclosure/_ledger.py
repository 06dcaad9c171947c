"""The disclosure ledger: every published count cell, once, and the joint attack on all of them.

One table can be safe alone and unsafe beside another: a hidden cell of one table
may be shown in the next, or a margin the two share may close the gap (linked tables,
Hundepool et al. 2012, *Statistical Disclosure Control*, sec. 4.6; sdcTable's
``protectLinkedTables``). The ledger records, for each published count table, its
cells under a key that names what they count — the *unit* (``"respondents:
early_identification"``) and the dimension values (``country=AT, sector=police``;
``Total`` dimensions are dropped) — the published value or NaN where hidden, and the
table's additivity. :func:`joint_attack` merges cells with the same key across tables
into one unknown and solves one linear programme over every table of the build.

Notes
-----
For the unknowns :math:`x` of all cells of all tables, the reader knows
:math:`M_t x = 0` for every table :math:`t` (each total is the sum of its parts),
:math:`x \\ge 0`, and :math:`x_k = v_k` for every key published in any table. The
feasibility interval of each hidden key is ``[min x_k, max x_k]``. A hidden cell is
disclosed when the interval is one value, or when it lies within ``1 .. min_count - 1``
(the reader learns the cell is small). A cell hidden in one table and shown in
another is disclosed by construction and reported as such.

Example
-------
>>> import pandas as pd
>>> from heroes_research.disclosure import protect_table
>>> a = pd.DataFrame({"police": [2, 14, 9], "ngo": [11, 8, 12]},
...                  index=pd.Index(["LV", "LT", "PT"], name="country")).rename_axis(columns="sector")
>>> ledger = [ledger_table("tab_a", "respondents", protect_table(a))]
>>> joint_attack(ledger)["disclosed"].any()
np.False_
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import DisclosureError

if TYPE_CHECKING:
    from heroes_research.disclosure._layout import TableLayout
    from heroes_research.disclosure._protected import ProtectedTable

__all__ = [
    "Key",
    "LedgerTable",
    "cell_keys",
    "entry_from_record",
    "entry_record",
    "joint_attack",
    "ledger_table",
    "load_ledger",
    "save_ledger",
    "unlink_conflicts",
]

_TOTAL = "Total"
Key = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class LedgerTable:
    """One published count table in the ledger: keys, published values, additivity.

    Attributes
    ----------
    output
        The output name (``tab_...``).
    unit
        What the cells count, shared by tables that count the same people.
    keys
        One key per cell: sorted ``(dimension, value)`` pairs, totals dropped.
    published
        Published value per cell; NaN where hidden.
    equations
        ``(equation, cell, coefficient)`` triples of ``M`` with ``M x = 0``.
    method
        How the output was protected (``"suppress"``, ``"round"``, ``"estimates"``...).
    withheld
        Cells the output withholds to protect them: the targets of the attack. None:
        every hidden cell (a count table). An estimate's implied counts that are merely
        not shown (the rest of a distribution, ``n`` under a figure) are not targets.
    """

    output: str
    unit: str
    keys: tuple[Key, ...]
    published: np.ndarray
    equations: tuple[tuple[int, int, float], ...]
    method: str = "suppress"
    withheld: np.ndarray | None = None

    @property
    def targets(self) -> np.ndarray:
        """Boolean per cell: withheld to protect it (hidden, unless ``withheld`` says otherwise)."""
        hidden = np.isnan(self.published)
        return hidden if self.withheld is None else hidden & np.asarray(self.withheld, dtype=bool)

    def renamed(self, output: str) -> LedgerTable:
        """The same cells registered under the output name ``output``."""
        return replace(self, output=output)


def _dims(labels: pd.Index, kind: str, output: str) -> list[str]:
    names = [n for n in labels.names]
    if any(n is None for n in names):
        raise DisclosureError(
            f"ledger: table {output!r} has an unnamed {kind} dimension",
            reason="bad_table", variable=output,
            hint=f"name what the {kind}s are (e.g. table.rename_axis(index='country', columns='sector'))",
        )
    return [str(n) for n in names]


def _key(dims: list[str], label: object, levels: dict[str, str], complete: set[str]) -> list[tuple[str, str]]:
    """A cell's key: its dimension values; a total stands for the set of levels it sums."""
    values = label if isinstance(label, tuple) else (label,)
    key = []
    for dim, value in zip(dims, values, strict=True):
        if str(value) != _TOTAL:
            key.append((dim, str(value)))
        elif dim not in complete:
            key.append((dim, levels[dim]))
    return key


def _level_sets(labels: pd.Index, dims: list[str]) -> dict[str, str]:
    """Per dimension, the levels its totals sum over, as ``"sum{a|b|c}"``."""
    frame = labels.to_frame(index=False) if isinstance(labels, pd.MultiIndex) else pd.DataFrame({0: labels})
    return {dim: "sum{" + "|".join(sorted({str(v) for v in frame.iloc[:, i]} - {_TOTAL})) + "}"
            for i, dim in enumerate(dims)}


def cell_keys(
    layout: TableLayout, table: pd.DataFrame, output: str, complete: Sequence[str] = ()
) -> tuple[Key, ...]:
    """The ledger key of every cell of ``layout`` (row-major), from ``table``'s dimension names."""
    row_dims = _dims(table.index, "row", output)
    col_dims = _dims(table.columns, "column", output)
    levels = _level_sets(layout.rows, row_dims) | _level_sets(layout.columns, col_dims)
    full = set(complete)
    cells = layout.cells()
    return tuple(
        tuple(sorted(_key(row_dims, r, levels, full) + _key(col_dims, c, levels, full)))
        for r, c in zip(cells["row"], cells["column"], strict=True)
    )


def ledger_table(
    output: str, unit: str, protected: ProtectedTable, *, complete: Sequence[str] = ()
) -> LedgerTable:
    """Register a protected count table in the ledger.

    Parameters
    ----------
    output
        Output name.
    unit
        What is counted (tables of the same people must use the same unit).
    protected
        The result of :func:`protect_table`; its rows and columns must be named
        (the names are the dimensions that link tables).
    complete
        Dimensions whose total covers every unit of ``unit`` (every respondent has
        one of the levels shown). Their totals are then the same cell as the
        margin of any other table of the unit; otherwise a total is linked only to
        totals over the same levels of the same dimension (a reader cannot assume
        that respondents who answered ``sector`` are those who answered ``sex``).

    Returns
    -------
    LedgerTable
    """
    keys = cell_keys(protected.layout, protected.table, output, complete)
    coo = protected.layout.constraints.tocoo()
    equations = tuple(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True))
    return LedgerTable(output, unit, keys, np.asarray(protected.published, dtype=float), equations,
                       protected.method)


def entry_record(entry: LedgerTable) -> dict[str, object]:
    """One ledger entry as JSON-ready data (what a side-car's ``disclosure.ledger`` holds).

    Example
    -------
    >>> e = LedgerTable("tab_a", "people", ((("country", "AT"),),), np.array([12.0]), ())
    >>> entry_from_record(entry_record(e)).keys
    ((('country', 'AT'),),)
    """
    return {
        "output": entry.output, "unit": entry.unit, "method": entry.method,
        "keys": [[list(pair) for pair in key] for key in entry.keys],
        "published": [None if np.isnan(v) else v for v in entry.published.tolist()],
        "equations": [list(e) for e in entry.equations],
        "withheld": entry.targets.tolist(),
    }


def entry_from_record(body: dict[str, object]) -> LedgerTable:
    """The ledger entry :func:`entry_record` wrote."""
    return LedgerTable(
        str(body["output"]), str(body["unit"]),
        tuple(tuple((str(d), str(v)) for d, v in key) for key in body["keys"]),  # type: ignore[union-attr]
        np.array([np.nan if v is None else v for v in body["published"]], dtype=float),  # type: ignore[union-attr]
        tuple((int(q), int(c), float(a)) for q, c, a in body["equations"]),  # type: ignore[union-attr]
        str(body.get("method", "suppress")),  # type: ignore[union-attr]
        np.array(body["withheld"], dtype=bool) if "withheld" in body else None,  # type: ignore[arg-type]
    )


def save_ledger(entry: LedgerTable, folder: Path) -> Path:
    """Write one ledger entry as ``<folder>/<output>.json`` (atomic, deterministic)."""
    from heroes_research.io import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{entry.output}.json"
    with atomic_write(target) as handle:
        json.dump(entry_record(entry), handle, sort_keys=True)
    return target


def load_ledger(folder: Path) -> list[LedgerTable]:
    """Every ledger entry under ``folder`` (empty when there is none)."""
    return [entry_from_record(json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(folder.glob("*.json"))]


def unlink_conflicts(tables: Sequence[LedgerTable]) -> tuple[list[LedgerTable], list[tuple[str, str, str]]]:
    """Tables whose published cells contradict an earlier table's, moved to a unit of their own.

    Two outputs publishing the same key of the same unit with different values do not
    count the same people (a filtered population, a different count): linking them
    would make the joint LP infeasible. Each such table keeps its own cells, unlinked.

    Returns
    -------
    tables, conflicts
        The tables (conflicting ones with unit ``"<unit> [<output>]"``) and one
        ``(output, earlier output, cell)`` per table that was unlinked.
    """
    seen: dict[tuple[str, Key], tuple[str, float]] = {}
    out, conflicts = [], []
    for t in tables:
        clash = next(((seen[(t.unit, k)][0], k) for k, v in zip(t.keys, t.published, strict=True)
                      if not np.isnan(v) and (t.unit, k) in seen and seen[(t.unit, k)][1] != v), None)
        if clash:
            conflicts.append((t.output, clash[0], _describe(clash[1])))
            t = replace(t, unit=f"{t.unit} [{t.output}]")
        for k, v in zip(t.keys, t.published, strict=True):
            if not np.isnan(v):
                seen.setdefault((t.unit, k), (t.output, float(v)))
        out.append(t)
    return out, conflicts


def _describe(key: Key) -> str:
    return ", ".join(f"{d}={v}" for d, v in key) or "everyone"


def joint_attack(tables: Sequence[LedgerTable], min_count: int = 5) -> pd.DataFrame:
    """Attack every ledger table at once: one LP over all cells, common cells merged.

    Parameters
    ----------
    tables
        Ledger entries of the build (:func:`ledger_table` / :func:`load_ledger`).
    min_count
        The threshold: a hidden count pinned within ``1 .. min_count - 1`` is disclosed.

    Returns
    -------
    pandas.DataFrame
        One row per (output, withheld cell; :attr:`LedgerTable.targets`): ``output``, ``unit``, ``cell``, ``low``,
        ``high``, ``shown_in`` (outputs publishing the same cell) and ``disclosed``.
    """
    from scipy import sparse

    from heroes_research.disclosure._attack import feasible_ranges

    index: dict[tuple[str, Key], int] = {}
    for t in tables:
        for key in t.keys:
            index.setdefault((t.unit, key), len(index))
    published = np.full(len(index), np.nan)
    shown_in: dict[int, list[str]] = {}
    rows, cols, vals, offset = [], [], [], 0
    for t in tables:
        ids = np.array([index[(t.unit, k)] for k in t.keys])
        for cell, value in zip(ids, t.published, strict=True):
            if not np.isnan(value):
                published[cell] = value
                shown_in.setdefault(int(cell), []).append(t.output)
        for eq, cell, coef in t.equations:
            rows.append(offset + eq)
            cols.append(ids[cell])
            vals.append(coef)
        offset += 1 + max((e[0] for e in t.equations), default=-1)
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(offset, len(index)))
    integer = bool(np.all(np.nan_to_num(published) == np.round(np.nan_to_num(published))))
    try:
        low, high = feasible_ranges(matrix, published, integer=integer)
    except DisclosureError as err:
        raise DisclosureError(
            f"joint attack: the published tables {sorted({t.output for t in tables})} are inconsistent "
            "where the ledger links them",
            reason="bad_table", variable="unit",
            hint="give tables of different populations different units, and pass complete= only for "
                 "dimensions every respondent has",
        ) from err
    out = []
    for t in tables:
        for key, target in zip(t.keys, t.targets, strict=True):
            if not target:
                continue
            cell = index[(t.unit, key)]
            known = not np.isnan(published[cell])
            lo, hi = (published[cell],) * 2 if known else (low[cell], high[cell])
            pinned_small = 1 <= lo and hi <= min_count - 1
            out.append({"output": t.output, "unit": t.unit, "cell": _describe(key), "low": lo, "high": hi,
                        "shown_in": ", ".join(shown_in.get(cell, [])),
                        "disclosed": bool(known or hi - lo < 1e-7 or pinned_small)})
    return pd.DataFrame(out, columns=["output", "unit", "cell", "low", "high", "shown_in", "disclosed"])
