"""Codebook.check_against: mapped source columns absent from a file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from heroes_research.cleaning import REPORT_COLUMNS
from heroes_research.codebook import load_codebook
from heroes_research.io import SurveyData


def test_reports_absent_columns_with_close_matches(write_yaml, minimal):
    cb = load_codebook(write_yaml(minimal))
    survey = SurveyData(pd.DataFrame({"id": ["a"], "p_1": [1], "edad": [30]}), source=Path("es.sav"))
    report = cb.check_against({"ES": survey})
    assert tuple(report.columns) == REPORT_COLUMNS
    assert len(report) == 1
    row = report.iloc[0]
    assert (row["file"], row["country"], row["variable"], row["value"], row["rule"]) == (
        "es.sav", "ES", "q1", "p1", "missing_variable")
    assert "close matches: p_1" in row["message"]


def test_lists_existing_columns_when_nothing_is_close(write_yaml, minimal):
    cb = load_codebook(write_yaml(minimal))
    report = cb.check_against({"España": pd.DataFrame({"id": ["a"], "zzz": [1], "edad": [3]})})
    assert report["country"].tolist() == ["ES"]
    assert "the file has: id, zzz, edad" in report["message"].iloc[0]
    assert report["file"].iloc[0] == "es.sav"  # from the codebook when the survey has no source


def test_unknown_country_and_clean_file(write_yaml, minimal):
    cb = load_codebook(write_yaml(minimal))
    ok = pd.DataFrame({"id": ["a"], "p1": [1], "edad": [3]})
    assert cb.check_against({"ES": ok}).empty
    report = cb.check_against({"FR": ok, "Narnia": ok})
    assert report["rule"].tolist() == ["unknown_country", "unknown_country"]
    assert "'FR' is not a country of codebook 'mini'" in report["message"].iloc[0]
