"""Coverage of the coding: which (jurisdiction x indicator) cells are known, cited to the article, verified.

Coverage decides what may be published: a jurisdiction gets a composite score, a
rank or a map colour only when enough of its scored indicators are known
(:data:`MIN_COVERAGE`), and every score is shown beside its coverage. A cell with no
row at all counts as unknown, so coverage is always over the whole codebook.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from heroes_research.countries import COUNTRY_CODES
from heroes_research.legal._aggregate import MIN_COVERAGE
from heroes_research.legal._codings import Codings
from heroes_research.legal._sample import JURISDICTIONS

__all__ = ["TARGETS", "Coverage", "coverage", "share_text"]

#: Coverage targets of issue 11: share of all cells coded with a citation, share of those cited
#: to the article or section, and the least share coded in any area.
TARGETS = {"cells coded with a citation": 0.60, "coded cells cited to the article": 0.50,
           "least-covered area": 0.40}


@dataclass(frozen=True, slots=True, eq=False)
class Coverage:
    """Coverage of one snapshot of the codings (tidy, immutable).

    Attributes
    ----------
    cells
        One row per (jurisdiction, indicator) of the codebook: area, scored, status
        (``unknown`` where no row is in force), known, cited_to_article, source_type.
    by_area
        jurisdiction, area, n_indicators, n_known, share_known, n_article.
    by_jurisdiction
        jurisdiction, n_indicators, n_known, share_known, n_article, n_verified, n_primary,
        n_scored, n_scored_known, scored_coverage, publishable (scored_coverage >= min_coverage).
    date, min_coverage
        The snapshot date and the publication threshold.
    """

    cells: pd.DataFrame
    by_area: pd.DataFrame
    by_jurisdiction: pd.DataFrame
    date: pd.Timestamp
    min_coverage: float

    def to_long(self) -> pd.DataFrame:
        """The cells (a copy)."""
        return self.cells.copy()

    def to_wide(self) -> pd.DataFrame:
        """Jurisdiction x area share known, jurisdictions in display order."""
        wide = self.by_area.pivot(index="jurisdiction", columns="area", values="share_known")
        return wide.reindex(index=list(dict.fromkeys(self.by_area["jurisdiction"])),
                            columns=list(dict.fromkeys(self.by_area["area"]))).rename_axis(columns=None)

    def targets(self) -> pd.DataFrame:
        """The issue's coverage targets: target, value, goal, met (one row each)."""
        known = self.cells["known"]
        per_area = self.cells.groupby("area", sort=False)["known"].mean()
        values = {"cells coded with a citation": float(known.mean()),
                  "coded cells cited to the article": float(self.cells.loc[known, "cited_to_article"].mean())
                  if known.any() else 0.0,
                  "least-covered area": float(per_area.min())}
        return pd.DataFrame({"target": list(TARGETS), "value": [values[k] for k in TARGETS],
                             "goal": list(TARGETS.values())}).assign(
            met=lambda t: t["value"] >= t["goal"])

    def area_shares(self) -> pd.Series:
        """Share of cells known per area, over every jurisdiction (codebook area order)."""
        return self.cells.groupby("area", sort=False)["known"].mean()

    def __repr__(self) -> str:
        known = self.cells["known"]
        ok = int(self.by_jurisdiction["publishable"].sum())
        return (f"Coverage(as of {self.date.date()}: {int(known.sum())} of {len(known)} cells known "
                f"({known.mean():.0%}); {ok} of {len(self.by_jurisdiction)} jurisdictions with >= "
                f"{self.min_coverage:.0%} of their scored indicators known)")

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self.to_wide().map(share_text, na_action="ignore").to_html()


def _places(merge_systems: bool, jurisdictions: list[str] | None) -> list[str]:
    """The jurisdictions of the coverage grid: given, else every study jurisdiction."""
    if jurisdictions is None:
        return list(COUNTRY_CODES if merge_systems else JURISDICTIONS)
    if merge_systems:
        return list(dict.fromkeys(j.split("-")[0] for j in jurisdictions))
    return [p for j in jurisdictions for p in ([k for k in JURISDICTIONS if k.split("-")[0] == j] or [j])]


def coverage(codings: Codings, *, date: str | pd.Timestamp | None = None, merge_systems: bool = False,
             jurisdictions: list[str] | None = None, min_coverage: float = MIN_COVERAGE) -> Coverage:
    """Which cells of the codebook are known, for each jurisdiction and area.

    Parameters
    ----------
    codings
        Legal codings; the snapshot at ``date`` (default: the snapshot's, else the latest).
    merge_systems
        Count GB as one country (least-protective merge; unknown unless every legal
        system is known) instead of GB-EAW, GB-SCT and GB-NIR.
    jurisdictions
        The grid's jurisdictions (countries expand to their legal systems unless
        ``merge_systems``); default every study jurisdiction, coded or not.
    min_coverage
        Publication threshold on the share of scored indicators known.

    Returns
    -------
    Coverage

    Notes
    -----
    A cell is *known* when the row in force has status ``draft`` or ``verified`` (it then
    carries a full citation: :func:`load_codings` enforces it) and *cited to the article*
    when that row names an article or section.

    Example
    -------
    >>> from heroes_research.legal import coverage, load_codings
    >>> coverage(load_codings()).targets()  # doctest: +SKIP
    """
    snap = codings.as_of(date) if date is not None else (codings if codings.date is not None else codings.latest())
    if merge_systems:
        snap = snap.country_level()
    places = _places(merge_systems, jurisdictions)
    ind = snap.indicators.to_wide().set_index("indicator")
    grid = pd.MultiIndex.from_product([places, list(ind.index)], names=["jurisdiction", "indicator"])
    rows = snap.data.rename(columns={"country": "jurisdiction"}).set_index(["jurisdiction", "indicator"])
    cells = rows.reindex(grid)[["status", "article", "source_type"]].reset_index()
    cells["status"] = cells["status"].fillna("unknown")
    cells["area"] = cells["indicator"].map(ind["area"])
    cells["scored"] = cells["indicator"].map(ind["scored"]).astype(bool)
    cells["known"] = cells["status"].isin(["draft", "verified"])
    cells["cited_to_article"] = cells["known"] & cells["article"].fillna("").astype(str).str.strip().ne("")
    cells = cells[["jurisdiction", "indicator", "area", "scored", "status", "known", "cited_to_article",
                   "source_type"]]
    by_area = cells.groupby(["jurisdiction", "area"], sort=False).agg(
        n_indicators=("known", "size"), n_known=("known", "sum"), n_article=("cited_to_article", "sum"),
    ).reset_index()
    by_area.insert(4, "share_known", by_area["n_known"] / by_area["n_indicators"])
    scored = cells[cells["scored"]].groupby("jurisdiction", sort=False)["known"].agg(["size", "sum"])
    g = cells.groupby("jurisdiction", sort=False)
    by_j = pd.DataFrame({
        "n_indicators": g.size(), "n_known": g["known"].sum(), "n_article": g["cited_to_article"].sum(),
        "n_verified": g["status"].apply(lambda s: int(s.eq("verified").sum())),
        "n_primary": g["source_type"].apply(lambda s: int(s.eq("primary").sum())),
        "n_scored": scored["size"], "n_scored_known": scored["sum"],
    }).reset_index()
    by_j.insert(3, "share_known", by_j["n_known"] / by_j["n_indicators"])
    by_j["scored_coverage"] = by_j["n_scored_known"] / by_j["n_scored"].where(by_j["n_scored"] > 0, np.nan)
    by_j["publishable"] = by_j["scored_coverage"].fillna(0.0) >= min_coverage
    return Coverage(cells, by_area, by_j, snap.date, min_coverage)


def share_text(share: float) -> str:
    """A coverage share as a whole percentage, rounded *down*.

    A share just under the publication gate must not print as the gate: 51 of 64
    known (79.7 %) is "79%", not an "80%" beside "insufficient coverage".

    Example
    -------
    >>> share_text(51 / 64), share_text(0.8), share_text(1.0)
    ('79%', '80%', '100%')
    """
    return f"{math.floor(share * 100 + 1e-9):d}%"
