"""Confidence intervals for a proportion (R's ``svyciprop``: logit and Korn-Graubard beta).

Notes
-----
With :math:`\\hat p` the design-based proportion, :math:`v` its linearised variance,
:math:`\\nu` the design degrees of freedom and :math:`n` the number of rows:

* ``logit``: :math:`\\operatorname{expit}\\big(\\operatorname{logit}\\hat p \\pm t_{\\nu}
  \\sqrt{v} / (\\hat p (1-\\hat p))\\big)` -- R fits ``svyglm(y ~ 1, quasibinomial)``, whose
  sandwich SE of the intercept is exactly this delta-method SE.
* ``beta`` (Korn and Graubard 1998): effective size
  :math:`n^* = \\hat p(1-\\hat p)/v \\cdot (t_{n-1}/t_{\\nu})^2` and Clopper-Pearson limits
  :math:`B_{\\alpha/2}(n^*\\hat p,\\, n^*(1-\\hat p)+1)`,
  :math:`B_{1-\\alpha/2}(n^*\\hat p+1,\\, n^*(1-\\hat p))`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._linear import linear_stats, quantile, result_frame
from heroes_research.survey._variables import categories, is_categorical, require, usable
from heroes_research.survey._variance import degrees_of_freedom

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["PROPORTION_CI_METHODS", "proportion_ci"]

PROPORTION_CI_METHODS = ("logit", "beta")


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


def proportion_ci(
    design: SurveyDesign, var: str, level: Any, method: str, conf_level: float, na_rm: bool
) -> pd.DataFrame:
    """Proportion of rows with ``var == level`` and its confidence interval."""
    step = f"estimating the proportion {var}={level!r}"
    if method not in PROPORTION_CI_METHODS:
        raise EstimationError(
            f"{step}: unknown method {method!r}",
            reason="bad_method",
            hint=f"use one of {', '.join(PROPORTION_CI_METHODS)}",
        )
    require(design.data, [var], step)
    x, missing = _indicator(design, var, level, step)
    rows = usable(design.data, {var: missing}, np.ones(len(x), dtype=bool), na_rm, step)
    stats = linear_stats(design, [lambda: x], rows, "mean", deff=False)
    p, se = float(stats.estimate[0]), float(stats.se[0])
    df = degrees_of_freedom(design._layout)
    if not 0 < p < 1 or se == 0:
        raise EstimationError(
            f"{step}: the proportion is {p:g} with SE {se:g}, so neither interval is defined",
            variable=var,
            reason="degenerate_proportion",
            hint="report the estimate without an interval, or pool categories",
        )
    if method == "logit":
        half = quantile(conf_level, df) * se / (p * (1 - p))
        logit = np.log(p / (1 - p))
        low, high = 1 / (1 + np.exp(-(logit - half))), 1 / (1 + np.exp(-(logit + half)))
    else:
        from scipy import stats as sps

        alpha = 1 - conf_level
        n_eff = (
            p * (1 - p) / se**2 * (sps.t.ppf(alpha / 2, len(x) - 1) / sps.t.ppf(alpha / 2, df)) ** 2
        )
        low = sps.beta.ppf(alpha / 2, n_eff * p, n_eff * (1 - p) + 1)
        high = sps.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p))
    out = result_frame(
        pd.Index([level], name=var),
        np.array([p]),
        np.array([se]),
        np.array([np.count_nonzero(rows & (x == 1))]),
        conf_level,
    )
    out["ci_low"], out["ci_high"] = float(low), float(high)
    return out
