"""read_survey on SPSS files written by pyreadstat: codes, labels, missing values, dates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from heroes_research.io import SurveyData, read_survey
from heroes_research.provenance import sha256_file

EXTERNAL = Path(__file__).resolve().parents[1] / "data" / "external_files"


def test_keeps_codes_and_declares_user_missing(sav_file):
    survey = read_survey(sav_file)
    assert isinstance(survey, SurveyData)
    assert survey.data["q1"].tolist()[:4] == [1.0, 2.0, 98.0, 99.0]
    assert pd.isna(survey.data["q1"].iloc[4])
    assert survey.missing["q1"] == [98.0, 99.0]
    assert survey.user_missing_mask("q1").tolist() == [False, False, True, True, False]


def test_missing_range_is_a_tuple(sav_file):
    survey = read_survey(sav_file)
    assert survey.missing["q2"] == [(-9.0, -1.0)]
    assert survey.user_missing_mask("q2").tolist() == [False, True, True, False, False]


def test_string_variable_keeps_value_labels_and_missing_code(sav_file):
    survey = read_survey(sav_file)
    assert survey.value_labels["sector"]["ngo"] == "NGO"
    assert survey.missing["sector"] == ["xx"]
    assert survey.user_missing_mask("sector").tolist() == [False, False, True, False, False]


def test_duplicated_and_undeclared_value_labels_survive(sav_file):
    survey = read_survey(sav_file)
    assert survey.value_labels["q3"] == {1.0: "yes", 2.0: "yes", 3.0: "no"}
    assert 7.0 in survey.data["q3"].tolist()  # a code without a label is kept as it is


def test_labels_and_provenance(sav_file, sav_metadata):
    survey = read_survey(sav_file)
    assert survey.variable_labels["q1"] == "Trust in police"
    assert survey.variable_labels["q2"] == sav_metadata["column_labels"]["q2"]  # 252 characters
    assert survey.source == sav_file
    assert survey.sha256 == sha256_file(sav_file)
    assert survey.file_format == "sav"
    assert survey.encoding == "UTF-8"
    assert "survey.sav" in repr(survey)


def test_dates_come_back_as_dates(sav_file):
    column = read_survey(sav_file).data["interview"]
    assert pd.api.types.is_datetime64_any_dtype(column)
    assert column.iloc[1] == pd.Timestamp("2026-02-10")
    assert pd.isna(column.iloc[2])


def test_zsav_reads_like_sav(tmp_path, labelled_frame, sav_metadata):
    path = tmp_path / "survey.zsav"
    pyreadstat.write_sav(labelled_frame, path, compress=True, **sav_metadata)
    survey = read_survey(path)
    assert survey.file_format == "zsav"
    assert survey.missing["q2"] == [(-9.0, -1.0)]


def test_portable_file(tmp_path, labelled_frame):
    path = tmp_path / "survey.por"
    frame = labelled_frame.drop(columns="interview")
    pyreadstat.write_por(frame, path, column_labels={"q1": "Trust in police"})
    survey = read_survey(path)
    assert survey.file_format == "por"
    assert survey.data.shape == frame.shape
    assert survey.missing == {}


def test_latin1_file_that_declares_utf8_reads_with_the_encoding_override(latin1_sav):
    survey = read_survey(latin1_sav, encoding="latin-1")
    assert survey.variable_labels["q"] == "¿ Qué  hizo?"
    assert survey.value_labels["q"][1.0] == "policí a"
    assert survey.encoding == "latin-1"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_encoding_override_on_a_cp1252_file(encoding):
    survey = read_survey(EXTERNAL / "electric.sav", encoding=encoding)
    assert survey.encoding == encoding
    assert survey.variable_labels["AGE"] == "AGE AT ENTRY"
