"""Two-way tables: weighted cell proportions and the Rao-Scott test (R's ``svychisq``).

Notes
-----
With :math:`\\hat p` the vector of cell proportions (rows varying fastest), :math:`V`
its design covariance, :math:`N` the number of rows and :math:`C` a basis of the
interaction contrasts residualised on the main-effects design,

.. math:: \\Delta = \\big(C^T D^{-1} C / N\\big)^{-1} C^T D^{-1} V D^{-1} C,
   \\quad D = \\operatorname{diag}(\\hat p),

the Pearson statistic :math:`X^2` of the weighted table scaled to total :math:`N`
gives :math:`F = X^2 / \\operatorname{tr}\\Delta` on
:math:`d_0 = (\\operatorname{tr}\\Delta)^2 / \\operatorname{tr}\\Delta^2` and
:math:`d_0 \\nu` degrees of freedom, :math:`\\nu` = PSUs - strata
(Rao and Scott 1984; Thomas and Rao 1987; R's ``svychisq(statistic="F")``).
The statistic is invariant to the choice of contrast basis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._grouped import cell_estimates, fast_path
from heroes_research.survey._linear import (
    Column,
    check_deff,
    design_effects,
    influence_variance,
    limits,
)
from heroes_research.survey._tidy import tidy_frame
from heroes_research.survey._variables import (
    Categories,
    categories,
    check_conf_level,
    require,
    usable,
)
from heroes_research.survey._variance import degrees_of_freedom, variance

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["crosstab", "rao_scott"]


def _cells(
    design: SurveyDesign, row: str, col: str, na_rm: bool, step: str
) -> tuple[Categories, Categories, np.ndarray, np.ndarray]:
    """Row and column categories, the cell code (rows fastest) and the usable rows."""
    require(design.data, [row, col], step)
    r, c = categories(design.data, row), categories(design.data, col)
    n = len(design.data)
    rows = usable(
        design.data, {row: r.missing, col: c.missing}, np.ones(n, dtype=bool), na_rm, step
    )
    if not rows.any():
        raise EstimationError(
            f"{step}: no row has both values",
            variable=row,
            reason="all_missing",
            hint=f"check the missing values of {row!r} and {col!r}",
        )
    cell = np.where(rows, r.codes + len(r.levels) * c.codes, -1)
    return r, c, cell, rows


def _cell_proportions(
    design: SurveyDesign, cell: np.ndarray, rows: np.ndarray, n_cells: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell proportions, their covariance matrix and unweighted cell counts.

    The PSU totals of each cell's influence :math:`w_i (1[c_i = k] - \\hat p_k) / \\hat N`
    come from one pass (:mod:`._grouped`), or cell by cell for calibrated designs.
    """
    inside = cell >= 0
    if fast_path(design):
        p, totals = cell_estimates(design, cell, np.zeros(n_cells, dtype=np.intp), None, "mean")
        cov = variance(design._layout, totals, design.lonely_psu, rows)
    else:
        w = np.where(rows, design._layout.weights, 0.0)
        w_sum = w.sum()
        p = np.bincount(cell[inside], weights=w[inside], minlength=n_cells) / w_sum
        scaled = w / w_sum

        def influence(k: int) -> Column:
            return lambda: ((cell == k) - p[k]) * scaled

        whole = [lambda: rows.astype(float)] * n_cells  # cell shares: exact replicate ratios
        cov = influence_variance(design, [influence(k) for k in range(n_cells)], rows, None, whole)
    counts = np.bincount(cell[inside], minlength=n_cells)
    return p, cov, counts


def crosstab(
    design: SurveyDesign,
    row: str,
    col: str,
    *,
    na_rm: bool,
    conf_level: float,
    deff: bool | str = False,
) -> pd.DataFrame:
    """Weighted proportions of every (row, col) cell with linearised SEs, one row per cell.

    The cell's levels come first (columns named ``row`` and ``col``), then the tidy
    columns: ``variable`` is ``"row x col"``, ``level`` the cell ``"r x c"``, ``n`` the
    respondents in the table and ``n_level`` those in the cell.
    """
    step = f"cross-tabulating {row!r} by {col!r}"
    conf_level = check_conf_level(conf_level, step)
    deff = check_deff(deff)
    r, c, cell, rows = _cells(design, row, col, na_rm, step)
    p, cov, counts = _cell_proportions(design, cell, rows, len(r.levels) * len(c.levels))
    # Cells are coded rows fastest (R's interaction order); present them row-major.
    order = np.arange(len(p)).reshape(len(c.levels), len(r.levels)).T.ravel()
    cells = pd.MultiIndex.from_product([r.levels, c.levels], names=[row, col]).to_frame(index=False)
    estimate, se = p[order], np.sqrt(np.diag(cov))[order]
    low, high = limits(estimate, se, conf_level)
    return tidy_frame(
        cells,
        variable=f"{row} x {col}",
        level=[f"{a} x {b}" for a, b in zip(cells[row], cells[col], strict=True)],
        estimate=estimate,
        se=se,
        ci_low=low,
        ci_high=high,
        conf_level=conf_level,
        n=np.count_nonzero(rows),
        n_level=counts[order],
        deff=_cell_effects(design, cell, rows, se**2, order, deff == "replace") if deff else None,
    )


def _cell_effects(
    design: SurveyDesign,
    cell: np.ndarray,
    rows: np.ndarray,
    var: np.ndarray,
    order: np.ndarray,
    replace: bool,
) -> np.ndarray:
    """R's ``deff`` of each cell share (``svymean(~interaction(row, col), deff=)``), in ``order``."""
    w = np.where(rows, design._layout.weights, 0.0)
    indicators = [lambda k=k: (cell == k).astype(float) for k in order]
    with np.errstate(divide="ignore", invalid="ignore"):  # an empty cell: 0/0, NaN as R
        return design_effects(indicators, w, w.sum(), var, "mean", replace)


def _interaction_contrasts(n_rows: int, n_cols: int) -> np.ndarray:
    """Interaction contrasts residualised on the main-effects design (R's ``Cmat``)."""
    r = np.tile(np.arange(n_rows), n_cols)
    c = np.repeat(np.arange(n_cols), n_rows)
    main = np.column_stack(
        [np.ones(r.size)] + [r == i for i in range(1, n_rows)] + [c == j for j in range(1, n_cols)]
    ).astype(float)
    inter = np.column_stack(
        [(r == i) & (c == j) for j in range(1, n_cols) for i in range(1, n_rows)]
    ).astype(float)
    fitted = main @ np.linalg.lstsq(main, inter, rcond=None)[0]
    return inter - fitted


def rao_scott(design: SurveyDesign, row: str, col: str, *, na_rm: bool) -> pd.DataFrame:
    """Second-order Rao-Scott F test of independence of ``row`` and ``col``."""
    from scipy import stats

    step = f"testing independence of {row!r} and {col!r}"
    r, c, cell, rows = _cells(design, row, col, na_rm, step)
    observed_r = np.unique(r.codes[rows])
    observed_c = np.unique(c.codes[rows])
    if len(observed_r) < 2 or len(observed_c) < 2:
        raise EstimationError(
            f"{step}: each variable needs at least two observed levels",
            variable=row if len(observed_r) < 2 else col,
            reason="degenerate_table",
            hint="collapse or drop the variable with a single observed level",
        )
    n_r, n_c = len(r.levels), len(c.levels)
    p, cov, _ = _cell_proportions(design, cell, rows, n_r * n_c)
    # R's table holds the observed levels only.
    keep = np.isin(np.tile(np.arange(n_r), n_c), observed_r) & np.isin(
        np.repeat(np.arange(n_c), n_r), observed_c
    )
    p, cov = p[keep], cov[np.ix_(keep, keep)]
    n_r, n_c = len(observed_r), len(observed_c)
    n_total = len(design.data)
    contrasts = _interaction_contrasts(n_r, n_c)
    inv_p = np.where(p == 0, 0.0, 1.0 / np.where(p == 0, 1.0, p))
    scaled = contrasts * inv_p[:, None]
    delta = np.linalg.solve(contrasts.T @ scaled / n_total, scaled.T @ cov @ scaled)
    trace = np.trace(delta)
    d0 = trace**2 / np.trace(delta @ delta)
    table = (p * n_total).reshape(n_c, n_r).T
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n_total
    chisq = float(((table - expected) ** 2 / expected).sum())
    nu = degrees_of_freedom(design._layout)
    f_stat = chisq / trace
    return pd.DataFrame(
        {
            "F": [f_stat],
            "ndf": [d0],
            "ddf": [d0 * nu],
            "p": [stats.f.sf(f_stat, d0, d0 * nu)],
            "chisq": [chisq],
        },
        index=pd.Index([f"{row} x {col}"], name="test"),
    )
