"""Secondary (complementary) suppression by mixed-integer programming with attack cuts.

Given the primary cells and their protection levels, choose further cells to hide so
that the LP attack (:mod:`._attack`) can not narrow any primary cell's interval below
``[value - lower, value + upper]``, at the least information lost.

The method is the cutting-plane algorithm of Fischetti & Salazar-González (1999,
"Models and algorithms for the 2-dimensional cell suppression problem in statistical
disclosure control", Math. Programming 84), used by tau-ARGUS ("optimal"):

1. a MILP (scipy's HiGHS ``milp``) over binaries ``z`` (1 = hide) minimises
   ``sum_k w_k z_k`` with ``w_k = value_k + 1`` (the suppressed total plus one per cell);
   primary cells are fixed to 1; it starts with the cuts of every single equation
   (each line through a primary cell holds enough hidden capacity) and the rule that
   no hidden cell is alone in a line;
2. the attack maximises (and minimises) each primary cell under the chosen pattern;
3. each attack that falls short of the protection level gives a cut from its LP dual
   ``gamma``: with ``d = s e_i - M^T gamma``, hiding cell ``k`` buys at most
   ``c_k = ub_k max(d_k, 0) + lb_k max(-d_k, 0)`` of movement (``lb_k = value_k``,
   ``ub_k = cap - value_k``), so every protected pattern satisfies
   ``sum_k min(c_k, P) z_k >= P``. The current pattern violates it (LP duality);
4. repeat until the attack finds nothing. Hidden cells the attack pins exactly (they
   protect nothing: their value is implied) are then published again.
"""

from __future__ import annotations

import numpy as np

from heroes_research.disclosure._attack import bound_cap, solve_extremes
from heroes_research.errors import DisclosureError

_MAX_ROUNDS = 200
_TOL = 1e-6
_MILP_OPTIONS = {"time_limit": 60.0, "mip_rel_gap": 1e-3}


def _cut_rows(constraints, values, cap, cells, senses, levels, duals):
    """Cut coefficients ``min(c_k, P)`` (tasks x cells, sparse) from dual vectors ``duals``."""
    from scipy import sparse

    n = constraints.shape[1]
    d = -(duals @ constraints)
    d = (d + sparse.csr_matrix((senses, (np.arange(len(cells)), cells)), shape=(len(cells), n)))
    d = d.tocoo()
    keep = np.abs(d.data) > 1e-9
    row, col, dv = d.row[keep], d.col[keep], d.data[keep]
    coef = np.where(dv > 0, (cap - values[col]) * dv, values[col] * -dv)
    coef = np.minimum(coef, levels[row])
    return sparse.csr_matrix((coef, (row, col)), shape=(len(cells), n))


def _line_cuts(constraints, values, cap, cells, senses, levels):
    """Cuts from each single equation through each protected cell (dual = that equation alone)."""
    from scipy import sparse

    m = constraints.tocsc()
    task_idx, eq_idx, coef = [], [], []
    starts, ends = m.indptr[cells], m.indptr[cells + 1]
    counts = ends - starts
    task_idx = np.repeat(np.arange(len(cells)), counts)
    pos = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
    eq_idx = m.indices[pos]
    # gamma_r = s / m_ri (m_ri = +-1) makes d_i = 0: the equation alone carries the move
    coef = senses[task_idx] / m.data[pos]
    duals = sparse.csr_matrix((coef, (np.arange(len(pos)), eq_idx)),
                              shape=(len(pos), constraints.shape[0]))
    return _cut_rows(constraints, values, cap, cells[task_idx], senses[task_idx],
                     levels[task_idx], duals), levels[task_idx]


def _not_alone(constraints):
    """Rows ``sum_{k in line, k != j} z_k - z_j >= 0`` for every cell ``j`` of every line."""
    from scipy import sparse

    pattern = abs(constraints).tocoo()
    lines = sparse.csr_matrix(abs(constraints))[pattern.row]
    own = sparse.csr_matrix((np.full(pattern.nnz, 2.0), (np.arange(pattern.nnz), pattern.col)),
                            shape=lines.shape)
    return lines - own


def _solve_pattern(weights, fixed, cut_matrix, cut_rhs):
    from scipy.optimize import Bounds, LinearConstraint, milp

    res = milp(
        weights,
        integrality=np.ones(len(weights)),
        bounds=Bounds(fixed.astype(float), np.ones(len(weights))),
        constraints=LinearConstraint(cut_matrix, cut_rhs, np.inf),
        options=_MILP_OPTIONS,
    )
    if res.x is None:
        raise DisclosureError(
            f"secondary suppression: the optimiser found no pattern ({res.message})",
            reason="milp_failed",
            hint="use method='round', or coarsen the table (merge small categories)",
        )
    return res.x > 0.5


def secondary_suppression(
    constraints, values: np.ndarray, primary: np.ndarray,
    upper: np.ndarray, lower: np.ndarray, *, integer: bool,
) -> np.ndarray:
    """Hidden cells (primary and secondary) protecting every primary cell; boolean vector.

    Parameters
    ----------
    constraints
        Sparse additivity equations ``M`` of the table.
    values
        Every cell value (margins included).
    primary
        Boolean vector of cells that must be hidden.
    upper, lower
        Protection levels: the reader must not be able to rule out
        ``value + upper`` nor ``value - lower`` (zero where no protection is needed).
    integer
        Counts: a hidden cell whose interval is narrower than one whole number is pinned.

    Returns
    -------
    hidden, low, high
        Boolean vector of hidden cells, and the LP interval ``[low, high]`` a reader can
        derive for each (NaN for published cells; ``high`` may equal the cap).
    """
    from scipy import sparse

    if not primary.any():
        nothing = np.full(len(values), np.nan)
        return primary.copy(), nothing, nothing.copy()
    cap = bound_cap(values)
    prim = np.flatnonzero(primary)
    cells = np.r_[prim, prim]
    senses = np.r_[np.ones(len(prim)), -np.ones(len(prim))]
    levels = np.r_[upper[prim], lower[prim]]
    need = levels > _TOL
    cells, senses, levels = cells[need], senses[need], levels[need]
    line, line_rhs = _line_cuts(constraints, values, cap, cells, senses, levels)
    alone = _not_alone(constraints)
    cut_matrix = sparse.vstack([line, alone], format="csr")
    cut_rhs = np.r_[line_rhs, np.zeros(alone.shape[0])]
    weights = values + 1.0
    optimum = np.full(len(cells), np.nan)
    moved = sparse.csr_matrix((len(cells), len(values)))
    for _ in range(_MAX_ROUNDS):
        hidden = _solve_pattern(weights, primary, cut_matrix, cut_rhs)
        # a task protected before stays protected while every cell its optimum moved is
        # still hidden (that optimum remains feasible): only the others are attacked again
        was_ok = senses * (optimum - values[cells]) >= levels - _TOL
        check = ~(was_ok & (moved @ (~hidden).astype(float) == 0))
        ext = solve_extremes(constraints, values, hidden, cells[check], senses[check], cap)
        optimum[check] = ext.optimum
        moved = _replace_rows(moved, check, ext.moved)
        short = senses[check] * (ext.optimum - values[cells[check]]) < levels[check] - _TOL
        if not short.any():
            return _finish(constraints, values, hidden, primary, cap, integer,
                           cells[check], senses[check], ext.optimum)
        rows = np.flatnonzero(check)[short]
        new = _cut_rows(constraints, values, cap, cells[rows], senses[rows], levels[rows],
                        ext.duals[short])
        if np.any(new @ hidden.astype(float) >= levels[rows] - _TOL):
            raise RuntimeError("internal: an attack cut does not cut off the current pattern")
        cut_matrix = sparse.vstack([cut_matrix, new], format="csr")
        cut_rhs = np.r_[cut_rhs, levels[rows]]
    raise DisclosureError(
        f"secondary suppression: no protected pattern after {_MAX_ROUNDS} rounds",
        reason="no_convergence",
        hint="use method='round', or coarsen the table (merge small categories)",
    )


def _replace_rows(matrix, rows: np.ndarray, new):
    """``matrix`` with the rows flagged in ``rows`` replaced by the rows of ``new``."""
    from scipy import sparse

    where = np.flatnonzero(rows)
    pick = sparse.csr_matrix((np.ones(len(where)), (where, np.arange(len(where)))),
                             shape=(len(rows), len(where)))
    return (sparse.diags((~rows).astype(float)) @ matrix + pick @ new.astype(float)).tocsr()


def _finish(constraints, values, hidden, primary, cap, integer, done_cells, done_senses, done):
    """Intervals of every hidden cell; publish again the secondary cells pinned exactly.

    ``done`` are optima already computed under the final pattern. A pinned secondary
    cell protects nothing (its value is implied by the published cells); publishing it
    leaves the feasible set, hence every other interval, unchanged.
    """
    low, high = values.copy(), values.copy()  # a direction needing no protection: 0 moves
    np.put(high, done_cells[done_senses > 0], done[done_senses > 0])
    np.put(low, done_cells[done_senses < 0], done[done_senses < 0])
    todo = np.zeros((2, len(values)), bool)  # [max, min] still to compute
    todo[:, hidden & ~primary] = True
    todo[0, hidden & primary] = True
    todo[1, hidden & primary] = True
    todo[0, done_cells[done_senses > 0]] = False
    todo[1, done_cells[done_senses < 0]] = False
    todo[1, hidden & primary & (values == 0)] = False  # a zero can not go lower
    up, down = np.flatnonzero(todo[0]), np.flatnonzero(todo[1])
    if len(up) + len(down):
        ext = solve_extremes(constraints, values, hidden, np.r_[up, down],
                             np.r_[np.ones(len(up)), -np.ones(len(down))], cap)
        high[up], low[down] = ext.optimum[: len(up)], ext.optimum[len(up):]
    pinned = high - low <= _TOL
    if integer and np.any(hidden & ~pinned & (np.floor(high + _TOL) <= np.ceil(low - _TOL))):
        raise RuntimeError("internal: a hidden count is pinned only by integrality")
    out = hidden & ~(pinned & ~primary)
    return out, np.where(out, low, np.nan), np.where(out, high, np.nan)
