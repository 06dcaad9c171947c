"""Input checks shared by the coefficients: rating matrices, category codes, bootstrap options."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError

__all__ = ["check_bootstrap", "encode_categories", "rating_matrix"]


def check_bootstrap(n_boot: int, confidence: float, *, step: str) -> None:
    """Raise EstimationError unless ``n_boot >= 0`` and ``0 < confidence < 1``."""
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 0:
        raise EstimationError(
            f"{step}: n_boot must be a non-negative integer, got {n_boot!r}",
            variable="n_boot",
            reason="bad_argument",
            hint="pass e.g. n_boot=1000, or n_boot=0 for no confidence interval",
        )
    if not 0.0 < confidence < 1.0:
        raise EstimationError(
            f"{step}: confidence must lie strictly between 0 and 1, got {confidence!r}",
            variable="confidence",
            reason="bad_argument",
            hint="pass e.g. confidence=0.95",
        )


def rating_matrix(data: Any, *, step: str, variable: str = "data") -> tuple[np.ndarray, np.ndarray]:
    """Return ``(values, missing)`` of a coders × units matrix.

    Numeric input becomes float64 (NaN missing); anything else an object array with
    ``pd.isna`` marking missing values (None, NaN, pd.NA).
    """
    values = data.to_numpy() if isinstance(data, pd.DataFrame) else np.asarray(data)
    if values.ndim != 2:
        raise EstimationError(
            f"{step}: {variable} must be a 2-D coders × units matrix, got {values.ndim} dimension(s)",
            variable=variable,
            reason="bad_shape",
            hint="pass one row per coder and one column per unit (a DataFrame or a 2-D array)",
        )
    if values.shape[0] < 2:
        raise EstimationError(
            f"{step}: {variable} has {values.shape[0]} coder(s); agreement needs at least 2",
            variable=variable,
            reason="too_few_coders",
            hint="pass one row per coder (transpose a units × coders table with .T)",
        )
    if values.dtype.kind in "biuf":
        values = values.astype(np.float64)
        missing = np.isnan(values)
    else:
        values = values.astype(object)
        missing = np.asarray(pd.isna(values), dtype=bool)
    if missing.all():
        raise EstimationError(
            f"{step}: every value of {variable} is missing",
            variable=variable,
            reason="all_missing",
            hint="check that the codes were read correctly",
        )
    return values, missing


def encode_categories(
    observed: np.ndarray, categories: Sequence[Any] | None, *, step: str, variable: str
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(codes, domain)``: integer codes of ``observed`` (no missing) in ``domain``.

    ``domain`` is ``categories`` in the order given, or the sorted distinct observed values.
    """
    if categories is None:
        try:
            domain, codes = np.unique(observed, return_inverse=True)
        except TypeError as err:
            raise EstimationError(
                f"{step}: the values of {variable} cannot be sorted (mixed types)",
                variable=variable,
                reason="mixed_types",
                hint="recode to one type, or pass categories= in the order you want",
            ) from err
        return codes.ravel(), domain
    domain = np.asarray(
        list(categories), dtype=observed.dtype if observed.dtype.kind in "biuf" else object
    )
    if pd.Index(domain).has_duplicates:
        raise EstimationError(
            f"{step}: categories contains duplicates",
            variable="categories",
            reason="bad_argument",
            hint="list each category once, in order",
        )
    codes = pd.Index(domain).get_indexer(observed)
    unknown = pd.unique(observed[codes < 0])
    if unknown.size:
        raise EstimationError(
            f"{step}: {variable} holds values not in categories: {list(unknown)[:10]}",
            variable=variable,
            reason="unknown_category",
            hint="add them to categories= or recode them as missing",
        )
    return codes, domain
