"""Cronbach's alpha of a multi-item scale, with the item statistics of R ``psych::alpha``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.reliability._bootstrap import (
    DEFAULT_N_BOOT,
    DEFAULT_SEED,
    bootstrap_interval,
    unit_types,
)
from heroes_research.reliability._inputs import check_bootstrap
from heroes_research.reliability._result import CronbachAlphaResult

__all__ = ["ITEM_COLUMNS", "cronbach_alpha"]

_STEP = "cronbach_alpha"
ITEM_COLUMNS = (
    "item",
    "reversed",
    "n",
    "mean",
    "sd",
    "raw_r",
    "std_r",
    "r_drop",
    "alpha_if_dropped",
    "std_alpha_if_dropped",
    "average_r_if_dropped",
)


def cronbach_alpha(
    items: Any,
    reverse: Sequence[Any] = (),
    min: float | None = None,  # the names; they shadow the builtins here only
    max: float | None = None,
    *,
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
) -> CronbachAlphaResult:
    """Cronbach's alpha (raw and standardised) with item statistics and a bootstrap interval.

    Parameters
    ----------
    items
        Respondents × items: a DataFrame of numeric item scores (or a 2-D array).
        Respondents with any missing item are left out (listwise deletion).
    reverse
        Reverse-keyed items (column names, or positions for an array), flipped as
        ``min + max - x`` before anything is computed.
    min, max
        The scale's range for the flip. Default: the smallest and largest observed
        score over all items (as psych). The range changes reversed item means only.
    n_boot, seed, confidence
        Percentile bootstrap over respondents for raw alpha (0: no interval).

    Returns
    -------
    CronbachAlphaResult
        ``estimate`` (= ``raw_alpha``), ``std_alpha``, ``average_r``, ``signal_noise``,
        ``ase``, ``mean``, ``sd``, ``n`` (complete respondents), ``n_raters`` (items),
        CI, and ``item_stats`` (columns ``ITEM_COLUMNS``).

    Raises
    ------
    EstimationError
        Fewer than 2 items, non-numeric items, unknown reverse items, fewer than 2
        complete respondents, an item without variance, a bad range.

    Notes
    -----
    With ``k`` items, covariance matrix ``C`` and correlation matrix ``R``:
    ``raw alpha = k / (k - 1) (1 - tr C / sum C)``, ``std alpha = k / (k - 1) (1 - k / sum R)``
    (Cronbach 1951). ``r_drop`` is the correlation of an item with the sum of the
    others; ``raw_r`` with the scale score; ``std_r = sum_j R_ij / sqrt(sum R)``. Equal to
    R ``psych::alpha(x[complete.cases(x), ], keys=reverse)`` (Revelle, psych 2.2.9);
    the interval resamples respondents (psych's ``n.iter``, vectorised).

    Example
    -------
    >>> import pandas as pd
    >>> scale = pd.DataFrame({"q1": [1, 2, 4, 5, 3], "q2": [2, 2, 5, 4, 3], "q3": [5, 4, 2, 1, 3]})
    >>> round(cronbach_alpha(scale, reverse=["q3"], n_boot=0).raw_alpha, 4)
    0.9626
    """
    check_bootstrap(n_boot, confidence, step=_STEP)
    frame = _item_frame(items)
    reversed_names = _reverse_names(frame, reverse)
    complete = frame.dropna()
    _check_complete(complete)
    complete = _reverse(complete, reversed_names, frame, min, max)
    x = complete.to_numpy()
    n_rows, k = x.shape
    centred = x - x.mean(axis=0)
    cov = centred.T @ centred / (n_rows - 1)  # np.cov is ~500x slower on tall arrays
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    raw, std, average_r = _alpha_from_matrices(cov, corr)
    score = x.mean(axis=1)
    patterns, multiplicity, pattern_of = unit_types(x)  # identical answer patterns
    ci_low, ci_high = bootstrap_interval(
        lambda w: _raw_alpha_of_weights(w, patterns),
        multiplicity,
        pattern_of,
        n_boot=n_boot,
        seed=seed,
        confidence=confidence,
    )
    return CronbachAlphaResult(
        statistic="Cronbach's alpha",
        method="raw",
        estimate=raw,
        n=n_rows,
        n_raters=k,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=confidence,
        n_boot=n_boot,
        raw_alpha=raw,
        std_alpha=std,
        average_r=average_r,
        signal_noise=k * average_r / (1.0 - average_r),
        ase=_duhachek_se(cov, n_rows),
        mean=float(score.mean()),
        sd=float(score.std(ddof=1)),
        _items=_item_table(complete, cov, corr, score, set(reversed_names)),
    )


def _item_frame(items: Any) -> pd.DataFrame:
    frame = items if isinstance(items, pd.DataFrame) else pd.DataFrame(np.asarray(items))
    if frame.ndim != 2 or frame.shape[1] < 2:
        raise EstimationError(
            f"{_STEP}: alpha needs at least 2 items, got {frame.shape[1] if frame.ndim == 2 else 1}",
            variable="items",
            reason="too_few_items",
            hint="pass a respondents × items table with one column per item of the scale",
        )
    bad = [str(c) for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise EstimationError(
            f"{_STEP}: items must hold numeric scores; non-numeric: {bad}",
            variable=bad[0],
            reason="non_numeric",
            hint="recode the answer labels to scores first",
        )
    return frame.astype(np.float64)


def _reverse_names(frame: pd.DataFrame, reverse: Sequence[Any]) -> list[Any]:
    reverse = [reverse] if isinstance(reverse, str) else list(reverse)
    unknown = [r for r in reverse if r not in frame.columns]
    if unknown:
        raise EstimationError(
            f"{_STEP}: reverse-keyed items not among the items: {unknown}",
            variable=str(unknown[0]),
            reason="unknown_item",
            hint=f"use names from {list(frame.columns)}",
        )
    return reverse


def _reverse(
    complete: pd.DataFrame,
    names: list[Any],
    frame: pd.DataFrame,
    low: float | None,
    high: float | None,
) -> pd.DataFrame:
    """Flip the reverse-keyed items within [low, high] (default: the range observed in ``frame``)."""
    if not names:
        return complete
    low = float(np.nanmin(frame.to_numpy())) if low is None else low
    high = float(np.nanmax(frame.to_numpy())) if high is None else high
    if not low < high:
        raise EstimationError(
            f"{_STEP}: the scale range must have min < max, got min={low}, max={high}",
            variable="min",
            reason="bad_range",
            hint="pass the scale's end points, e.g. min=1, max=5",
        )
    flipped = complete.copy()
    flipped[names] = low + high - complete[names]
    return flipped


def _check_complete(complete: pd.DataFrame) -> None:
    if len(complete) < 2:
        raise EstimationError(
            f"{_STEP}: {len(complete)} respondent(s) answered every item; alpha needs at least 2",
            variable="items",
            reason="all_missing",
            hint="check the missing-value codes, or drop items nobody answered",
        )
    flat = complete.columns[complete.std(ddof=1).to_numpy() == 0].tolist()
    if flat:
        raise EstimationError(
            f"{_STEP}: item(s) without variance among complete respondents: {flat}",
            variable=str(flat[0]),
            reason="no_variance",
            hint="drop the item from the scale",
        )


def _alpha_from_matrices(cov: np.ndarray, corr: np.ndarray) -> tuple[float, float, float]:
    k = cov.shape[0]
    raw = k / (k - 1) * (1.0 - np.trace(cov) / cov.sum())
    std = k / (k - 1) * (1.0 - k / corr.sum())
    average_r = (corr.sum() - k) / (k * (k - 1))
    return float(raw), float(std), float(average_r)


def _alpha_if_dropped(cov: np.ndarray, corr: np.ndarray, rest_var: np.ndarray) -> np.ndarray:
    """Raw alpha, standardised alpha and average r without each item, shape (k, 3).

    The same as :func:`_alpha_from_matrices` on each (k-1) x (k-1) sub-matrix: dropping
    item i removes its diagonal entry from the trace and its row and column from the
    sum (``rest_var``: the variance of the sum of the other items).
    """
    k = cov.shape[0]
    corr_rest = corr.sum() - 2 * corr.sum(axis=0) + np.diag(corr)
    raw = (k - 1) / (k - 2) * (1.0 - (np.trace(cov) - np.diag(cov)) / rest_var)
    std = (k - 1) / (k - 2) * (1.0 - (k - 1) / corr_rest)
    average_r = (corr_rest - (k - 1)) / ((k - 1) * (k - 2))
    return np.column_stack([raw, std, average_r])


def _duhachek_se(cov: np.ndarray, n_rows: int) -> float:
    """psych's ``ase``: sqrt(Q / n), Q from Duhachek and Iacobucci (2004)."""
    k, total, trace = cov.shape[0], cov.sum(), np.trace(cov)
    square = cov @ cov
    q = (2 * k**2 / ((k - 1) ** 2 * total**3)) * (
        total * (np.trace(square) + trace**2) - 2 * trace * square.sum()
    )
    return float(np.sqrt(q / n_rows))


def _item_table(
    complete: pd.DataFrame,
    cov: np.ndarray,
    corr: np.ndarray,
    score: np.ndarray,
    reversed_names: set,
) -> pd.DataFrame:
    x = complete.to_numpy()
    k = x.shape[1]
    rest_cov = cov.sum(axis=0) - np.diag(cov)
    rest_var = cov.sum() - 2 * cov.sum(axis=0) + np.diag(cov)
    dropped = _alpha_if_dropped(cov, corr, rest_var) if k > 2 else np.full((k, 3), np.nan)
    centred = x - x.mean(axis=0)
    score_c = score - score.mean()
    raw_r = centred.T @ score_c / np.sqrt((centred**2).sum(axis=0) * (score_c**2).sum())
    return pd.DataFrame(
        {
            "item": [str(c) for c in complete.columns],
            "reversed": [c in reversed_names for c in complete.columns],
            "n": len(x),
            "mean": x.mean(axis=0),
            "sd": x.std(axis=0, ddof=1),
            "raw_r": raw_r,
            "std_r": corr.sum(axis=0) / np.sqrt(corr.sum()),
            "r_drop": rest_cov / np.sqrt(np.diag(cov) * rest_var),
            "alpha_if_dropped": dropped[:, 0],
            "std_alpha_if_dropped": dropped[:, 1],
            "average_r_if_dropped": dropped[:, 2],
        }
    )


def _raw_alpha_of_weights(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Raw alpha of each weighted resample: needs only item and total first and second moments."""
    total = x.sum(axis=1)
    moments = weights @ np.column_stack([x, x**2, total, total**2])
    k, size = x.shape[1], weights.sum(axis=1)
    first, second = moments[:, :k], moments[:, k : 2 * k]
    item_var = (second - first**2 / size[:, None]).sum(axis=1)
    total_var = moments[:, -1] - moments[:, -2] ** 2 / size
    with np.errstate(divide="ignore", invalid="ignore"):
        return k / (k - 1) * (1.0 - item_var / total_var)
