"""Array core of the harmonisation index: indicator scores -> area scores -> composite.

Shared by :func:`score` (one configuration) and :func:`uncertainty` (many draws),
so both compute the same thing. Arrays: ``S`` countries x indicators (NaN =
unknown), ``A`` indicators x areas membership (0/1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from heroes_research.legal._codings import Codings

__all__ = [
    "AGGREGATIONS",
    "MIN_COVERAGE",
    "GEOMETRIC_FLOOR",
    "TIE_TOLERANCE",
    "UNKNOWN_RULES",
    "ScoreArrays",
    "area_scores",
    "composite",
    "ranks",
]

UNKNOWN_RULES = ("exclude", "zero", "half")
AGGREGATIONS = ("arithmetic", "geometric")
#: Geometric aggregation needs positive scores: an area score of 0 counts as this floor
#: (OECD/JRC Handbook 2008, section 6.2).
GEOMETRIC_FLOOR = 0.01
#: Composites closer than this are tied when ranking.
TIE_TOLERANCE = 1e-9
#: Default share of a jurisdiction's scored indicators that must be known before it gets a
#: composite score, a rank or a map colour.
MIN_COVERAGE = 0.8


@dataclass(frozen=True, slots=True, eq=False)
class ScoreArrays:
    """Indicator scores of one snapshot as arrays, with the codebook structure."""

    countries: tuple[str, ...]
    indicators: tuple[str, ...]
    areas: tuple[str, ...]
    scores: np.ndarray  # countries x indicators, NaN = unknown
    membership: np.ndarray  # indicators x areas, 0/1

    @classmethod
    def from_codings(cls, snapshot: Codings) -> ScoreArrays:
        """Scored indicators of a snapshot (descriptive indicators dropped)."""
        scored = snapshot.indicators.scored
        long = snapshot.to_long()
        long = long[long["indicator"].isin(scored.ids)]
        wide = long.pivot(index="country", columns="indicator", values="score")
        countries = tuple(c for c in snapshot.countries if c in wide.index)
        wide = wide.reindex(index=list(countries), columns=list(scored.ids))
        areas = tuple(a for a in scored.areas if any(i.area == a for i in scored))
        member = np.array([[i.area == a for a in areas] for i in scored], dtype=float)
        return cls(countries, scored.ids, areas, wide.to_numpy(float), member)

    @property
    def coverage(self) -> np.ndarray:
        """Per country: the share of the scored indicators whose value is known."""
        return (~np.isnan(self.scores)).mean(1) if self.scores.size else np.zeros(len(self.countries))

    def subset(self, keep: np.ndarray) -> ScoreArrays:
        """Only the countries where ``keep`` is true."""
        return ScoreArrays(tuple(np.asarray(self.countries)[keep]), self.indicators, self.areas,
                           self.scores[keep], self.membership)


def area_scores(arrays: ScoreArrays, indicator_weights: np.ndarray, unknown: str) -> np.ndarray:
    """Weighted mean indicator score per country and area.

    ``indicator_weights`` is (indicators,) for one configuration, giving countries x
    areas, or (draws, indicators), giving draws x countries x areas.

    ``unknown``: ``"exclude"`` drops unknown indicators and renormalises the
    weights over the known ones (an area with none known is NaN); ``"zero"``
    scores them 0 (worst case); ``"half"`` scores them 0.5 (neutral).
    """
    fill = {"exclude": np.nan, "zero": 0.0, "half": 0.5}[unknown]
    s = np.where(np.isnan(arrays.scores), fill, arrays.scores)
    known = ~np.isnan(s)
    # countries x indicators x areas, contracted with the weights over indicators: one matrix
    # product (BLAS) for any number of weight rows, no draws x countries x indicators temporary.
    w = np.asarray(indicator_weights, dtype=float)
    num = np.tensordot(w, np.where(known, s, 0.0)[:, :, None] * arrays.membership, axes=([-1], [1]))
    den = np.tensordot(w, known[:, :, None] * arrays.membership, axes=([-1], [1]))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def composite(areas: np.ndarray, weights: np.ndarray, geometric: np.ndarray | bool) -> np.ndarray:
    """Composite over the last axis of ``areas`` (..., countries, areas).

    Parameters
    ----------
    areas
        Area scores; NaN areas are left out and the weights renormalised.
    weights
        Area weights (..., areas), broadcast over countries.
    geometric
        Per leading index (or one bool): geometric instead of arithmetic mean.

    Notes
    -----
    Arithmetic: :math:`\\sum_k w_k s_k`; geometric: :math:`\\prod_k \\max(s_k, f)^{w_k}`
    with renormalised weights :math:`\\sum_k w_k = 1` over known areas and floor
    :math:`f` = ``GEOMETRIC_FLOOR``. Geometric aggregation is only partly
    compensatory: a weak area is not fully offset by a strong one (OECD/JRC 2008, s. 6).
    """
    valid = ~np.isnan(areas)
    w = np.expand_dims(weights, -2) * valid
    total = w.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = w / total[..., None]
        arith = (w * np.where(valid, areas, 0.0)).sum(-1)
        geo = np.exp((w * np.log(np.where(valid, np.maximum(areas, GEOMETRIC_FLOOR), 1.0))).sum(-1))
    out = np.where(np.expand_dims(np.asarray(geometric), -1) if np.ndim(geometric) else geometric, geo, arith)
    return np.where(total > 0, out, np.nan)


def ranks(values: np.ndarray) -> np.ndarray:
    """Rank along the last axis, 1 = highest; ties share the best rank; NaN stays NaN.

    Vectorised as one plus the number of values higher by more than ``TIE_TOLERANCE``
    (fine for 15 countries): composites equal up to rounding error (e.g. renormalised
    random weights over equal scores) are ties, not a rank order.
    """
    higher = ((values[..., None, :] - values[..., :, None]) > TIE_TOLERANCE).sum(-1)
    return np.where(np.isnan(values), np.nan, 1.0 + higher)


def frame(arrays: ScoreArrays, values: np.ndarray, columns: tuple[str, ...], name: str) -> pd.DataFrame:
    """Long DataFrame (country, <name>, score) from a countries x columns array."""
    return pd.DataFrame({
        "country": np.repeat(arrays.countries, len(columns)),
        name: np.tile(columns, len(arrays.countries)),
        "score": values.ravel(),
    })
