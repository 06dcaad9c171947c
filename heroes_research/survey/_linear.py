"""Linearised means and totals of data columns over a set of rows, and their interval limits.

Notes
-----
For rows :math:`s` (a domain, without missing values) with weights :math:`w_i`,
:math:`\\hat N = \\sum_s w_i`, the mean :math:`\\hat\\mu = \\sum_s w_i x_i / \\hat N` has influence
values :math:`z_i = w_i (x_i - \\hat\\mu) / \\hat N` and the total :math:`\\hat T = \\sum_s w_i x_i`
has :math:`z_i = w_i x_i` (zero outside :math:`s`: the full design is kept, R's ``svyby``).
The design effect is :math:`\\hat V / \\hat V_{srs}` with R's ``svymean``/``svytotal``
definition of :math:`\\hat V_{srs}` (without-replacement SRS of the same size).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np

from heroes_research.survey._variables import check_conf_level
from heroes_research.survey._variance import multistage_variance, unit_totals

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = [
    "Stats",
    "check_deff",
    "design_effects",
    "influence_variance",
    "limits",
    "linear_stats",
    "quantile",
]

Column = Callable[[], np.ndarray]


@dataclass(frozen=True)
class Stats:
    """Estimates, standard errors and design effects of one set of rows."""

    estimate: np.ndarray
    se: np.ndarray
    deff: np.ndarray | None


def influence_variance(
    design: SurveyDesign,
    influences: Sequence[Column],
    rows: np.ndarray | None,
    combine: np.ndarray | None = None,
    denominators: Sequence[Column | None] | None = None,
) -> np.ndarray:
    """Covariance matrix of statistics with the given influence columns.

    ``rows`` are the rows R would keep in the subset design (used by the
    ``"average"`` lonely-PSU rule); calibrated designs keep every row, as R does.
    ``combine`` (k x m) maps the columns to the statistics' influences, ``Z @ combine``;
    the PSU totals are linear, so it is applied to them rather than to the rows.
    On a replicate design the variance is the replicates' (R's ``svrVar``):
    ``denominators[j]`` names the denominator column :math:`d` of a ratio-type
    statistic :math:`\\sum w y / \\sum w d` (a mean: the domain's 0/1 indicator), None
    for a total, so that each replicate estimate is exact; see
    :mod:`heroes_research.survey._replicate`.
    """
    if design._layout.replicates is not None:
        from heroes_research.survey._replicate import replicate_covariance

        return replicate_covariance(design, influences, combine, denominators)
    totals = unit_totals(design._layout, (make() for make in influences), design._calibration)
    if combine is not None:
        totals = [t @ combine for t in totals]
    present = None if design._calibration else rows
    return multistage_variance(design._layout, totals, design.lonely_psu, present)


def linear_stats(
    design: SurveyDesign,
    columns: Sequence[Column],
    rows: np.ndarray,
    kind: str,
    deff: bool | str,
) -> Stats:
    """Means (``kind="mean"``) or totals (``kind="total"``) of ``columns`` over ``rows``.

    ``deff``: False, True (without-replacement SRS) or ``"replace"`` (with replacement),
    as R's ``deff=`` (checked by :func:`check_deff`).
    """
    everyone = bool(rows.all())

    def restricted(x: np.ndarray) -> np.ndarray:
        return x if everyone else np.where(rows, x, 0.0)

    w = restricted(design._layout.weights)
    w_sum = w.sum()
    estimate = np.array([w @ restricted(col()) for col in columns])
    if kind == "mean":
        estimate = estimate / w_sum

    def influence(j: int) -> Column:
        def make() -> np.ndarray:
            x = restricted(columns[j]())
            return (x - estimate[j]) * (w / w_sum) if kind == "mean" else x * w

        return make

    denominators = [lambda: rows.astype(float)] * len(columns) if kind == "mean" else None
    cov = influence_variance(
        design, [influence(j) for j in range(len(columns))], rows, denominators=denominators
    )
    se = np.sqrt(np.diag(cov))
    if not deff:
        return Stats(estimate, se, None)
    values = [lambda c=c: restricted(c()) for c in columns]
    replace = check_deff(deff) == "replace"
    return Stats(estimate, se, design_effects(values, w, w_sum, se**2, kind, replace))


def check_deff(deff: object) -> bool | str:
    """``deff`` as R takes it: False, True or ``"replace"``; anything else raises."""
    if isinstance(deff, bool | np.bool_):
        return bool(deff)
    if deff == "replace":
        return "replace"
    from heroes_research.errors import EstimationError

    raise EstimationError(
        f"deff={deff!r} is not a design-effect option",
        variable="deff",
        reason="bad_argument",
        hint="pass deff=True (against simple random sampling without replacement, R's "
        "deff=TRUE) or deff='replace' (with replacement, R's deff=\"replace\")",
    )


def design_effects(
    columns: Sequence[Column],
    w: np.ndarray,
    w_sum: float,
    var: np.ndarray,
    kind: str,
    replace: bool = False,
) -> np.ndarray:
    """R's deff: the design variance over the variance of an SRS of the same size.

    :math:`s^2` is the weighted variance with divisor :math:`n-1`; the SRS variance of a
    mean is :math:`s^2/n`, of a total :math:`\\hat N^2 s^2/n`, times :math:`(\\hat N-n)/\\hat N`
    without replacement (R's ``svymean``/``svytotal`` ``deff=TRUE``; ``"replace"`` omits it).
    """
    n = np.count_nonzero(w)
    out = []
    for col in columns:
        x = col()
        mean = (w @ x) / w_sum
        s2 = (w @ (x - mean) ** 2) / w_sum * n / (n - 1)
        srs = s2 / n if kind == "mean" else s2 * w_sum**2 / n
        if not replace:
            fraction = (w_sum - n) / w_sum
            srs = srs * fraction if kind != "mean" or w_sum >= n else np.nan
        out.append(srs)
    with np.errstate(divide="ignore", invalid="ignore"):
        return var / np.array(out)


def quantile(conf_level: float, df: float = np.inf) -> float:
    """Two-sided critical value: normal, or Student t with ``df`` degrees of freedom."""
    conf_level = check_conf_level(conf_level, "interval")
    upper = 0.5 + conf_level / 2
    if np.isinf(df):
        return NormalDist().inv_cdf(upper)
    from scipy import stats

    return float(stats.t.ppf(upper, df)) if df > 0 else np.nan


def limits(
    estimate: np.ndarray, se: np.ndarray, conf_level: float, df: float = np.inf
) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric interval limits, estimate -/+ quantile x se (R's ``confint``)."""
    q = quantile(conf_level, df)
    return estimate - q * se, estimate + q * se
