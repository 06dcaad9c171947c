"""A study written by other software, countries outside the 15, a pooled file: validate and ingest."""

from __future__ import annotations

import json

import pytest

from heroes_research.errors import CodebookError, InputFileError, ValidationError
from heroes_research.io import read_processed
from heroes_research.pipeline import ingest, validate
from heroes_research.study import any_synthetic, is_synthetic


def test_validate_then_ingest_a_pooled_four_country_study(values_study, project_tmp):
    checked = validate(values_study, progress=False)
    assert checked.written == ()
    summary = checked.summary().set_index("instrument").loc["values_survey"]
    assert summary["countries"] == 4 and summary["respondents"] == 60 + 50 + 70 + 40
    assert "possible_duplicate" not in set(checked.report["rule"])  # the pooled file is read once

    result = ingest(values_study, progress=False)
    data, meta = read_processed("values_survey")
    assert list(data["country"].cat.categories) == ["NO", "DE", "PL", "SE"]
    assert data["country"].value_counts().to_dict() == {"NO": 60, "DE": 70, "PL": 40, "SE": 50}
    assert meta["demo"] is False and "note" not in meta
    assert meta["design"] == {"weights": "weight", "strata": "country", "psu": "psu"}
    assert set(meta["sources"]) == {"values_survey/no.sav", "values_survey/se.dta", "values_survey/pooled.dta"}
    assert (data.loc[data["country"] == "SE", "q1__missing"] == "Don't know").any()
    assert len(result.written) == 3
    assert not is_synthetic("values_survey") and not any_synthetic(["data/processed/values_survey.parquet"])


def _edit(values_study, old: str, new: str) -> None:
    path = values_study / "values_survey" / "codebook.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _nothing_written(project_tmp) -> bool:
    return not any((project_tmp / "data" / "processed").iterdir())


def test_pooled_file_without_its_country_column(values_study, project_tmp):
    _edit(values_study, "country: cntry", "country: land")
    with pytest.raises(InputFileError) as info:
        ingest(values_study, progress=False)
    err = info.value
    assert err.reason == "missing_variable" and err.variable == "land"
    assert err.file.endswith("pooled.dta") and "cntry" in err.hint and _nothing_written(project_tmp)


def test_pooled_value_without_a_country(values_study, project_tmp):
    _edit(values_study, "616: PL", "617: PL")
    with pytest.raises(ValidationError) as info:
        ingest(values_study, progress=False)
    err = info.value
    assert err.reason == "unknown_country" and err.failures["rows"].tolist() == [40]
    assert "'616.0' (40 rows)" in err.message and "values" in err.hint and _nothing_written(project_tmp)


def test_study_country_without_data(values_study, project_tmp):
    (values_study / "study.yaml").write_text("study: values\ncountries: [NO, DE, PL, SE, FI]\n")
    with pytest.raises(CodebookError) as info:
        validate(values_study, progress=False)
    err = info.value
    assert err.reason == "country_without_data" and err.country == "FI"
    assert err.file.endswith("study.yaml") and err.failures["line"].tolist() == [2]
    assert "remove the country" in err.hint


def test_codebook_country_outside_the_study(values_study):
    (values_study / "study.yaml").write_text("study: values\ncountries: [NO, DE, PL]\n")
    with pytest.raises(CodebookError) as info:
        validate(values_study, progress=False)
    assert info.value.reason == "country_not_in_study" and info.value.country == "SE"
    assert info.value.failures["line"].tolist() == [24] and "study.yaml" in info.value.hint


def test_unknown_country_in_the_study_settings(values_study):
    (values_study / "study.yaml").write_text("study: values\ncountries:\n  - NO\n  - Atlantis\n")
    with pytest.raises(CodebookError) as info:
        validate(values_study, progress=False)
    assert info.value.reason == "unknown_country" and info.value.failures["line"].tolist() == [4]


def test_design_violations_are_rows_of_the_report_and_block_the_ingest(values_study, project_tmp):
    import pyreadstat

    path = values_study / "values_survey" / "no.sav"
    frame, _ = pyreadstat.read_sav(path)
    frame.loc[0, "dweight"] = 0.0
    frame.loc[1, "dweight"] = float("nan")
    frame.loc[2, "psu"] = "S-P1"  # a Swedish sampling point id in Norway
    pyreadstat.write_sav(frame, path)
    report = validate(values_study, progress=False).report
    design = report[report["rule"].isin(["bad_weight", "psu_crosses_strata", "design_missing"])]
    assert sorted(design["rule"]) == ["bad_weight", "bad_weight", "psu_crosses_strata"]
    assert design.loc[design["rule"] == "bad_weight", "row_id"].tolist() == ["N0000", "N0001"]
    assert "nest: true" in design.loc[design["rule"] == "psu_crosses_strata", "message"].iloc[0]
    with pytest.raises(ValidationError) as info:
        ingest(values_study, progress=False)
    assert info.value.reason == "bad_weights" and _nothing_written(project_tmp)


def test_nest_true_accepts_psu_ids_reused_across_strata(values_study, project_tmp):
    import pyreadstat

    path = values_study / "values_survey" / "se.dta"
    frame, _ = pyreadstat.read_dta(path)
    frame["psu"] = frame["psu"].str.replace("S-", "N-")
    pyreadstat.write_dta(frame, path)
    assert "psu_crosses_strata" in set(validate(values_study, progress=False).report["rule"])
    _edit(values_study, "psu: psu}", "psu: psu, nest: true}")
    assert "psu_crosses_strata" not in set(validate(values_study, progress=False).report["rule"])


def test_a_design_role_missing_for_a_country(values_study, project_tmp):
    _edit(values_study, "DE: {language: de, variables: {resp_id: idno, psu: psu, weight: dweight, ",
          "DE: {language: de, variables: {resp_id: idno, psu: psu, ")
    with pytest.raises(ValidationError) as info:
        ingest(values_study, progress=False)
    err = info.value
    assert err.reason == "design_missing" and err.variable == "weight" and err.country == "DE"
    assert "map the design variable" in err.hint and _nothing_written(project_tmp)


def test_sidecar_synthetic_flag_comes_from_the_codebook(values_study, project_tmp):
    _edit(values_study, 'version: "1.0.0"', 'version: "1.0.0"\nsynthetic: true')
    ingest(values_study, progress=False)
    meta = json.loads((project_tmp / "data" / "processed" / "values_survey.json").read_text())
    assert meta["demo"] is True and "Synthetic" in meta["note"]
    assert is_synthetic("values_survey")
