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
values, stopping rule) is what makes the SEs equal R's to 1e-6. It solves the
p x p normal equations, so a 10^6-row logistic model takes a few passes over X.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._linear import influence_variance, quantile
from heroes_research.survey._variables import require, usable
from heroes_research.survey._variance import degrees_of_freedom

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["FAMILIES", "fit_glm"]

FAMILIES = ("gaussian", "binomial")
_EPSILON = 1e-8  # R's glm.control() defaults
_MAXIT = 25
_EPS = np.finfo(float).eps


@dataclass(frozen=True)
class _Fit:
    coef: np.ndarray
    working_weights: np.ndarray
    working_residuals: np.ndarray
    converged: bool


def _model_matrices(design: SurveyDesign, formula: str, na_rm: bool, step: str):
    from formulaic import Formula

    parsed = Formula(formula)
    if not hasattr(parsed, "lhs"):
        raise EstimationError(
            f"{step}: the formula has no response",
            reason="bad_formula",
            hint="write it as 'y ~ x1 + x2'",
        )
    names = sorted(str(v) for v in parsed.required_variables)
    require(design.data, names, step)
    data = design.data
    missing = {name: data[name].isna().to_numpy() for name in names}
    rows = usable(data, missing, np.ones(len(data), dtype=bool), na_rm, step)
    used = data.loc[rows, names] if not rows.all() else data[names]
    y, x = parsed.get_model_matrix(used, na_action="ignore")
    if y.shape[1] != 1:
        raise EstimationError(
            f"{step}: the response must be one numeric column",
            variable=str(parsed.lhs),
            reason="bad_response",
            hint="recode a categorical response to 0/1",
        )
    return np.asarray(y, dtype=float)[:, 0], np.asarray(x, dtype=float), list(x.columns), rows


def _check_rank(x: np.ndarray, terms: list[str], step: str) -> None:
    """Raise on aliased columns: R's pivoting QR tolerance 1e-7 on the unpivoted R factor."""
    r = np.linalg.qr(x, mode="r")
    norms = np.linalg.norm(x, axis=0)
    aliased = np.abs(np.diag(r)) <= 1e-7 * np.where(norms > 0, norms, 1.0)
    if aliased.any():
        bad = [t for t, a in zip(terms, aliased, strict=True) if a]
        raise EstimationError(
            f"{step}: the model matrix is singular; {', '.join(bad)} is a linear combination "
            "of the other terms (or constant)",
            variable=bad[0],
            reason="singular_model",
            hint="drop the redundant term(s) or merge empty categories",
        )


def _irls(y: np.ndarray, x: np.ndarray, prior: np.ndarray, family: str) -> _Fit:
    """R's glm.fit iteration (same start, update and stopping rule)."""
    if family == "gaussian":
        xw = x * prior[:, None]
        coef = np.linalg.solve(x.T @ xw, xw.T @ y)
        return _Fit(coef, prior, y - x @ coef, True)
    mu = (prior * y + 0.5) / (prior + 1)
    eta = np.log(mu / (1 - mu))
    dev_old = _binomial_deviance(y, mu, prior)
    for _ in range(_MAXIT):
        mu_eta = np.maximum(mu * (1 - mu), _EPS)
        z = eta + (y - mu) / mu_eta
        ww = prior * mu_eta**2 / (mu * (1 - mu))
        xw = x * ww[:, None]
        coef = np.linalg.solve(x.T @ xw, xw.T @ z)
        eta = x @ coef
        mu = 1 / (1 + np.exp(-eta))
        dev = _binomial_deviance(y, mu, prior)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < _EPSILON:
            return _Fit(coef, ww, (y - mu) / np.maximum(mu * (1 - mu), _EPS), True)
        dev_old = dev
    return _Fit(coef, ww, (y - mu) / np.maximum(mu * (1 - mu), _EPS), False)


def _binomial_deviance(y: np.ndarray, mu: np.ndarray, prior: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(y > 0, y * np.log(y / mu), 0.0)
        b = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - mu)), 0.0)
    return float(2 * np.sum(prior * (a + b)))


def fit_glm(
    design: SurveyDesign, formula: str, family: str, *, na_rm: bool, conf_level: float
) -> pd.DataFrame:
    """Fit the model; return the coefficient table (estimate, se, ci_low, ci_high, p, n)."""
    from scipy import stats

    step = f"fitting the {family} model {formula!r}"
    if family not in FAMILIES:
        raise EstimationError(
            f"{step}: unknown family", reason="bad_family", hint=f"use one of {', '.join(FAMILIES)}"
        )
    y, x, terms, rows = _model_matrices(design, formula, na_rm, step)
    if family == "binomial" and (np.any(y < 0) or np.any(y > 1)):
        raise EstimationError(
            f"{step}: a binomial response must lie in [0, 1]",
            variable=formula.split("~")[0].strip(),
            reason="bad_response",
            hint="use a 0/1 indicator of the outcome",
        )
    _check_rank(x, terms, step)
    weights = design._layout.weights[rows]
    fit = _irls(y, x, weights / weights.mean(), family)  # R rescales weights to mean 1
    if not fit.converged:
        raise EstimationError(
            f"{step}: the fit did not converge in {_MAXIT} iterations",
            reason="not_converged",
            hint="check for separation or rare outcomes",
        )
    bread = np.linalg.inv(x.T @ (x * fit.working_weights[:, None]))
    scores = (x * (fit.working_residuals * fit.working_weights)[:, None]) @ bread

    def influence(j: int):
        def make() -> np.ndarray:
            z = np.zeros(len(rows))
            z[rows] = scores[:, j]
            return z

        return make

    cov = influence_variance(design, [influence(j) for j in range(len(terms))], rows)
    se = np.sqrt(np.diag(cov))
    df = degrees_of_freedom(design._layout, rows) + 1 - len(terms)
    q = quantile(conf_level, df)
    tvalue = fit.coef / se
    return pd.DataFrame(
        {
            "estimate": fit.coef,
            "se": se,
            "ci_low": fit.coef - q * se,
            "ci_high": fit.coef + q * se,
            "p": 2 * stats.t.sf(np.abs(tvalue), df) if df > 0 else np.nan,
            "n": np.count_nonzero(rows),
        },
        index=pd.Index(terms, name="term"),
    )
