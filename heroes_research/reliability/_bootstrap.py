"""Seeded, vectorised percentile bootstrap over units.

Each coefficient here is a smooth function of per-unit sums (confusion tables,
value counts, item moments). A resample is therefore a vector of *weights*: how
often each unit was drawn. A block of resamples is a weight matrix ``W`` (resamples
× units) and the statistic of every resample in the block comes from one matrix
product ``W @ unit_sums``, without a Python loop over resamples or units.

Why hand-written: ``scipy.stats.bootstrap`` calls the statistic on resampled *data*
(memory ``n_boot × data``) and cannot use the ``W @ unit_sums`` shortcut.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["DEFAULT_N_BOOT", "DEFAULT_SEED", "bootstrap_interval", "resample_weights"]

DEFAULT_N_BOOT = 1000
DEFAULT_SEED = 20261122
# Largest weight block (resamples × units) held in memory at once (~32 MB of float64).
_BLOCK_CELLS = 4_000_000


def resample_weights(n_units: int, n_boot: int, seed: int | None) -> np.ndarray:
    """The full ``(n_boot, n_units)`` matrix of draw counts (unit weights).

    Resample ``b`` draws the units ``rng.integers(0, n_units, size=(n_boot, n_units))[b]``
    with ``rng = np.random.default_rng(seed)``; its weights count each unit's draws.
    Used by the tests to check the blocked computation against a plain loop.
    """
    rng = np.random.default_rng(seed)
    return np.concatenate(list(_weight_blocks(rng, n_units, n_boot)))


def _weight_blocks(rng: np.random.Generator, n_units: int, n_boot: int):
    block = max(1, _BLOCK_CELLS // max(n_units, 1))
    for start in range(0, n_boot, block):  # loop over blocks of resamples, not units
        size = min(block, n_boot - start)
        draws = rng.integers(0, n_units, size=(size, n_units))
        offsets = (np.arange(size) * n_units)[:, None]
        counts = np.bincount((draws + offsets).ravel(), minlength=size * n_units)
        yield counts.reshape(size, n_units).astype(np.float64)


def bootstrap_interval(
    statistic: Callable[[np.ndarray], np.ndarray],
    n_units: int,
    *,
    n_boot: int,
    seed: int | None,
    confidence: float,
) -> tuple[float, float]:
    """Percentile bootstrap interval of a statistic of unit weights.

    Parameters
    ----------
    statistic
        Maps a weight matrix ``(resamples, n_units)`` to one estimate per resample
        (NaN where the statistic is undefined in a resample).
    n_units
        Number of units resampled with replacement.
    n_boot
        Number of resamples; 0 returns ``(nan, nan)``.
    seed
        Seed of ``numpy.random.default_rng``: the same seed gives the same interval.
    confidence
        Coverage, e.g. 0.95.

    Returns
    -------
    (ci_low, ci_high)
        The ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles of the
        finite resampled estimates (NaN if none is finite).

    Notes
    -----
    Percentile interval (Efron and Tibshirani 1993, ch. 13). Undefined resamples
    (e.g. every resampled unit in one category) are left out.
    """
    if n_boot == 0:
        return (np.nan, np.nan)
    rng = np.random.default_rng(seed)
    estimates = np.concatenate([statistic(w) for w in _weight_blocks(rng, n_units, n_boot)])
    estimates = estimates[np.isfinite(estimates)]
    if estimates.size == 0:
        return (np.nan, np.nan)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(estimates, [tail, 1.0 - tail])
    return (float(low), float(high))
