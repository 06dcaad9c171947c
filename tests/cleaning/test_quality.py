"""find_duplicates, flag_straightlining, check_ranges, check_consistency."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.cleaning import (
    REPORT_COLUMNS,
    check_consistency,
    check_ranges,
    find_duplicates,
    flag_straightlining,
)
from heroes_research.errors import ValidationError


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "country": ["ES", "ES", "ES", "BR", "BR", "BR"],
        "id": ["a", "a", "c", "a", "e", "f"],
        "q1": [1, 2, 3, 4, 4, 1],
        "q2": [1, 2, 3, 5, 5, 1],
        "q3": [1, 2, 3, 2, 2, 1],
    })


def test_duplicate_ids_within_country_only():
    report = find_duplicates(_frame(), id="id", min_answered=99)
    assert tuple(report.columns) == REPORT_COLUMNS
    assert report["rule"].tolist() == ["duplicate_respondent"] * 2
    assert report["country"].tolist() == ["ES", "ES"]  # "a" in BR is another respondent
    assert report["row_id"].tolist() == ["a", "a"]
    assert "rows 0, 1" in report["message"].iloc[0]


def test_identical_answers_with_different_ids_are_possible_duplicates():
    report = find_duplicates(_frame(), id="id", items=["q1", "q2", "q3"], min_answered=3)
    possible = report[report["rule"] == "possible_duplicate"]
    assert possible["row_id"].tolist() == ["a", "e"]  # BR rows 3 and 4 answer 4, 5, 2
    assert "respondent 'a'" in possible["message"].iloc[1]
    # ES "a"/"f"-like vectors in different countries are not compared; too few answers are not flagged
    assert find_duplicates(_frame(), id="id", items=["q1"], min_answered=2)["rule"].eq(
        "possible_duplicate").sum() == 0


def test_straightlining_needs_min_items_answered():
    data = pd.DataFrame({"a": [3, 3, 1, np.nan], "b": [3, 3, 2, 4], "c": [3, np.nan, 3, 4]},
                        index=[10, 11, 12, 13])
    report = flag_straightlining(data, ["a", "b", "c"], battery="bat", country=None)
    assert report["row_id"].tolist() == ["#10"] and report["variable"].tolist() == ["bat"]
    assert report["value"].tolist() == ["3"]
    two = flag_straightlining(data, ["a", "b", "c"], min_items=2, country=None)
    assert two["row_id"].tolist() == ["#10", "#11", "#13"]


def test_straightlining_on_categoricals_uses_positions():
    cat = pd.CategoricalDtype(["low", "mid", "high"], ordered=True)
    data = pd.DataFrame({"id": ["x", "y"], "a": pd.Series(["low", "mid"], dtype=cat),
                         "b": pd.Series(["low", "high"], dtype=cat), "c": pd.Series(["low", None], dtype=cat)})
    assert flag_straightlining(data, ["a", "b", "c"], id="id")["row_id"].tolist() == ["x"]


def test_check_ranges():
    data = pd.DataFrame({"country": ["ES", "BR", "BR"], "id": ["a", "b", "c"], "age": [15.0, 40, 120]})
    report = check_ranges(data, {"age": (16, 99)}, id="id")
    assert report["row_id"].tolist() == ["a", "c"] and report["value"].tolist() == ["15", "120"]
    assert report["country"].tolist() == ["ES", "BR"] and set(report["rule"]) == {"out_of_range"}


def test_check_ranges_and_consistency_from_codebook(codebook):
    data = pd.DataFrame({"country": ["ES", "ES"], "resp_id": ["a", "b"], "age": [30.0, 30],
                         "years_experience": [20.0, 10]})
    assert check_ranges(data, codebook, id="resp_id").empty
    report = check_consistency(data, codebook, id="resp_id")
    assert report["row_id"].tolist() == ["a"]
    assert report["value"].tolist() == ["years_experience=20, age=30"]
    assert report["rule"].tolist() == ["inconsistent"]
    assert "more years of experience" in report["message"].iloc[0]


@pytest.mark.parametrize(("check", "named"), [
    (lambda df: find_duplicates(df, id="resp"), "resp"),
    (lambda df: find_duplicates(df, id="id", items=["q1", "q9"]), "q9"),
    (lambda df: flag_straightlining(df, ["q1", "q2", "qx"]), "qx"),
    (lambda df: check_ranges(df, {"age": (16, 90)}), "age"),
])
def test_a_missing_column_is_named(check, named):
    """Each check names the column it lacks (not a bare KeyError) and says what to do."""
    with pytest.raises(ValidationError, match=f"no column '{named}'") as info:
        check(_frame())
    assert info.value.reason == "missing_variable" and info.value.variable == named
    assert "what to do" in str(info.value)


def test_check_consistency_names_a_missing_column(codebook):
    frame = pd.DataFrame({"country": ["ES"], "resp_id": ["a"]})
    with pytest.raises(ValidationError, match="check_consistency: the frame has no column") as info:
        check_consistency(frame, codebook)
    assert info.value.variable in {c for check in codebook.checks for c in check.variables}
