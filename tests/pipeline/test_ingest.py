"""ingest/validate on the demo data and on a small clean instrument."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from heroes_research.errors import ValidationError
from heroes_research.io import read_processed
from heroes_research.pipeline import find_codebooks, ingest, validate
from heroes_research.provenance import DEMO_NOTE
from tests.pipeline.conftest import snapshot, write_mini


def test_ingest_of_the_demo_writes_parquet_sidecar_and_report(project_tmp):
    result = ingest(progress=False)
    out = project_tmp / "data" / "processed"
    names = {p.name for p in out.iterdir()}
    for instrument in ("early_identification", "missing_children", "prevention"):
        assert {f"{instrument}.parquet", f"{instrument}.json", f"{instrument}.validation.csv"} <= names
    data, meta = read_processed("early_identification")
    assert meta["demo"] is True and meta["note"] == DEMO_NOTE
    assert meta["codebook_version"] == "1.0.0"
    assert meta["sources"]["early_identification/es.sav"] == result.instruments[0].harmonised.sources["ES"]["sha256"]
    assert meta["design"] == {"strata": "country", "psu": "org_id", "weights": "weight", "fpc": "fpc"}
    assert list(data.columns[:2]) == ["country", "resp_id"]
    report = pd.read_csv(out / "early_identification.validation.csv")
    assert list(report.columns) == ["file", "country", "row_id", "variable", "value", "rule", "message"]
    assert report["file"].str.startswith("early_identification/").all()
    summary = result.summary()
    assert summary.columns[:4].tolist() == ["instrument", "countries", "respondents", "violations"]
    assert summary.set_index("instrument").loc["missing_children", "duplicate_respondent"] == 2


def test_ingest_twice_gives_byte_identical_outputs(project_tmp):
    ingest(progress=False, instruments=["missing_children"])
    before = snapshot(project_tmp / "data" / "processed")
    ingest(progress=False, instruments=["missing_children"])
    assert snapshot(project_tmp / "data" / "processed") == before


def test_strict_ingest_of_the_demo_writes_nothing(project_tmp):
    with pytest.raises(ValidationError) as info:
        ingest(progress=False, strict=True, instruments=["prevention"])
    err = info.value
    assert err.file == "prevention/at.sav" and err.variable == "bar_funding" and err.rows == ["AT-P001"]
    assert "what to do" in str(err) and "nothing was written" in str(err)
    assert set(err.failures["rule"]) == {"code_not_declared", "duplicate_respondent"}
    assert list((project_tmp / "data" / "processed").iterdir()) == []


def test_validate_writes_nothing_and_reports_every_violation(project_tmp):
    result = validate(progress=False)
    assert list((project_tmp / "data" / "processed").iterdir()) == []
    assert result.written == ()
    report = result.report
    assert report.columns[0] == "instrument"
    assert set(report["instrument"]) == {"early_identification", "missing_children", "prevention"}


def test_outside_the_demo_folder_the_data_are_not_flagged_demo(mini_raw):
    ingest(mini_raw, progress=False)
    data, meta = read_processed("mini")
    assert meta["demo"] is False and "note" not in meta
    assert data.loc[data["country"] == "ES", "q1"].tolist()[:3] == ["Low", "Medium", "High"]
    assert data.loc[data["country"] == "FR", "q1"].tolist() == ["Low", "High", "Medium"]


def test_a_failing_instrument_stops_every_write(mini_raw, project_tmp):
    """Harmonise everything first: one broken instrument means no file at all is written."""
    broken = write_mini(mini_raw, "mini_broken")
    (broken / "es.sav").write_bytes(b"")
    with pytest.raises(Exception, match="empty"):
        ingest(mini_raw, progress=False)
    assert list((project_tmp / "data" / "processed").iterdir()) == []


def test_find_codebooks_names_unknown_instruments(mini_raw):
    assert [p.parent.name for p in find_codebooks(mini_raw)] == ["mini"]
    with pytest.raises(Exception, match="no instrument 'nope'") as info:
        find_codebooks(mini_raw, ["nope"])
    assert "choose from mini" in str(info.value)


def test_sidecar_is_readable_json_with_sources(mini_raw, project_tmp):
    ingest(mini_raw, progress=False)
    sidecar = json.loads((project_tmp / "data" / "processed" / "mini.json").read_text())
    assert set(sidecar["sources"]) == {"mini/es.sav", "mini/fr.sav"}
    assert sidecar["violations"] == {}


def test_country_by_country_equals_harmonising_all_at_once(project_tmp):
    """The pipeline harmonises one file at a time (memory); the result must not change."""
    from heroes_research.cleaning import harmonise
    from heroes_research.codebook import load_codebook
    from heroes_research.io import read_survey

    folder = project_tmp / "data" / "raw" / "demo" / "missing_children"
    codebook = load_codebook(folder / "codebook.yaml")
    joint = harmonise({c: read_survey(folder / m.file) for c, m in codebook.countries.items()},
                      codebook, strict=False)
    result = validate(instruments=["missing_children"], progress=False).instruments[0]
    pd.testing.assert_frame_equal(result.data, joint.data)
    key = ["country", "variable", "row_id", "rule"]
    pd.testing.assert_frame_equal(
        result.harmonised.report.drop(columns="file").sort_values(key, ignore_index=True),
        joint.report.drop(columns="file").sort_values(key, ignore_index=True))
