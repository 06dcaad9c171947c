"""Codings: the project's file, validation (one error listing every problem), as_of, systems, views."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from heroes_research.countries import COUNTRY_CODES, LEGAL_SYSTEMS
from heroes_research.errors import LegalDataError
from heroes_research.legal import codings_from_frame, load_codings
from heroes_research.paths import raw_dir

from .conftest import frame, make


# -- the project's codings -------------------------------------------------------------------------
def test_every_coded_value_carries_a_source(codings):
    data = codings.to_long()
    assert data["source"].str.strip().str.len().gt(0).all()
    known = data[data["status"] != "unknown"]
    assert known["value"].str.len().gt(0).all()
    unknown = data[data["status"] == "unknown"]
    assert unknown["value"].eq("").all()


def test_all_countries_and_systems_coded_on_every_indicator(codings, indicators):
    latest = codings.latest()
    places = set(COUNTRY_CODES) - {"GB"} | set(LEGAL_SYSTEMS)
    assert set(latest.countries) == places
    counts = latest.data.groupby("country")["indicator"].nunique()
    assert counts.eq(len(indicators)).all()
    assert set(latest.country_level().countries) == set(COUNTRY_CODES)


def test_second_coder_file_is_valid(indicators):
    second = load_codings(raw_dir() / "legal" / "codings_second_coder.csv", indicators)
    assert set(second.data["coder"]) == {"B"}


def test_long_has_the_issue_columns(codings):
    cols = {"country", "indicator", "value", "as_of", "source", "status", "coder", "note"}
    assert cols <= set(codings.to_long().columns)


# -- law over time ---------------------------------------------------------------------------------
def test_as_of_gives_the_law_at_a_date(codings):
    before, after = codings.as_of("2014-06-01"), codings.as_of("2016-01-01")
    assert before.value("ES", "age_of_consent") == "13"
    assert after.value("ES", "age_of_consent") == "16"
    assert before.value("GB-EAW", "non_punishment") == "prosecutorial_discretion"
    assert codings.as_of("2024-01-01").value("GB-EAW", "non_punishment") == "statutory_provision"
    assert codings.as_of("2020-01-01").value("FR", "age_of_consent") is None  # first coded 2021
    assert codings.as_of("2021-05-01").value("FR", "age_of_consent") == "15"


def test_as_of_keeps_one_row_per_pair_and_leaves_original(codings):
    snap = codings.as_of("2024-01-01")
    assert not snap.data.duplicated(["country", "indicator"]).any()
    assert snap.date == pd.Timestamp("2024-01-01") and codings.date is None
    assert len(codings.data) > len(snap.data)


def test_as_of_bad_date(codings):
    with pytest.raises(LegalDataError, match="not a date") as info:
        codings.as_of("first of May")
    assert info.value.reason == "bad_date" and "variable 'date'" in str(info.value)


def test_value_needs_a_snapshot(codings):
    with pytest.raises(LegalDataError, match="snapshot"):
        codings.value("ES", "age_of_consent")


# -- validation ------------------------------------------------------------------------------------
def test_one_error_lists_every_problem_with_its_row(mini):
    rows = frame([
        ("AT", "b1", "yes"),
        ("AT", "zz", "yes"),                           # unknown indicator (row 3)
        ("AT", "o1", "most"),                          # not a level (row 4)
        ("AT", "n1", "200"),                           # out of range (row 5)
        ("BE", "b1", "yes", "2024-13-01"),             # malformed date (row 6)
        ("FR", "b1", "yes"), ("FR", "b1", "no"),       # duplicate (rows 7, 8)
        ("XX", "b1", "yes"),                           # unknown country (row 9)
    ])
    rows.loc[0, "source"] = ""                         # no source (row 2)
    with pytest.raises(LegalDataError) as info:
        codings_from_frame(rows, mini, file="codings.csv")
    err = info.value
    f = err.failures
    assert err.reason == "invalid_codings" and "codings.csv" in str(err)
    assert list(f.columns) == ["row", "country", "indicator", "column", "value", "problem"]
    expect = {(2, "source"), (3, "indicator"), (4, "value"), (5, "value"), (6, "as_of"),
              (7, "as_of"), (8, "as_of"), (9, "country")}
    assert set(zip(f["row"], f["column"], strict=True)) == expect
    assert err.rows == [2, 3, 4, 5, 6, 7, 8, 9]
    assert f.loc[f["row"] == 4, "problem"].iloc[0].endswith("(levels: none, partial, full)")


@pytest.mark.parametrize("row, column, problem", [
    (("AT", "zz", "yes"), "indicator", "indicator id is not in the codebook"),
    (("AT", "o1", "most"), "value", "value is not a level"),
    (("AT", "b1", "yes", "2024-01-01", ""), "source", "no source"),
    (("AT", "b1", "yes", "01/01/2024"), "as_of", "not a date in YYYY-MM-DD form"),
    (("Atlantis", "b1", "yes"), "country", "unknown country"),
])
def test_each_bad_input_alone(mini, row, column, problem):
    with pytest.raises(LegalDataError) as info:
        codings_from_frame(frame([("BE", "b1", "yes"), row]), mini, file="one.csv")
    f = info.value.failures
    assert f[["row", "column"]].values.tolist() == [[3, column]]
    assert problem in f.loc[0, "problem"] and "rows [3]" in str(info.value) and "one.csv" in str(info.value)


def test_duplicate_rows_both_listed(mini):
    with pytest.raises(LegalDataError) as info:
        make(mini, [("BE", "b1", "yes"), ("AT", "b1", "yes"), ("BE", "b1", "no")])
    assert info.value.failures["row"].tolist() == [2, 4]
    assert (info.value.failures["problem"] == "duplicate (country, indicator, as_of)").all()


@pytest.mark.parametrize("value, status, problem", [
    ("yes", "unknown", "status is unknown but a value is given"),
    ("", "draft", "no value"),
    ("yes", "maybe", "status must be one of"),
    ("12", "draft", "not a level"),
])
def test_status_and_value_must_agree(mini, value, status, problem):
    rows = frame([("AT", "b1", "yes")])
    rows.loc[0, ["value", "status"]] = [value, status]
    with pytest.raises(LegalDataError) as info:
        codings_from_frame(rows, mini)
    assert info.value.failures["problem"].str.contains(problem).any()
    assert info.value.rows == [2]


def test_non_numeric_value_of_numeric_indicator(mini):
    with pytest.raises(LegalDataError) as info:
        make(mini, [("AT", "n1", "thirty")])
    assert info.value.failures.loc[0, "problem"].startswith("value is not a number")


def test_missing_columns(mini):
    with pytest.raises(LegalDataError, match="missing column") as info:
        codings_from_frame(frame([("AT", "b1", "yes")]).drop(columns=["source"]), mini, file="c.csv")
    assert info.value.reason == "missing_column" and "c.csv" in str(info.value)


def test_unreadable_codings_file(tmp_path, mini):
    with pytest.raises(LegalDataError, match="cannot read") as info:
        load_codings(tmp_path / "none.csv", mini)
    assert "none.csv" in str(info.value)


def test_load_from_a_path_round_trip(tmp_path, mini):
    path = tmp_path / "c.csv"
    frame([("AT", "b1", "yes"), ("BE", "o1", "")]).to_csv(path, index=False)
    c = load_codings(path, mini)
    assert c.file == str(path) and len(c.data) == 2


# -- legal systems ---------------------------------------------------------------------------------
def test_country_level_takes_least_protective_system(mini):
    c = make(mini, [("GB-EAW", "o1", "full"), ("GB-SCT", "o1", "partial"), ("GB-NIR", "o1", "full"),
                    ("GB-EAW", "b1", "yes"), ("GB-SCT", "b1", ""), ("GB-NIR", "b1", "yes"),
                    ("GB-EAW", "c1", "p"), ("GB-SCT", "c1", "q"), ("GB-NIR", "c1", "p"),
                    ("AT", "o1", "none")]).latest().country_level()
    assert c.countries == ["AT", "GB"]
    assert c.value("GB", "o1") == "partial"
    assert c.value("GB", "b1") is None               # one system unknown -> unknown
    assert c.value("GB", "c1") is None               # descriptive, systems differ -> unknown
    note = c.data.set_index(["country", "indicator"]).loc[("GB", "o1"), "note"]
    assert "least protective" in note and "GB-SCT=partial" in note
    source = c.data.set_index(["country", "indicator"]).loc[("GB", "o1"), "source"]
    assert all(f"{s}: Act {s}" in source for s in ("GB-EAW", "GB-SCT", "GB-NIR"))


def test_country_and_its_systems_not_both(mini):
    with pytest.raises(LegalDataError) as info:
        make(mini, [("GB", "b1", "yes"), ("GB-EAW", "b1", "yes"), ("GB-SCT", "o1", "full")])
    f = info.value.failures
    assert f[["row", "column"]].values.tolist() == [[2, "country"]]
    assert "whole country and per legal system" in f.loc[0, "problem"]


def test_country_level_needs_every_system(mini):
    c = make(mini, [("GB-EAW", "b1", "yes"), ("GB-SCT", "b1", "yes")]).latest().country_level()
    assert c.value("GB", "b1") is None
    assert "not every legal system coded" in c.data.loc[0, "note"]


# -- views and immutability ------------------------------------------------------------------------
def test_wide_is_country_by_indicator(mini):
    c = make(mini, [("BE", "b1", "yes"), ("AT", "b1", "no"), ("AT", "o1", "")])
    wide = c.to_wide()
    assert wide.index.tolist() == ["AT", "BE"]  # display order
    assert wide.loc["AT", "b1"] == "no" and pd.isna(wide.loc["AT", "o1"])
    assert c.to_wide("score").loc["BE", "b1"] == 1.0


def test_codings_are_immutable_and_display(codings):
    with pytest.raises(dataclasses.FrozenInstanceError):
        codings.date = None
    assert repr(codings).startswith("Codings(") and "unknown" in repr(codings)
    html = codings._repr_html_()
    assert "<table" in html and "verified" in html
    assert codings.select(countries=["GB"]).countries == ["GB-EAW", "GB-SCT", "GB-NIR"]
