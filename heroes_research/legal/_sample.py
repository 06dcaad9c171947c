"""The blind second-coding sample: a seeded random share of the cells, stratified by area.

A second coder recodes, from the sources and without seeing the first coding, a
random 20 % of the (jurisdiction, indicator) cells the first coder coded. The
draw is stratified by area (each area contributes its share, rounded up), so
agreement can be reported per area. While the first coding is still nearly empty,
the draw is taken from *all* cells instead (25 % by default), so the second coder
can start at once.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from heroes_research.countries import COUNTRY_CODES, LEGAL_SYSTEMS
from heroes_research.errors import LegalDataError
from heroes_research.legal._indicators import IndicatorSet

__all__ = ["JURISDICTIONS", "SAMPLE_SEED", "all_cells", "coded_cells", "second_coding_sample"]

#: The coded jurisdictions: every study country, the United Kingdom as its three legal systems.
JURISDICTIONS: tuple[str, ...] = tuple(
    code for c in COUNTRY_CODES
    for code in ([k for k, v in LEGAL_SYSTEMS.items() if v[0] == c] or [c]))
SAMPLE_SEED = 20261206


def all_cells(indicators: IndicatorSet, jurisdictions: tuple[str, ...] = JURISDICTIONS) -> pd.DataFrame:
    """Every (jurisdiction, indicator) cell, with the indicator's area."""
    area = {i.id: i.area for i in indicators}
    grid = pd.MultiIndex.from_product([list(jurisdictions), list(indicators.ids)],
                                      names=["jurisdiction", "indicator"]).to_frame(index=False)
    return grid.assign(area=grid["indicator"].map(area))


def coded_cells(rows: pd.DataFrame, indicators: IndicatorSet) -> pd.DataFrame:
    """Distinct (jurisdiction, indicator) cells with a coded (draft or verified) row, and their area.

    ``rows`` are coding rows (``jurisdiction``, ``indicator``, ``status``), validated or not:
    rows with an indicator or jurisdiction outside the codebook are ignored.
    """
    keep = (rows["status"].isin(["draft", "verified"]) & rows["indicator"].isin(indicators.ids)
            & rows["jurisdiction"].isin(JURISDICTIONS))
    cells = rows.loc[keep, ["jurisdiction", "indicator"]].drop_duplicates()
    return cells.assign(area=cells["indicator"].map({i.id: i.area for i in indicators})).reset_index(drop=True)


def second_coding_sample(cells: pd.DataFrame, indicators: IndicatorSet, *, share: float = 0.2,
                         seed: int = SAMPLE_SEED) -> pd.DataFrame:
    """A seeded random ``share`` of ``cells``, stratified by area.

    Parameters
    ----------
    cells
        Candidate cells: ``jurisdiction``, ``indicator``, ``area`` (from :func:`coded_cells`
        or, while the first coding is nearly empty, :func:`all_cells`).
    indicators
        The codebook (area and indicator order, so the draw does not depend on row order).
    share
        Share of each area's cells to draw (rounded up, at least one per non-empty area).
    seed
        Seed of ``numpy.random.default_rng``: the same cells give the same sample.

    Returns
    -------
    pandas.DataFrame
        ``jurisdiction``, ``indicator``, ``area``, in codebook order.

    Raises
    ------
    LegalDataError
        If ``share`` is not in (0, 1] or there are no cells.

    Example
    -------
    >>> from heroes_research.legal import load_indicators
    >>> ind = load_indicators()
    >>> len(second_coding_sample(all_cells(ind), ind, share=0.25)) >= 0.25 * 17 * len(ind)
    True
    """
    if not 0 < share <= 1:
        raise LegalDataError(f"second_coding_sample: share={share} is not in (0, 1]", variable="share",
                             reason="bad_option", hint="give a share such as 0.2")
    if cells.empty:
        raise LegalDataError("second_coding_sample: no cells to sample from", reason="no_cells",
                             hint="sample from all_cells(indicators) while the first coding is empty")
    place = {j: k for k, j in enumerate(JURISDICTIONS)}
    ind_rank = {i: k for k, i in enumerate(indicators.ids)}
    ordered = cells.assign(_j=cells["jurisdiction"].map(place), _i=cells["indicator"].map(ind_rank))
    ordered = ordered.sort_values(["_i", "_j"], kind="stable").drop_duplicates(["jurisdiction", "indicator"])
    rng = np.random.default_rng(seed)
    picked = []
    for area in indicators.areas:  # codebook order: one stream of draws, reproducible
        stratum = ordered[ordered["area"] == area]
        if len(stratum):
            take = min(len(stratum), math.ceil(share * len(stratum)))
            picked.append(stratum.iloc[np.sort(rng.choice(len(stratum), size=take, replace=False))])
    out = pd.concat(picked).sort_values(["_j", "_i"], kind="stable")
    return out[["jurisdiction", "indicator", "area"]].reset_index(drop=True)
