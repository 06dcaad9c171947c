"""Cross-country comparison: country x indicator matrix, pairwise similarity, clustering order, gaps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from heroes_research.legal._agreement import value_codes
from heroes_research.legal._codings import Codings
from heroes_research.legal._scoring import snapshot_for_scoring

__all__ = ["Comparison", "compare", "gaps"]

GAP_COLUMNS = ["country", "indicator", "area", "question", "gap", "score", "standard_instrument",
               "standard_article", "national_value", "national_source", "source_url", "status", "note"]


@dataclass(frozen=True, slots=True, eq=False)
class Comparison:
    """Pairwise similarity of countries' laws (tidy, immutable).

    Attributes
    ----------
    matrix
        Country x indicator values (NA = unknown), countries in display order.
    pairs
        One row per ordered pair: country_a, country_b, n_common, share_alike, gower_distance.
    order
        Countries in hierarchical-clustering order (optimal leaf ordering), for heatmaps.
    """

    matrix: pd.DataFrame
    pairs: pd.DataFrame
    order: tuple[str, ...]

    def to_long(self) -> pd.DataFrame:
        """The pairs table (a copy)."""
        return self.pairs.copy()

    def to_wide(self, measure: str = "gower_distance") -> pd.DataFrame:
        """Square country x country table of ``measure``, rows and columns in clustering order."""
        wide = self.pairs.pivot(index="country_a", columns="country_b", values=measure)
        return wide.reindex(index=list(self.order), columns=list(self.order)).rename_axis(index=None, columns=None)

    def __repr__(self) -> str:
        return f"Comparison({len(self.order)} countries, clustering order {' '.join(self.order)})"

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self.to_wide().round(2).to_html()


def _distances(snap: Codings) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Countries, Gower distance, share alike and common-indicator counts (countries x countries)."""
    data = snap.data
    codes = data.assign(code=value_codes(snap, data).to_numpy()).pivot(index="country", columns="indicator",
                                                                       values="code")
    countries = snap.countries
    ids = list(snap.indicators.ids)
    x = codes.reindex(index=countries, columns=ids).to_numpy(float)
    spec = snap.indicators.to_wide().set_index("indicator").reindex(ids)
    # Per-indicator scale: nominal mismatch -> 1; ordinal rank gap / (levels - 1); numeric gap / codebook range.
    n_levels = spec["levels"].fillna("").str.count(r"\|").to_numpy(float)
    scale = np.where(spec["type"].eq("ordinal"), n_levels, np.where(spec["type"].eq("numeric"),
                     (spec["range_high"] - spec["range_low"]).to_numpy(float), np.nan))
    nominal = spec["type"].isin(["binary", "categorical"]).to_numpy()
    diff = np.abs(x[:, None, :] - x[None, :, :])  # countries x countries x indicators
    part = np.where(nominal, (diff > 0).astype(float), diff / np.where(nominal, 1.0, scale))
    common = ~np.isnan(diff)
    n_common = common.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        gower = np.where(n_common > 0, np.nansum(part, -1) / n_common, np.nan)
        alike = np.where(n_common > 0, ((diff == 0) & common).sum(-1) / n_common, np.nan)
    return countries, gower, alike, n_common


def _cluster_order(countries: list[str], distance: np.ndarray) -> tuple[str, ...]:
    """Average-linkage clustering with optimal leaf ordering; pairs with nothing in common count as 1."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    if len(countries) < 3:
        return tuple(countries)
    d = np.where(np.isnan(distance), 1.0, distance)
    np.fill_diagonal(d, 0.0)
    tree = linkage(squareform((d + d.T) / 2, checks=False), method="average", optimal_ordering=True)
    return tuple(countries[i] for i in leaves_list(tree))


def compare(codings: Codings, *, date: str | pd.Timestamp | None = None, merge_systems: bool = True) -> Comparison:
    """Pairwise similarity of countries' laws and a clustering order for heatmaps.

    Parameters
    ----------
    codings
        Legal codings; compared at ``date`` (default: the snapshot's or the latest).
    merge_systems
        Merge GB-EAW/GB-SCT/GB-NIR into GB (least protective); ``False`` compares them as units.

    Returns
    -------
    Comparison

    Notes
    -----
    Over the indicators known for both countries: ``share_alike`` is the share
    coded identically; ``gower_distance`` is Gower's (1971) mean of per-indicator
    distances: 0/1 mismatch for binary and categorical, rank gap / (levels - 1)
    for ordinal, absolute gap / codebook range for numeric (fixed ranges, so a
    pair's distance does not depend on other countries). Clustering: average
    linkage with optimal leaf ordering (Bar-Joseph et al. 2001; scipy).

    Example
    -------
    >>> from heroes_research.legal import compare, load_codings
    >>> len(compare(load_codings()).order)
    15
    """
    snap = snapshot_for_scoring(codings, date, merge_systems)
    countries, gower, alike, n_common = _distances(snap)
    k = len(countries)
    pairs = pd.DataFrame({"country_a": np.repeat(countries, k), "country_b": np.tile(countries, k),
                          "n_common": n_common.ravel(), "share_alike": alike.ravel(),
                          "gower_distance": gower.ravel()})
    return Comparison(snap.to_wide(), pairs, _cluster_order(countries, gower))


def gaps(codings: Codings, *, date: str | pd.Timestamp | None = None, merge_systems: bool = True,
         include_unknown: bool = False) -> pd.DataFrame:
    """Every international standard a country does not (fully) meet, with both citations.

    Parameters
    ----------
    codings
        Legal codings; assessed at ``date`` (default: the snapshot's or the latest).
    merge_systems
        Assess GB as a whole (least protective system) or each legal system.
    include_unknown
        Also list standards whose national value is unknown (``gap = "unknown"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``GAP_COLUMNS``; ``gap`` is "not met" (score 0), "partly met"
        (0 < score < 1) or "unknown". Descriptive indicators are never gaps.

    Notes
    -----
    A gap is a scored indicator whose national score :math:`s` (see
    :func:`score_values`: distance to the standard's fixed goalpost) is below 1;
    with ``merge_systems`` GB's score is its least-protective legal system's.

    Example
    -------
    >>> from heroes_research.legal import gaps, load_codings
    >>> list(gaps(load_codings(), include_unknown=True).columns[:5])
    ['country', 'indicator', 'area', 'question', 'gap']
    """
    snap = snapshot_for_scoring(codings, date, merge_systems)
    long = snap.to_long()
    spec = snap.indicators.to_wide().set_index("indicator")
    long = long[long["indicator"].map(spec["scored"]).astype(bool)]
    gap = np.select([long["score"].eq(0), long["score"].lt(1), long["score"].isna()],
                    ["not met", "partly met", "unknown"], default="")
    out = long.assign(gap=gap)
    keep = out["gap"].isin(["not met", "partly met"] + (["unknown"] if include_unknown else []))
    out = out[keep].rename(columns={"value": "national_value", "source": "national_source"})
    for col in ("question", "standard_instrument", "standard_article"):
        out[col] = out["indicator"].map(spec[col])
    return out[GAP_COLUMNS].reset_index(drop=True)
