"""harmonise(): country files + codebook -> one tidy harmonised frame and a validation report.

The recipe: normalise the country keys -> check the codebook against the files ->
harmonise each variable across countries (lookup tables over codes, one ``take``
per column) -> data-quality checks (duplicates, straight-lining, consistency) ->
raise every violation at once (strict) or return them (lenient).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.cleaning._findings import file_findings
from heroes_research.cleaning._quality import (
    check_consistency,
    find_duplicates,
    straightlining_report,
)
from heroes_research.cleaning._report import (
    REPORT_COLUMNS,
    WARNING_RULES,
    empty_report,
    make_report,
)
from heroes_research.cleaning._variable import (
    NOT_ASKED,
    NOT_IN_FILE,
    Part,
    Reasons,
    Violation,
    absent_part,
    harmonise_part,
    identifier,
)
from heroes_research.codebook import Codebook, Variable
from heroes_research.errors import CodebookError, HeroesError, ValidationError

__all__ = ["Harmonised", "harmonise"]


@dataclass(frozen=True, eq=False)
class Harmonised:
    """The result of :func:`harmonise`.

    Attributes
    ----------
    data
        One row per respondent: ``country``, the id, then the harmonised variables
        in codebook order, each followed by its ``<name>__missing`` companion.
    report
        Validation report (columns file, country, row_id, variable, value, rule, message).
    codebook
        The codebook used.
    sources
        Country -> ``{"file": ..., "sha256": ...}`` of the survey harmonised.
    """

    data: pd.DataFrame
    report: pd.DataFrame
    codebook: Codebook
    sources: Mapping[str, Mapping[str, str | None]]

    def variable_labels(self) -> dict[str, str]:
        """Column -> label for every column of ``data`` (for sidecars and tables)."""
        labels = {"country": "Country (ISO 3166-1 alpha-2)"}
        for v in self.codebook.variables:
            labels[v.name] = v.label
            for option, column in zip(v.options, v.option_columns(), strict=True):
                labels[column] = f"{v.label}: {v.options[option]}"
            labels[f"{v.name}__missing"] = f"{v.label}: reason missing"
        return {column: labels[column] for column in self.data.columns}

    def violations(self) -> pd.DataFrame:
        """Violations counted by rule (rows) and country (columns)."""
        return pd.crosstab(self.report["rule"], self.report["country"])

    def _repr_html_(self) -> str:
        from html import escape

        return f"<p>{escape(repr(self))}</p>" + self.violations().to_html()

    def __repr__(self) -> str:
        per_country = self.data["country"].value_counts(sort=False)
        counts = ", ".join(f"{c} {n}" for c, n in per_country.items() if n)
        rules = Counter(self.report["rule"].tolist())
        issues = ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())) or "none"
        return (f"Harmonised({self.codebook.instrument!r}: {len(self.data)} respondents x "
                f"{len(self.codebook.variables)} variables; {counts}; {len(self.report)} violations: {issues})")


def _countries(surveys: Mapping[str, Any], codebook: Codebook) -> dict[str, Any]:
    """Country key (code or name, stray spaces allowed) -> survey, in display order."""
    from heroes_research.countries import to_iso2
    from heroes_research.study import country_categories

    if not surveys:
        raise ValidationError(f"harmonise {codebook.instrument!r}: no surveys given", reason="no_data",
                              file=codebook.path, hint="pass a mapping country -> SurveyData")
    found: dict[str, Any] = {}
    keys: dict[str, Any] = {}
    for key, survey in surveys.items():
        try:
            code = to_iso2(str(key))
        except HeroesError as exc:
            raise CodebookError(f"harmonise: {key!r} is not a study country", reason="unknown_country",
                                file=codebook.path, country=str(key), hint=exc.hint) from None
        if code in found:
            raise CodebookError(f"harmonise: two surveys for country {code} ({keys[code]!r} and {key!r})",
                                reason="duplicate_country", file=codebook.path, country=code,
                                hint="pass one survey per country")
        keys[code] = key
        if code not in codebook.countries:
            raise CodebookError(f"harmonise: the codebook has no mapping for country {code}",
                                reason="unknown_country", file=codebook.path, country=code,
                                hint=f"add {code} under 'countries' (it has {', '.join(codebook.countries)})")
        found[code] = survey
    return {code: found[code] for code in country_categories(codebook) if code in found}


def _frame(survey: Any) -> pd.DataFrame:
    return getattr(survey, "data", survey)


def _ids(frame: pd.DataFrame, codebook: Codebook, country: str) -> pd.Series:
    """The country's respondent ids as text (NA where absent or not mapped)."""
    mapping = codebook.countries[country].variables.get(codebook.id) if codebook.id else None
    if mapping is None or mapping.source not in frame:
        return pd.Series(pd.NA, index=pd.RangeIndex(len(frame)), dtype="string")
    return identifier(frame[mapping.source]).reset_index(drop=True)


def _row_ids(ids: pd.Series, country: pd.Categorical, rows: np.ndarray) -> pd.Series:
    """Report row ids: the respondent id; ``#<row in file>`` where it is missing, and
    ``<id> (row <n>)`` where it repeats within the country, so each report row points at one row."""
    keys = pd.DataFrame({"country": country, "id": ids}, copy=False)
    repeated = (keys.duplicated(keep=False) & ids.notna()).to_numpy()
    absent = ids.isna().to_numpy()
    if not (repeated.any() or absent.any()):
        return ids
    out = ids.copy()
    number = pd.Series(rows, index=ids.index)
    out[repeated] = ids[repeated] + " (row " + number[repeated].astype("string") + ")"
    out[absent] = "#" + number[absent].astype("string")
    return out


def _country_column(frames: Mapping[str, pd.DataFrame], codebook: Codebook) -> pd.Categorical:
    """The ``country`` column: categories are the study's countries (default: the 15 HEROES countries)."""
    from heroes_research.study import country_categories

    categories = list(country_categories(codebook))
    position = [categories.index(c) for c in frames]
    codes = np.repeat(np.asarray(position, dtype=np.int16), [len(f) for f in frames.values()])
    return pd.Categorical.from_codes(codes, categories=categories)


def _country_part(variable: Variable, frame: pd.DataFrame, codebook: Codebook, country: str,
                  reasons: Reasons) -> Part:
    mapping = codebook.countries[country].variables.get(variable.name)
    if mapping is None:
        return absent_part(len(frame), variable, reasons[NOT_ASKED])
    if variable.type != "multi_response" and mapping.source not in frame.columns:
        return absent_part(len(frame), variable, reasons[NOT_IN_FILE])
    return harmonise_part(frame, variable, mapping, reasons)


def _assemble(variable: Variable, parts: list[Part], reasons: Reasons) -> dict[str, Any]:
    """Concatenate the countries' parts into the variable's pandas columns."""
    columns: dict[str, Any] = {}
    if variable.is_coded:
        codes = np.concatenate([p.values for p in parts])
        columns[variable.name] = pd.Categorical.from_codes(
            codes, categories=list(variable.codes.values()), ordered=variable.type == "ordinal")
    elif variable.type == "multi_response":
        for option, column in zip(variable.options, variable.option_columns(), strict=True):
            columns[column] = pd.array(np.concatenate([p.values[option] for p in parts]), dtype="Int8")
    elif variable.type == "text":
        columns[variable.name] = pd.concat([p.values for p in parts], ignore_index=True).array
    else:
        columns[variable.name] = np.concatenate([p.values for p in parts])
    columns[f"{variable.name}__missing"] = pd.Categorical.from_codes(
        np.concatenate([p.reasons for p in parts]), categories=reasons.labels)
    return columns


def _columns(frames: Mapping[str, pd.DataFrame], codebook: Codebook, files: Mapping[str, str | None],
             row_ids: pd.Series) -> tuple[dict[str, Any], list[pd.DataFrame]]:
    """Every harmonised column but country and id, and the report rows of their violations."""
    reasons = Reasons(codebook.missing)
    starts = np.cumsum([0, *(len(f) for f in frames.values())])
    columns: dict[str, Any] = {}
    report: list[pd.DataFrame] = []
    for variable in codebook.variables:
        if variable.name == codebook.id:
            continue
        parts = [_country_part(variable, frames[c], codebook, c, reasons) for c in frames]
        for (country, start), part in zip(zip(frames, starts, strict=False), parts, strict=True):
            report.extend(_violation_report(v, variable.name, country, files[country],
                                            row_ids.iloc[start + v.rows].to_numpy()) for v in part.violations)
        columns.update(_assemble(variable, parts, reasons))
    return columns, report


def _violation_report(violation: Violation, variable: str, country: str, file: str | None,
                      row_ids: np.ndarray) -> pd.DataFrame:
    return make_report(row_id=row_ids, value=violation.values, variable=variable,
                       rule=violation.rule, message=violation.message, country=country, file=file)


def _presented(data: pd.DataFrame, item: str, codebook: Codebook) -> np.ndarray:
    """A battery item as each country's respondents saw it: reverse-coded versions un-reversed.

    Category positions as float (NaN = missing); positions flip as ``top - p``, which
    equals ``min + max - code`` for the symmetric code sets ``reverse`` requires.
    """
    column = data[item]
    positions = column.cat.codes.to_numpy().astype(float)
    positions[positions < 0] = np.nan
    reversed_in = [c for c, m in codebook.countries.items() if item in m.variables and m.variables[item].reverse]
    if reversed_in:
        flip = data["country"].isin(reversed_in).to_numpy()
        positions[flip] = len(column.cat.categories) - 1 - positions[flip]
    return positions


def _quality(data: pd.DataFrame, codebook: Codebook, row_ids: pd.Series, rows: np.ndarray,
             min_items: int) -> list[pd.DataFrame]:
    parts = []
    if codebook.id is not None:
        design = {*codebook.design.columns().values(), *codebook.design.replicate_columns()}
        items = [c for v in codebook.variables if v.name != codebook.id and v.name not in design
                 and v.type != "text" for c in (v.option_columns() or (v.name,))]
        parts.append(find_duplicates(data, id=codebook.id, items=items, row_ids=row_ids, rows=rows))
    country = data["country"].to_numpy()
    for battery, items in codebook.batteries().items():
        presented = (_presented(data, item, codebook) for item in items)  # one item in memory at a time
        parts.append(straightlining_report(presented, min_items=min_items, battery=battery,
                                           row_ids=row_ids, country=country))
    if codebook.checks:
        parts.append(check_consistency(data, codebook, row_ids=row_ids))
    return parts


def harmonise(surveys: Mapping[str, Any], codebook: Codebook, *, strict: bool = True,
              straightlining_min_items: int = 3) -> Harmonised:
    """Harmonise country versions of an instrument into one tidy respondent-level frame.

    Parameters
    ----------
    surveys
        Country (ISO code or name, e.g. ``"ES"``, ``" Brasil "``) -> SurveyData (or DataFrame).
    codebook
        The instrument's codebook (:func:`~heroes_research.codebook.load_codebook`).
    strict
        True: raise one ValidationError listing every violation (warnings such as
        straight-lining do not raise). False: return the violations in ``.report``;
        invalid values become NA with the reason in ``<name>__missing``.
    straightlining_min_items
        A respondent is flagged for straight-lining in a battery only when at least
        this many of its items are answered (all with the same answer).

    Returns
    -------
    Harmonised
        ``.data``, ``.report``, ``.codebook``, ``.sources``.

    Raises
    ------
    ValidationError
        Strict mode, when any violation is not a warning (WARNING_RULES);
        ``failures`` is the whole report, warnings included.
    CodebookError
        A survey for a country that is unknown or absent from the codebook.

    Notes
    -----
    Per source value: a country missing code -> its harmonised missing label;
    otherwise ``recode``, then ``reverse`` (``c -> min + max - c``), then the value
    must be a harmonised code (or a harmonised missing code), else it is the
    violation ``code_not_declared``. In lenient mode invalid values become NA with
    ``__missing`` = "Invalid code" (also for text in a numeric column),
    "Out of range" (numeric range) or "Unparseable date". Unmapped variables are
    "Not asked"; a mapped column absent from the file is "Not in file" (rule
    ``missing_variable``). Other rules: ``duplicate_respondent``,
    ``possible_duplicate``, ``straight_lining`` and ``all_missing`` (warnings),
    ``inconsistent``, and the file-level findings ``no_rows``, ``labels_disagree``
    and ``partial_recode`` (:mod:`heroes_research.cleaning._findings`).

    Example
    -------
    >>> from heroes_research.codebook import load_codebook  # doctest: +SKIP
    >>> result = harmonise({"ES": es, "BR": br}, load_codebook(path), strict=False)  # doctest: +SKIP
    >>> result.data["ind_isolation"].cat.categories[0]  # doctest: +SKIP
    'Not at all important'
    """
    surveys = _countries(surveys, codebook)
    frames = {c: _frame(s) for c, s in surveys.items()}
    files = {c: getattr(s, "source", None) or codebook.countries[c].file for c, s in surveys.items()}
    files = {c: None if f is None else str(f) for c, f in files.items()}
    country = _country_column(frames, codebook)
    rows = np.concatenate([np.arange(1, len(f) + 1) for f in frames.values()] or [np.empty(0, int)])
    ids = pd.concat([_ids(f, codebook, c) for c, f in frames.items()] or [pd.Series(dtype="string")],
                    ignore_index=True)
    row_ids = _row_ids(ids, country, rows)
    columns, report = _columns(frames, codebook, files, row_ids)
    data = pd.DataFrame({"country": country, **({codebook.id: ids} if codebook.id else {}), **columns},
                        copy=False)  # no copy: the arrays were built for this frame
    del columns
    quality = _quality(data, codebook, row_ids, rows, straightlining_min_items)
    for part in quality:
        part["file"] = part["country"].map(files).astype("string")
    findings = file_findings(surveys, codebook, files)
    report = pd.concat([empty_report(), codebook.check_against(surveys), *findings, *report, *quality],
                       ignore_index=True)[list(REPORT_COLUMNS)]
    result = Harmonised(data=data, report=report, codebook=codebook,
                        sources={c: {"file": files[c], "sha256": getattr(s, "sha256", None)}
                                 for c, s in surveys.items()})
    errors = report[~report["rule"].isin(WARNING_RULES)]
    if strict and len(errors):
        by_rule = ", ".join(f"{r} {n}" for r, n in errors["rule"].value_counts().items())
        warnings = f" and {len(report) - len(errors)} warning(s)" if len(report) > len(errors) else ""
        raise ValidationError(
            f"harmonise {codebook.instrument!r}: {len(errors)} violation(s) ({by_rule}){warnings}",
            reason="validation_failed", file=codebook.path, failures=report,
            hint="fix the data or the codebook, or call harmonise(..., strict=False) to set invalid "
                 "values to NA and get the report")
    return result
