"""harmonise on three country versions: ES (reverse-coded item), BR (0-4 coded), BD (own missing codes)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from heroes_research.cleaning import (
    INVALID_CODE,
    NOT_ASKED,
    NOT_IN_FILE,
    OUT_OF_RANGE,
    REPORT_COLUMNS,
    UNPARSEABLE,
    Harmonised,
    harmonise,
)
from heroes_research.errors import CodebookError, ValidationError
from heroes_research.io import SurveyData

LIKERT = ["Not at all important", "Slightly important", "Moderately important", "Very important",
          "Extremely important"]


@pytest.fixture
def lenient(surveys, codebook) -> Harmonised:
    return harmonise(surveys, codebook, strict=False)


def _rows(result: Harmonised, country: str) -> pd.DataFrame:
    return result.data[result.data["country"] == country].reset_index(drop=True)


def test_frame_layout_and_dtypes(lenient):
    data = lenient.data
    assert list(data.columns[:4]) == ["country", "resp_id", "sector", "sector__missing"]
    assert "training_topics__law" in data and "training_topics__missing" in data
    assert data["country"].tolist() == ["ES"] * 5 + ["BR"] * 3 + ["BD"] * 4  # display order
    assert data["ind_isolation"].cat.ordered and list(data["ind_isolation"].cat.categories) == LIKERT
    assert not data["sector"].cat.ordered
    assert str(data["age"].dtype) == "float64" and str(data["training_topics__law"].dtype) == "Int8"
    assert str(data["comments"].dtype) == "string" and str(data["resp_id"].dtype) == "string"
    assert str(data["survey_date"].dtype).startswith("datetime64")
    assert list(data["sector__missing"].cat.categories) == [
        "Not applicable", "Don't know", "Refused", NOT_ASKED, NOT_IN_FILE, INVALID_CODE, OUT_OF_RANGE,
        UNPARSEABLE]


def test_reverse_coded_item_in_spain(lenient):
    es = _rows(lenient, "ES")
    # p13_pobreza 5, 4, 3, 9 (refused), 5 reversed over 1-5
    assert es["ind_poverty"].tolist()[:3] == [LIKERT[0], LIKERT[1], LIKERT[2]]
    assert pd.isna(es.loc[3, "ind_poverty"]) and es.loc[3, "ind_poverty__missing"] == "Refused"
    assert es.loc[2, "ind_isolation__missing"] == "Don't know"  # own code 8 -> 98
    assert es["ind_debt"].tolist() == LIKERT


def test_zero_to_four_coding_in_brazil(lenient):
    br = _rows(lenient, "BR")
    assert br["ind_isolation"].tolist() == [LIKERT[0], LIKERT[4], LIKERT[2]]
    assert br["sector"].tolist() == ["Law enforcement", "Health", "NGO"]  # 10/20/30 recoded
    assert br["resp_id"].tolist() == ["101", "102", "103"]  # numeric ids as text, no ".0"
    assert br["training_topics__law"].tolist() == [1, 0, 1]  # 2 recoded to 0
    assert br["comments"].isna().all() and (br["comments__missing"] == NOT_ASKED).all()
    assert pd.isna(br.loc[2, "survey_date"]) and pd.isna(br.loc[2, "survey_date__missing"])


def test_bangladesh_missing_codes_and_invalid_values(lenient):
    bd = _rows(lenient, "BD")
    assert bd["ind_isolation__missing"].tolist()[1:3] == [INVALID_CODE, "Refused"]  # 7, -1
    assert bd.loc[2, "ind_poverty__missing"] == "Don't know"  # -2
    assert bd["years_experience"].tolist()[0] == 10 and bd["years_experience__missing"].tolist()[1:3] == [
        "Don't know", OUT_OF_RANGE]
    assert bd.loc[1, "survey_date__missing"] == UNPARSEABLE
    assert pd.isna(bd.loc[3, "sector"]) and pd.isna(bd.loc[3, "sector__missing"])  # system-missing
    assert bd["comments"].tolist()[0] == "ভালো" and pd.isna(bd.loc[2, "comments"])


def test_report_has_fixed_columns_and_every_violation(lenient):
    report = lenient.report
    assert tuple(report.columns) == REPORT_COLUMNS
    assert all(str(report[c].dtype) == "string" for c in REPORT_COLUMNS)
    found = {(r.country, r.row_id, r.variable, r.value, r.rule) for r in report.itertuples()}
    assert found == {
        ("BD", "b2 (row 2)", "ind_isolation", "7", "code_not_declared"),
        ("BD", "b2 (row 3)", "years_experience", "80", "out_of_range"),
        ("BD", "b2 (row 2)", "survey_date", "not a date", "unparseable_date"),
        ("BD", "b2 (row 2)", "resp_id", "b2", "duplicate_respondent"),
        ("BD", "b2 (row 3)", "resp_id", "b2", "duplicate_respondent"),
        ("BR", "102", "years_experience,age", "years_experience=30, age=35", "inconsistent"),
        # straight-lining as the respondent answered: ES e5 ticked 5, 5, 5 on a reversed item
        ("ES", "e5", "indicators", "3", "straight_lining"),
        ("BR", "101", "indicators", "3", "straight_lining"),
        ("BR", "102", "indicators", "3", "straight_lining"),
    }
    assert set(report.loc[report["country"] == "BD", "file"]) == {"bd.sav"}
    assert "missing codes 97-99" in report.loc[report["rule"] == "code_not_declared", "message"].iloc[0]


def test_strict_raises_one_error_with_all_violations(surveys, codebook):
    with pytest.raises(ValidationError) as info:
        harmonise(surveys, codebook)
    err = info.value
    assert tuple(err.failures.columns) == REPORT_COLUMNS
    assert len(err.failures) == 9  # the whole report, warnings included
    assert "6 violation(s)" in str(err) and "and 3 warning(s)" in str(err)
    assert "instrument.yaml" in str(err) and "code_not_declared 1" in str(err)


def test_strict_passes_clean_data_and_keeps_warnings(clean_surveys, codebook):
    surveys = dict(clean_surveys)
    br = surveys["Brasil"]
    fixed = br.data.assign(anos_experiencia=[10.0, 3, 5])
    surveys["Brasil"] = dataclasses.replace(br, data=fixed)
    result = harmonise(surveys, codebook)
    assert set(result.report["rule"]) == {"straight_lining"}
    assert result.sources["BR"] == {"file": "br.sav", "sha256": "b" * 64}


def test_harmonised_is_frozen_with_summary_repr(lenient):
    with pytest.raises(dataclasses.FrozenInstanceError):
        lenient.data = None
    text = repr(lenient)
    assert "12 respondents" in text and "ES 5, BR 3, BD 4" in text
    assert "code_not_declared 1" in text and "straight_lining 3" in text
    labels = lenient.variable_labels()
    assert labels["training_topics__law"] == "Training topics received: Legal framework"
    assert labels["sector__missing"] == "Sector of work: reason missing"
    assert list(labels) == list(lenient.data.columns)


def test_absent_source_column_is_a_violation(clean_surveys, codebook):
    surveys = dict(clean_surveys)
    es = surveys["ES"]
    surveys["ES"] = dataclasses.replace(es, data=es.data.rename(columns={"edad": "edad_anos"}))
    result = harmonise(surveys, codebook, strict=False)
    row = result.report[result.report["rule"] == "missing_variable"].iloc[0]
    assert (row["country"], row["variable"], row["value"]) == ("ES", "age", "edad")
    assert "close matches: edad_anos" in row["message"]
    es_rows = result.data[result.data["country"] == "ES"]
    assert (es_rows["age__missing"] == NOT_IN_FILE).all()
    with pytest.raises(ValidationError, match="missing_variable"):
        harmonise(surveys, codebook)


def test_unknown_or_unmapped_country_is_an_error(clean_surveys, codebook):
    with pytest.raises(CodebookError) as info:
        harmonise({"Atlantis": clean_surveys["ES"]}, codebook)
    assert info.value.reason == "unknown_country" and "Atlantis" in str(info.value)
    with pytest.raises(CodebookError, match="no mapping for country FR"):
        harmonise({"France": clean_surveys["ES"]}, codebook)
    with pytest.raises(CodebookError, match="two surveys") as info:
        harmonise({"ES": clean_surveys["ES"], "España": clean_surveys["ES"]}, codebook)
    assert info.value.reason == "duplicate_country" and "'España'" in str(info.value)
    assert "instrument.yaml" in str(info.value)
    with pytest.raises(ValidationError, match="no surveys") as info:
        harmonise({}, codebook)
    assert info.value.reason == "empty_data" and "instrument.yaml" in str(info.value)


def test_data_frames_are_accepted_and_inputs_untouched(clean_surveys, codebook):
    before = clean_surveys["ES"].data.copy()
    result = harmonise({"ES": clean_surveys["ES"].data}, codebook, strict=False)
    pd.testing.assert_frame_equal(clean_surveys["ES"].data, before)
    assert result.report["file"].dropna().unique().tolist() in ([], ["es.sav"])
    assert result.sources["ES"]["file"] == "es.sav"


def test_from_spss_files_written_with_pyreadstat(tmp_path, codebook, clean_surveys):
    pyreadstat = pytest.importorskip("pyreadstat")
    surveys = {}
    for key, survey in clean_surveys.items():
        path = tmp_path / survey.source.name
        pyreadstat.write_sav(survey.data, path, variable_value_labels={})
        data, meta = pyreadstat.read_sav(path, user_missing=True)
        surveys[key] = SurveyData(data, source=path, value_labels=meta.variable_value_labels)
    result = harmonise(surveys, codebook, strict=False)
    expected = harmonise(clean_surveys, codebook, strict=False)
    pd.testing.assert_frame_equal(result.data, expected.data)
    assert set(result.report["file"]) == {str(tmp_path / "es.sav"), str(tmp_path / "br.sav")}


def test_many_rows_stay_vectorised(codebook, rng):
    n = 50_000
    frame = pd.DataFrame({
        "id_encuestado": np.arange(n).astype(str), "sector_trabajo": rng.integers(1, 4, n).astype(float),
        "p12_aislamiento": rng.integers(1, 6, n).astype(float), "p13_pobreza": rng.integers(1, 6, n).astype(float),
        "p14_deuda": rng.integers(1, 6, n).astype(float), "edad": rng.integers(30, 60, n).astype(float),
        "anos_experiencia": rng.integers(0, 10, n).astype(float), "formacion_ley": rng.integers(0, 2, n).astype(float),
        "formacion_derivacion": rng.integers(0, 2, n).astype(float), "comentarios": ["x"] * n,
        "fecha": ["2025-01-01"] * n, "peso": np.ones(n),
    })
    result = harmonise({"ES": SurveyData(frame)}, codebook, strict=False)
    assert len(result.data) == n
    expected = 6 - frame["p13_pobreza"]
    got = result.data["ind_poverty"].cat.codes + 1
    np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())


def test_violations_crosstab_and_html(lenient):
    table = lenient.violations()
    assert table.loc["duplicate_respondent", "BD"] == 2 and table.loc["straight_lining", "BR"] == 2
    assert "<table" in lenient._repr_html_()


def test_codebook_without_id_reports_row_numbers(write_minimal_codebook):
    cb = write_minimal_codebook
    frame = pd.DataFrame({"p1": [0.0, 1, 5, 9]})
    result = harmonise({"ES": frame}, cb, strict=False)
    assert list(result.data.columns) == ["country", "q1", "q1__missing"]
    assert result.data["q1"].tolist()[:2] == ["Disagree", "Neutral"]
    assert result.data["q1__missing"].tolist()[2:] == [INVALID_CODE, "Refused"]
    assert result.report[["row_id", "value", "rule"]].values.tolist() == [["#3", "5", "code_not_declared"]]


def test_straightlining_threshold(surveys, codebook):
    result = harmonise(surveys, codebook, strict=False, straightlining_min_items=4)
    assert "straight_lining" not in set(result.report["rule"])  # the battery has 3 items
