"""Seeded, vectorised percentile bootstrap over units.

Each coefficient here is a smooth function of per-unit sums (confusion tables,
value counts, item moments). A resample is therefore a vector of *weights*: how
often each unit was drawn. A block of resamples is a weight matrix ``W`` (resamples
× units) and the statistic of every resample in the block comes from one matrix
product ``W @ unit_sums``, without a Python loop over resamples or units.

Units with identical data (the same pair of codes, the same value counts) are
interchangeable, so the weights are kept per distinct unit *type*. Drawing ``n``
units with replacement gives type weights ``Multinomial(n, multiplicity / n)``; with
few types (``types <= n / 8``, e.g. 100,000 coded pairs in 25 cells) they are drawn
directly, otherwise units are drawn (``rng.integers``) and counted per type. Both give
the same resampling distribution; the second keeps the draws of a plain loop.

Why hand-written: ``scipy.stats.bootstrap`` calls the statistic on resampled *data*
(memory ``n_boot × data``) and cannot use the ``W @ unit_sums`` shortcut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

__all__ = [
    "DEFAULT_N_BOOT",
    "DEFAULT_SEED",
    "bootstrap_interval",
    "resample_weights",
    "unit_types",
]

#: Bootstrap resamples of every coefficient unless ``n_boot=`` says otherwise.
DEFAULT_N_BOOT = 1000
#: Seed of the bootstrap (and of qualitative saturation orders): results are reproducible.
DEFAULT_SEED = 20261122
# Largest block of draws (resamples × units or types) held in memory at once.
_BLOCK_CELLS = 4_000_000
# Draw type weights from the multinomial when types <= units / _FEW_TYPES.
_FEW_TYPES = 8
# numpy.ravel_multi_index takes at most this many index arrays (NPY_MAXDIMS).
_MAX_KEY_COLUMNS = 64


def unit_types(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows of a units × columns array, how many units each holds, each unit's type.

    Rows are encoded as one integer key (mixed radix over the per-column codes), which
    sorts far faster than ``np.unique(axis=0)``. When the key would overflow (many
    columns with many values: the rows are nearly all distinct anyway) every unit is
    its own type; so is it with more columns than ``numpy.ravel_multi_index`` takes (64).
    """
    rows = np.asarray(rows)
    columns = [np.unique(column, return_inverse=True) for column in rows.T]  # few columns
    sizes = [len(values) for values, _ in columns]
    if len(sizes) > _MAX_KEY_COLUMNS or np.prod(np.array(sizes, dtype=np.float64)) >= 2.0**62:
        return rows, np.ones(len(rows), dtype=np.int64), np.arange(len(rows))
    key = np.ravel_multi_index([codes for _, codes in columns], sizes)
    _, first, inverse, multiplicity = np.unique(
        key, return_index=True, return_inverse=True, return_counts=True
    )
    return rows[first], multiplicity, inverse


def resample_weights(
    multiplicity: np.ndarray, n_boot: int, seed: int | None, inverse: np.ndarray | None = None
) -> np.ndarray:
    """The full ``(n_boot, types)`` matrix of type weights that :func:`bootstrap_interval` uses.

    ``inverse`` (each unit's type) is needed when units are drawn one by one; then resample
    ``b`` draws the units ``rng.integers(0, n_units, size=(n_boot, n_units))[b]``.
    """
    rng = np.random.default_rng(seed)
    return np.concatenate(list(_weight_blocks(rng, np.asarray(multiplicity), inverse, n_boot)))


def _weight_blocks(
    rng: np.random.Generator, multiplicity: np.ndarray, inverse: np.ndarray | None, n_boot: int
) -> Iterator[np.ndarray]:
    n_units, n_types = int(multiplicity.sum()), len(multiplicity)
    few = n_types * _FEW_TYPES <= n_units
    block = max(1, _BLOCK_CELLS // (n_types if few else n_units))
    for start in range(0, n_boot, block):  # loop over blocks of resamples, not units
        size = min(block, n_boot - start)
        if few:
            yield rng.multinomial(n_units, multiplicity / n_units, size=size).astype(np.float64)
            continue
        types = inverse[rng.integers(0, n_units, size=(size, n_units))]
        offsets = (np.arange(size) * n_types)[:, None]
        counts = np.bincount((types + offsets).ravel(), minlength=size * n_types)
        yield counts.reshape(size, n_types).astype(np.float64)


def bootstrap_interval(
    statistic: Callable[[np.ndarray], np.ndarray],
    multiplicity: np.ndarray,
    inverse: np.ndarray,
    *,
    n_boot: int,
    seed: int | None,
    confidence: float,
) -> tuple[float, float]:
    """Percentile bootstrap interval of a statistic of unit-type weights.

    Parameters
    ----------
    statistic
        Maps a weight matrix ``(resamples, types)`` to one estimate per resample
        (NaN where the statistic is undefined in a resample).
    multiplicity
        Number of units of each type (:func:`unit_types`).
    inverse
        The type of each unit.
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
    blocks = _weight_blocks(rng, np.asarray(multiplicity), inverse, n_boot)
    estimates = np.concatenate([statistic(w) for w in blocks])
    estimates = estimates[np.isfinite(estimates)]
    if estimates.size == 0:
        return (np.nan, np.nan)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(estimates, [tail, 1.0 - tail])
    return (float(low), float(high))
