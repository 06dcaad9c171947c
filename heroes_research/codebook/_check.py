"""Check a codebook against the files it describes: every mapped source column must exist."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from heroes_research.errors import HeroesError

if TYPE_CHECKING:
    import pandas as pd

    from heroes_research.codebook._model import Codebook

__all__ = ["check_against", "survey_columns", "survey_file"]


def survey_columns(survey: Any) -> list[str]:
    """Column names of a SurveyData or a DataFrame."""
    return list(getattr(survey, "data", survey).columns)


def survey_file(survey: Any, fallback: str | None = None) -> str | None:
    """The file name a survey came from (its ``source``), else ``fallback``."""
    source = getattr(survey, "source", None)
    return fallback if source is None else str(source)


def _hint(name: str, columns: list[str]) -> str:
    close = difflib.get_close_matches(name, columns, n=3, cutoff=0.5)
    if close:
        return f"close matches: {', '.join(close)}"
    shown = ", ".join(columns[:12]) + (f", ... ({len(columns)} in all)" if len(columns) > 12 else "")
    return f"the file has: {shown}"


def check_against(codebook: Codebook, surveys: Mapping[str, Any]) -> pd.DataFrame:
    """Report mapped source columns that a file lacks, and files of countries the codebook lacks.

    Parameters
    ----------
    codebook
        The codebook.
    surveys
        Country (ISO code or name) -> SurveyData (or DataFrame).

    Returns
    -------
    pandas.DataFrame
        The validation report layout (file, country, row_id, variable, value, rule,
        message) with rules ``missing_variable`` and ``unknown_country``; empty if all fit.
    """
    import pandas as pd

    from heroes_research.cleaning._report import empty_report, make_report
    from heroes_research.countries import to_iso2

    rows = [empty_report()]
    for key, survey in surveys.items():
        try:
            country = to_iso2(str(key))
        except HeroesError:
            country = None
        mapping = codebook.countries.get(country) if country else None
        file = survey_file(survey, (mapping.file if mapping else None))
        if mapping is None:
            rows.append(make_report(file=file, country=str(key).strip(), rule="unknown_country",
                                    message=f"{key!r} is not a country of codebook {codebook.instrument!r} "
                                            f"(it has {', '.join(codebook.countries) or 'none'})"))
            continue
        columns = survey_columns(survey)
        present = set(columns)
        for name, var_map in mapping.variables.items():
            for source in var_map.source_columns():
                if source not in present:
                    rows.append(make_report(
                        file=file, country=country, variable=name, value=source, rule="missing_variable",
                        message=f"codebook maps {name!r} to column {source!r}, which the file lacks; "
                                f"{_hint(source, columns)}"))
    return pd.concat(rows, ignore_index=True)
