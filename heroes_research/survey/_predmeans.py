"""Predictive marginal means of a survey GLM by a group (R's ``svypredmeans``).

Notes
-----
For each value :math:`g` of the group, every row :math:`i` the model used gets the
prediction with its group set to :math:`g` and its other covariates as observed,
:math:`\\hat\\mu_{ig} = h(x_{ig}^T\\hat\\beta)`, and the marginal mean is their weighted
mean over the whole sample, :math:`\\hat m_g = \\sum_i w_i\\hat\\mu_{ig} / \\sum_i w_i`
(Graubard and Korn 1999). Its covariance adds two parts, as R's ``svypredmeans``:
the design covariance of the weighted means of the fixed predictions (the
covariates' variability; R's ``svymean`` of the predictions) and the delta-method
term for the coefficients, :math:`D^T \\hat V_\\beta D` with
:math:`D_{\\cdot g} = \\sum_i w_i\\, h'(\\hat\\eta_{ig})\\, x_{ig} / \\sum_i w_i`
(R's ``dg_deta``). On a replicate design both parts are the replicates' (R's
``svymean`` of the predictions on the replicate design, and the replicate
covariance of the coefficients).

Reference: Graubard, B. I. and Korn, E. L. (1999). Predictive margins with survey
data. *Biometrics* 55, 652-659.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._covariance import linear_covariance, with_covariance
from heroes_research.survey._linear import limits
from heroes_research.survey._tidy import tidy_frame
from heroes_research.survey._variables import check_conf_level

if TYPE_CHECKING:
    from heroes_research.survey._model import SurveyModel

__all__ = ["predictive_means"]


def _group_values(
    model: SurveyModel, group: str, at: Sequence[object] | None, step: str
) -> list[object]:
    """The values to set the group to: ``at``, else those of the rows the model used
    (category order for a categorical, sorted otherwise). A non-numeric group takes
    only the values the model was fitted on."""
    observed = model.design.data.loc[model.fit.rows, group]
    if isinstance(observed.dtype, pd.CategoricalDtype):
        fitted = observed.cat.remove_unused_categories().cat.categories.tolist()
    else:
        fitted = sorted(observed.dropna().unique().tolist())
    if at is None:
        return fitted
    values = list(at)
    if not values:
        raise EstimationError(
            f"{step}: 'at' is empty",
            variable="at",
            reason="bad_argument",
            hint="give the values of the group to predict at, or leave 'at' out",
        )
    if not pd.api.types.is_numeric_dtype(observed.dtype):
        unknown = [v for v in values if v not in fitted]
        if unknown:
            raise EstimationError(
                f"{step}: 'at' has {', '.join(map(repr, unknown))}, not a value of "
                f"{group!r} in the rows the model used",
                variable="at",
                reason="unknown_level",
                hint=f"use some of {', '.join(map(repr, fitted))}",
            )
    return values


def _check_group(model: SurveyModel, group: str, step: str) -> None:
    """The group must be a predictor of the model (R adds it; here the model has it)."""
    if group not in model.predictors:
        rhs = model.fit.formula.split("~", 1)[1].strip()
        raise EstimationError(
            f"{step}: the group {group!r} is not a predictor of the model",
            variable=group,
            reason="unknown_term",
            hint=f"fit the model with it, e.g. design.model('{model.response} ~ {rhs} + "
            f"{group}'): R's svypredmeans(model, ~{group}) adds the group to the model",
        )


def _like(original: pd.Series, values: list[object]) -> object:
    """``values`` as a column of the type of ``original`` (keeping its categories)."""
    if isinstance(original.dtype, pd.CategoricalDtype):
        return pd.Categorical(values, categories=original.cat.categories)
    return values


def _predictions(
    model: SurveyModel, group: str, values: list[object], share: np.ndarray, step: str
) -> tuple[list[np.ndarray], np.ndarray]:
    """Per value: the predicted means of the used rows with the group set to it, and the
    gradient of their weighted mean with respect to the (non-aliased) coefficients."""
    ok = ~model.fit.aliased
    beta = model.fit.coef[ok]
    data = model.design.data.loc[model.fit.rows, model.predictors]
    predictions: list[np.ndarray] = []
    gradient = np.empty((len(beta), len(values)))
    for j, value in enumerate(values):
        setting = {group: _like(data[group], [value] * len(data))}
        x = model._encode(data.assign(**setting), step)[:, ok]
        mu, mu_eta = model._mean(x @ beta)
        predictions.append(mu)
        gradient[:, j] = x.T @ (share * mu_eta)
    return predictions, gradient


def predictive_means(
    model: SurveyModel,
    group: str,
    at: Sequence[object] | None = None,
    *,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """The predictive marginal mean at each value of ``group``, with their covariance.

    See :meth:`SurveyModel.predmeans <heroes_research.survey._model.SurveyModel.predmeans>`.
    """
    step = f"predictive marginal means of {model.fit.formula!r} by {group!r}"
    conf_level = check_conf_level(conf_level, step)
    _check_group(model, group, step)
    values = _group_values(model, group, at, step)
    fit = model.fit
    rows = fit.rows
    weights = np.asarray(model.design._layout.weights, dtype=float)[rows]
    share = weights / weights.sum()
    ok = ~fit.aliased
    predictions, gradient = _predictions(model, group, values, share, step)
    estimate = np.array([share @ mu for mu in predictions])

    def full(mu: np.ndarray) -> np.ndarray:
        out = np.zeros(len(rows))
        out[rows] = mu
        return out

    columns = [lambda mu=mu: full(mu) for mu in predictions]
    covariates = linear_covariance(model.design, columns, [rows], estimate, "mean")
    cov = covariates + gradient.T @ fit.cov[np.ix_(ok, ok)] @ gradient
    se = np.sqrt(np.diag(cov))
    low, high = limits(estimate, se, conf_level)
    frame = tidy_frame(
        {group: _like(model.design.data[group], values)},
        variable=model.response,
        estimate=estimate,
        se=se,
        ci_low=low,
        ci_high=high,
        conf_level=conf_level,
        n=int(np.count_nonzero(rows)),
    )
    return with_covariance(frame, cov)
