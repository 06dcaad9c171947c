"""Validation of legal codings: every problem in every row, collected into one error.

Checks (one failure row each): unknown country or legal system, unknown
indicator id, value outside the indicator's levels or range, a known value with
no source, an ``unknown`` status carrying a value, a ``draft``/``verified``
status with no value, a status outside {verified, draft, unknown}, a missing
coder, a malformed ``as_of`` date (ISO ``YYYY-MM-DD``) and duplicate
(country, indicator, as_of). Modelled on pandera's lazy validation: the whole
table is checked before anything is raised.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.countries import COUNTRY_CODES, LEGAL_SYSTEMS
from heroes_research.errors import LegalDataError
from heroes_research.legal._indicators import IndicatorSet

__all__ = ["COLUMNS", "STATUSES", "validate_codings"]

COLUMNS = ("country", "indicator", "value", "as_of", "source", "source_url", "coder", "status", "note")
REQUIRED = ("country", "indicator", "value", "as_of", "source", "coder", "status")
STATUSES = ("verified", "draft", "unknown")
FAILURE_COLUMNS = ["row", "country", "indicator", "column", "value", "problem"]


def _value_problems(frame: pd.DataFrame, indicators: IndicatorSet) -> pd.Series:
    """Per row: a message if a known value does not fit its indicator, else NA."""
    wide = indicators.to_wide().set_index("indicator")
    kind = frame["indicator"].map(wide["type"])
    has_value = frame["value"].ne("")
    allowed = indicators.to_long()
    allowed = allowed[~allowed["indicator"].map(wide["type"]).eq("numeric")]
    pairs = pd.MultiIndex.from_frame(allowed[["indicator", "level"]])
    in_levels = pd.MultiIndex.from_frame(frame[["indicator", "value"]]).isin(pairs)
    number = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    low = frame["indicator"].map(wide["range_low"]).astype(float)
    high = frame["indicator"].map(wide["range_high"]).astype(float)
    levels = frame["indicator"].map(wide["levels"]).fillna("")
    message = pd.Series(pd.NA, index=frame.index, dtype="string")
    bad_level = has_value & kind.notna() & kind.ne("numeric") & ~in_levels
    message[bad_level] = "value is not a level of the indicator (levels: " + levels[bad_level].str.replace("|", ", ") + ")"
    bad_number = has_value & kind.eq("numeric") & ~number.between(low, high)
    message[bad_number] = ("value is not a number in the indicator's range [" + low[bad_number].astype(str)
                           + ", " + high[bad_number].astype(str) + "]")
    return message


def _problems(frame: pd.DataFrame, indicators: IndicatorSet) -> pd.DataFrame:
    """One row per (row, problem)."""
    places = set(COUNTRY_CODES) | set(LEGAL_SYSTEMS)
    has_value = frame["value"].ne("")
    dates = pd.to_datetime(frame["as_of"], format="%Y-%m-%d", errors="coerce")
    key = ["country", "indicator", "as_of"]
    iso2 = frame["country"].replace({code: c for code, (c, _name) in LEGAL_SYSTEMS.items()})
    is_system = frame["country"].isin(list(LEGAL_SYSTEMS))
    mixed = is_system.groupby([iso2, frame["indicator"]]).transform("nunique").gt(1) & ~is_system
    checks = [
        ("country", ~frame["country"].isin(places),
         "unknown country or legal system (use ISO alpha-2 or GB-EAW/GB-SCT/GB-NIR)"),
        ("indicator", ~frame["indicator"].isin(indicators.ids), "indicator id is not in the codebook"),
        ("status", ~frame["status"].isin(STATUSES), f"status must be one of {', '.join(STATUSES)}"),
        ("source", frame["source"].eq(""),
         "no source: cite instrument and article (for unknown: what was searched)"),
        ("value", frame["status"].eq("unknown") & has_value, "status is unknown but a value is given"),
        ("value", frame["status"].isin(["verified", "draft"]) & ~has_value,
         "no value: code status 'unknown' with a note instead"),
        ("coder", frame["coder"].eq(""), "no coder"),
        ("as_of", dates.isna(), "as_of is not a date in YYYY-MM-DD form"),
        ("as_of", frame.duplicated(key, keep=False), "duplicate (country, indicator, as_of)"),
        ("country", mixed, "coded both for the whole country and per legal system: code one or the other"),
    ]
    parts = [frame.loc[mask, ["row", "country", "indicator"]].assign(value=frame.loc[mask, column],
                                                                     column=column, problem=text)
             for column, mask, text in checks if mask.any()]
    bad_value = _value_problems(frame, indicators)
    if bad_value.notna().any():
        hit = bad_value.notna()
        parts.append(frame.loc[hit, ["row", "country", "indicator", "value"]]
                     .assign(column="value", problem=bad_value[hit]))
    if not parts:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[FAILURE_COLUMNS]
    return out.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


def validate_codings(frame: pd.DataFrame, indicators: IndicatorSet, *, file: str | None = None,
                     first_line: int = 2) -> pd.DataFrame:
    """Check codings; return them cleaned (strings stripped, ``as_of`` parsed) or raise.

    Parameters
    ----------
    frame
        Codings with at least the columns in ``REQUIRED``; all values as strings.
    indicators
        The codebook the codings refer to.
    file
        Named in error messages.
    first_line
        File line of the first data row (2 for a CSV with a header), used for ``row``.

    Returns
    -------
    pandas.DataFrame
        Columns ``COLUMNS`` plus ``iso2`` and ``area``; ``as_of`` as datetime64.

    Raises
    ------
    LegalDataError
        ``reason="missing_columns"`` if required columns are absent; otherwise
        ``reason="invalid_codings"`` with ``failures`` (columns row, country,
        indicator, column, value, problem) listing every problem.
    """
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise LegalDataError(
            f"legal codings: missing column(s) {', '.join(missing)}", file=file, reason="missing_columns",
            hint=f"the codings need the columns {', '.join(COLUMNS)}",
        )
    clean = frame.reindex(columns=list(COLUMNS)).astype("string").fillna("")
    clean = clean.apply(lambda col: col.str.strip())
    clean.insert(0, "row", np.arange(first_line, first_line + len(clean)))
    failures = _problems(clean, indicators)
    if len(failures):
        rows = failures["row"].drop_duplicates().tolist()
        raise LegalDataError(
            f"legal codings: {len(failures)} problem(s) in {len(rows)} row(s)", file=file, rows=rows,
            failures=failures, reason="invalid_codings", hint="fix every listed row (see .failures)",
        )
    clean["as_of"] = pd.to_datetime(clean["as_of"], format="%Y-%m-%d")
    clean["iso2"] = clean["country"].replace({code: iso2 for code, (iso2, _name) in LEGAL_SYSTEMS.items()})
    clean["area"] = clean["indicator"].map({i.id: i.area for i in indicators})
    return clean.drop(columns="row")[["country", "iso2", "indicator", "area", *COLUMNS[2:]]]
