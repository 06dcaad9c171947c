"""Cohen's kappa (two coders, optional weights) and Fleiss' kappa (a fixed number of raters per unit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.reliability._bootstrap import (
    DEFAULT_N_BOOT,
    DEFAULT_SEED,
    bootstrap_interval,
    unit_types,
)
from heroes_research.reliability._inputs import check_bootstrap, encode_categories, rating_matrix
from heroes_research.reliability._result import ReliabilityResult

__all__ = ["WEIGHTS", "cohen_kappa", "fleiss_kappa"]

WEIGHTS = (None, "linear", "quadratic")


def cohen_kappa(
    a: Sequence[Any],
    b: Sequence[Any],
    weights: Literal["linear", "quadratic"] | None = None,
    *,
    categories: Sequence[Any] | None = None,
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
) -> ReliabilityResult:
    """Cohen's kappa between two coders, unweighted or with linear / quadratic weights.

    Parameters
    ----------
    a, b
        The two coders' codes of the same units, in the same order. Units where
        either code is missing are left out.
    weights
        ``None`` (unweighted), ``"linear"`` or ``"quadratic"`` disagreement weights.
    categories
        Ordered categories. Default: the sorted union of observed codes (as psych).
        Weighted kappa uses the category *positions* 1..K, not the code values.
    n_boot, seed, confidence
        Percentile bootstrap over units (0 resamples: no interval).

    Returns
    -------
    ReliabilityResult
        ``estimate``, ``n`` (units coded by both), ``ci_low`` / ``ci_high``.

    Raises
    ------
    EstimationError
        Unequal lengths, unknown weights, no unit coded by both, a single category.

    Notes
    -----
    With ``p_ij`` the share of units coded ``i`` by ``a`` and ``j`` by ``b``, margins
    ``p_i.`` and ``p_.j`` and disagreement weights ``w_ij`` (``[i != j]``,
    ``|i - j| / (K - 1)`` or ``(i - j)^2 / (K - 1)^2``):

        kappa = 1 - sum_ij w_ij p_ij / sum_ij w_ij p_i. p_.j

    (Cohen 1960; 1968). Equal to R ``psych::cohen.kappa`` (whose default agreement
    weights ``1 - (i - j)^2 / (K - 1)^2`` are the quadratic case). The bootstrap
    resamples units with the categories (and so the weights) of the full data fixed.

    Example
    -------
    >>> a = [1, 2, 3, 3, 2, 1, 1, 2]
    >>> b = [1, 2, 3, 2, 2, 1, 2, 2]
    >>> round(cohen_kappa(a, b, n_boot=0).estimate, 4)  # R: psych::cohen.kappa(cbind(a, b))
    0.6098
    """
    step = "cohen_kappa"
    if weights not in WEIGHTS:
        raise EstimationError(
            f"{step}: unknown weights {weights!r}",
            variable="weights",
            reason="unknown_weights",
            hint="use weights=None, 'linear' or 'quadratic'",
        )
    check_bootstrap(n_boot, confidence, step=step)
    pair = _paired_codes(a, b, step=step)
    codes, domain = encode_categories(pair.ravel(), categories, step=step, variable="a, b")
    size = len(domain)
    if size < 2:
        raise EstimationError(
            f"{step}: both coders used the single category {domain[0]!r}; kappa is undefined",
            variable="a, b",
            reason="no_variation",
            hint="report percent agreement instead",
        )
    cells = codes.reshape(-1, 2) @ np.array([size, 1])
    positions = np.arange(size)
    distance = np.abs(np.subtract.outer(positions, positions)) / (size - 1)
    disagreement = {
        None: (distance > 0).astype(np.float64),
        "linear": distance,
        "quadratic": distance**2,
    }[weights]
    table = np.bincount(cells, minlength=size * size).astype(np.float64)[None, :]
    estimate = _cohen_of_tables(table, disagreement)[0]
    # Units of one cell are interchangeable: a resampled table is the cell weights.
    used, multiplicity, unit_type = unit_types(cells[:, None])

    def resampled(cell_weights: np.ndarray) -> np.ndarray:
        tables = np.zeros((len(cell_weights), size * size))
        tables[:, used.ravel()] = cell_weights
        return _cohen_of_tables(tables, disagreement)

    ci_low, ci_high = bootstrap_interval(
        resampled, multiplicity, unit_type, n_boot=n_boot, seed=seed, confidence=confidence
    )
    return ReliabilityResult(
        statistic="Cohen's kappa",
        method="unweighted" if weights is None else f"{weights} weights",
        estimate=float(estimate),
        n=len(cells),
        n_raters=2,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=confidence,
        n_boot=n_boot,
    )


def _paired_codes(a: Sequence[Any], b: Sequence[Any], *, step: str) -> np.ndarray:
    """Units × 2 array of the units both coders coded."""
    first, second = np.asarray(a), np.asarray(b)
    if first.ndim != 1 or second.ndim != 1 or len(first) != len(second):
        raise EstimationError(
            f"{step}: a and b must be 1-D with one code per unit each; got shapes "
            f"{first.shape} and {second.shape}",
            variable="a, b",
            reason="unequal_lengths",
            hint="pass the two coders' codes of the same units, in the same order",
        )
    matrix, missing = rating_matrix(np.stack([first, second]), step=step, variable="a, b")
    both = ~missing.any(axis=0)
    if not both.any():
        raise EstimationError(
            f"{step}: no unit is coded by both a and b",
            variable="a, b",
            reason="no_pairs",
            hint="check that a and b refer to the same units",
        )
    return matrix[:, both].T


def _cohen_of_tables(tables: np.ndarray, disagreement: np.ndarray) -> np.ndarray:
    """Kappa of each row of flattened K × K count tables."""
    size = disagreement.shape[0]
    p = tables.reshape(-1, size, size) / tables.sum(axis=1)[:, None, None]
    observed = (p * disagreement).sum(axis=(1, 2))
    expected = np.einsum("bi,ij,bj->b", p.sum(axis=2), disagreement, p.sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1.0 - observed / expected


def fleiss_kappa(
    data: Any = None,
    *,
    counts: Any = None,
    categories: Sequence[Any] | None = None,
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
) -> ReliabilityResult:
    """Fleiss' kappa: agreement of a fixed number of raters per unit (any raters).

    Parameters
    ----------
    data
        Coders × units codes (as :func:`krippendorff_alpha`). Units with a missing
        code are left out (listwise, as R ``irr::kappam.fleiss``).
    counts
        Instead of ``data``: a units × categories table of how many raters chose each
        category (every row summing to the same number of raters).
    categories
        Categories of ``data`` (default: the sorted observed codes).
    n_boot, seed, confidence
        Percentile bootstrap over units (0 resamples: no interval).

    Returns
    -------
    ReliabilityResult
        ``estimate``, ``n`` (complete units), ``n_raters`` (raters per unit), CI.

    Raises
    ------
    EstimationError
        Both or neither of data/counts, fewer than 2 raters, no complete unit,
        rows of counts with different totals, a single category.

    Notes
    -----
    With ``m`` raters, ``n_ij`` raters putting unit ``i`` (of ``N``) in category ``j``:
    ``P_i = (sum_j n_ij^2 - m) / (m (m - 1))``, ``p_j = sum_i n_ij / (N m)`` and

        kappa = (mean(P_i) - sum_j p_j^2) / (1 - sum_j p_j^2)

    (Fleiss 1971). Equal to ``statsmodels.stats.inter_rater.fleiss_kappa``.

    Example
    -------
    >>> table = [[3, 0], [0, 3], [2, 1], [3, 0]]
    >>> round(fleiss_kappa(counts=table, n_boot=0).estimate, 4)
    0.625
    """
    step = "fleiss_kappa"
    check_bootstrap(n_boot, confidence, step=step)
    table = _fleiss_table(data, counts, categories, step=step)
    raters = int(table[0].sum())
    squares = (table**2).sum(axis=1)
    estimate = _fleiss_of_sums(table.sum(axis=0)[None, :], squares.sum()[None], raters)[0]
    rows, multiplicity, unit_type = unit_types(table)
    row_squares = (rows**2).sum(axis=1)

    def resampled(weights: np.ndarray) -> np.ndarray:
        return _fleiss_of_sums(weights @ rows, weights @ row_squares, raters)

    ci_low, ci_high = bootstrap_interval(
        resampled, multiplicity, unit_type, n_boot=n_boot, seed=seed, confidence=confidence
    )
    return ReliabilityResult(
        statistic="Fleiss' kappa",
        method="fixed marginals",
        estimate=float(estimate),
        n=len(table),
        n_raters=raters,
        ci_low=ci_low,
        ci_high=ci_high,
        confidence=confidence,
        n_boot=n_boot,
    )


def _fleiss_table(
    data: Any, counts: Any, categories: Sequence[Any] | None, *, step: str
) -> np.ndarray:
    """Units × categories count table from either input form, checked."""
    if (data is None) == (counts is None):
        raise EstimationError(
            f"{step}: pass exactly one of data (coders × units) or counts (units × categories)",
            variable="data",
            reason="bad_argument",
            hint="e.g. fleiss_kappa(ratings) or fleiss_kappa(counts=table)",
        )
    if data is not None:
        matrix, missing = rating_matrix(data, step=step)
        complete = ~missing.any(axis=0)
        if not complete.any():
            raise EstimationError(
                f"{step}: no unit is coded by all {matrix.shape[0]} coders",
                variable="data",
                reason="no_complete_units",
                hint="Fleiss' kappa needs the same number of ratings per unit; use krippendorff_alpha for incomplete data",
            )
        codes, domain = encode_categories(
            matrix[:, complete].T.ravel(), categories, step=step, variable="data"
        )
        units = np.repeat(np.arange(complete.sum()), matrix.shape[0])
        table = np.bincount(units * len(domain) + codes, minlength=complete.sum() * len(domain))
        table = table.reshape(-1, len(domain)).astype(np.float64)
    else:
        table = _counts_table(counts, step=step)
    if table[0].sum() < 2:
        raise EstimationError(
            f"{step}: {int(table[0].sum())} rating(s) per unit; agreement needs at least 2 raters",
            variable="counts" if counts is not None else "data",
            reason="too_few_coders",
            hint="pass one row per coder",
        )
    if np.count_nonzero(table.sum(axis=0)) < 2:
        raise EstimationError(
            f"{step}: every rating falls in one category; kappa is undefined",
            variable="counts" if counts is not None else "data",
            reason="no_variation",
            hint="report percent agreement instead",
        )
    return table


def _counts_table(counts: Any, *, step: str) -> np.ndarray:
    """A units × categories table of non-negative counts with equal row totals."""
    table = pd.DataFrame(counts).to_numpy(dtype=np.float64)
    if table.size == 0 or np.isnan(table).any() or (table < 0).any():
        raise EstimationError(
            f"{step}: counts must be a non-empty units × categories table of counts >= 0",
            variable="counts",
            reason="bad_counts",
            hint="tabulate the ratings per unit and category",
        )
    totals = table.sum(axis=1)
    unequal = np.flatnonzero(~np.isclose(totals, totals[0]))
    if unequal.size:
        raise EstimationError(
            f"{step}: the rows of counts must all sum to the number of raters ({totals[0]:g} in row 0)",
            variable="counts",
            rows=unequal.tolist(),
            reason="unequal_raters",
            hint="drop or complete the units with a different number of ratings",
        )
    return table


def _fleiss_of_sums(
    category_totals: np.ndarray, square_totals: np.ndarray, raters: int
) -> np.ndarray:
    """Kappa from (weighted) sums over units of ``n_ij`` and of ``sum_j n_ij^2``."""
    n_units = category_totals.sum(axis=1) / raters
    observed = (square_totals - n_units * raters) / (n_units * raters * (raters - 1))
    shares = category_totals / (n_units * raters)[:, None]
    chance = (shares**2).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (observed - chance) / (1.0 - chance)
