"""Further statistics of R's ``svychisq``: the first-order Rao-Scott chi-square and Wald tests.

Notes
-----
``Chisq``: the Pearson statistic :math:`X^2` of the weighted table scaled to the sample
size, referred to :math:`\\chi^2_k` after division by the mean generalised design effect
:math:`\\bar\\delta = \\operatorname{tr}\\Delta / k`, :math:`k = (r-1)(c-1)` (Rao and Scott
1981); :math:`\\operatorname{tr}\\Delta` is the one of the second-order F test.

``Wald``: with estimated cell totals :math:`\\hat N_{ij}`, margins and total, the
deviations from independence :math:`Y_{ij} = \\hat N_{ij} - \\hat N_{i\\cdot}\\hat
N_{\\cdot j}/\\hat N` for :math:`i, j \\ge 2` and their linearised covariance
:math:`V = J \\hat\\Sigma J^T` give :math:`W = Y^T V^{-1} Y`; ``Wald`` refers
:math:`W/k` to :math:`F_{k,\\nu}`, ``adjWald`` refers :math:`W (\\nu - k + 1)/(k\\nu)` to
:math:`F_{k, \\nu-k+1}` (Koch, Freeman and Freeman 1975; Thomas and Rao 1987), as R's
``svychisq(statistic=)``.

``saddlepoint``: :math:`X^2` against the distribution of :math:`\\sum_j \\delta_j \\chi^2_1`
(the eigenvalues :math:`\\delta_j` of :math:`\\Delta`) divided by an independent
:math:`\\chi^2_{d}/d`, :math:`d = d_0\\nu`, by the Lugannani-Rice saddlepoint
approximation (Kuonen 1999), as R's ``pFsum(method="saddlepoint")``.

``lincom``: the same reference distribution, its upper tail at :math:`X^2` computed
(nearly) exactly, :math:`p = P(\\sum_j \\delta_j \\chi^2_1 - X^2 \\chi^2_{d}/d > 0)` with
:math:`d` truncated to an integer, as R's ``pFsum(method="integration")`` hands it to
``CompQuadForm::davies``; here by Imhof's inversion (see
:mod:`heroes_research.survey._quadform`).

On a replicate design R's ``svychisq.svyrep.design`` refers :math:`X^2` to
:math:`\\sum_j \\delta_j \\chi^2_1` itself (no denominator chi-square: R's
``pchisqsum``), for ``lincom`` and ``saddlepoint`` alike; so does this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._linear import influence_variance
from heroes_research.survey._variables import categories, require
from heroes_research.survey._variance import degrees_of_freedom

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["CHISQ_STATISTICS", "chisq_statistic"]

CHISQ_STATISTICS = ("F", "Chisq", "Wald", "adjWald", "lincom", "saddlepoint")


def _observed(design: SurveyDesign, row: str, col: str, step: str):
    """Level codes (observed levels only) of both variables and the rows with both."""
    r, c = categories(design.data, row), categories(design.data, col)
    rows = (r.codes >= 0) & (c.codes >= 0)
    codes = []
    for cats, name in ((r, row), (c, col)):
        used = np.unique(cats.codes[rows])
        if len(used) < 2:
            raise EstimationError(
                f"{step}: each variable needs at least two observed levels",
                variable=name,
                reason="degenerate_table",
                hint="collapse or drop the variable with a single observed level",
            )
        remap = np.full(len(cats.levels), -1)
        remap[used] = np.arange(len(used))
        codes.append(np.where(rows, remap[np.maximum(cats.codes, 0)], -1))
    return codes[0], codes[1], rows


def _wald(design: SurveyDesign, row: str, col: str, adjusted: bool, step: str) -> dict:
    rc, cc, rows = _observed(design, row, col, step)
    nr, nc = int(rc.max()) + 1, int(cc.max()) + 1
    cell = np.where(rows, rc + nr * cc, -1)  # rows vary fastest, as R's interaction
    w = np.asarray(design._layout.weights)

    def indicator(codes: np.ndarray, j: int):
        return lambda: np.where(codes == j, w, 0.0)

    columns = [indicator(cell, j) for j in range(nr * nc)]
    columns += [indicator(rc, i) for i in range(nr)] + [indicator(cc, j) for j in range(nc)]
    columns.append(lambda: np.where(rows, w, 0.0))
    totals = np.array([make().sum() for make in columns])
    cov = influence_variance(design, columns, rows)
    n_cells = nr * nc
    row_tot, col_tot, grand = totals[n_cells : n_cells + nr], totals[n_cells + nr : -1], totals[-1]
    r_of_cell, c_of_cell = np.tile(np.arange(nr), nc), np.repeat(np.arange(nc), nr)
    in_row = (r_of_cell[:, None] == np.arange(nr)).astype(float)
    in_col = (c_of_cell[:, None] == np.arange(nc)).astype(float)
    jac = np.hstack(  # d Y / d (cells, row totals, column totals, grand total), as R's Jcb
        [
            np.eye(n_cells),
            -in_row * (col_tot[c_of_cell] / grand)[:, None],
            -in_col * (row_tot[r_of_cell] / grand)[:, None],
            (row_tot[r_of_cell] * col_tot[c_of_cell] / grand**2)[:, None],
        ]
    )
    y = totals[:n_cells] - row_tot[r_of_cell] * col_tot[c_of_cell] / grand
    v = jac @ cov @ jac.T
    use = (r_of_cell > 0) & (c_of_cell > 0)
    wald = float(y[use] @ np.linalg.solve(v[np.ix_(use, use)], y[use]))
    nu = degrees_of_freedom(design._layout)
    k = (nr - 1) * (nc - 1)
    if adjusted:
        ddf = nu - k + 1
        return {"statistic": wald * ddf / (k * nu), "ndf": k, "ddf": ddf}
    return {"statistic": wald / k, "ndf": k, "ddf": nu}


def _delta(design: SurveyDesign, row: str, col: str, step: str) -> np.ndarray:
    """R's design-effect matrix of the interaction contrasts, :math:`\\Delta`."""
    rc, cc, rows = _observed(design, row, col, step)
    nr, nc = int(rc.max()) + 1, int(cc.max()) + 1
    cell = np.where(rows, rc + nr * cc, -1)
    w = np.where(rows, np.asarray(design._layout.weights), 0.0)
    total = w.sum()
    p = np.bincount(cell[rows], weights=w[rows], minlength=nr * nc) / total

    def influence(k: int):
        return lambda: ((cell == k) - p[k]) * w / total

    whole = [lambda: rows.astype(float)] * (nr * nc)
    cov = influence_variance(design, [influence(k) for k in range(nr * nc)], rows, None, whole)
    r_of_cell, c_of_cell = np.tile(np.arange(nr), nc), np.repeat(np.arange(nc), nr)
    main = np.column_stack(
        [np.ones(nr * nc)]
        + [r_of_cell == i for i in range(1, nr)]
        + [c_of_cell == j for j in range(1, nc)]
    ).astype(float)
    inter = np.column_stack(
        [(r_of_cell == i) & (c_of_cell == j) for j in range(1, nc) for i in range(1, nr)]
    ).astype(float)
    contrasts = inter - main @ np.linalg.lstsq(main, inter, rcond=None)[0]
    n = design.n
    scaled = contrasts * np.where(p == 0, 0.0, 1 / np.where(p == 0, 1.0, p))[:, None]
    return np.linalg.solve(contrasts.T @ scaled / n, scaled.T @ cov @ scaled)


def _saddle(x: float, lam: np.ndarray) -> float:
    """R's ``saddle``: upper tail of :math:`\\sum \\lambda_j \\chi^2_1` at ``x`` (NaN near 0)."""
    from scipy import optimize, stats

    d = lam.max()
    lam, x = lam / d, x / d

    def k0(z: float) -> float:
        return -np.log(1 - 2 * z * lam).sum() / 2

    def k1(z: float) -> float:
        return (lam / (1 - 2 * z * lam)).sum()

    if (lam < 0).any():
        low = np.max(1 / (2 * lam[lam < 0])) * 0.99999
    elif x > lam.sum():
        low = -0.01
    else:
        low = -len(lam) / (2 * x)
    high = np.min(1 / (2 * lam[lam > 0])) * 0.99999
    zeta = optimize.brentq(lambda z: k1(z) - x, low, high, xtol=1e-14)
    if abs(zeta) < 1e-4:
        return np.nan
    w = np.sign(zeta) * np.sqrt(2 * (zeta * x - k0(zeta)))
    v = zeta * np.sqrt(2 * (lam**2 / (1 - 2 * zeta * lam) ** 2).sum())
    return float(stats.norm.sf(w + np.log(v / w) / w))


def _saddlepoint_p(chisq: float, delta: np.ndarray, ddf: float) -> float:
    """R's ``pFsum(x, 1, eigenvalues, ddf, method="saddlepoint", lower.tail=FALSE)``."""
    from scipy import stats

    lam = np.linalg.eigvals(delta).real
    tr, tr2 = lam.mean(), (lam**2).mean() / lam.mean() ** 2
    ndf = len(lam) / tr2
    fallback = float(stats.f.sf(chisq / ndf / (tr * tr2), ndf, ddf))  # Satterthwaite
    if np.isinf(ddf):
        p = _saddle(chisq, lam)
    else:
        p = _saddle(0.0, np.concatenate([lam, np.full(int(ddf), -chisq / ddf)]))
    return fallback if np.isnan(p) else p


def _lincom_p(chisq: float, delta: np.ndarray, ddf: float) -> float:
    """R's ``pFsum(x, 1, eigenvalues, ddf, method="integration", lower.tail=FALSE)``."""
    from heroes_research.survey._quadform import chisq_sum_upper

    lam = np.linalg.eigvals(delta).real
    if np.isinf(ddf):
        return chisq_sum_upper(chisq, lam)
    whole = int(ddf)  # R's as.integer in CompQuadForm::davies
    weights = np.append(lam, -chisq / ddf)
    return chisq_sum_upper(0.0, weights, np.append(np.ones_like(lam), whole))


def chisq_statistic(
    design: SurveyDesign, row: str, col: str, statistic: str, na_rm: bool
) -> pd.DataFrame:
    """R's ``svychisq(~row + col, design, statistic=)`` for Chisq, Wald, adjWald, lincom, saddlepoint."""
    from scipy import stats

    step = f"testing independence of {row!r} and {col!r} ({statistic})"
    if statistic not in CHISQ_STATISTICS:
        raise EstimationError(
            f"{step}: unknown statistic",
            variable="statistic",
            reason="bad_statistic",
            hint=f"use one of {', '.join(CHISQ_STATISTICS)}",
        )
    require(design.data, [row, col], step)
    missing = design.data[row].isna().to_numpy() | design.data[col].isna().to_numpy()
    if missing.any() and not na_rm:
        raise EstimationError(
            f"{step}: the variables have missing values",
            variable=row if design.data[row].isna().any() else col,
            rows=list(design.data.index[missing][:50]),
            reason="missing_values",
            hint="pass na_rm=True to drop them (R's default)",
        )
    if statistic in ("saddlepoint", "lincom"):
        f_test = design.chisq(row, col, na_rm=na_rm)
        chisq = float(f_test["chisq"].iloc[0])
        ddf = np.inf if design.is_replicate else float(f_test["ddf"].iloc[0])
        delta = _delta(design, row, col, step)
        if statistic == "saddlepoint":
            p = _saddlepoint_p(chisq, delta, ddf)
        else:
            p = _lincom_p(chisq, delta, ddf)
        out = {"statistic": chisq, "ndf": np.nan, "ddf": np.nan, "p": p}
    elif statistic == "Chisq":
        f_test = design.chisq(row, col, na_rm=na_rm)
        chisq, f = float(f_test["chisq"].iloc[0]), float(f_test["F"].iloc[0])
        rc, cc, _ = _observed(design, row, col, step)
        k = int(rc.max()) * int(cc.max())
        scaled = k * f  # X^2 / mean(diag(Delta)), tr(Delta) = X^2 / F
        out = {"statistic": chisq, "ndf": k, "ddf": np.inf, "p": stats.chi2.sf(scaled, k)}
    else:
        out = _wald(design, row, col, statistic == "adjWald", step)
        out["p"] = stats.f.sf(out["statistic"], out["ndf"], out["ddf"])
    return pd.DataFrame(
        {
            "statistic": [out["statistic"]],
            "ndf": [out["ndf"]],
            "ddf": [out["ddf"]],
            "p": [out["p"]],
            "method": [statistic],
        },
        index=pd.Index([f"{row} x {col}"], name="test"),
    )
