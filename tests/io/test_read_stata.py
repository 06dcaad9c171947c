"""read_survey on Stata files: extended missing values .a-.z stay distinguishable."""

from __future__ import annotations

import pandas as pd

from heroes_research.io import read_survey


def test_extended_missing_values_are_kept_as_stata_codes(stata_file):
    survey = read_survey(stata_file)
    q1 = survey.data["q1"]
    assert q1.iloc[0] == 1.0
    assert q1.iloc[2] == ".a"
    assert q1.iloc[4] == ".b"
    assert pd.isna(q1.iloc[3])  # plain "." is system-missing
    assert survey.missing == {"q1": [".a", ".b"]}
    assert survey.user_missing_mask("q1").tolist() == [False, False, True, False, True]


def test_labels(stata_file):
    survey = read_survey(stata_file)
    assert survey.variable_labels == {"q1": "Trust in police", "country": "Country"}
    assert survey.value_labels == {"q1": {1: "yes", 2: "no"}}
    assert survey.file_format == "dta"
    assert survey.data["country"].tolist() == ["ES", "ES", "GB", "BD", "CO"]
