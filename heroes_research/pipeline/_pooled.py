"""Pooled files: one raw file holding several countries, split by its country column.

The file is read once; each country's rows become a survey of their own, so every
check of the harmonisation still works within a country.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import pandas as pd

from heroes_research.errors import HeroesError, InputFileError, ValidationError

if TYPE_CHECKING:
    from heroes_research.codebook import Codebook, PooledFile

__all__ = ["split_pooled"]


def _matches(key: Any, value: Any) -> bool:
    """A ``values`` key matches a file value: numerically (578 == 578.0) or as trimmed text."""
    if isinstance(key, int | float) and not isinstance(key, bool) and isinstance(value, int | float):
        return float(key) == float(value)
    return str(key).strip() == str(value).strip()


def _country_of(value: Any, pooled: PooledFile) -> str | None:
    from heroes_research.countries import to_iso2

    if pooled.values:
        return next((code for key, code in pooled.values.items() if _matches(key, value)), None)
    try:
        return to_iso2(str(value))
    except HeroesError:
        return None


def split_pooled(survey: Any, pooled: PooledFile, codebook: Codebook) -> dict[str, Any]:
    """Split a pooled file's survey into one survey per country, by its country column.

    Parameters
    ----------
    survey
        The pooled file as read (:class:`heroes_research.io.SurveyData`).
    pooled
        Its declaration in the codebook (file, country column, value -> ISO code).
    codebook
        The codebook (its countries).

    Returns
    -------
    dict
        ISO code -> SurveyData of that country's rows (same source file and sha256),
        in the order of ``pooled.countries``; a country without rows is left out.

    Raises
    ------
    InputFileError
        ``missing_country_variable`` if the file lacks the country column.
    ValidationError
        ``unmapped_country_value`` if some rows' country value maps to no codebook
        country (or is missing); ``failures`` lists each value and its row count.

    Example
    -------
    >>> parts = split_pooled(survey, codebook.pooled[0], codebook)  # doctest: +SKIP
    >>> {code: len(s.data) for code, s in parts.items()}  # doctest: +SKIP
    {'NO': 812, 'DE': 1405}
    """
    frame = survey.data
    if pooled.country not in frame.columns:
        shown = ", ".join(map(str, list(frame.columns)[:12]))
        raise InputFileError(
            f"pooled file {pooled.file!r} has no country column {pooled.country!r}", file=survey.source,
            variable=pooled.country, reason="missing_country_variable",
            hint=f"set 'country' under 'pooled' in {codebook.path} to the column that says each row's "
                 f"country (the file has: {shown})")
    column = frame[pooled.country]
    distinct = pd.unique(column.dropna())
    mapping = {value: _country_of(value, pooled) for value in distinct}
    codes = column.map(mapping)
    bad = codes.isna() | ~codes.isin(pooled.countries or list(codebook.countries))
    if bad.any():
        failures = (column[bad].astype("string").fillna("<missing>").value_counts(sort=False)
                    .rename_axis("value").reset_index(name="rows"))
        shown = ", ".join(f"{v!r} ({n} rows)" for v, n in failures.head(5).itertuples(index=False))
        raise ValidationError(
            f"pooled file {pooled.file!r}: {int(bad.sum())} row(s) whose {pooled.country!r} maps to no "
            f"country of the codebook: {shown}", file=survey.source, variable=pooled.country,
            rows=list(frame.index[bad][:10]), reason="unmapped_country_value", failures=failures,
            hint=f"add each value under 'values' of the pooled file in {codebook.path} (e.g. 752: SE) "
                 "with the country under 'countries', or remove those rows from the file")
    order = [c for c in (pooled.countries or codebook.countries) if (codes == c).any()]
    return {code: dataclasses.replace(survey, data=frame[(codes == code).to_numpy()].reset_index(drop=True))
            for code in order}
