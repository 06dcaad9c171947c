"""Harmonise one variable of one country's file: the per-type engines behind ``harmonise``.

Each engine returns a :class:`Part`: the harmonised values of that country's rows,
the ``__missing`` reason codes, and the violations found. ``harmonise`` concatenates
the parts of all countries and builds the pandas columns once per variable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.cleaning._codes import map_unique_many
from heroes_research.cleaning._text import normalise_text
from heroes_research.codebook import Variable, VariableMapping
from heroes_research.codebook._model import code_span

__all__ = [
    "INVALID_CODE",
    "NOT_ASKED",
    "NOT_IN_FILE",
    "OUT_OF_RANGE",
    "UNPARSEABLE",
    "Part",
    "Reasons",
    "Violation",
    "absent_part",
    "harmonise_part",
    "identifier",
]

#: ``__missing`` labels set by harmonisation itself (besides the codebook's missing labels).
NOT_ASKED = "Not asked"            # the country's version has no such question
NOT_IN_FILE = "Not in file"        # the codebook maps a column the file lacks (missing_variable)
INVALID_CODE = "Invalid code"      # code_not_declared / not_numeric (lenient mode)
OUT_OF_RANGE = "Out of range"      # out_of_range (lenient mode)
UNPARSEABLE = "Unparseable date"   # unparseable_date (lenient mode)


class Reasons:
    """The categories of every ``<name>__missing`` column and their positions."""

    def __init__(self, missing: Mapping[int, str]) -> None:
        specials = (NOT_ASKED, NOT_IN_FILE, INVALID_CODE, OUT_OF_RANGE, UNPARSEABLE)
        self.labels: list[str] = list(dict.fromkeys([*missing.values(), *specials]))
        self.of_code: dict[int, int] = {code: self.labels.index(label) for code, label in missing.items()}

    def __getitem__(self, label: str) -> int:
        return self.labels.index(label)


@dataclass(frozen=True)
class Violation:
    """Rows (positions within one country's file) that broke one rule."""

    rows: np.ndarray
    values: Any
    rule: str
    message: str


@dataclass(frozen=True)
class Part:
    """One variable of one country: values, reason codes, violations.

    ``values`` is, by type: category positions (int16, -1 = NA) for coded variables,
    float64 for numeric, option -> float64 0/1 for multi_response, a string Series for
    text, datetime64 for date.
    """

    values: Any
    reasons: np.ndarray
    violations: tuple[Violation, ...] = field(default_factory=tuple)


def _fmt(values: Any) -> pd.Series:
    """Offending values as text: 7.0 prints as 7."""
    series = pd.Series(values)
    if pd.api.types.is_float_dtype(series) and np.all(np.mod(series.dropna(), 1) == 0):
        return series.astype("Int64").astype("string")
    return series.astype("string")


def _violation(mask: np.ndarray, source: pd.Series, rule: str, message: str) -> tuple[Violation, ...]:
    if not mask.any():
        return ()
    return (Violation(np.flatnonzero(mask), _fmt(source.to_numpy()[mask]), rule, message),)


def _coded(series: pd.Series, codes: Mapping[int, str], mapping: VariableMapping, reasons: Reasons,
           name: str) -> Part:
    """Category positions over ``codes``; missing and undeclared codes via one lookup table."""
    position = {code: i for i, code in enumerate(codes)}
    low, high = (min(codes), max(codes)) if codes else (0, 0)
    invalid = reasons[INVALID_CODE]

    def classify(value: Any) -> tuple[int, int]:
        if value in mapping.missing:
            return -1, reasons.of_code[mapping.missing[value]]
        code = mapping.recode.get(value, value)
        if mapping.reverse and code in position:
            code = low + high - code
        if code in position:
            return position[code], -1
        if code in reasons.of_code:  # harmonised missing codes are valid in every coded variable
            return -1, reasons.of_code[code]
        return -1, invalid

    values, why = map_unique_many(series, classify, (-1, -1), (np.int16, np.int16))
    message = (f"code not declared for {name!r} (harmonised codes {code_span(codes)}, missing codes "
               f"{code_span(reasons.of_code)}); add it to this country's 'recode' or 'missing'")
    return Part(values, why, _violation(why == invalid, series, "code_not_declared", message))


def _missing_reasons(series: pd.Series, mapping: VariableMapping, reasons: Reasons) -> np.ndarray:
    """Reason codes of the country's own missing codes (a loop over the few codes, not rows)."""
    why = np.full(len(series), -1, dtype=np.int16)
    for code, target in mapping.missing.items():
        why[(series == code).fillna(False).to_numpy(dtype=bool)] = reasons.of_code[target]
    return why


def _numeric(series: pd.Series, variable: Variable, mapping: VariableMapping, reasons: Reasons) -> Part:
    why = _missing_reasons(series, mapping, reasons)
    numbers = pd.to_numeric(series, errors="coerce") if not pd.api.types.is_numeric_dtype(series) else series
    values = numbers.to_numpy(dtype=float, na_value=np.nan, copy=True)
    values[why >= 0] = np.nan
    violations: tuple[Violation, ...] = ()
    not_numeric = np.isnan(values) & series.notna().to_numpy() & (why < 0)
    violations += _violation(not_numeric, series, "not_numeric",
                             f"{variable.name!r} holds text that is not a number; fix the value "
                             "or declare it in this country's 'missing'")
    why[not_numeric] = reasons[INVALID_CODE]
    if variable.range is not None:
        low, high = variable.range
        outside = (values < low) | (values > high)
        violations += _violation(outside, series, "out_of_range",
                                 f"{variable.name!r} outside its valid range [{low:g}, {high:g}]; "
                                 "correct it or map it in this country's 'missing'")
        values[outside] = np.nan
        why[outside] = reasons[OUT_OF_RANGE]
    return Part(values, why, violations)


def _text(series: pd.Series, mapping: VariableMapping, reasons: Reasons) -> Part:
    why = _missing_reasons(series, mapping, reasons)
    text = normalise_text(series).reset_index(drop=True)
    return Part(text.mask(why >= 0) if (why >= 0).any() else text, why)


def _date(series: pd.Series, variable: Variable, mapping: VariableMapping, reasons: Reasons) -> Part:
    why = _missing_reasons(series, mapping, reasons)
    kept = series.mask(why >= 0)
    if pd.api.types.is_datetime64_any_dtype(kept):
        dates = kept
    elif pd.api.types.is_string_dtype(kept) or pd.api.types.is_object_dtype(kept):
        dates = pd.to_datetime(kept.astype("string").str.strip(), errors="coerce", format="ISO8601")
    else:  # numbers are not dates unless the reader converted them
        dates = pd.Series(pd.NaT, index=kept.index, dtype="datetime64[ns]")
    bad = dates.isna().to_numpy() & kept.notna().to_numpy()
    why[bad] = reasons[UNPARSEABLE]
    message = f"{variable.name!r} is not a date (expected ISO 8601, e.g. 2025-03-31)"
    return Part(dates.to_numpy(dtype="datetime64[ns]"), why,
                _violation(bad, series, "unparseable_date", message))


def _multi(frame: pd.DataFrame, variable: Variable, mapping: VariableMapping, reasons: Reasons) -> Part:
    """One 0/1 column per option; the row's reason is the first option's missing reason."""
    values: dict[str, np.ndarray] = {}
    why = np.full(len(frame), -1, dtype=np.int16)
    violations: tuple[Violation, ...] = ()
    for option in variable.options:
        column = mapping.source.get(option)
        if column is None or column not in frame:
            values[option] = np.full(len(frame), np.nan)
            why[why < 0] = reasons[NOT_ASKED if column is None else NOT_IN_FILE]
            continue
        part = _coded(_blank_as_na(frame[column]), {0: "No", 1: "Yes"}, mapping, reasons, f"{variable.name}__{option}")
        values[option] = np.where(part.values >= 0, part.values, np.nan)
        why = np.where(why < 0, part.reasons, why)
        violations += part.violations
    return Part(values, why, violations)


def absent_part(n: int, variable: Variable, reason: int) -> Part:
    """A variable a country's version does not give: all NA with one reason."""
    why = np.full(n, reason, dtype=np.int16)
    if variable.is_coded:
        return Part(np.full(n, -1, dtype=np.int16), why)
    if variable.type == "multi_response":
        return Part({option: np.full(n, np.nan) for option in variable.options}, why)
    if variable.type == "text":
        return Part(pd.Series(pd.NA, index=pd.RangeIndex(n), dtype="string"), why)
    if variable.type == "date":
        return Part(np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"), why)
    return Part(np.full(n, np.nan), why)


def _blank_as_na(series: pd.Series) -> pd.Series:
    """Empty text is system-missing (SPSS and Stata store a missing string as "")."""
    if pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series):
        return series.mask((series.astype("string").str.strip() == "").fillna(False))
    return series


def harmonise_part(frame: pd.DataFrame, variable: Variable, mapping: VariableMapping,
                   reasons: Reasons) -> Part:
    """Harmonise one variable from one country's data frame (source columns known to exist)."""
    if variable.type == "multi_response":
        return _multi(frame, variable, mapping, reasons)
    series = _blank_as_na(frame[mapping.source])
    if variable.is_coded:
        return _coded(series, variable.codes, mapping, reasons, variable.name)
    if variable.type == "numeric":
        return _numeric(series, variable, mapping, reasons)
    if variable.type == "date":
        return _date(series, variable, mapping, reasons)
    return _text(series, mapping, reasons)


def identifier(series: pd.Series) -> pd.Series:
    """Respondent ids as text: 17.0 becomes "17"; white space stripped; empty -> NA."""
    if pd.api.types.is_float_dtype(series):
        whole = series.dropna()
        if np.all(np.mod(whole, 1) == 0):
            series = series.astype("Int64")
    return normalise_text(series)
