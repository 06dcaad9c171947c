"""read_survey on CSV, the HEROES Excel layout and Parquet with a JSON sidecar."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from heroes_research.errors import InputFileError
from heroes_research.io import read_survey


def test_csv_utf8_by_default(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("country,q1,comment\nES,1,Sí\nFR,99,Très bien\n", encoding="utf-8")
    survey = read_survey(path)
    assert survey.data["comment"].tolist() == ["Sí", "Très bien"]
    assert survey.data["q1"].tolist() == [1, 99]
    assert survey.encoding == "utf-8"
    assert survey.variable_labels == {} and survey.missing == {}


def test_csv_encoding_override(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes("country,comment\nFR,Très bien\n".encode("cp1252"))
    survey = read_survey(path, encoding="cp1252")
    assert survey.data["comment"].tolist() == ["Très bien"]
    assert survey.encoding == "cp1252"


def _workbook(path, sheets: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)


@pytest.fixture
def heroes_workbook(tmp_path):
    path = tmp_path / "es.xlsx"
    _workbook(path, {
        "data": pd.DataFrame({"q1": [1, 2, 98, 99], "sector": ["police", "ngo", "ngo", "xx"]}),
        "Variables": pd.DataFrame({"variable": ["q1", "sector"],
                                   "label": ["Trust in police", "Sector"]}),
        "values": pd.DataFrame({"variable": ["q1", "q1", "q1", "sector"], "code": [1, 2, 98, "ngo"],
                                "label": ["yes", "no", "don't know", "NGO"]}),
        "missing": pd.DataFrame({"variable": ["q1", "q1", "sector"], "code": [98, 99, "xx"]}),
        "notes": pd.DataFrame({"text": ["ignored"]}),
    })
    return path


def test_heroes_excel_layout(heroes_workbook):
    survey = read_survey(heroes_workbook)
    assert survey.file_format == "xlsx"
    assert survey.data.columns.tolist() == ["q1", "sector"]
    assert survey.variable_labels == {"q1": "Trust in police", "sector": "Sector"}
    assert survey.value_labels == {"q1": {1: "yes", 2: "no", 98: "don't know"},
                                   "sector": {"ngo": "NGO"}}
    assert survey.missing == {"q1": [98, 99], "sector": ["xx"]}
    assert survey.user_missing_mask("q1").tolist() == [False, False, True, True]
    assert survey.user_missing_mask("sector").tolist() == [False, False, False, True]


def test_excel_data_only(tmp_path):
    path = tmp_path / "plain.xlsx"
    _workbook(path, {"Sheet1": pd.DataFrame({"q1": [1, 2]})})
    survey = read_survey(path)
    assert survey.data["q1"].tolist() == [1, 2]
    assert survey.value_labels == {} and survey.missing == {}


def test_excel_metadata_sheet_without_its_columns(tmp_path):
    path = tmp_path / "bad.xlsx"
    _workbook(path, {"data": pd.DataFrame({"q1": [1]}),
                     "values": pd.DataFrame({"variable": ["q1"], "value": [1], "label": ["yes"]})})
    with pytest.raises(InputFileError) as info:
        read_survey(path)
    assert info.value.reason == "bad_metadata"
    assert "sheet 'values' lacks the column(s) ['code']" in str(info.value)


def test_excel_metadata_for_unknown_variable_names_the_excel_row(tmp_path):
    path = tmp_path / "bad.xlsx"
    _workbook(path, {"data": pd.DataFrame({"q1": [1]}),
                     "missing": pd.DataFrame({"variable": ["q1", "q9"], "code": [99, 99]})})
    with pytest.raises(InputFileError) as info:
        read_survey(path)
    assert info.value.reason == "bad_metadata"
    assert info.value.rows == [3]  # header is row 1
    assert "['q9']" in str(info.value)


def test_parquet_with_json_sidecar(tmp_path):
    path = tmp_path / "external.parquet"
    pd.DataFrame({"q1": [1.0, 99.0]}).to_parquet(path)
    path.with_suffix(".json").write_text(json.dumps({
        "variable_labels": {"q1": "Trust"},
        "value_labels": {"q1": [[1.0, "yes"], [99.0, "refused"]]},
        "missing": {"q1": [99.0, {"low": -9, "high": -1}]},
    }), encoding="utf-8")
    survey = read_survey(path)
    assert survey.variable_labels == {"q1": "Trust"}
    assert survey.value_labels == {"q1": {1.0: "yes", 99.0: "refused"}}
    assert survey.missing == {"q1": [99.0, (-9, -1)]}


def test_parquet_without_metadata(tmp_path):
    path = tmp_path / "plain.parquet"
    pd.DataFrame({"q1": [1, 2]}).to_parquet(path)
    survey = read_survey(path)
    assert survey.data["q1"].tolist() == [1, 2]
    assert survey.value_labels == {}


def test_parquet_with_broken_sidecar(tmp_path):
    path = tmp_path / "plain.parquet"
    pd.DataFrame({"q1": [1, 2]}).to_parquet(path)
    path.with_suffix(".json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        read_survey(path)
    assert info.value.reason == "corrupt_file"
    assert "plain.json" in str(info.value)
