"""Design-weighted GLMs with linearised (sandwich) SEs, as R's ``svyglm``.

Notes
-----
Coefficients solve the weighted score equations :math:`\\sum_i w_i x_i (y_i - \\mu_i) = 0`
(gaussian identity or binomial logit). With :math:`A = X^T W X` (working weights at
convergence) the influence of row *i* is :math:`A^{-1} x_i\\, r_i\\, w_i` (working
residual times working weight) and the variance is the design variance of these
influences (Binder 1983; R's ``svy.varcoef``). Tests and intervals use Student t
with :math:`\\nu + 1 - p` degrees of freedom (R's ``df.residual`` of ``svyglm``).

Why the IRLS is hand-written: R's ``glm.fit`` reports the working weights of its
*last* iteration, which the sandwich uses; replaying the same iteration (start
values, stopping rule) is what makes the SEs equal R's to 1e-6. It accumulates the
p x p normal equations over row blocks, and the sandwich sums the scores within PSUs
before applying :math:`A^{-1}` (the PSU totals are linear), so no n x p influence
matrix is formed: a 10^6-row logistic model takes a few passes over X.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._linear import influence_variance, limits
from heroes_research.survey._tidy import tidy_frame
from heroes_research.survey._variables import check_conf_level, require, usable
from heroes_research.survey._variance import degrees_of_freedom

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["FAMILIES", "ModelFit", "fit_glm", "fit_model"]

FAMILIES = ("gaussian", "binomial", "quasibinomial", "poisson", "quasipoisson")
# R's svyglm gives the same coefficients and sandwich SEs (and t tests) for a family
# and its quasi version; these are the fitting kernels.
_KERNEL = {
    "gaussian": "gaussian",
    "binomial": "binomial",
    "quasibinomial": "binomial",
    "poisson": "poisson",
    "quasipoisson": "poisson",
}
_EPSILON = 1e-8  # R's glm.control() defaults
_MAXIT = 25
_EPS = np.finfo(float).eps
_BLOCK = 1 << 16


@dataclass(frozen=True)
class _Fit:
    coef: np.ndarray
    working_weights: np.ndarray
    working_residuals: np.ndarray
    converged: bool


def _model_matrices(
    design: SurveyDesign, formula: str, na_rm: bool, step: str
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray, Any]:
    """Response, transposed model matrix (p x n, C-contiguous), term names, rows used, and the
    model matrix's formulaic spec (to encode new data)."""
    from formulaic import Formula

    parsed = Formula(formula)
    if not hasattr(parsed, "lhs"):
        raise EstimationError(
            f"{step}: the formula has no response",
            variable="formula",
            reason="bad_formula",
            hint="write it as 'y ~ x1 + x2'",
        )
    # Per factor, so that a backtick-quoted column such as `avg.ed` keeps its full name.
    names = sorted(
        {
            str(v)
            for side in (parsed.lhs, parsed.rhs)
            for term in side
            for factor in term.factors
            for v in factor.required_variables
        }
    )
    require(design.data, names, step)
    data = design.data
    missing = {name: data[name].isna().to_numpy() for name in names}
    rows = usable(data, missing, np.ones(len(data), dtype=bool), na_rm, step)
    used = data[names] if rows.all() else data.loc[rows, names]
    used = _drop_unused_levels(used)
    y, x = parsed.get_model_matrix(used, na_action="ignore")
    if y.shape[1] != 1:
        raise EstimationError(
            f"{step}: the response must be one numeric column",
            variable=str(parsed.lhs),
            reason="bad_response",
            hint="recode a categorical response to 0/1",
        )
    # A private p x n copy: the fit works on rows of it and overwrites it with the influences.
    xt = np.ascontiguousarray(np.asarray(x, dtype=float).T)
    y_values = np.array(np.asarray(y, dtype=float)[:, 0])
    return y_values, xt, list(x.columns), rows, x.model_spec


def _drop_unused_levels(used: pd.DataFrame) -> pd.DataFrame:
    """Categories no used row has are dropped, as R's glm (``drop.unused.levels=TRUE``)."""
    trimmed = {
        name: used[name].cat.remove_unused_categories()
        for name in used.columns
        if isinstance(used[name].dtype, pd.CategoricalDtype)
    }
    return used.assign(**trimmed) if trimmed else used


def _aliased(xt: np.ndarray) -> np.ndarray:
    """Columns that are linear combinations of earlier ones, taken in order as R's QR does.

    A column is aliased when its squared distance to the span of the earlier
    kept columns is below 1e-10 of its squared norm (computed from the p x p Gram
    matrix); R's glm then reports its coefficient as NA.
    """
    gram = xt @ xt.T
    scale = np.sqrt(np.where(np.diag(gram) > 0, np.diag(gram), 1.0))
    gram = gram / np.outer(scale, scale)
    kept: list[int] = []
    aliased = np.zeros(xt.shape[0], dtype=bool)
    for j in range(xt.shape[0]):  # p columns, not rows
        g = gram[kept, j]
        resid = gram[j, j] - (g @ np.linalg.solve(gram[np.ix_(kept, kept)], g) if kept else 0.0)
        if resid <= 1e-10:
            aliased[j] = True
        else:
            kept.append(j)
    return aliased


def _one_blas_thread() -> Any:
    """BLAS on one thread for the p x p products: they are memory-bound, and on a shared
    machine threaded BLAS was 2-4x slower for them (benchmarks/RESULTS.md)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _blocks(n: int) -> list[slice]:
    """Row blocks: bounded scratch memory, cache-sized work (not a loop over rows)."""
    return [slice(start, start + _BLOCK) for start in range(0, n, _BLOCK)]


def _normal_equations(
    xt: np.ndarray, root: np.ndarray, z: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:math:`X^T W X` and :math:`X^T W z` with :math:`W = root^2`, accumulated over row blocks."""
    p = xt.shape[0]
    gram, rhs = np.zeros((p, p)), np.zeros(p)
    for rows in _blocks(xt.shape[1]):
        xs = xt[:, rows] * root[rows]
        gram += xs @ xs.T  # a BLAS syrk
        rhs += xs @ (z[rows] * root[rows])
    return gram, rhs


def _wls(xt: np.ndarray, root: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Weighted least squares coefficients."""
    return np.linalg.solve(*_normal_equations(xt, root, z))


def _irls(y: np.ndarray, xt: np.ndarray, prior: np.ndarray, family: str) -> _Fit:
    """R's glm.fit iteration (same start, update and stopping rule).

    Elementwise steps write into preallocated buffers: at 10^6 rows, allocating
    fresh arrays costs as much as the arithmetic.
    """
    from scipy.special import expit

    if family == "gaussian":
        coef = _wls(xt, np.sqrt(prior), y)
        return _Fit(coef, prior, y - coef @ xt, True)
    if family == "poisson":
        return _irls_log(y, xt, prior)
    deviance = _binomial_deviance(y, prior)
    mu = (prior * y + 0.5) / (prior + 1)
    eta = np.log(mu / (1 - mu))
    dev_old = deviance(mu)
    var, ww, work = np.empty_like(mu), np.empty_like(mu), np.empty_like(mu)
    for _ in range(_MAXIT):
        np.subtract(1, mu, out=work)
        np.multiply(mu, work, out=var)
        np.maximum(var, _EPS, out=var)  # = d mu / d eta for the logit link
        np.multiply(prior, var, out=ww)
        np.subtract(y, mu, out=work)
        work /= var
        work += eta  # the working response z
        coef = _wls(xt, np.sqrt(ww), work)
        np.matmul(coef, xt, out=eta)
        expit(eta, out=mu)
        dev = deviance(mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < _EPSILON:
            return _Fit(coef, ww, (y - mu) / np.maximum(mu * (1 - mu), _EPS), True)
        dev_old = dev
    return _Fit(coef, ww, (y - mu) / np.maximum(mu * (1 - mu), _EPS), False)


def _irls_log(y: np.ndarray, xt: np.ndarray, prior: np.ndarray) -> _Fit:
    """R's glm.fit for poisson(link="log"): start at mu = y + 0.1, working weight prior * mu."""
    from scipy.special import xlogy

    def deviance(mu: np.ndarray) -> float:
        return float(2 * prior @ (xlogy(y, y / mu) - (y - mu)))

    mu = y + 0.1
    eta = np.log(mu)
    dev_old = deviance(mu)
    for _ in range(_MAXIT):
        mu_eta = np.maximum(np.exp(eta), _EPS)  # poisson()$mu.eta
        ww = prior * mu_eta**2 / mu
        work = eta + (y - mu) / mu_eta
        coef = _wls(xt, np.sqrt(ww), work)
        eta = coef @ xt
        mu = np.maximum(np.exp(eta), _EPS)  # poisson()$linkinv
        dev = deviance(mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < _EPSILON:
            return _Fit(coef, ww, (y - mu) / np.maximum(np.exp(eta), _EPS), True)
        dev_old = dev
    return _Fit(coef, ww, (y - mu) / np.maximum(np.exp(eta), _EPS), False)


def _binomial_deviance(y: np.ndarray, prior: np.ndarray) -> Callable[[np.ndarray], float]:
    """Deviance as a function of mu (a faster form for 0/1 responses)."""
    ones = y == 1
    if np.all(ones | (y == 0)):
        minus_two_prior = -2 * prior

        def binary(mu: np.ndarray) -> float:
            fitted = 1 - mu
            np.copyto(fitted, mu, where=ones)
            return float(minus_two_prior @ np.log(fitted, out=fitted))

        return binary

    def general(mu: np.ndarray) -> float:
        from scipy.special import xlogy

        return float(2 * prior @ (xlogy(y, y / mu) + xlogy(1 - y, (1 - y) / (1 - mu))))

    return general


def _replicate_covariance(
    design: SurveyDesign,
    y: np.ndarray,
    xt: np.ndarray,
    rows: np.ndarray,
    family: str,
    coef: np.ndarray,
    step: str,
) -> np.ndarray:
    """Covariance of the coefficients from one refit per replicate (R's ``svyglm.svyrep.design``).

    Each replicate refits the model with its weights scaled to sum 1, as R's
    ``glm.fit(weights = wi/sum(wi))``.
    """
    rep = design._layout.replicates
    full = rep.weights(np.asarray(design._layout.weights))
    betas = np.empty((rep.n_replicates, len(coef)))
    for r in range(rep.n_replicates):  # one IRLS per replicate, as R
        w = full[rows, r]
        fit = _irls(y, xt.copy(), w / w.sum(), family)
        if not fit.converged:
            raise EstimationError(
                f"{step}: replicate {r + 1} did not converge in {_MAXIT} iterations",
                reason="not_converged",
                hint="check for separation within the replicates or rare outcomes",
            )
        betas[r] = fit.coef
    return rep.covariance(betas - coef)


@dataclass(frozen=True)
class ModelFit:
    """A fitted design-weighted GLM: coefficients (NaN where aliased), covariance, rows used."""

    formula: str
    family: str
    terms: list[str]
    coef: np.ndarray
    cov: np.ndarray
    rows: np.ndarray
    df: int  # residual design degrees of freedom (R's df.residual of svyglm)
    spec: Any  # formulaic model spec: encodes new data for predictions

    @property
    def aliased(self) -> np.ndarray:
        return np.isnan(self.coef)


def _check_response(y: np.ndarray, family: str, formula: str, step: str) -> None:
    kernel = _KERNEL[family]
    if kernel == "binomial" and (np.any(y < 0) or np.any(y > 1)):
        raise EstimationError(
            f"{step}: a binomial response must lie in [0, 1]",
            variable=formula.split("~")[0].strip(),
            reason="bad_response",
            hint="use a 0/1 indicator of the outcome",
        )
    if kernel == "poisson" and np.any(y < 0):
        raise EstimationError(
            f"{step}: a {family} response must not be negative",
            variable=formula.split("~")[0].strip(),
            reason="bad_response",
            hint="model counts or rates (>= 0); use gaussian for other responses",
        )


def fit_model(
    design: SurveyDesign, formula: str, family: str, *, na_rm: bool, step: str
) -> ModelFit:
    """Fit the model and its sandwich (or replicate) covariance, as R's ``svyglm``.

    Aliased columns (linear combinations of earlier ones) get a NaN coefficient and
    NaN (co)variances, as R's NA; the model is fitted without them.
    """
    if family not in FAMILIES:
        raise EstimationError(
            f"{step}: unknown family",
            variable="family",
            reason="bad_family",
            hint=f"use one of {', '.join(FAMILIES)}",
        )
    y, xt, terms, rows, spec = _model_matrices(design, formula, na_rm, step)
    _check_response(y, family, formula, step)
    aliased = _aliased(xt)
    if aliased.all():
        raise EstimationError(
            f"{step}: every column of the model matrix is zero or constant-aliased",
            variable=terms[0],
            reason="singular_model",
            hint="check the predictors: they have no variation in the rows used",
        )
    if aliased.any():
        xt = np.ascontiguousarray(xt[~aliased])
    kernel = _KERNEL[family]
    weights = design._layout.weights[rows]
    with _one_blas_thread():
        fit = _irls(y, xt, weights / weights.mean(), kernel)  # R rescales weights to mean 1
    if not fit.converged:
        raise EstimationError(
            f"{step}: the fit did not converge in {_MAXIT} iterations",
            reason="not_converged",
            hint="check for separation or rare outcomes",
        )
    with _one_blas_thread():
        if design._layout.replicates is not None:
            cov = _replicate_covariance(design, y, xt, rows, kernel, fit.coef, step)
        else:
            cov = _sandwich(design, xt, y, rows, fit)
    # R: degf of the design without the rows with missing values; a replicate design's
    # svyglm takes the whole design's degf (it drops those rows only afterwards).
    used = None if design._layout.replicates is not None else rows
    df = degrees_of_freedom(design._layout, used) + 1 - xt.shape[0]
    coef = np.full(len(terms), np.nan)
    coef[~aliased] = fit.coef
    full_cov = np.full((len(terms), len(terms)), np.nan)
    full_cov[np.ix_(~aliased, ~aliased)] = cov
    return ModelFit(formula, family, terms, coef, full_cov, rows, df, spec)


def _sandwich(
    design: SurveyDesign, xt: np.ndarray, y: np.ndarray, rows: np.ndarray, fit: _Fit
) -> np.ndarray:
    """Linearised covariance of the coefficients (R's ``svy.varcoef``)."""
    bread = np.linalg.inv(_normal_equations(xt, np.sqrt(fit.working_weights), y)[0])
    # Influence values bread @ x_i r_i w_i: sum x_i r_i w_i within PSUs, then apply bread.
    resid_weight = fit.working_residuals * fit.working_weights

    def score(j: int):
        def make() -> np.ndarray:
            if rows.all():
                return xt[j] * resid_weight
            z = np.zeros(len(rows))
            z[rows] = xt[j] * resid_weight
            return z

        return make

    return influence_variance(design, [score(j) for j in range(xt.shape[0])], rows, bread)


def fit_glm(
    design: SurveyDesign, formula: str, family: str, *, na_rm: bool, conf_level: float
) -> pd.DataFrame:
    """Fit the model; return the tidy coefficient table (one row per term, then ``p``)."""
    from scipy import stats

    step = f"fitting the {family} model {formula!r}"
    conf_level = check_conf_level(conf_level, step)
    model = fit_model(design, formula, family, na_rm=na_rm, step=step)
    se = np.sqrt(np.diag(model.cov))
    low, high = limits(model.coef, se, conf_level, model.df)
    tvalue = model.coef / se
    return tidy_frame(
        None,
        variable=model.terms,
        estimate=model.coef,
        se=se,
        ci_low=low,
        ci_high=high,
        conf_level=conf_level,
        n=np.count_nonzero(model.rows),
        extra={"p": 2 * stats.t.sf(np.abs(tvalue), model.df) if model.df > 0
               else np.full(len(model.terms), np.nan)},
    )
