"""Scoring the codings: indicator scores, area scores and the composite harmonisation index."""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd

from heroes_research.errors import LegalDataError
from heroes_research.legal import _aggregate as agg
from heroes_research.legal._codings import Codings
from heroes_research.legal._weights import Weights, resolve_weights

__all__ = ["Scores", "check_share", "score", "snapshot_for_scoring"]


def snapshot_for_scoring(codings: Codings, date: str | pd.Timestamp | None, merge_systems: bool) -> Codings:
    """The snapshot at ``date`` (default: the codings' own snapshot, else the latest), systems merged."""
    snap = codings.as_of(date) if date is not None else (codings if codings.date is not None else codings.latest())
    if snap.data.empty:
        raise LegalDataError(f"no codings in force on {snap.date.date()}", reason="no_codings_at_date",
                             variable="date", file=codings.file,
                             hint=f"choose a date on or after {codings.data['as_of'].min().date()}")
    return snap.country_level() if merge_systems else snap


def check_share(min_coverage: float) -> None:
    """Raise a clear error unless ``min_coverage`` is a share in [0, 1]."""
    if not 0 <= min_coverage <= 1:
        raise LegalDataError(f"scoring: min_coverage={min_coverage!r} is not a share in [0, 1]",
                             variable="min_coverage", reason="bad_option", hint="use e.g. 0.8 (80 %)")


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    """Raise a clear error if ``value`` is not one of ``allowed``."""
    if value not in allowed:
        raise LegalDataError(f"scoring: {name}={value!r} is not one of {', '.join(allowed)}",
                             variable=name, reason="bad_option", hint=f"use one of {', '.join(allowed)}")


@dataclass(frozen=True, slots=True, eq=False)
class Scores:
    """Indicator, area and composite scores of one configuration (tidy, immutable).

    Attributes
    ----------
    indicator
        country, indicator, area, value, status, score (NaN = unknown).
    area
        country, area, score, n_known, n_indicators.
    composite
        country, score, rank (1 = most protective), n_known, n_indicators, coverage
        (n_known / n_indicators), published (coverage >= ``min_coverage``). Score and
        rank are NaN where not published: too few indicators are known to compare.
    weights, aggregation, unknown, date, min_coverage
        The configuration.
    """

    indicator: pd.DataFrame
    area: pd.DataFrame
    composite: pd.DataFrame
    weights: Weights
    aggregation: str
    unknown: str
    date: pd.Timestamp
    min_coverage: float = agg.MIN_COVERAGE

    def to_long(self) -> pd.DataFrame:
        """All scores stacked: level ("indicator", "area", "composite"), country, name, score."""
        parts = [
            self.indicator.assign(level="indicator").rename(columns={"indicator": "name"}),
            self.area.assign(level="area").rename(columns={"area": "name"}),
            self.composite.assign(level="composite", name="composite"),
        ]
        cols = ["level", "country", "name", "score"]
        return pd.concat([p[cols] for p in parts], ignore_index=True)

    def to_wide(self) -> pd.DataFrame:
        """Country x (areas, composite, rank) table, countries in display order."""
        wide = self.area.pivot(index="country", columns="area", values="score")
        wide = wide.reindex(index=self.composite["country"], columns=self.area["area"].unique())
        comp = self.composite.set_index("country")
        return wide.assign(composite=comp["score"], rank=comp["rank"]).rename_axis(columns=None)

    def __repr__(self) -> str:
        shown = self.composite[self.composite["published"]]
        return (f"Scores(as of {self.date.date()}, weights {self.weights.name!r}, {self.aggregation}, "
                f"unknown={self.unknown!r}; {len(self.composite)} countries, {len(shown)} with coverage >= "
                f"{self.min_coverage:.0%}: {' '.join(shown['country']) or 'none'})")

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self.to_wide().round(3).to_html()


def score(codings: Codings, *, date: str | pd.Timestamp | None = None,
          weights: Weights | str | os.PathLike[str] = "equal", aggregation: str = "arithmetic",
          unknown: str = "exclude", merge_systems: bool = True,
          min_coverage: float = agg.MIN_COVERAGE) -> Scores:
    """Score codings against the codebook's fixed goalposts and build the harmonisation index.

    Parameters
    ----------
    codings
        Legal codings (full history or a snapshot).
    date
        State of the law to score (default: the snapshot's date, else the latest).
    weights
        ``"equal"``, ``"expert"`` (``data/raw/legal/weights_expert.yaml``), a YAML path or a Weights.
    aggregation
        Across areas: ``"arithmetic"`` or ``"geometric"``. Within an area: always the weighted mean.
    unknown
        Treatment of unknown values: ``"exclude"`` (renormalise over known),
        ``"zero"`` (worst case) or ``"half"`` (neutral 0.5).
    merge_systems
        Merge legal systems (GB-EAW, ...) into countries by the least-protective rule.
    min_coverage
        A country gets a composite score and a rank only when at least this share of the
        codebook's scored indicators is known for it (missing rows count as unknown);
        otherwise both are NaN and ``published`` is false. Area scores are always
        computed, beside their ``n_known`` of ``n_indicators``.

    Returns
    -------
    Scores

    Notes
    -----
    Indicator scores use fixed goalposts (see :func:`score_values`), so a
    country's scores do not change when countries are added or removed; only
    ranks do. Area score :math:`a_{ck} = \\sum_{i \\in k} v_i s_{ci} / \\sum_{i \\in k} v_i`
    over known indicators; composite as in :func:`composite`.

    Example
    -------
    >>> from heroes_research.legal import load_codings, score
    >>> s = score(load_codings(), date="2024-01-01", unknown="zero")  # doctest: +SKIP
    >>> list(s.composite.columns)  # doctest: +SKIP
    ['country', 'score', 'rank', 'n_known', 'n_indicators', 'coverage', 'published']
    """
    check_choice("aggregation", aggregation, agg.AGGREGATIONS)
    check_choice("unknown", unknown, agg.UNKNOWN_RULES)
    check_share(min_coverage)
    snap = snapshot_for_scoring(codings, date, merge_systems)
    arrays = agg.ScoreArrays.from_codings(snap)
    w = resolve_weights(weights, snap.indicators)
    area = agg.area_scores(arrays, w.indicator_vector(arrays.indicators), unknown)
    comp = agg.composite(area, w.area_vector(arrays.areas), aggregation == "geometric")
    known = ~np.isnan(arrays.scores)
    long = snap.to_long()
    indicator = long[long["indicator"].isin(arrays.indicators)][
        ["country", "indicator", "area", "value", "status", "score"]].reset_index(drop=True)
    area_frame = agg.frame(arrays, area, arrays.areas, "area").assign(
        n_known=(known.astype(int) @ arrays.membership).ravel().astype(int),
        n_indicators=np.tile(arrays.membership.sum(0).astype(int), len(arrays.countries)),
    )
    published = arrays.coverage >= min_coverage
    shown = np.where(published, comp, np.nan)
    comp_frame = pd.DataFrame({"country": arrays.countries, "score": shown, "rank": agg.ranks(shown),
                               "n_known": known.sum(1), "n_indicators": len(arrays.indicators),
                               "coverage": arrays.coverage, "published": published})
    return Scores(indicator, area_frame, comp_frame, w, aggregation, unknown, snap.date, min_coverage)
