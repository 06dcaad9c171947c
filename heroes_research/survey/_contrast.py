"""Linear and nonlinear contrasts of estimates (R's ``svycontrast`` on ``svystat``/``svyby`` results).

Notes
-----
With estimates :math:`\\hat\\theta` and their covariance :math:`V` (from ``covmat=True``;
see :mod:`heroes_research.survey._covariance`), a linear contrast :math:`L^T\\hat\\theta`
has variance :math:`L^T V L`; a nonlinear one :math:`f(\\hat\\theta)` the delta-method
variance :math:`\\nabla f^T V \\nabla f` (Lumley 2010, sec. 2.4; Binder 1983). Several
contrasts at once have the joint covariance :math:`G V G^T`, :math:`G` the stacked
gradients, which the result carries in turn (so contrasts of contrasts work).
Intervals are normal, as R's ``confint`` of a ``svycontrast`` result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Real

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._covariance import estimate_names, row_covariance, with_covariance
from heroes_research.survey._expression import parse_expression
from heroes_research.survey._linear import limits
from heroes_research.survey._tidy import tidy_frame
from heroes_research.survey._variables import check_conf_level

__all__ = ["contrast"]

Weights = Mapping[str, float] | Sequence[float] | np.ndarray
Contrast = Weights | str

_STEP = "computing a contrast of estimates"


def _is_number(value: object) -> bool:
    return isinstance(value, Real | np.number) and not isinstance(value, bool)


def _named(contrasts: Contrast | Mapping[str, Contrast]) -> dict[str, Contrast]:
    """One contrast (named ``"contrast"``, as R) or several named ones."""
    if (
        isinstance(contrasts, Mapping)
        and contrasts
        and not all(_is_number(v) for v in contrasts.values())
    ):
        return {str(k): v for k, v in contrasts.items()}
    return {"contrast": contrasts}


def _linear(weights: Weights, names: list[str], name: str) -> np.ndarray:
    """The coefficient vector of a linear contrast over the rows (by name or by position)."""
    if isinstance(weights, Mapping):
        if len(set(names)) < len(names):
            raise EstimationError(
                f"{_STEP}: {name!r} names estimates, but the names of the rows are not unique",
                variable="contrasts",
                reason="duplicate_labels",
                hint="give the weights by position, one per row of the frame",
            )
        unknown = [k for k in weights if k not in names]
        if unknown:
            raise EstimationError(
                f"{_STEP}: {name!r} names {', '.join(map(repr, unknown))}, not an estimate "
                "of the result",
                variable=str(unknown[0]),
                reason="unknown_term",
                hint=f"the estimates are {', '.join(names[:20])} (R's names; see vcov())",
            )
        vector = np.array([weights.get(n, 0.0) for n in names], dtype=float)
    else:
        vector = np.asarray(weights, dtype=float).ravel()
        if len(vector) != len(names):
            raise EstimationError(
                f"{_STEP}: {name!r} has {len(vector)} weights for {len(names)} estimates",
                variable="contrasts",
                reason="bad_shape",
                hint="give one weight per row of the frame, or a {name: weight} mapping",
            )
    if not np.isfinite(vector).all():
        raise EstimationError(
            f"{_STEP}: {name!r} has a weight that is not a finite number",
            variable="contrasts",
            reason="bad_values",
            hint="use finite numbers",
        )
    return vector


def contrast(
    estimates: pd.DataFrame,
    contrasts: Contrast | Mapping[str, Contrast],
    *,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Linear or nonlinear functions of estimates with delta-method SEs (R's ``svycontrast``).

    Parameters
    ----------
    estimates
        A result of :meth:`SurveyDesign.mean`, :meth:`~SurveyDesign.total` or
        :meth:`~SurveyDesign.ratio` called with ``covmat=True`` (with or without ``by``),
        or of :func:`contrast`; its rows may have been filtered or reordered.
    contrasts
        One contrast, or ``{name: contrast}`` for several. A contrast is
        ``{estimate name: weight}`` (names left out weigh 0; R's names, see
        :func:`~heroes_research.survey.vcov`), a sequence with one weight per row, or
        an expression string as R's ``quote()``: ``"api00 / api99"``,
        ``"log(`E:api00`) - log(`M:api00`)"`` (backticks around names that are not
        identifiers; ``+ - * / ^``, numbers, ``exp log sqrt`` and the other
        functions of :data:`heroes_research.survey._expression.FUNCTIONS`).
    conf_level
        Confidence level of the normal interval (R's ``confint``).

    Returns
    -------
    pandas.DataFrame
        The tidy estimate shape, one row per contrast (``variable`` its name, R's
        ``"contrast"`` for a single one), without ``by`` columns. ``n`` and ``n_level``
        are the smallest among the estimates the contrast uses (a disclosure threshold
        on them then holds for each). It carries the contrasts' joint covariance.

    Raises
    ------
    EstimationError
        The frame has no covariance (estimate with ``covmat=True``); a weight names no
        estimate, has the wrong length or is not finite; an expression uses an unknown
        name or function or is not arithmetic.

    Notes
    -----
    See :mod:`heroes_research.survey._contrast`. Matches ``svycontrast(est, c(E = 1,
    M = -1))``, ``svycontrast(est, list(a = ..., b = ...))`` and ``svycontrast(est,
    quote(api00 / api99))`` on ``svymean``/``svytotal`` results and on ``svyby(...,
    covmat=TRUE)``, on linearisation and replicate designs.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.survey import SurveyDesign
    >>> df = pd.DataFrame({"y": [1.0, 2, 4, 3, 5, 6], "g": list("ababab")})
    >>> est = SurveyDesign(df).mean("y", by="g", covmat=True)
    >>> contrast(est, {"b": 1, "a": -1})["estimate"].round(3).tolist()
    [0.333]
    >>> round(float(contrast(est, "b / a")["estimate"].iloc[0]), 3)
    1.1
    """
    conf_level = check_conf_level(conf_level, _STEP)
    cov = row_covariance(estimates, _STEP)
    names = estimate_names(estimates)
    theta = estimates["estimate"].to_numpy(dtype=float)
    labels, values, gradients = [], [], []
    for label, spec in _named(contrasts).items():
        if isinstance(spec, str):
            value, gradient = parse_expression(spec, names, _STEP).value_and_gradient(theta)
        else:
            gradient = _linear(spec, names, label)
            used = gradient != 0
            value = float(gradient[used] @ theta[used])  # a NaN estimate weighing 0 stays out
        labels.append(label)
        values.append(value)
        gradients.append(gradient)
    g = np.array(gradients)
    used = g != 0
    joint = _joint(g, cov)
    estimate = np.array(values)
    se = np.sqrt(np.diag(joint))
    low, high = limits(estimate, se, conf_level)
    frame = tidy_frame(
        None,
        variable=labels,
        estimate=estimate,
        se=se,
        ci_low=low,
        ci_high=high,
        conf_level=conf_level,
        n=[_smallest(estimates, "n", u) for u in used],
        n_level=[_smallest(estimates, "n_level", u) for u in used],
    )
    return with_covariance(frame, joint)


def _joint(gradients: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """:math:`G V G^T` using only the estimates some contrast uses (others may be NaN)."""
    used = (gradients != 0).any(axis=0)
    g = gradients[:, used]
    return g @ cov[np.ix_(used, used)] @ g.T


def _smallest(estimates: pd.DataFrame, column: str, used: np.ndarray) -> object:
    values = estimates[column].to_numpy(dtype=float, na_value=np.nan)[used]
    values = values[~np.isnan(values)]
    return int(values.min()) if len(values) else None
