"""Small vectorised building blocks shared by the three instrument simulators.

Truth frames hold harmonised codes: coded variables carry the harmonised missing
codes 97/98/99; numeric variables carry them negated (-97/-98/-99), since 98 can be
a valid count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "FIELDWORK_START",
    "comments",
    "cut",
    "ids",
    "interview_dates",
    "logistic",
    "with_missing",
    "with_numeric_missing",
]

FIELDWORK_START = np.datetime64("2026-03-02")
_FIELDWORK_DAYS = 120


def logistic(x: np.ndarray) -> np.ndarray:
    """Inverse logit."""
    return 1.0 / (1.0 + np.exp(-x))


def cut(latent: np.ndarray, thresholds: np.ndarray | list[float]) -> np.ndarray:
    """Ordinal codes 1..k+1 from a latent variable and k increasing thresholds."""
    return np.searchsorted(np.asarray(thresholds), latent).astype(np.int64) + 1


def ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    """Text ids ``<prefix><number zero-padded to width>`` (``ES-0012``)."""
    return prefix + pd.Series(np.asarray(numbers), dtype="string").str.zfill(width)


def _missing_masks(
    rng: np.random.Generator, n: int, rates: dict[int, float]
) -> list[tuple[int, np.ndarray]]:
    """One uniform draw per cell, cut into disjoint ``(code, mask)`` slices of the given rates."""
    draw = rng.random(n)
    masks = []
    low = 0.0
    for code, rate in rates.items():
        masks.append((code, (draw >= low) & (draw < low + rate)))
        low += rate
    return masks


def with_missing(
    rng: np.random.Generator, codes: np.ndarray, rates: dict[int, float]
) -> np.ndarray:
    """Replace a random share of ``codes`` by each harmonised missing code (``{98: 0.02}``)."""
    out = np.asarray(codes, dtype=np.int64).copy()
    for code, mask in _missing_masks(rng, len(out), rates):
        out[mask] = code
    return out


def with_numeric_missing(
    rng: np.random.Generator, values: np.ndarray, rates: dict[int, float]
) -> np.ndarray:
    """As :func:`with_missing` for numbers: missing cells hold the negated missing code."""
    out = np.asarray(values, dtype=np.float64).copy()
    for code, mask in _missing_masks(rng, len(out), rates):
        out[mask] = -code
    return out


def interview_dates(rng: np.random.Generator, n: int) -> pd.Series:
    """Interview dates spread over the spring 2026 fieldwork window."""
    days = rng.integers(0, _FIELDWORK_DAYS, n)
    return pd.Series(FIELDWORK_START + days.astype("timedelta64[D]"), dtype="datetime64[s]")


def comments(rng: np.random.Generator, n: int, phrases: list[str], share: float) -> pd.Series:
    """Synthetic neutral free text: a ``share`` of respondents leave one stock phrase."""
    picked = np.asarray(phrases, dtype=object)[rng.integers(0, len(phrases), n)]
    return pd.Series(np.where(rng.random(n) < share, picked, ""), dtype="string")
