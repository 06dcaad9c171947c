"""Which violations block an ingest, and what to tell the user to do about each."""

from __future__ import annotations

import pandas as pd

from heroes_research.errors import ValidationError

__all__ = ["BLOCKING_RULES", "HINTS", "blocking_error"]

#: Violations that stop every ingest: the codebook and the file disagree, so a
#: variable would silently be empty or mislabelled, a country would vanish, or the
#: design could not be estimated.
BLOCKING_RULES: frozenset[str] = frozenset(
    {"missing_variable", "labels_disagree", "no_rows", "design_missing", "bad_weight", "bad_replicate_weight",
     "psu_crosses_strata"})

#: rule -> what to do.
HINTS: dict[str, str] = {
    "missing_variable": "rename the column in the country's file, or correct its 'source' in the "
                        "codebook (the message suggests close names)",
    "code_not_declared": "correct the value in the raw file, or declare the code in that country's "
                         "'recode' or 'missing' in the codebook",
    "out_of_range": "correct the value in the raw file, or declare it as a missing code in that "
                    "country's 'missing' in the codebook",
    "duplicate_respondent": "remove the repeated rows from the raw file, or give distinct "
                            "respondents distinct ids",
    "unparseable_date": "correct the dates in the raw file (or store them as dates)",
    "inconsistent": "check the listed respondents' answers against the codebook's checks",
    "design_missing": "map the design variable for that country in the codebook, or drop the role "
                      "from 'design'",
    "bad_weight": "give every respondent a positive weight in the raw file (or drop the respondent)",
    "bad_replicate_weight": "give every respondent a finite replicate weight >= 0 in the raw file (0 where "
                            "the replicate drops the respondent)",
    "psu_crosses_strata": "add 'nest: true' to the codebook's design if PSU ids are unique only within "
                          "a stratum; otherwise correct the ids",
    "labels_disagree": "set 'reverse: true' or a full 'recode' for that country's variable in the "
                       "codebook (or correct the file's value labels if they are wrong)",
    "no_rows": "export the country's file again (it has no respondents), or remove the country "
               "from the codebook",
    "partial_recode": "list every code of the file in that country's 'recode' (map a code to itself "
                      "to keep it)",
    "all_missing": "check the country's column: it may be the wrong column or an empty export",
}
_DEFAULT_HINT = "correct the raw file or the codebook"


def blocking_error(instrument: str, report: pd.DataFrame, *, strict: bool) -> ValidationError | None:
    """A ValidationError for the blocking violations of ``report``, or None if there are none.

    The error names the first offending file, variable and rows, says what to do,
    and carries every blocking violation in ``failures``.
    """
    from heroes_research.cleaning import WARNING_RULES

    rules = report["rule"]
    blocking = report[~rules.isin(WARNING_RULES)] if strict else report[rules.isin(BLOCKING_RULES)]
    if blocking.empty:
        return None
    first = blocking.iloc[0]
    same = blocking[(blocking["file"] == first["file"]) & (blocking["variable"] == first["variable"])
                    & (blocking["rule"] == first["rule"])]
    by_rule = ", ".join(f"{rule} {n}" for rule, n in blocking["rule"].value_counts().sort_index().items())
    mode = " (strict)" if strict else ""
    return ValidationError(
        f"ingest {instrument!r}{mode}: {len(blocking)} blocking violation(s) ({by_rule}); "
        f"first: {first['message']}; nothing was written to the processed-data folder",
        reason=str(first["rule"]), file=first["file"], variable=first["variable"],
        rows=same["row_id"].dropna().tolist(), country=first["country"],
        failures=blocking.reset_index(drop=True),
        hint=HINTS.get(str(first["rule"]), _DEFAULT_HINT) + "; then run the ingest again",
    )
