"""Krippendorff's alpha for any number of coders, missing values and four levels of measurement."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from heroes_research.errors import EstimationError
from heroes_research.reliability._bootstrap import (
    DEFAULT_N_BOOT,
    DEFAULT_SEED,
    bootstrap_interval,
    unit_types,
)
from heroes_research.reliability._inputs import check_bootstrap, encode_categories, rating_matrix
from heroes_research.reliability._result import ReliabilityResult

__all__ = ["LEVELS", "krippendorff_alpha"]

LEVELS = ("nominal", "ordinal", "interval", "ratio")
_STEP = "krippendorff_alpha"
# Units × distinct values held as a dense count matrix; beyond this, ask the user to bin values.
_MAX_COUNT_CELLS = 50_000_000


def krippendorff_alpha(
    data: Any,
    level: Literal["nominal", "ordinal", "interval", "ratio"] = "nominal",
    *,
    values: Sequence[Any] | None = None,
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
) -> ReliabilityResult:
    """Krippendorff's alpha of a coders × units matrix, with a bootstrap interval.

    Parameters
    ----------
    data
        Coders × units (one row per coder, one column per unit): a DataFrame or 2-D
        array; NaN / None marks a unit a coder did not code.
    level
        Level of measurement: ``"nominal"``, ``"ordinal"``, ``"interval"`` or ``"ratio"``.
    values
        The ordered value domain. Needed for ordinal labels that are not numbers
        (e.g. ``["low", "mid", "high"]``); otherwise the sorted distinct values.
    n_boot
        Bootstrap resamples of units for the interval (0: no interval).
    seed
        Seed of the bootstrap (``numpy.random.default_rng``).
    confidence
        Coverage of the percentile interval.

    Returns
    -------
    ReliabilityResult
        ``estimate`` (alpha), ``n`` (pairable units: coded by at least two coders),
        ``n_raters``, ``ci_low`` / ``ci_high``.

    Raises
    ------
    EstimationError
        Unknown level, fewer than 2 coders, no unit coded twice, a single value
        (alpha undefined), non-numeric values for interval/ratio, negative ratio values.

    Notes
    -----
    With ``n_uc`` the number of coders giving value ``c`` to unit ``u`` and ``m_u`` the
    number of values of unit ``u`` (units with ``m_u >= 2``), the coincidence matrix is
    ``o_ck = sum_u (n_uc n_uk - [c = k] n_uc) / (m_u - 1)``, ``n_c = sum_k o_ck``,
    ``n = sum_c n_c``, and

        alpha = 1 - (n - 1) * sum_ck o_ck d_ck / sum_ck n_c n_k d_ck

    with the difference function ``d`` of the level (Krippendorff 2011, sections
    C-E). The interval resamples units with replacement (not Krippendorff's own
    resampling of pairable values) and recomputes the whole statistic, including the
    ordinal differences that depend on the marginal counts ``n_c``.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    https://repository.upenn.edu/asc_papers/43

    Example
    -------
    >>> import numpy as np
    >>> nan = np.nan
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(float(krippendorff_alpha(data, "interval", n_boot=0)), 3)
    0.849
    """
    if level not in LEVELS:
        raise EstimationError(
            f"{_STEP}: unknown level of measurement {level!r}",
            variable="level",
            reason="unknown_level",
            hint=f"use one of {', '.join(LEVELS)}",
        )
    check_bootstrap(n_boot, confidence, step=_STEP)
    counts, domain, n_coders = _value_counts(data, level, values)
    n_v = counts.sum(axis=0)
    if np.count_nonzero(n_v) < 2:
        raise EstimationError(
            f"{_STEP}: every pairable value is {domain[np.argmax(n_v)]!r}; alpha is undefined "
            "when the data show a single value",
            variable="data",
            reason="no_variation",
            hint="report percent agreement instead, or code more varied units",
        )
    inverse = 1.0 / (counts.sum(axis=1) - 1.0)
    coincidences = (counts * inverse[:, None]).T @ counts - np.diag(counts.T @ inverse)
    delta = _differences(level, domain, n_v[None, :])[0]
    estimate = 1.0 - (n_v.sum() - 1.0) * (coincidences * delta).sum() / (n_v @ delta @ n_v)

    # Units with the same value counts are interchangeable: resample unit types.
    types, multiplicity, unit_type = unit_types(counts)
    ci_low, ci_high = bootstrap_interval(
        _resampler(types, 1.0 / (types.sum(axis=1) - 1.0), level, domain),
        multiplicity,
        unit_type,
        n_boot=n_boot,
        seed=seed,
        confidence=confidence,
    )
    return ReliabilityResult(
        statistic="Krippendorff's alpha",
        method=level,
        estimate=float(estimate),
        n=counts.shape[0],
        n_raters=n_coders,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=confidence,
        n_boot=n_boot,
    )


def _value_counts(
    data: Any, level: str, values: Sequence[Any] | None
) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairable units × values count matrix (built with ``np.bincount``), the domain, coders."""
    matrix, missing = rating_matrix(data, step=_STEP)
    if level != "nominal" and values is None and matrix.dtype == object:
        raise EstimationError(
            f"{_STEP}: level {level!r} needs numeric values or an ordered values= list",
            variable="data",
            reason="unordered_values",
            hint="recode to numbers, or pass values=[...] in order (ordinal only)",
        )
    unit_of = np.broadcast_to(np.arange(matrix.shape[1]), matrix.shape)[~missing]
    codes, domain = encode_categories(matrix[~missing], values, step=_STEP, variable="data")
    if level in ("interval", "ratio"):
        _check_metric_domain(domain, level)
    n_units, n_values = matrix.shape[1], len(domain)
    if n_units * n_values > _MAX_COUNT_CELLS:
        raise EstimationError(
            f"{_STEP}: {n_values} distinct values over {n_units} units is too many to tabulate",
            variable="data",
            reason="too_many_values",
            hint="round or bin continuous measurements before computing alpha",
        )
    counts = np.bincount(unit_of * n_values + codes, minlength=n_units * n_values)
    counts = counts.reshape(n_units, n_values).astype(np.float64)
    pairable = counts.sum(axis=1) >= 2
    if not pairable.any():
        raise EstimationError(
            f"{_STEP}: no unit is coded by two or more coders, so nothing can be compared",
            variable="data",
            reason="no_pairable_units",
            hint="double-code some units, or check that rows are coders and columns units",
        )
    return counts[pairable], domain, matrix.shape[0]


def _check_metric_domain(domain: np.ndarray, level: str) -> None:
    if domain.dtype.kind not in "biuf":
        raise EstimationError(
            f"{_STEP}: level {level!r} needs numeric values, got {domain[:5].tolist()}",
            variable="data",
            reason="non_numeric",
            hint="recode the values to numbers",
        )
    if level == "ratio" and (domain < 0).any():
        raise EstimationError(
            f"{_STEP}: level 'ratio' needs values >= 0, got {domain[domain < 0][:5].tolist()}",
            variable="data",
            reason="negative_ratio_values",
            hint="use level='interval' for data with a negative range",
        )


def _differences(level: str, domain: np.ndarray, n_v: np.ndarray) -> np.ndarray:
    """Squared differences ``d_ck`` for each row of marginals ``n_v`` (shape: rows × V × V)."""
    size = len(domain)
    if level == "nominal":
        delta = 1.0 - np.eye(size)
    elif level == "ordinal":
        # d_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2 for c <= k (ranks only).
        cum = np.cumsum(n_v, axis=1)
        low = np.minimum.outer(np.arange(size), np.arange(size))
        high = np.maximum.outer(np.arange(size), np.arange(size))
        return (cum[:, high] - cum[:, low] + (n_v[:, low] - n_v[:, high]) / 2.0) ** 2
    elif level == "interval":
        delta = np.subtract.outer(domain, domain).astype(np.float64) ** 2
    else:
        total = np.add.outer(domain, domain).astype(np.float64)
        diff = np.subtract.outer(domain, domain).astype(np.float64)
        delta = np.divide(diff, total, out=np.zeros_like(diff), where=total != 0) ** 2
    return np.broadcast_to(delta, (n_v.shape[0], size, size))


def _resampler(
    counts: np.ndarray, inverse: np.ndarray, level: str, domain: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    """Return ``f(weights) -> alpha`` for each row of unit weights (resamples × pairable units)."""
    if level == "ordinal":
        # The ordinal difference is an interval one on mid-ranks that move with the
        # resampled marginals: d_ck = (a_c - a_k)^2, a_c = sum_{g<=c} n_g - n_c / 2. Hence
        # sum_ck n_uc n_uk d_ck = 2 (m_u sum_c n_uc a_c^2 - (sum_c n_uc a_c)^2): memory
        # units × resamples, never V × V per resample.
        size = counts.sum(axis=1)[:, None]

        def alpha_of(weights: np.ndarray) -> np.ndarray:
            n_v = weights @ counts
            ranks = np.cumsum(n_v, axis=1) - n_v / 2.0
            per_unit = 2.0 * (size * (counts @ (ranks**2).T) - (counts @ ranks.T) ** 2)
            observed = (weights * (per_unit * inverse[:, None]).T).sum(axis=1)
            n = n_v.sum(axis=1)
            expected = 2.0 * (n * (n_v * ranks**2).sum(axis=1) - (n_v * ranks).sum(axis=1) ** 2)
            return _alpha(n_v, observed, expected)

        return alpha_of
    # Fixed differences: each unit's observed disagreement is one number (d_cc = 0, so
    # the diagonal correction of the coincidences drops out of sum o_ck d_ck).
    delta = _differences(level, domain, counts[:1])[0]
    per_unit = ((counts @ delta) * counts).sum(axis=1) * inverse

    def alpha_of(weights: np.ndarray) -> np.ndarray:
        n_v = weights @ counts
        return _alpha(n_v, weights @ per_unit, ((n_v @ delta) * n_v).sum(axis=1))

    return alpha_of


def _alpha(n_v: np.ndarray, observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1.0 - (n_v.sum(axis=1) - 1.0) * observed / expected
