"""Population variance of a variable (R's ``svyvar``) and design-based t tests (R's ``svyttest``).

Notes
-----
``svyvar``: :math:`\\hat\\sigma^2 = \\frac{n}{n-1} \\sum_i w_i (x_i - \\bar x)^2 / \\sum_i w_i`.
On a linearisation design its SE is that of the mean of
:math:`\\frac{n}{n-1}(x_i - \\bar x)^2` with :math:`\\bar x` held fixed, as R's
``svyvar.survey.design`` (:math:`n` the rows of the design, or of the domain); on a
replicate design each replicate recomputes :math:`\\bar x` (R's ``svyvar.svyrep.design``,
:math:`n` the rows with a value).

``svyttest``: one sample, :math:`t = \\hat\\mu / se` on :math:`\\nu - 1` degrees of freedom;
two groups, the coefficient of the group in the weighted regression
:math:`y \\sim g` with its design SE on the model's residual degrees of freedom
(Lumley 2010, sec. 2.3 and 5.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._by import domain_set
from heroes_research.survey._linear import linear_stats
from heroes_research.survey._linear import quantile as critical
from heroes_research.survey._tidy import tidy_frame
from heroes_research.survey._variables import categories, is_categorical, numeric, require, usable
from heroes_research.survey._variance import degrees_of_freedom

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["survey_ttest", "survey_var"]


def _weighted_variance(x: np.ndarray, w: np.ndarray, n: int) -> np.ndarray:
    """:math:`n/(n-1) \\sum w (x - \\bar x)^2 / \\sum w` for each column of ``w``."""
    w = w.reshape(len(x), -1)
    total = w.sum(axis=0)
    mean = (x @ w) / total
    return n / (n - 1) * ((x[:, None] - mean) ** 2 * w).sum(axis=0) / total


def _one_variance(
    design: SurveyDesign, x: np.ndarray, rows: np.ndarray, domain: np.ndarray
) -> tuple[float, float]:
    w = np.asarray(design._layout.weights)
    rep = design._layout.replicates
    if rep is not None:
        used = np.flatnonzero(rows)
        n = len(used)
        estimate = float(_weighted_variance(x[used], w[used], n)[0])
        replicates = _weighted_variance(x[used], rep.weights(w)[used], n)
        return estimate, float(np.sqrt(rep.covariance((replicates - estimate)[:, None])[0, 0]))
    n = int(np.count_nonzero(domain))
    xs = np.where(rows, x, 0.0)
    mean = float(linear_stats(design, [lambda: xs], rows, "mean", False).estimate[0])
    squares = np.where(rows, (xs - mean) ** 2 * n / (n - 1), 0.0)
    stats_ = linear_stats(design, [lambda: squares], rows, "mean", False)
    return float(stats_.estimate[0]), float(stats_.se[0])


def survey_var(
    design: SurveyDesign,
    var: str | Sequence[str],
    by: str | Sequence[str] | None,
    *,
    na_rm: bool,
    conf_level: float,
) -> pd.DataFrame:
    """Variances of numeric variables, overall or by domain (tidy frame, normal interval)."""
    names = [var] if isinstance(var, str) else list(var)
    step = f"estimating the variance of {', '.join(map(repr, names))}"
    require(design.data, names, step)
    domains = domain_set(design, by, step)
    out: dict[str, list] = {k: [] for k in ("variable", "estimate", "se", "n")}
    for mask in domains.masks:
        for name in names:
            x = numeric(design.data, name, step)
            rows = usable(design.data, {name: np.isnan(x)}, mask, na_rm, step)
            if np.count_nonzero(rows) < 2:
                raise EstimationError(
                    f"{step}: fewer than two rows with a value",
                    variable=name,
                    reason="too_few_rows",
                    hint="a variance needs at least two respondents in the domain",
                )
            estimate, se = _one_variance(design, x, rows, mask)
            for key, value in zip(out, (name, estimate, se, np.count_nonzero(rows)), strict=True):
                out[key].append(value)
    q = critical(conf_level)
    estimate, se = np.array(out["estimate"]), np.array(out["se"])
    return tidy_frame(
        domains.repeat(len(names)) or None,
        variable=out["variable"],
        estimate=estimate,
        se=se,
        ci_low=estimate - q * se,
        ci_high=estimate + q * se,
        conf_level=conf_level,
        n=out["n"],
    )


def _group_formula(design: SurveyDesign, var: str, group: str, step: str) -> str:
    """``y ~ g`` after checking that ``g`` has exactly two values (R: "group must be binary")."""
    values = design.data[group]
    if is_categorical(values):
        cats = categories(design.data, group)
        levels = cats.levels[np.unique(cats.codes[cats.codes >= 0])]
        ok = len(levels) == 2
        shown = ", ".join(map(str, levels[:5]))
    else:
        observed = np.unique(values.dropna().to_numpy(dtype=float))
        ok = set(observed) in ({0.0, 1.0}, {1.0, 2.0})
        shown = ", ".join(f"{v:g}" for v in observed[:5])
    if not ok:
        raise EstimationError(
            f"{step}: the group must have exactly two values (0/1, 1/2 or two categories); "
            f"found {shown}",
            variable=group,
            reason="group_not_binary",
            hint="recode the group to two levels, or compare two domains at a time",
        )
    return f"`{var}` ~ `{group}`"  # text columns are coded as treatment contrasts


def survey_ttest(
    design: SurveyDesign,
    var: str,
    group: str | None,
    *,
    na_rm: bool,
    conf_level: float,
) -> pd.DataFrame:
    """One-sample or two-group design-based t test (tidy frame plus ``statistic, df, p``)."""
    from scipy import stats

    from heroes_research.survey._glm import fit_model

    step = f"testing the mean of {var!r}" + (f" between the groups of {group!r}" if group else "")
    require(design.data, [var] + ([group] if group else []), step)
    if group is None:
        x = numeric(design.data, var, step)
        rows = usable(design.data, {var: np.isnan(x)}, np.ones(design.n, dtype=bool), na_rm, step)
        xs = np.where(rows, x, 0.0)
        result = linear_stats(design, [lambda: xs], rows, "mean", False)
        estimate, se = float(result.estimate[0]), float(result.se[0])
        df = degrees_of_freedom(design._layout) - 1  # R: degf(design) - 1
        label, n = "mean", int(np.count_nonzero(rows))
    else:
        model = fit_model(
            design,
            _group_formula(design, var, group, step),
            "gaussian",
            na_rm=na_rm,
            step=step,
        )
        estimate, se = float(model.coef[1]), float(np.sqrt(model.cov[1, 1]))
        df, label, n = model.df, f"difference in mean ({model.terms[1]})", int(model.rows.sum())
    q = critical(conf_level, df)
    t = estimate / se
    frame = tidy_frame(
        None,
        variable=var,
        level=label,
        estimate=[estimate],
        se=[se],
        ci_low=[estimate - q * se],
        ci_high=[estimate + q * se],
        conf_level=conf_level,
        n=n,
    )
    frame["statistic"] = t
    frame["df"] = df
    frame["p"] = 2 * stats.t.sf(abs(t), df) if df > 0 else np.nan
    return frame
