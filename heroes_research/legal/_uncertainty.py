"""Uncertainty and sensitivity of the harmonisation index (OECD/JRC Handbook 2008, section 7).

Monte Carlo over the modeller's choices: the weight set (equal or expert) with
Dirichlet noise around it, the aggregation across areas (arithmetic or
geometric) and the treatment of ``unknown`` values (exclude, zero, half). Each
draw gives every country a composite and a rank; the result is each country's
median rank and 5-95 % rank interval, and a sensitivity table showing which
choice moves the ranks most. Fully vectorised: draws x countries x areas arrays.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from heroes_research.legal import _aggregate as agg
from heroes_research.legal._codings import Codings
from heroes_research.legal._scoring import check_choice, check_share, snapshot_for_scoring
from heroes_research.legal._weights import Weights, resolve_weights

__all__ = ["Uncertainty", "uncertainty"]

SUMMARY_COLUMNS = ["country", "reference_rank", "median_rank", "rank_p05", "rank_p95",
                   "composite_median", "composite_p05", "composite_p95"]
SENSITIVITY_COLUMNS = ["factor", "setting", "mean_abs_rank_shift", "max_abs_rank_shift", "first_order_index"]


@dataclass(frozen=True, slots=True, eq=False)
class Uncertainty:
    """Monte Carlo ranks of the harmonisation index (tidy, immutable).

    Attributes
    ----------
    summary
        One row per country: reference rank, median rank, 5 % / 95 % rank, composite quantiles.
    sensitivity
        One row per (factor, alternative setting): mean and max absolute rank shift
        from the reference when only that factor changes, and the factor's
        first-order (variance-share) index of ranks over all draws.
    draws
        One row per draw: the weight set, aggregation and unknown treatment used.
    ranks, composites
        draws x countries arrays (published countries only).
    withheld
        The countries left out for too little coverage: country, coverage.
    """

    summary: pd.DataFrame
    sensitivity: pd.DataFrame
    draws: pd.DataFrame
    ranks: np.ndarray
    composites: np.ndarray
    countries: tuple[str, ...]
    withheld: pd.DataFrame

    def to_long(self) -> pd.DataFrame:
        """The summary melted: country, statistic, value."""
        return self.summary.melt(id_vars="country", var_name="statistic", value_name="value")

    def to_wide(self) -> pd.DataFrame:
        """The summary, one row per country, sorted by median rank."""
        return self.summary.sort_values(["median_rank", "reference_rank"], kind="stable").reset_index(drop=True)

    def __repr__(self) -> str:
        top = self.sensitivity.iloc[0] if len(self.sensitivity) else None
        moved = f"; most influential: {top['factor']} ({top['setting']})" if top is not None else ""
        return (f"Uncertainty({len(self.draws)} draws, {len(self.countries)} countries ranked, "
                f"{len(self.withheld)} withheld for coverage{moved})")

    def _repr_html_(self) -> str:
        return (f"<p>{self!r}</p>" + self.to_wide().round(3).to_html(index=False)
                + self.sensitivity.round(3).to_html(index=False))


def _first_order(ranks: np.ndarray, factor: np.ndarray) -> float:
    """Share of rank variance explained by a discrete factor: sum_c Var(E[R_c|f]) / sum_c Var(R_c)."""
    total = np.nanvar(ranks, axis=0)
    levels = np.unique(factor)
    means = np.stack([np.nanmean(ranks[factor == v], axis=0) for v in levels])  # few levels, not rows
    share = np.array([np.mean(factor == v) for v in levels])
    grand = np.nanmean(ranks, axis=0)
    between = (share[:, None] * (means - grand) ** 2).sum(0)
    return float(np.nansum(between) / np.nansum(total)) if np.nansum(total) > 0 else 0.0


def _shift(ranks: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    diff = np.abs(ranks - reference)
    return float(np.nanmean(diff)), float(np.nanmax(diff)) if np.isfinite(diff).any() else np.nan


def uncertainty(codings: Codings, *, date: str | pd.Timestamp | None = None,
                weight_sets: Sequence[Weights | str | os.PathLike[str]] = ("equal", "expert"),
                aggregations: Sequence[str] = agg.AGGREGATIONS, unknowns: Sequence[str] = agg.UNKNOWN_RULES,
                draws: int = 10_000, concentration: float | None = 50.0,
                indicator_concentration: float | None = 50.0, seed: int = 20261122,
                merge_systems: bool = True, min_coverage: float = agg.MIN_COVERAGE) -> Uncertainty:
    """Monte Carlo uncertainty of the composite ranks over weights, aggregation and unknown treatment.

    Parameters
    ----------
    codings
        Legal codings; scored at ``date`` (default: the snapshot's or the latest).
    weight_sets
        Candidate weight sets; the first is the reference. Each draw picks one uniformly.
    aggregations, unknowns
        Candidate aggregations and unknown treatments; the first of each is the reference.
    draws
        Number of Monte Carlo draws.
    concentration, indicator_concentration
        Dirichlet concentration of the noise on the area weights and on the indicator
        weights around the chosen set (w ~ Dirichlet(concentration x w)); larger =
        closer to the set; ``None`` = no noise.
    seed
        Seed of ``numpy.random.default_rng``: results are reproducible.
    min_coverage
        Only countries with at least this share of their scored indicators known are
        ranked (as in :func:`score`); the others are listed in ``withheld``. With fewer
        than two such countries there is nothing to rank: the summary is empty.

    Returns
    -------
    Uncertainty

    Notes
    -----
    Each draw computes draws x countries x indicators weighted scores, area means
    and the composite, all vectorised. Ranks: 1 = highest composite; ties (within
    ``TIE_TOLERANCE``) share the best rank. The first-order index of a factor is
    :math:`\\sum_c \\mathrm{Var}(E[R_c \\mid f]) / \\sum_c \\mathrm{Var}(R_c)`
    (Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*, ch. 1),
    estimated from the draws; rank shifts are one-at-a-time changes from the
    reference configuration (OECD/JRC Handbook 2008, section 7).

    Example
    -------
    >>> from heroes_research.legal import load_codings, uncertainty
    >>> u = uncertainty(load_codings(), draws=200)  # doctest: +SKIP
    >>> list(u.summary.columns[:4])  # doctest: +SKIP
    ['country', 'reference_rank', 'median_rank', 'rank_p05']
    """
    for a in aggregations:
        check_choice("aggregation", a, agg.AGGREGATIONS)
    for u in unknowns:
        check_choice("unknown", u, agg.UNKNOWN_RULES)
    check_share(min_coverage)
    snap = snapshot_for_scoring(codings, date, merge_systems)
    arrays = agg.ScoreArrays.from_codings(snap)
    keep = arrays.coverage >= min_coverage
    withheld = pd.DataFrame({"country": np.asarray(arrays.countries)[~keep], "coverage": arrays.coverage[~keep]})
    if keep.sum() < 2:
        return _nothing_to_rank(withheld, draws)
    setup = _Setup(arrays.subset(keep), [resolve_weights(w, snap.indicators) for w in weight_sets],
                   tuple(aggregations), tuple(unknowns))
    rng = np.random.default_rng(seed)
    choice = {f: rng.integers(n, size=draws) for f, n in
              (("weights", len(setup.sets)), ("aggregation", len(aggregations)), ("unknown", len(unknowns)))}
    area_w = _dirichlet(rng, setup.area_w[choice["weights"]], concentration)
    ind_w = _dirichlet(rng, setup.ind_w[choice["weights"]], indicator_concentration)
    areas = np.empty((draws, len(setup.arrays.countries), len(setup.arrays.areas)))
    for k, rule in enumerate(unknowns):  # a few rules; each block vectorised over its draws
        hit = choice["unknown"] == k
        areas[hit] = agg.area_scores(setup.arrays, ind_w[hit], rule)
    comps = agg.composite(areas, area_w, np.asarray(aggregations)[choice["aggregation"]] == "geometric")
    ranks = agg.ranks(comps)
    reference = agg.ranks(setup.composite(0, 0, 0))
    q = np.nanpercentile(ranks, [5, 50, 95], axis=0)
    c = np.nanpercentile(comps, [5, 50, 95], axis=0)
    summary = pd.DataFrame({"country": setup.arrays.countries, "reference_rank": reference, "median_rank": q[1],
                            "rank_p05": q[0], "rank_p95": q[2], "composite_median": c[1],
                            "composite_p05": c[0], "composite_p95": c[2]})[SUMMARY_COLUMNS]
    noise = ", ".join(f"{name} {v:g}" for name, v in (("areas", concentration), ("indicators", indicator_concentration))
                      if v is not None)
    sensitivity = _sensitivity(setup, choice, ranks, reference, noise)
    draws_frame = pd.DataFrame({"weights": np.asarray([w.name for w in setup.sets])[choice["weights"]],
                                "aggregation": np.asarray(aggregations)[choice["aggregation"]],
                                "unknown": np.asarray(unknowns)[choice["unknown"]]})
    return Uncertainty(summary, sensitivity, draws_frame, ranks, comps, setup.arrays.countries, withheld)


def _nothing_to_rank(withheld: pd.DataFrame, draws: int) -> Uncertainty:
    """The result when fewer than two countries have the coverage to be ranked."""
    empty = np.empty((draws, 0))
    return Uncertainty(pd.DataFrame(columns=SUMMARY_COLUMNS), pd.DataFrame(columns=SENSITIVITY_COLUMNS),
                       pd.DataFrame(columns=["weights", "aggregation", "unknown"]), empty, empty, (), withheld)


def _dirichlet(rng: np.random.Generator, base: np.ndarray, concentration: float | None) -> np.ndarray:
    """Rows ~ Dirichlet(concentration x base) up to scale (gamma draws; normalised where used)."""
    return base if concentration is None else rng.gamma(concentration * base / base.sum(-1, keepdims=True))


@dataclass(frozen=True, slots=True, eq=False)
class _Setup:
    """Scores and candidate choices of one uncertainty run; ``composite`` of one configuration."""

    arrays: agg.ScoreArrays
    sets: list[Weights]
    aggregations: tuple[str, ...]
    unknowns: tuple[str, ...]

    @property
    def area_w(self) -> np.ndarray:
        return np.stack([w.area_vector(self.arrays.areas) for w in self.sets])

    @property
    def ind_w(self) -> np.ndarray:
        return np.stack([w.indicator_vector(self.arrays.indicators) for w in self.sets])

    def composite(self, weights: int, aggregation: int, unknown: int) -> np.ndarray:
        areas = agg.area_scores(self.arrays, self.ind_w[weights], self.unknowns[unknown])
        return agg.composite(areas, self.area_w[weights], self.aggregations[aggregation] == "geometric")


def _sensitivity(setup: _Setup, choice: dict[str, np.ndarray], ranks: np.ndarray, reference: np.ndarray,
                 noise: str) -> pd.DataFrame:
    """One row per (factor, alternative setting), most rank-moving first."""
    names = {"weights": [w.name for w in setup.sets], "aggregation": list(setup.aggregations),
             "unknown": list(setup.unknowns)}
    rows = []
    for position, factor in enumerate(names):
        s1 = _first_order(ranks, choice[factor])
        for k in range(1, len(names[factor])):
            config = [0, 0, 0]
            config[position] = k
            mean_s, max_s = _shift(agg.ranks(setup.composite(*config)), reference)
            rows.append({"factor": factor, "setting": names[factor][k], "mean_abs_rank_shift": mean_s,
                         "max_abs_rank_shift": max_s, "first_order_index": s1})
    at_ref = (choice["weights"] == 0) & (choice["aggregation"] == 0) & (choice["unknown"] == 0)
    if noise and at_ref.any():
        mean_s, max_s = _shift(ranks[at_ref], reference)
        rows.append({"factor": "weight noise", "setting": f"Dirichlet concentration: {noise}",
                     "mean_abs_rank_shift": mean_s, "max_abs_rank_shift": max_s, "first_order_index": np.nan})
    return pd.DataFrame(rows, columns=SENSITIVITY_COLUMNS).sort_values(
        ["mean_abs_rank_shift", "first_order_index"], ascending=False, kind="stable").reset_index(drop=True)
