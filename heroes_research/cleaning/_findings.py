"""Findings about a country file as a whole, before its values are harmonised.

Silent mis-harmonisation is worse than a refused ingest, so four things a code-by-
code check cannot see are reported:

- ``no_rows``: the file has no respondents (the country would vanish from every
  table); blocking.
- ``labels_disagree``: the file's own value labels, where they are in the codebook's
  language, contradict the codebook after the country's mapping (a reversed or
  shifted scale: the file says 1 = "Severe barrier", the mapping makes 1 "Not a
  barrier"); blocking.
- ``partial_recode``: a ``recode`` lists some of the file's codes and lets the others
  pass through unchanged; the finding names the codes left out.
- ``all_missing``: a mapped variable is empty in the country, not even a missing
  code (an export that lost a column; a warning).

Example
-------
>>> import pandas as pd
>>> from heroes_research.codebook import load_codebook  # doctest: +SKIP
>>> file_findings({"ES": survey}, codebook, {"ES": "es.sav"})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.cleaning._report import make_report

__all__ = ["file_findings"]


def _norm(label: Any) -> str:
    return " ".join(str(label).split()).casefold()


def _code(value: Any) -> Any:
    """1.0 -> 1 (codes read from SPSS are floats); anything else unchanged."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return int(value)
    return value


def _show(codes: list[Any]) -> str:
    return ", ".join(str(_code(c)) for c in codes)


def _harmonised(code: Any, mapping: Any, variable: Any) -> Any:
    """The harmonised code a file's ``code`` becomes under ``mapping`` (recode, then reverse)."""
    value = mapping.recode.get(code, code)
    if mapping.reverse and isinstance(value, int):
        value = min(variable.codes) + max(variable.codes) - value
    return value


def _valid(column: pd.Series, survey: Any, source: str, mapping: Any) -> pd.Series:
    """Answers that are neither system-missing, a user-missing code nor a country missing code."""
    valid = column.notna() & ~column.isin(list(mapping.missing))
    if hasattr(survey, "user_missing_mask"):
        valid &= ~survey.user_missing_mask(source).reset_index(drop=True).to_numpy()
    return valid


def _label_finding(variable: Any, mapping: Any, labels: Mapping[Any, Any]) -> str | None:
    """Message if the file's labels contradict the codebook's after the mapping, else None."""
    by_label = {_norm(label): code for code, label in variable.codes.items()}
    wrong = []
    for code, label in labels.items():
        expected = by_label.get(_norm(label))
        if code in mapping.missing or expected is None:
            continue  # a missing code, or a label in another language: nothing to compare
        got = _harmonised(_code(code), mapping, variable)
        if got != expected:
            wrong.append((_code(code), label, got, expected))
    if not wrong:
        return None
    shifts = {expected - got for _, _, got, expected in wrong
              if isinstance(got, int) and isinstance(expected, int)}
    kind = ("the scale is shifted by " + str(shifts.pop()) if len(shifts) == 1 and len(wrong) > 1
            else "the scale runs the other way (reversed) or the codes are permuted")
    pairs = "; ".join(f"the file labels {code} {label!r}, which the mapping makes "
                      f"{variable.codes.get(got, got)!r} (codebook code {got}), not code {expected}"
                      for code, label, got, expected in wrong[:3])
    return f"{kind}: {pairs}{' ...' if len(wrong) > 3 else ''}"


def _partial_recode(variable: Any, mapping: Any, codes: set[Any]) -> str | None:
    # codes that are not harmonised codes are reported value by value (code_not_declared);
    # the silent ones pass through as a valid harmonised code with another meaning
    left = sorted(c for c in codes if c not in mapping.recode and c not in mapping.missing
                  and c in variable.codes)
    if not mapping.recode or not left:
        return None
    return (f"'recode' lists {_show(list(mapping.recode))} but not {_show(left)}: "
            f"those pass through unchanged as harmonised code(s) {_show(left)} "
            f"({', '.join(repr(variable.codes.get(c, '?')) for c in left)})")


def _variable_findings(variable: Any, mapping: Any, survey: Any, frame: pd.DataFrame,
                       where: dict[str, Any]) -> list[pd.DataFrame]:
    source = mapping.source
    column = frame[source].reset_index(drop=True)
    valid = _valid(column, survey, source, mapping)
    found = []
    if len(column) and column.isna().all():  # declared missing codes ('not applicable') are deliberate
        found.append(make_report(**where, variable=variable.name, value=source, rule="all_missing",
                                 message=f"column {source!r} is empty in this country: no answer, "
                                         "not even a missing code"))
    if not variable.is_coded:
        return found
    labels = (getattr(survey, "value_labels", None) or {}).get(source, {})
    message = _label_finding(variable, mapping, labels)
    if message:
        found.append(make_report(**where, variable=variable.name, value=source, rule="labels_disagree",
                                 message=message))
    observed = {_code(v) for v in pd.unique(column[valid])} | {_code(c) for c in labels}
    message = _partial_recode(variable, mapping, observed)
    if message:
        found.append(make_report(**where, variable=variable.name, value=source, rule="partial_recode",
                                 message=message))
    return found


def file_findings(surveys: Mapping[str, Any], codebook: Any, files: Mapping[str, str | None]) -> list[pd.DataFrame]:
    """Report rows for empty files, contradicting labels, partial recodes and all-missing variables.

    Parameters
    ----------
    surveys
        ISO country code -> SurveyData (or DataFrame), countries of ``codebook``.
    codebook
        The instrument's codebook.
    files
        Country -> file name for the report.

    Returns
    -------
    list of DataFrame
        Validation-report parts (rules ``no_rows``, ``labels_disagree``,
        ``partial_recode``, ``all_missing``).
    """
    found: list[pd.DataFrame] = []
    for country, survey in surveys.items():
        frame = getattr(survey, "data", survey)
        where = {"file": files.get(country), "country": country}
        if len(frame) == 0:
            found.append(make_report(**where, rule="no_rows",
                                     message="the file has no respondents: the country would vanish "
                                             "from every table"))
            continue
        for name, mapping in codebook.countries[country].variables.items():
            variable = codebook.variable(name)
            if variable.type == "multi_response" or name == codebook.id or mapping.source not in frame.columns:
                continue
            found += _variable_findings(variable, mapping, survey, frame, where)
    return found
