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
4. repeat until the attack finds nothing. The first rounds re-solve the MILP (to
   within 1% of the optimum); the cost then creeps up by fractions of a percent per
   round while each round costs a MILP, so from round 5 the remaining violated cuts are
   covered greedily (cheapest hidden capacity per unit of cost first) and only the
   attack is re-run. Hidden cells the attack pins exactly (they protect nothing: their
   value is implied) are finally published again.
"""

from __future__ import annotations

import numpy as np

from heroes_research.disclosure._attack import bound_cap, solve_extremes
from heroes_research.errors import DisclosureError

__all__ = ["secondary_suppression"]

_MAX_ROUNDS = 200
_MILP_ROUNDS = 4  # optimal re-solves; later rounds repair greedily (see secondary_suppression)
_BATCH_TASKS = 32  # attack programmes per LP call between witness checks
_TOL = 1e-6
_MILP_OPTIONS = {"time_limit": 60.0, "mip_rel_gap": 1e-2}


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
    starts, counts = m.indptr[cells], np.diff(m.indptr)[cells]
    task_idx = np.repeat(np.arange(len(cells)), counts)
    # positions of each task cell's entries in the CSC arrays, all tasks at once
    pos = np.repeat(starts - np.r_[0, np.cumsum(counts)[:-1]], counts) + np.arange(counts.sum())
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
    upper: np.ndarray, lower: np.ndarray,
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

    Returns
    -------
    numpy.ndarray
        Boolean vector of the hidden cells.
    """
    from scipy import sparse

    if not primary.any():
        return primary.copy()
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
    pool = _Witnesses(len(values))
    hidden = _solve_pattern(weights, primary, cut_matrix, cut_rhs)
    for round_ in range(1, _MAX_ROUNDS + 1):
        new, new_rhs = _attack_round(constraints, values, hidden, cells, senses, levels, cap, pool)
        if not len(new_rhs):
            return _publish_pinned(constraints, values, hidden, primary, cap, pool)
        cut_matrix = sparse.vstack([cut_matrix, new], format="csr")
        cut_rhs = np.r_[cut_rhs, new_rhs]
        if round_ < _MILP_ROUNDS:
            hidden = _solve_pattern(weights, primary, cut_matrix, cut_rhs)
        else:  # the last few violations: repair the pattern instead of re-solving the MILP
            hidden = _greedy_cover(hidden, new, new_rhs, weights)
    raise DisclosureError(
        f"secondary suppression: no protected pattern after {_MAX_ROUNDS} rounds",
        reason="no_convergence",
        hint="use method='round', or coarsen the table (merge small categories)",
    )


class _Witnesses:
    """Alternative tables found by the attack (shifts from the true table), kept across rounds.

    A witness is feasible under a pattern that hides every cell it shifts; a task
    (cell ``i``, direction ``s``, level ``P``) is then protected if ``s * shift_i >= P``:
    no LP is needed. Hand-written because it is specific to this cutting-plane loop.
    """

    def __init__(self, n_cells: int) -> None:
        from scipy import sparse

        self.shifts = sparse.csr_matrix((0, n_cells))

    def add(self, shifts) -> None:
        from scipy import sparse

        self.shifts = sparse.vstack([self.shifts, shifts], format="csr")

    def feasible(self, hidden: np.ndarray):
        """Shifts of the witnesses that move only hidden cells."""
        moves_published = abs(self.shifts) @ (~hidden).astype(float) > 0
        return self.shifts[~moves_published]

    def protects(self, hidden, cells, senses, levels) -> np.ndarray:
        """Tasks protected by some feasible witness."""
        usable = self.feasible(hidden)
        if usable.shape[0] == 0:
            return np.zeros(len(cells), bool)
        reach = usable[:, cells].toarray() * senses
        return (reach >= levels - _TOL).any(axis=0)


def _greedy_cover(hidden: np.ndarray, cuts, rhs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Hide, for each violated cut, the cheapest cells (cost per unit of coefficient) covering it."""
    out = hidden.copy()
    for row, need in enumerate(rhs):  # one iteration per violated cut (a handful)
        coef = cuts[row].toarray().ravel()
        deficit = need - coef @ out
        if deficit <= _TOL:
            continue
        candidates = np.flatnonzero((coef > 0) & ~out)
        order = candidates[np.argsort(weights[candidates] / coef[candidates], kind="stable")]
        enough = np.searchsorted(np.cumsum(coef[order]), deficit - _TOL) + 1
        out[order[:enough]] = True
    return out


def _attack_round(constraints, values, hidden, cells, senses, levels, cap, pool):
    """Attack every task the witnesses do not already protect; cuts for those that fail.

    Tasks are attacked in small batches and each batch's optimal tables join the
    witnesses, which often protect many of the remaining tasks at no cost.
    """
    from scipy import sparse

    pending = ~pool.protects(hidden, cells, senses, levels)
    cuts, rhs = [], []
    while pending.any():
        batch = np.flatnonzero(pending)[:_BATCH_TASKS]
        ext = solve_extremes(constraints, values, hidden, cells[batch], senses[batch], cap)
        pool.add(ext.shift)
        pending[batch] = False
        short = senses[batch] * (ext.optimum - values[cells[batch]]) < levels[batch] - _TOL
        if short.any():
            rows = batch[short]
            cut = _cut_rows(constraints, values, cap, cells[rows], senses[rows], levels[rows],
                            ext.duals[short])
            if np.any(cut @ hidden.astype(float) >= levels[rows] - _TOL):
                raise RuntimeError("internal: an attack cut does not cut off the current pattern")
            cuts.append(cut)
            rhs.append(levels[rows])
        rest = np.flatnonzero(pending)
        if len(rest):
            pending[rest] = ~_protected_by(ext.shift, cells[rest], senses[rest], levels[rest])
    if not cuts:
        return None, np.empty(0)
    return sparse.vstack(cuts, format="csr"), np.concatenate(rhs)


def _protected_by(shifts, cells, senses, levels) -> np.ndarray:
    reach = shifts[:, cells].toarray() * senses
    return (reach >= levels - _TOL).any(axis=0)


def _publish_pinned(constraints, values, hidden, primary, cap, pool):
    """Publish again the secondary cells the attack pins exactly: their value is implied anyway.

    A secondary cell that some feasible witness moves is not pinned; the others are
    attacked. Fixing a pinned cell leaves the feasible set unchanged, so the protection
    of every other cell stays.
    """
    moved = np.asarray(abs(pool.feasible(hidden)).sum(axis=0)).ravel() > 0
    unsure = np.flatnonzero(hidden & ~primary & ~moved)
    if not len(unsure):
        return hidden
    ext = solve_extremes(constraints, values, hidden, np.r_[unsure, unsure],
                         np.r_[np.ones(len(unsure)), -np.ones(len(unsure))], cap)
    width = ext.optimum[: len(unsure)] - ext.optimum[len(unsure):]
    out = hidden.copy()
    out[unsure[width <= _TOL]] = False
    return out
