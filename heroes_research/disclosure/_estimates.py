"""protect_estimates: survey estimates based on too few respondents are not published."""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.disclosure._validate import check_min_count
from heroes_research.errors import DisclosureError

_STEP = "protect_estimates"
#: Columns of a heroes_research.survey estimate table that describe the estimate.
ESTIMATE_COLUMNS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "var")


def protect_estimates(
    estimates: pd.DataFrame, *, n: str = "n", min_count: int = 5
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

    Returns
    -------
    pandas.DataFrame
        A copy with ``estimate``, ``se``, ``ci_low``, ``ci_high`` (and ``cv``, ``deff``,
        ``var`` when present) and ``n`` set to NA where ``n < min_count``, and a boolean
        ``suppressed`` column. Group columns are kept.

    Raises
    ------
    DisclosureError
        ``n`` column missing, missing/negative/fractional ``n`` (rows named), or
        ``min_count < 1``.

    Notes
    -----
    Estimates are not additive, so no secondary suppression is needed for means or
    proportions; all categories of a small domain share its ``n`` and are blanked
    together. Domain *counts* meant to add up to a total belong in :func:`protect_table`.

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
    out = estimates.copy()
    for column in [c for c in (*ESTIMATE_COLUMNS, n) if c in out.columns]:
        dtype = "Int64" if column == n else "Float64"
        out[column] = out[column].astype(dtype).mask(small)
    out["suppressed"] = small
    return out
