"""protect_estimates: survey estimates based on too few respondents are not published."""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.disclosure._validate import check_min_count
from heroes_research.errors import DisclosureError

__all__ = ["ESTIMATE_COLUMNS", "protect_estimates"]

_STEP = "protect_estimates"
#: Columns of a heroes_research.survey estimate table that describe the estimate.
ESTIMATE_COLUMNS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "var")


def protect_estimates(
    estimates: pd.DataFrame, *, n: str = "n", min_count: int = 5, categories: str | None = "auto"
) -> pd.DataFrame:
    """Blank the survey estimates that rest on fewer than ``min_count`` unweighted respondents.

    Parameters
    ----------
    estimates
        A tidy estimate table from :mod:`heroes_research.survey` (columns ``estimate``,
        ``se``, ``ci_low``, ``ci_high``, ``n``, plus group columns).
    n
        Column holding the unweighted number of respondents behind each estimate.
    min_count
        Smallest ``n`` that may be published (HEROES default 5).
    categories
        Index level holding the categories of one distribution (proportions or counts of
        one categorical variable, which add up within each domain). When exactly one
        category of a domain is suppressed, the published others would give it away
        (they sum to 1), so the other category with the smallest ``n`` is suppressed too.
        ``"auto"`` (default): the last index level, unless it is ``variable`` (numeric
        estimates, as :mod:`heroes_research.survey` labels them) or the index is flat
        with no name. ``None``: no complementary suppression.

    Returns
    -------
    pandas.DataFrame
        A copy with ``estimate``, ``se``, ``ci_low``, ``ci_high`` (and ``cv``, ``deff``,
        ``var`` when present) and ``n`` set to NA where ``n < min_count`` (and for the
        complementary category), a boolean ``suppressed`` column and ``suppression``
        saying why (``"threshold"``, ``"complementary"`` or ``""``). Group columns are kept.

    Raises
    ------
    DisclosureError
        ``n`` column missing, missing/negative/fractional ``n`` (rows named), or
        ``min_count < 1``.

    Notes
    -----
    Means of different domains are not additive, so they need no secondary suppression.
    Category proportions within a domain are: they add up to 1, which is why one
    suppressed category takes a second one with it. Domain *counts* meant to add up to
    a published total belong in :func:`protect_table`.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.disclosure import protect_estimates
    >>> est = pd.DataFrame({"country": ["LV", "ES"], "estimate": [0.5, 0.42],
    ...                     "se": [0.2, 0.03], "ci_low": [0.1, 0.36], "ci_high": [0.9, 0.48],
    ...                     "n": [3, 250]})
    >>> protect_estimates(est)[["country", "estimate", "suppressed"]]
      country  estimate  suppressed
    0      LV      <NA>        True
    1      ES      0.42       False
    """
    min_count = check_min_count(min_count, _STEP)
    if n not in estimates.columns:
        raise DisclosureError(
            f"{_STEP}: no column {n!r} with the unweighted number of respondents",
            reason="missing_columns", variable=n,
            hint="pass n= naming the column with unweighted counts",
        )
    counts = pd.to_numeric(estimates[n], errors="coerce").to_numpy(float, na_value=np.nan)
    bad = np.isnan(counts) | (np.nan_to_num(counts) < 0) | (counts != np.round(counts))
    if bad.any():
        raise DisclosureError(
            f"{_STEP}: column {n!r} must hold whole, non-negative respondent counts",
            reason="bad_counts", variable=n, rows=estimates.index[bad].tolist(),
            hint="n is the unweighted number of respondents behind each estimate",
        )
    small = counts < min_count
    level = _category_level(estimates.index, categories)
    complementary = (_complementary(estimates.index, level, small, counts) if level
                     else np.zeros_like(small))
    hidden = small | complementary
    out = estimates.copy()
    for column in [c for c in (*ESTIMATE_COLUMNS, n) if c in out.columns]:
        dtype = "Int64" if column == n else "Float64"
        out[column] = out[column].astype(dtype).mask(hidden)
    out["suppressed"] = hidden
    out["suppression"] = np.select([small, complementary], ["threshold", "complementary"], "")
    return out


def _category_level(index: pd.Index, categories: str | None) -> str | None:
    """The index level holding one distribution's categories, or None."""
    if categories != "auto":
        if categories is not None and categories not in index.names:
            raise DisclosureError(
                f"{_STEP}: no index level {categories!r}", reason="missing_columns",
                variable=categories, hint=f"use one of {list(index.names)} or categories=None",
            )
        return categories
    last = index.names[-1]
    return None if last in (None, "variable") else last


def _complementary(index: pd.Index, level: str, small: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Rows to suppress so no domain has exactly one suppressed category.

    In each domain (the other index levels) with exactly one category below the
    threshold, the published category with the smallest ``n`` is hidden as well.
    """
    domains = [name for name in index.names if name != level]
    keys = (pd.MultiIndex.from_frame(index.to_frame(index=False)[domains]) if domains
            else np.zeros(len(index), dtype=int))
    frame = pd.DataFrame({"small": small, "n": counts})
    grouped = frame.groupby(keys, sort=False)
    lonely = (grouped["small"].transform("sum") == 1).to_numpy() & ~small
    candidate_n = pd.Series(np.where(lonely, counts, np.inf))
    smallest = candidate_n.groupby(keys, sort=False).transform("min").to_numpy()
    hit = pd.Series(lonely & (candidate_n.to_numpy() == smallest))
    return (hit & (hit.astype(int).groupby(keys, sort=False).cumsum() == 1)).to_numpy()
