"""The linear-programming attack: how far can a reader pin down each hidden cell?

A reader knows every published cell, that cells are non-negative and that every
total equals the sum of its parts. For each suppressed cell the attack solves two
linear programmes, ``min x_i`` and ``max x_i`` subject to ``M x = 0``, ``x >= 0`` and
the published cells fixed. The interval ``[low, high]`` is what the reader can
derive; for counts it is narrowed to whole numbers (``ceil(low)``, ``floor(high)``).

Many programmes are solved at once: the suppressed cells split into independent
groups (connected through shared equations), and the programmes of a batch are
stacked block-diagonally into one HiGHS call, which is far faster than hundreds of
small calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import DisclosureError

if TYPE_CHECKING:
    from heroes_research.disclosure._protected import ProtectedTable

__all__ = ["Extremes", "attack", "bound_cap", "feasible_ranges", "solve_extremes", "tidy_ranges"]

_BATCH_VARIABLES = 3_000  # variables per stacked LP: amortises the call; larger LPs solve slower (measured)
_TOL = 1e-7


@dataclass(frozen=True)
class Extremes:
    """Per programme: the optimum, the LP dual (tasks x equations) and the optimal table.

    ``shift`` (tasks x cells, sparse) is the optimal table minus the true one: a
    consistent alternative table ("witness") that stays feasible under any pattern
    still hiding every cell it moved.
    """

    optimum: np.ndarray
    duals: object  # scipy.sparse.csr_matrix
    shift: object  # scipy.sparse.csr_matrix


def bound_cap(published: np.ndarray) -> float:
    """An upper bound on hidden cells that keeps every attack programme bounded.

    A bounded LP returns duals (the cuts need them); an unbounded one does not. A
    bounded hidden cell is bounded by published totals, so it stays below their sum
    ``S``; an unbounded one can rise with its totals (each by the same amount) until
    one of them meets the cap, so its capped maximum exceeds ``cap - S``. With
    ``cap = 10 (S + 1)``, maxima above ``cap / 2`` therefore mean "unbounded".
    """
    return 10.0 * (float(np.nansum(np.abs(published))) + 1.0)


@dataclass(frozen=True)
class _Block:
    """One independent group of hidden cells: its cells, equations and sub-matrix (COO)."""

    cells: np.ndarray  # global cell numbers
    rows: np.ndarray  # global equation numbers
    coo_row: np.ndarray
    coo_col: np.ndarray
    coo_val: np.ndarray


def _blocks(constraints, suppressed: np.ndarray) -> tuple[np.ndarray, list[_Block]]:
    """Split the hidden cells into groups linked by shared equations."""
    from scipy.sparse.csgraph import connected_components

    hidden = np.flatnonzero(suppressed)
    sub = constraints[:, hidden].tocsc()
    touch = abs(sub)
    n_comp, label = connected_components(touch.T @ touch, directed=False)
    blocks = []
    for comp in range(n_comp):  # one iteration per group of linked hidden cells
        members = np.flatnonzero(label == comp)
        part = sub[:, members].tocsr()
        rows = np.flatnonzero(np.diff(part.indptr) > 0)
        coo = part[rows].tocoo()
        blocks.append(_Block(hidden[members], rows, coo.row, coo.col, coo.data))
    cell_block = np.full(len(suppressed), -1)
    cell_block[hidden] = label
    return cell_block, blocks


def solve_extremes(
    constraints, values: np.ndarray, suppressed: np.ndarray,
    cells: np.ndarray, senses: np.ndarray, cap: float,
) -> Extremes:
    """Maximise ``senses[t] * x[cells[t]]`` over the tables consistent with the published cells.

    Parameters
    ----------
    constraints
        Sparse equations ``M`` (``M @ x == 0``).
    values
        Cell values; the published ones (``~suppressed``) are fixed, the hidden ones are
        read only to report which cells an optimum moved.
    suppressed
        Boolean vector over cells.
    cells, senses
        One programme per entry: the cell (must be suppressed) and +1 (max) or -1 (min).
    cap
        Upper bound on every hidden cell (see :func:`bound_cap`).
    """
    rhs = -(constraints[:, ~suppressed] @ np.nan_to_num(values[~suppressed]))
    cell_block, blocks = _blocks(constraints, suppressed)
    task_block = cell_block[cells]
    order = np.argsort(task_block, kind="stable")
    size = np.array([len(b.cells) for b in blocks])[task_block[order]]
    batch_of = np.cumsum(size) // _BATCH_VARIABLES
    optimum = np.empty(len(cells))
    duals, shifts = [], []
    for batch in np.unique(batch_of):  # a handful of stacked LPs
        tasks = order[batch_of == batch]
        opt, dual, shift = _solve_batch(blocks, task_block[tasks], cells[tasks], senses[tasks],
                                       rhs, values, cap)
        optimum[tasks] = opt
        duals.append((tasks, dual))
        shifts.append((tasks, shift))
    n_eq, n_cells = constraints.shape
    return Extremes(optimum, _stack_rows(duals, len(cells), n_eq),
                    _stack_rows(shifts, len(cells), n_cells))


def _stack_rows(parts, n_rows: int, n_cols: int):
    """Sparse matrix whose rows ``tasks`` are the rows of each part's matrix."""
    from scipy import sparse

    rows, cols, vals = [], [], []
    for tasks, mat in parts:
        coo = mat.tocoo()
        rows.append(tasks[coo.row])
        cols.append(coo.col)
        vals.append(coo.data)
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(n_rows, n_cols))


def _solve_batch(blocks, task_block, cells, senses, rhs, values, cap):
    """Stack one LP per task block-diagonally, solve once, split the answers."""
    from scipy import sparse
    from scipy.optimize import linprog

    n_var = np.array([len(blocks[b].cells) for b in task_block])
    n_eq = np.array([len(blocks[b].rows) for b in task_block])
    var_off = np.r_[0, np.cumsum(n_var)[:-1]]
    eq_off = np.r_[0, np.cumsum(n_eq)[:-1]]
    a_row, a_col, a_val = [], [], []
    for b in np.unique(task_block):  # vectorised over the tasks sharing a block
        blk, mine = blocks[b], np.flatnonzero(task_block == b)
        a_row.append((blk.coo_row[None, :] + eq_off[mine, None]).ravel())
        a_col.append((blk.coo_col[None, :] + var_off[mine, None]).ravel())
        a_val.append(np.tile(blk.coo_val, len(mine)))
    var_cells = np.concatenate([blocks[b].cells for b in task_block])
    eq_rows = np.concatenate([blocks[b].rows for b in task_block])
    target = var_off + np.array(
        [np.searchsorted(blocks[b].cells, c) for b, c in zip(task_block, cells, strict=True)])
    objective = np.zeros(len(var_cells))
    objective[target] = -senses
    matrix = sparse.csr_matrix((np.concatenate(a_val), (np.concatenate(a_row),
                                np.concatenate(a_col))), shape=(len(eq_rows), len(var_cells)))
    res = linprog(objective, A_eq=matrix, b_eq=rhs[eq_rows], bounds=(0, cap), method="highs")
    if res.status != 0:
        raise DisclosureError(
            f"attack: the linear programme failed ({res.message})",
            reason="lp_failed",
            hint="the published cells are inconsistent with the table's totals",
        )
    task_of_eq = np.repeat(np.arange(len(cells)), n_eq)
    task_of_var = np.repeat(np.arange(len(cells)), n_var)
    # linprog minimises c.x and reports d(objective)/d(b_eq); the dual of "maximise
    # sense * x" is minus that
    dual = sparse.csr_matrix((-res.eqlin.marginals, (task_of_eq, eq_rows)),
                             shape=(len(cells), len(rhs)))
    delta = res.x - np.nan_to_num(values[var_cells])
    moved = np.abs(delta) > 1e-7
    shift = sparse.csr_matrix((delta[moved], (task_of_var[moved], var_cells[moved])),
                              shape=(len(cells), len(values)))
    return res.x[target], dual, shift


def feasible_ranges(
    constraints, published: np.ndarray, *, integer: bool
) -> tuple[np.ndarray, np.ndarray]:
    """``(low, high)`` of every hidden cell (NaN in ``published``); ``high`` is inf when unbounded."""
    suppressed = np.isnan(published)
    cells = np.flatnonzero(suppressed)
    low = np.full(len(published), np.nan)
    high = np.full(len(published), np.nan)
    if not len(cells):
        return low, high
    cap = bound_cap(published)
    senses = np.r_[np.ones(len(cells)), -np.ones(len(cells))]
    ext = solve_extremes(constraints, published, suppressed, np.r_[cells, cells], senses, cap)
    high[cells], low[cells] = ext.optimum[: len(cells)], ext.optimum[len(cells):]
    return tidy_ranges(low, high, cap, integer=integer)


def tidy_ranges(
    low: np.ndarray, high: np.ndarray, cap: float, *, integer: bool
) -> tuple[np.ndarray, np.ndarray]:
    """LP optima as reported intervals: ``inf`` when unbounded, whole numbers for counts."""
    high = np.where(high > cap / 2, np.inf, high)
    if integer:
        low, high = np.ceil(low - 1e-6), np.floor(high + 1e-6)
    return np.maximum(low, 0.0), high


def attack(
    protected: ProtectedTable | pd.DataFrame, original: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Compute what a reader can derive about each hidden cell of a published table.

    Parameters
    ----------
    protected
        The result of :func:`protect_table` or :func:`protect_magnitude`, or any
        published table shown with its ``Total`` row(s) and column, hidden cells as NA
        or a symbol such as ``"x"`` (rows flat or a 2-level MultiIndex as in
        :func:`protect_table`). The attack uses only what is published: the visible
        cells, the totals (for a ProtectedTable also those not shown when
        ``margins=False``: protection assumes they are known from elsewhere),
        non-negativity and additivity.
    original
        Optional: the unprotected table (as passed to ``protect_table``) to compare the
        derived intervals with the true values.

    Returns
    -------
    pandas.DataFrame
        One row per suppressed cell: ``row``, ``column``, ``low``, ``high`` (``inf``
        when unbounded), ``width`` and ``exact`` (true when ``low == high``: the cell
        is disclosed). With ``original``: also ``value`` and ``within`` (the true value
        lies in ``[low, high]``).

    Notes
    -----
    ``low = min x_i`` and ``high = max x_i`` subject to ``M x = 0`` (every total equals
    the sum of its parts), ``x >= 0`` and ``x_j = published_j`` for the visible cells;
    for counts the bounds are rounded inwards to whole numbers. This is the audit of
    the ESS Handbook on SDC (Hundepool et al. 2010, sec. 4.3: "the feasibility
    interval"), as in tau-ARGUS.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.disclosure import protect_table, attack
    >>> t = pd.DataFrame({"police": [2, 14, 9], "ngo": [11, 8, 12]}, index=["LV", "LT", "PT"])
    >>> attack(protect_table(t), t)[["row", "column", "low", "high", "value"]]
      row  column   low  high  value
    0  LV  police   0.0  11.0    2.0
    1  LV     ngo   2.0  13.0   11.0
    2  PT  police   0.0  11.0    9.0
    3  PT     ngo  10.0  21.0   12.0
    """
    from heroes_research.disclosure._layout import layout_from_frame, layout_from_published

    if isinstance(protected, pd.DataFrame):
        layout, published = layout_from_published(protected, "attack")
        integer = bool(np.all(np.nan_to_num(published) == np.round(np.nan_to_num(published))))
    else:
        layout, published, integer = protected.layout, protected.published, protected.integer
    low, high = feasible_ranges(layout.constraints, published, integer=integer)
    hidden = np.isnan(published)
    cells = layout.cells().loc[hidden, ["row", "column"]].reset_index(drop=True)
    out = cells.assign(low=low[hidden], high=high[hidden])
    out["width"] = out["high"] - out["low"]
    out["exact"] = out["width"] <= _TOL
    if original is not None:
        _, truth = layout_from_frame(original, "attack", counts=integer)
        out["value"] = truth[hidden]
        out["within"] = (out["low"] <= out["value"] + _TOL) & (out["value"] <= out["high"] + _TOL)
    return out
