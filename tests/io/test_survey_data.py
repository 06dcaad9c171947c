"""SurveyData: the missing-value mask, the variables summary, metadata for write_processed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from heroes_research.io import SurveyData, read_processed, read_survey, write_processed


@pytest.fixture
def survey() -> SurveyData:
    data = pd.DataFrame({"q1": [1.0, 98.0, -5.0, None], "q2": ["a", "b", "x", "x"]})
    return SurveyData(
        data,
        variable_labels={"q1": "Trust in police"},
        value_labels={"q1": {1.0: "yes", 98.0: "don't know"}, "q2": {"a": "A"}},
        missing={"q1": [98.0, (-9.0, -1.0)], "q2": ["x"]},
        source=Path("data/raw/demo/es.sav"),
        sha256="c" * 64,
        file_format="sav",
    )


def test_mask_combines_codes_and_ranges_and_ignores_system_missing(survey):
    assert survey.user_missing_mask("q1").tolist() == [False, True, True, False]
    assert survey.user_missing_mask("q2").tolist() == [False, False, True, True]


def test_variables_summary(survey):
    table = survey.variables()
    assert table.columns.tolist() == ["variable", "label", "dtype", "n_value_labels", "missing",
                                      "n_user_missing", "n_system_missing"]
    assert table.to_dict("records")[0] == {
        "variable": "q1", "label": "Trust in police", "dtype": "float64", "n_value_labels": 2,
        "missing": "98.0, -9.0 thru -1.0", "n_user_missing": 2, "n_system_missing": 1}
    assert table["n_user_missing"].tolist() == [2, 2]


def test_html_repr_shows_the_summary(survey):
    html = survey._repr_html_()
    assert "es.sav" in html and "Trust in police" in html and "<table" in html


def test_to_metadata_round_trips_through_write_processed(survey, tmp_path):
    metadata = survey.to_metadata(demo=True, codebook_version="1")
    assert metadata["sources"] == {"es.sav": "c" * 64}
    write_processed(survey.data, "es", metadata=metadata, root=tmp_path)
    _, meta = read_processed("es", root=tmp_path)
    assert (meta["value_labels"], meta["missing"]) == (survey.value_labels, survey.missing)
    assert meta["codebook_version"] == "1"
    back = read_survey(tmp_path / "es.parquet")
    assert back.variable_labels == survey.variable_labels
    assert back.user_missing_mask("q1").tolist() == survey.user_missing_mask("q1").tolist()


def test_is_immutable(survey):
    with pytest.raises(AttributeError):
        survey.data = pd.DataFrame()
