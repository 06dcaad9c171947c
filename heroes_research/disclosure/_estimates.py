"""protect_estimates: survey estimates based on too few respondents are not published."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from heroes_research.disclosure._validate import check_choice, check_min_count
from heroes_research.errors import DisclosureError
from heroes_research.survey._tidy import by_columns

__all__ = ["ESTIMATE_COLUMNS", "protect_estimates", "suppression_note"]

_STEP = "protect_estimates"
#: Columns of a heroes_research.survey estimate table that describe the estimate.
ESTIMATE_COLUMNS = ("estimate", "se", "ci_low", "ci_high", "cv", "deff", "var")


def protect_estimates(
    estimates: pd.DataFrame,
    *,
    n: str = "n",
    min_count: int = 5,
    categories: str | None = "auto",
    n_level: str = "n_level",
    zeros: str = "disclosive",
    n_domain: str = "n_domain",
    n_rarest: str = "n_rarest",
) -> pd.DataFrame:
    """Blank the survey estimates that rest on fewer than ``min_count`` unweighted respondents.

    Each row is judged on its columns, whatever the grouping (never on the index): an
    estimate needs ``n >= min_count`` respondents behind it. A share (a level of a
    categorical or 0/1 variable, with ``n_level``) also publishes a count: an
    unweighted share times ``n`` is ``n_level``, and one minus it gives the rest. So
    the share is withheld when ``n_level`` or ``n - n_level`` is from 1 to
    ``min_count - 1``, and, with ``zeros="disclosive"`` (default), when it is 0 % or
    100 % (everyone in the group gave, or none gave, that answer: a group attribute
    disclosure). Where a whole distribution is published (several levels of one
    variable in one domain), one hidden level takes another with it.

    Two more counts hide behind an estimate when other outputs publish their parts.
    With ``n_domain`` (the units of the domain, published elsewhere, e.g. a country's
    respondents), ``n_domain - n`` is the item nonresponse: an estimate is withheld when
    it is from 1 to ``min_count - 1`` (a reader would subtract). With ``n_rarest`` (from
    :func:`rarest_count`: the smallest count, or complement, among the levels of a
    few-valued variable in the domain), a mean of that variable is withheld when its
    distribution would be (the mean, SE and n of a 5-point item can pin its five counts).

    Parameters
    ----------
    estimates
        A tidy estimate frame from :mod:`heroes_research.survey` (the ``by`` columns,
        ``variable``, ``level``, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``n``,
        ``n_level``), or any frame with an ``n`` column.
    n
        Column holding the respondents behind each estimate (who answered, in the domain).
    min_count
        Smallest count that may be published (HEROES default 5).
    categories
        Column holding the categories of one distribution (shares or counts of one
        categorical variable, which add up within each domain). When exactly one
        category of a domain is suppressed, the published others would give it away
        (they sum to 1), so the other category with the smallest count is suppressed
        too. ``"auto"`` (default): ``level`` for a tidy estimate frame (the rows with a
        level; a domain is the ``by`` columns and ``variable``), none otherwise.
        ``None``: no complementary suppression. For another frame, the domain is every
        column that is not the category, a count or an estimate.
    n_level
        Column of respondents giving the row's level (the share's numerator). Ignored
        when absent; missing values (numeric variables) are skipped.
    zeros
        ``"disclosive"`` (default, as ACRO treats zeros in tables of people): a share
        of 0 % or 100 % is withheld (and a mean whose ``n_rarest`` is 0). ``"safe"``:
        only counts from 1 to ``min_count - 1`` (of the numerator or its complement) are.
    n_domain
        Column of the units in each row's domain of whom ``n`` answered. Ignored when
        absent; missing values are skipped.
    n_rarest
        Column of the smallest level count or complement of the row's variable in its
        domain (:func:`rarest_count`). Ignored when absent; missing values are skipped.

    Returns
    -------
    pandas.DataFrame
        A copy with ``estimate``, ``se``, ``ci_low``, ``ci_high`` (and ``cv``, ``deff``,
        ``var`` when present), ``n`` and ``n_level`` set to NA where withheld, a boolean
        ``suppressed`` column and ``suppression`` saying why (``"threshold"``,
        ``"remainder"`` (the rest of the group is small), ``"zero"`` (0 % or 100 %),
        ``"nonresponse"`` (``n_domain - n`` is small), ``"distribution"`` (``n_rarest``),
        ``"complementary"`` or ``""``). Group columns and the index are kept.

    Raises
    ------
    DisclosureError
        ``n`` column missing, missing/negative/fractional ``n`` or ``n_level`` (rows
        named), ``n_level > n``, an unknown ``categories`` column or ``zeros`` value, or
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
    zeros = check_choice(zeros, ("safe", "disclosive"), _STEP, "zeros")
    counts = _counts(estimates, n, allow_missing=False)
    small = counts < min_count
    share_reason = np.where(small, "", _share_rules(estimates, counts, n_level, min_count, zeros))
    share_reason = np.where(share_reason != "", share_reason,
                            _hidden_parts(estimates, counts, n_domain, n_rarest, min_count, zeros))
    numerator = share_reason != ""
    column = _category_column(estimates, categories)
    complementary = np.zeros_like(small)
    if column:
        keys = _domain_keys(estimates, column, n, n_level)
        cell_counts = counts
        if n_level in estimates.columns:
            level_counts = _counts(estimates, n_level, allow_missing=True)
            cell_counts = np.where(np.isnan(level_counts), counts, level_counts)
        complementary = _complementary(keys, small | numerator, cell_counts)
    hidden = small | numerator | complementary
    out = estimates.copy()
    for name in [c for c in (*ESTIMATE_COLUMNS, n, n_level) if c in out.columns]:
        dtype = "Int64" if name in (n, n_level) else "Float64"
        out[name] = out[name].astype(dtype).mask(hidden)
    out["suppressed"] = hidden
    out["suppression"] = np.select([small, numerator, complementary],
                                   ["threshold", share_reason, "complementary"], "")
    return out


def _share_rules(
    estimates: pd.DataFrame, counts: np.ndarray, n_level: str, min_count: int, zeros: str
) -> np.ndarray:
    """Why each share is disclosive: ``"threshold"`` (its count ``n_level`` is small),
    ``"remainder"`` (``n - n_level`` is small), ``"zero"`` (0 % or 100 %), or ``""``."""
    if n_level not in estimates.columns:
        return np.full(len(estimates), "", dtype=object)
    level = _counts(estimates, n_level, allow_missing=True)
    has = ~np.isnan(level)
    count = np.nan_to_num(level)
    rest = counts - count
    if (has & (rest < 0)).any():
        raise DisclosureError(
            f"{_STEP}: {n_level!r} is larger than the respondents who answered (n) in some rows",
            reason="bad_counts", variable=n_level, rows=estimates.index[has & (rest < 0)].tolist(),
            hint=f"{n_level} counts the respondents giving the level, among the n who answered")
    small_count, small_rest = ((c >= 1) & (c < min_count) for c in (count, rest))
    zero = (count == 0) | (rest == 0)
    return np.select(
        [has & small_count, has & small_rest, has & zero & (zeros == "disclosive")],
        ["threshold", "remainder", "zero"], "").astype(object)


def _hidden_parts(
    estimates: pd.DataFrame, counts: np.ndarray, n_domain: str, n_rarest: str, min_count: int, zeros: str
) -> np.ndarray:
    """``"nonresponse"`` where ``n_domain - n`` is small, ``"distribution"`` where ``n_rarest`` is, else ``""``."""
    reason = np.full(len(estimates), "", dtype=object)
    if n_domain in estimates.columns:
        domain = _counts(estimates, n_domain, allow_missing=True)
        missing = domain - counts
        if (missing < 0).any():
            raise DisclosureError(
                f"{_STEP}: {n_domain!r} is smaller than the respondents who answered (n) in some rows",
                reason="bad_counts", variable=n_domain, rows=estimates.index[missing < 0].tolist(),
                hint=f"{n_domain} counts every unit of the domain, those who answered (n) among them")
        reason[(missing >= 1) & (missing < min_count)] = "nonresponse"
    if n_rarest in estimates.columns:
        rarest = _counts(estimates, n_rarest, allow_missing=True)
        small = ((rarest >= 1) & (rarest < min_count)) | ((rarest == 0) & (zeros == "disclosive"))
        reason[small & (reason == "")] = "distribution"
    return reason


def _counts(estimates: pd.DataFrame, column: str, *, allow_missing: bool) -> np.ndarray:
    """Whole, non-negative counts of ``column`` as floats (NaN where missing and allowed)."""
    counts = pd.to_numeric(estimates[column], errors="coerce").to_numpy(float, na_value=np.nan)
    missing = np.isnan(counts)
    bad = (missing & (not allow_missing)) | (np.nan_to_num(counts) < 0) | (
        ~missing & (counts != np.round(counts)))
    if bad.any():
        raise DisclosureError(
            f"{_STEP}: column {column!r} must hold whole, non-negative respondent counts",
            reason="bad_counts", variable=column, rows=estimates.index[bad].tolist(),
            hint=f"{column} is the unweighted number of respondents behind each estimate",
        )
    return counts


def _category_column(estimates: pd.DataFrame, categories: str | None) -> str | None:
    """The column holding one distribution's categories, or None."""
    if categories == "auto":
        tidy = {"variable", "level"} <= set(estimates.columns)
        return "level" if tidy and estimates["level"].notna().any() else None
    if categories is not None and categories not in estimates.columns:
        raise DisclosureError(
            f"{_STEP}: no column {categories!r} with the categories of a distribution",
            reason="missing_columns", variable=categories,
            hint=f"use one of {list(estimates.columns)} or categories=None",
        )
    return categories


def _domain_keys(estimates: pd.DataFrame, column: str, n: str, n_level: str) -> np.ndarray:
    """One key per row naming its distribution; -1 for rows outside any (no category)."""
    if "variable" in estimates.columns:
        names = [*by_columns(estimates), "variable"]
    else:
        values = {*ESTIMATE_COLUMNS, n, n_level, column, "conf_level"}
        names = [c for c in estimates.columns if c not in values]
    frame = estimates[names].astype("string").fillna("\0") if names else None
    keys = (frame.agg("\x1f".join, axis=1).pipe(pd.factorize)[0] if frame is not None
            else np.zeros(len(estimates), dtype=np.intp))
    return np.where(estimates[column].notna().to_numpy(), keys, -1)


def _complementary(keys: np.ndarray, small: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Rows to suppress so no distribution has exactly one suppressed category.

    In each distribution (rows with the same key >= 0) with exactly one category below
    the threshold, the published category with the smallest count is hidden as well.
    """
    frame = pd.DataFrame({"key": keys, "small": small, "n": counts})
    inside = frame["key"] >= 0
    grouped = frame.groupby("key", sort=False)
    lonely = (grouped["small"].transform("sum") == 1).to_numpy() & ~small & inside.to_numpy()
    candidate_n = pd.Series(np.where(lonely, counts, np.inf))
    smallest = candidate_n.groupby(keys, sort=False).transform("min").to_numpy()
    hit = pd.Series(lonely & (candidate_n.to_numpy() == smallest))
    return (hit & (hit.astype(int).groupby(keys, sort=False).cumsum() == 1)).to_numpy()


def suppression_note(reasons: Iterable[str], min_count: int, symbol: str = "x") -> str:
    """The note under a protected table: why its withheld estimates are withheld.

    Parameters
    ----------
    reasons
        The ``suppression`` values of :func:`protect_estimates` (empty strings ignored).
    min_count
        The threshold the rules used.
    symbol
        The mark of a withheld value.

    Example
    -------
    >>> suppression_note(["", "threshold", "nonresponse"], 5)
    'x: not shown to protect respondents (fewer than 5 respondents; or some but fewer than 5 of the group did not answer, which the group size published elsewhere would reveal).'
    """
    few = f"fewer than {min_count}"  # never "1-4 respondents": the narrative audit reads that as a count
    phrases = {
        "threshold": f"{few} respondents",
        "remainder": f"all but {few} respondents of the group give the answer",
        "zero": "0 % or 100 % of the group give the answer",
        "nonresponse": f"some but {few} of the group did not answer, which the group size published elsewhere "
                       "would reveal",
        "distribution": f"an answer given by {few} respondents could be inferred from the mean",
        "complementary": "withheld so that another withheld value cannot be derived",
    }
    present = set(reasons) - {""}
    said = [text for reason, text in phrases.items() if reason in present] or [phrases["threshold"]]
    return f"{symbol}: not shown to protect respondents ({'; or '.join(said)})."
