"""Study settings: any ISO country (legal systems kept), each problem with its line and fix."""

from __future__ import annotations

import pytest

from heroes_research.errors import CodebookError
from heroes_research.study import StudySettings, load_study, study_settings


def test_countries_any_iso_code_legal_systems_kept(tmp_path):
    (tmp_path / "study.yaml").write_text("study: law\ntitle: Law\ncountries: [NO, germany, GB-SCT, gb-eaw]\n")
    study = load_study(tmp_path)
    assert study.countries == ("NO", "DE", "GB-SCT", "GB-EAW") and study.title == "Law"
    assert study.names()["GB-SCT"] == "United Kingdom (Scotland)"
    assert len(set(study.colors().values())) == 3  # Scotland and England and Wales share the UK's colour


def test_defaults_are_the_fifteen(tmp_path):
    (tmp_path / "study.yaml").write_text("title: Pilot\n")
    assert load_study(tmp_path).countries[:2] == ("AT", "BE") and load_study(tmp_path).name == tmp_path.name
    assert study_settings(tmp_path / "nowhere") == StudySettings(name="nowhere", title="nowhere")


@pytest.mark.parametrize(("text", "problem", "line"), [
    ("countries: [NO, Atlantis]\n", "unknown_country", 1),
    ("countries:\n  - NO\n  - no\n", "duplicate_country", 3),
    ("contries: [NO]\n", "unknown_key", 1),
    ("countries: NO\n", "bad_countries", None),
])
def test_each_problem_names_the_line(tmp_path, text, problem, line):
    (tmp_path / "study.yaml").write_text(text)
    with pytest.raises(CodebookError) as info:
        load_study(tmp_path)
    row = info.value.failures.iloc[0]
    assert row["problem"] == problem and (line is None or row["line"] == line)
    assert info.value.file.endswith("study.yaml")
