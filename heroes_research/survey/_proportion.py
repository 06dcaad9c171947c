"""Confidence intervals for a proportion, overall or by domain (R's ``svyciprop``, ``svyby``).

Notes
-----
With :math:`\\hat p` the design-based proportion of a domain, :math:`v` its linearised
variance (the full design kept, as ``svyby``), :math:`\\nu` the degrees of freedom and
:math:`m` the number of rows of the domain's subset design:

* ``logit``: :math:`\\operatorname{expit}\\big(\\operatorname{logit}\\hat p \\pm t_{\\nu}
  \\sqrt{v} / (\\hat p (1-\\hat p))\\big)` -- R fits ``svyglm(y ~ 1, quasibinomial)``, whose
  sandwich SE of the intercept is exactly this delta-method SE.
* ``beta`` (Korn and Graubard 1998): effective size
  :math:`n^* = \\hat p(1-\\hat p)/v \\cdot (t_{m-1}/t_{\\nu})^2` and Clopper-Pearson limits
  :math:`B_{\\alpha/2}(n^*\\hat p,\\, n^*(1-\\hat p)+1)`,
  :math:`B_{1-\\alpha/2}(n^*\\hat p+1,\\, n^*(1-\\hat p))`.

* ``likelihood``: the Rao-Scott scaled profile likelihood of R's intercept-only
  quasibinomial ``svyglm``; see :mod:`heroes_research.survey._likelihood`.

``svyby`` calls ``svyciprop`` on ``design[by == d, ]``, so :math:`\\nu` is that subset's
``degf`` (PSUs minus strata with a row in the domain) and :math:`m` its ``nrow`` (the
domain's rows; every row for a calibrated design, which R subsets by zeroing weights).
Without ``by`` they are the whole design's.

At :math:`\\hat p \\in \\{0, 1\\}` the variance is 0 (every influence value is 0). R's
``beta`` gives ``NaN`` limits (:math:`n^* = 0/0`); R's ``logit`` glm does not converge and
returns the point itself, :math:`[\\hat p, \\hat p]` to 1e-10. With :math:`\\nu \\le 0` (a
domain in a single PSU) both are ``NaN`` (:math:`t_0` is undefined). These rows are
returned as R returns them, with a ``RuntimeWarning`` naming the domains.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._estimators import DomainEstimates, domain_frame, indicator_means
from heroes_research.survey._share_ci import SHARE_SCALES, share_limits
from heroes_research.survey._tidy import tidy_frame
from heroes_research.survey._variables import (
    Domains,
    categories,
    check_conf_level,
    is_categorical,
    require,
)
from heroes_research.survey._variance import degrees_of_freedom, domain_degrees_of_freedom

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["PROPORTION_CI_METHODS", "proportion_ci"]

PROPORTION_CI_METHODS = ("logit", "likelihood", "beta", *SHARE_SCALES)


def _indicator(
    design: SurveyDesign, var: str, level: Any, step: str
) -> tuple[np.ndarray, np.ndarray]:
    """(var == level) as floats, and the missing rows."""
    series = design.data[var]
    if is_categorical(series):
        cats = categories(design.data, var)
        if level not in cats.levels:
            raise EstimationError(
                f"{step}: level {level!r} does not occur",
                variable=var,
                reason="unknown_level",
                hint=f"choose one of {', '.join(map(repr, cats.levels[:20]))}",
            )
        return (cats.codes == cats.levels.get_loc(level)).astype(float), cats.missing
    values = series.to_numpy(dtype=float, na_value=np.nan)
    return (values == float(level)).astype(float), np.isnan(values)


def _subset_sizes(design: SurveyDesign, dom: Domains | None) -> tuple[np.ndarray, np.ndarray]:
    """Degrees of freedom and number of rows of each domain's subset design (R's svyby)."""
    lay = design._layout
    if dom is None:
        return np.array([degrees_of_freedom(lay)]), np.array([design.n])
    codes, n_domains = dom.codes, len(dom)
    rows = np.bincount(codes[codes >= 0], minlength=n_domains)
    if design._calibration:  # R keeps every row of a calibrated design (zero weights)
        rows = np.full(n_domains, design.n)
    return domain_degrees_of_freedom(lay, codes, n_domains), rows


def _t(prob: float, df: np.ndarray) -> np.ndarray:
    """Student t quantiles; NaN for df <= 0, as R's ``qt``."""
    from scipy import stats

    df = np.asarray(df, dtype=float)
    return stats.t.ppf(prob, np.where(df > 0, df, np.nan))


def _logit_limits(
    p: np.ndarray, se: np.ndarray, df: np.ndarray, conf_level: float
) -> tuple[np.ndarray, np.ndarray]:
    from scipy.special import expit, logit

    with np.errstate(divide="ignore", invalid="ignore"):
        half = _t(0.5 + conf_level / 2, df) * se / (p * (1 - p))
        centre = logit(p)
        low, high = expit(centre - half), expit(centre + half)
    edge = ((p == 0) | (p == 1)) & (df > 0)  # R: the non-converged glm returns the point
    return np.where(edge, p, low), np.where(edge, p, high)


def _beta_limits(
    p: np.ndarray, se: np.ndarray, df: np.ndarray, rows: np.ndarray, conf_level: float
) -> tuple[np.ndarray, np.ndarray]:
    from scipy import stats

    alpha = 1 - conf_level
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = p * (1 - p) / se**2 * (_t(alpha / 2, rows - 1) / _t(alpha / 2, df)) ** 2
        low = stats.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1)
        high = stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p))
    return low, high


def _likelihood_limits(
    design: SurveyDesign,
    x: np.ndarray,
    missing: np.ndarray,
    est: DomainEstimates,
    df: np.ndarray,
    conf_level: float,
    step: str,
) -> tuple[np.ndarray, np.ndarray]:
    """R's likelihood interval in each domain, on its subset design (see ``_likelihood``)."""
    from heroes_research.survey._likelihood import likelihood_limits

    if design.is_replicate:
        raise EstimationError(
            f"{step}: the likelihood interval is not defined on a replicate design "
            "(R's svyciprop returns NA there: its svrepglm dispersion is not on the "
            "deviance's scale)",
            variable="method",
            reason="unsupported_design",
            hint="use method='logit' or 'beta' (which R computes on replicate designs too)",
        )
    w = np.asarray(design._layout.weights)
    limits = []
    for d in range(len(est.rows)):
        domain = np.ones(design.n, dtype=bool) if est.domains is None else est.domains.codes == d
        subset = np.ones(design.n, dtype=bool) if design._calibration else domain
        glm = subset & ~missing  # R's glm drops the rows without a value
        weights = np.where(domain, w, 0.0)
        mean_weight = weights[subset].mean()
        limits.append(
            likelihood_limits(x[glm], weights[glm], mean_weight, est.se[d], df[d], conf_level)
        )
    low, high = np.array(limits, dtype=float).reshape(-1, 2).T
    return low, high


def _warn_degenerate(
    est: DomainEstimates,
    p: np.ndarray,
    df: np.ndarray,
    low: np.ndarray,
    method: str,
    step: str,
) -> None:
    """One RuntimeWarning naming the domains whose interval is NaN or a single point."""

    def where(mask: np.ndarray) -> str:
        if est.domains is None:
            return "the whole sample"
        name, values = est.domains.labels(mask)
        shown = ", ".join(map(repr, values[:10]))
        more = len(values) - 10
        return f"{name}={shown}" + (f" and {more} more" if more > 0 else "")

    edge = (p == 0) | (p == 1)
    single = df <= 0
    problems = []
    if (mask := single).any():
        problems.append(f"{where(mask)}: a single PSU, no degrees of freedom -> NaN interval")
    if (mask := edge & ~single & np.isnan(low)).any():
        problems.append(f"{where(mask)}: share 0 or 1 with SE 0, n_eff = 0/0 -> NaN interval")
    if (mask := edge & ~single & ~np.isnan(low)).any():
        problems.append(f"{where(mask)}: share 0 or 1 with SE 0 -> the interval is the point")
    if (mask := ~edge & ~single & np.isnan(low)).any():
        problems.append(f"{where(mask)}: SE 0 -> NaN interval")
    if problems:
        warnings.warn(
            f"{step}: no {method} confidence interval (as R's svyciprop) for "
            + "; ".join(problems)
            + ". Report the estimate and count without an interval, or pool domains/categories.",
            RuntimeWarning,
            stacklevel=4,
        )


def proportion_ci(
    design: SurveyDesign,
    var: str,
    level: Any,
    method: str,
    conf_level: float,
    na_rm: bool,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Proportion of rows with ``var == level``, overall or by domain, with its interval."""
    step = f"estimating the proportion {var}={level!r}" + (f" by {by!r}" if by else "")
    conf_level = check_conf_level(conf_level, step)
    if method not in PROPORTION_CI_METHODS:
        raise EstimationError(
            f"{step}: unknown method {method!r}",
            variable=var,
            reason="bad_method",
            hint=f"use one of {', '.join(PROPORTION_CI_METHODS)}",
        )
    require(design.data, [var], step)
    x, missing = _indicator(design, var, level, step)
    est = indicator_means(design, x, missing, var, by, na_rm=na_rm, step=step)
    df, rows = _subset_sizes(design, est.domains)
    p, se = est.estimate, est.se
    if method == "logit" and design.is_replicate:  # R refits the glm per replicate
        from heroes_research.survey._replicate import replicate_logit_se

        logit_se = np.array([replicate_logit_se(design, x, r) for r in est.rows])
        low, high = _logit_limits(p, logit_se * p * (1 - p), df, conf_level)
    elif method == "logit":
        low, high = _logit_limits(p, se, df, conf_level)
    elif method == "likelihood":
        low, high = _likelihood_limits(design, x, missing, est, df, conf_level, step)
    elif method == "beta":
        low, high = _beta_limits(p, se, df, rows, conf_level)
    else:  # mean, xlogit, asin: R's svyciprop via svymean/svycontrast
        low, high = share_limits(p, se, df, method, conf_level)
    _warn_degenerate(est, p, df, low, method, step)
    return tidy_frame(
        domain_frame(est.domains, 1),
        variable=var,
        level=level,
        estimate=p,
        se=se,
        ci_low=low,
        ci_high=high,
        conf_level=conf_level,
        n=[np.count_nonzero(r) for r in est.rows],
        n_level=[np.count_nonzero(r & (x == 1)) for r in est.rows],
    )
