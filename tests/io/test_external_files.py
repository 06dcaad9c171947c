"""read_survey on SPSS/Stata files written by other software, against values R read.

The goldens come from haven 2.5.1 and foreign 0.8.84 (tests/io/goldens/make_goldens.R).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from heroes_research.io import read_survey

HERE = Path(__file__).resolve().parent
EXTERNAL = HERE.parents[0] / "data" / "external_files"
GOLDENS = json.loads((HERE / "goldens" / "external_files.json").read_text(encoding="utf-8"))[
    "files"]
FILES = sorted(name for name in GOLDENS if "names" in GOLDENS[name]["haven"])


@pytest.fixture(scope="module")
def surveys():
    return {name: read_survey(EXTERNAL / name) for name in FILES}


@pytest.mark.parametrize("name", FILES)
def test_shape_and_names(surveys, name):
    golden = GOLDENS[name]["haven"]
    assert surveys[name].data.shape == (golden["nrow"], len(golden["names"]))
    assert surveys[name].data.columns.tolist() == golden["names"]


@pytest.mark.parametrize("name", FILES)
def test_variable_labels(surveys, name):
    assert surveys[name].variable_labels == GOLDENS[name]["haven"]["variable_labels"]


@pytest.mark.parametrize("name", ["electric.sav", "testdata.sav"])
def test_variable_labels_agree_with_foreign(surveys, name):
    labels = GOLDENS[name]["foreign"]["variable_labels"]
    assert {k: labels[k] for k in surveys[name].variable_labels} == surveys[name].variable_labels


@pytest.mark.parametrize("name", FILES)
def test_value_labels(surveys, name):
    expected = {
        variable: dict(zip(spec["codes"], spec["labels"], strict=True))
        for variable, spec in GOLDENS[name]["haven"]["value_labels"].items()
    }
    assert surveys[name].value_labels == expected  # 1 == 1.0: codes compare as numbers


@pytest.mark.parametrize("name", FILES)
def test_user_missing_declarations(surveys, name):
    golden = GOLDENS[name]["haven"]
    expected = {v: list(codes) for v, codes in golden["na_values"].items()}
    for variable, (low, high) in golden["na_range"].items():
        expected.setdefault(variable, []).append((low, high))
    assert surveys[name].missing == expected


@pytest.mark.parametrize("name", FILES)
def test_first_rows_keep_stored_codes(surveys, name):
    golden = GOLDENS[name]["haven"]
    data = surveys[name].data
    for variable, values in golden["head"].items():
        column = data[variable].iloc[:3]
        if variable in golden["date_columns"]:
            assert column.tolist() == pd.to_datetime(values).tolist()
        elif isinstance(values[0], str):
            assert column.fillna("").tolist() == values  # haven reads empty strings, not NA
        else:
            got = [None if pd.isna(x) else x for x in column]
            want = [None if v is None else v for v in values]
            assert all((g is None and w is None) or math.isclose(g, w, rel_tol=1e-7)
                       for g, w in zip(got, want, strict=True)), (variable, got, want)


def test_dates_are_datetimes(surveys):
    assert pd.api.types.is_datetime64_any_dtype(surveys["testdata.sav"].data["date"])


def test_electric_is_windows_1252(surveys):
    assert surveys["electric.sav"].encoding == "WINDOWS-1252"


def test_user_missing_codes_are_distinguishable(surveys):
    survey = surveys["testdata.sav"]
    assert survey.user_missing_mask("factor_n_coded_miss").tolist()[:3] == [False, False, True]
    assert survey.data["factor_n_coded_miss"].iloc[2] == 99
    assert survey.user_missing_mask("numeric_long_label").tolist()[:3] == [True, True, False]


def test_stata_extended_missing_written_by_haven():
    golden = GOLDENS["haven_tagged_missing.dta"]["haven"]
    survey = read_survey(EXTERNAL / "haven_tagged_missing.dta")
    q1 = survey.data["q1"]
    assert len(q1) == golden["nrow"]
    assert survey.variable_labels == {"q1": golden["variable_label"]}
    pairs = zip(golden["values"], golden["na_tags"], strict=True)
    expected = [f".{tag}" if tag else value for value, tag in pairs]
    assert [None if pd.isna(x) else x for x in q1] == expected  # [1, 2, ".a", None, ".b"]
    assert survey.missing == {"q1": [".a", ".b"]}
    codes = [float(c) if not c.startswith(".") else c for c in golden["label_codes"]]
    assert survey.value_labels == {"q1": dict(zip(codes, golden["label_names"], strict=True))}
