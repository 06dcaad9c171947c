"""Codings: protocol files, validation (one error listing every bad row with file and line), as_of, views."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from heroes_research.errors import LegalDataError
from heroes_research.legal import codings_from_frame, load_codings

from .conftest import frame, make


# -- the fixture codings (protocol files, one per jurisdiction) -------------------------------------
def test_every_coded_value_carries_its_citation(codings):
    data = codings.to_long()
    known = data[data["status"] != "unknown"]
    assert known["value"].str.len().gt(0).all()
    for col in ("statute", "source_type", "document", "source_url", "excerpt", "coder"):
        assert known[col].str.len().gt(0).all(), col
    assert known["consulted"].notna().all() and known["attested_on"].notna().all()
    unknown = data[data["status"] == "unknown"]
    assert unknown["value"].eq("").all() and unknown["searched"].str.len().gt(0).all()


def test_rows_remember_file_and_line(codings):
    row = codings.data.set_index(["country", "indicator", "value"]).loc[("FR", "age_of_consent", "15")]
    assert row["file"] == "FR.csv" and row["line"] == 6  # header, 3 indicators, the old rule, then this


def test_long_has_the_protocol_columns(codings):
    cols = {"country", "indicator", "value", "as_of", "valid_to", "source", "status", "coder", "note",
            "statute", "article", "source_type", "document", "source_url", "consulted", "excerpt", "searched"}
    assert cols <= set(codings.to_long().columns)


# -- law over time ---------------------------------------------------------------------------------
def test_as_of_returns_exactly_the_rule_in_force(codings):
    # a reform coded as two rows: 13 on [1994-03-01, 2021-04-23), 15 from 2021-04-23
    assert codings.as_of("1994-02-28").value("FR", "age_of_consent") is None
    assert codings.as_of("2020-01-01").value("FR", "age_of_consent") == "13"
    assert codings.as_of("2021-04-22").value("FR", "age_of_consent") == "13"
    assert codings.as_of("2021-04-23").value("FR", "age_of_consent") == "15"  # valid_to is exclusive
    assert codings.as_of("2014-06-01").value("GB-EAW", "non_punishment") == "prosecutorial_discretion"
    assert codings.as_of("2024-01-01").value("GB-EAW", "non_punishment") == "statutory_provision"


def test_valid_from_empty_means_from_attested_on(codings):
    assert codings.as_of("2023-06-29").value("AT", "age_of_consent") is None  # attested 2023-06-30
    assert codings.as_of("2023-06-30").value("AT", "age_of_consent") == "14"


def test_undated_unknown_rows_hold_at_every_date(codings):
    early = codings.as_of("1990-01-01").data
    assert not early[early["status"] == "unknown"].empty
    assert early[early["status"] != "unknown"].empty


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


def test_life_imprisonment_is_a_value_scored_best(codings):
    snap = codings.latest()
    assert snap.value("BE", "thb_max_penalty_years") == "life"
    scores = snap.to_long().set_index(["country", "indicator"])["score"]
    assert scores[("BE", "thb_max_penalty_years")] == 1.0


# -- validation ------------------------------------------------------------------------------------
def _write(folder: Path, name: str, rows: pd.DataFrame) -> None:
    folder.mkdir(exist_ok=True)
    rows.to_csv(folder / name, index=False)


def test_one_error_lists_every_bad_row_of_every_file_with_its_line(tmp_path, mini):
    at = frame([
        ("AT", "b1", "yes"),                            # line 2: fine
        ("AT", "zz", "yes"),                            # line 3: unknown indicator
        ("AT", "o1", "most"),                           # line 4: not a level
        ("AT", "n1", "200"),                            # line 5: out of range
        ("AT", "c1", "p"),                              # line 6: url not http(s)
        ("AT", "c1", ""),                               # line 7: unknown without searched ...
    ])
    at.loc[4, "url"] = "www.example.org"
    at.loc[5, "searched"] = ""
    at.loc[5, "valid_from"] = "2023-01-01"              # ... and overlapping line 6 (open-ended)
    be = frame([("BE", "b1", "yes"), ("BE", "o1", "full")])
    be.loc[0, "excerpt"] = "x" * 400                    # BE.csv line 2: excerpt too long
    be.loc[1, "document"] = ""                          # BE.csv line 3: no document
    xx = frame([("XX", "b1", "yes")])                   # XX.csv line 2: unknown jurisdiction
    folder = tmp_path / "codings"
    for name, rows in (("AT.csv", at), ("BE.csv", be), ("XX.csv", xx)):
        _write(folder, name, rows)
    with pytest.raises(LegalDataError) as info:
        load_codings(folder, mini)
    err = info.value
    f = err.failures
    assert err.reason == "invalid_codings"
    assert list(f.columns) == ["file", "line", "jurisdiction", "indicator", "column", "value", "problem"]
    found = set(zip(f["file"], f["line"], f["column"], strict=True))
    assert found == {("AT.csv", 3, "indicator"), ("AT.csv", 4, "value"), ("AT.csv", 5, "value"),
                     ("AT.csv", 6, "url"), ("AT.csv", 7, "searched"), ("AT.csv", 6, "valid_from"),
                     ("AT.csv", 7, "valid_from"),
                     ("BE.csv", 2, "excerpt"), ("BE.csv", 3, "document"), ("XX.csv", 2, "jurisdiction")}
    assert "AT.csv:3" in str(err) and "BE.csv:2" in str(err)
    assert f.loc[f["line"].eq(4) & f["file"].eq("AT.csv"), "problem"].iloc[0].endswith("(levels: none, partial, full)")


@pytest.mark.parametrize("column", ["statute", "source_type", "document", "url", "consulted", "excerpt",
                                    "coder", "attested_on"])
def test_a_coded_row_needs_every_citation_field(mini, column):
    rows = frame([("BE", "b1", "yes"), ("AT", "b1", "yes")])
    rows.loc[1, column] = ""
    if column == "attested_on":
        rows.loc[1, "valid_from"] = ""
    with pytest.raises(LegalDataError) as info:
        codings_from_frame(rows, mini, file="one.csv")
    f = info.value.failures
    assert f[["line", "column"]].values.tolist() == [[3, column]]
    assert "one.csv" in str(info.value)


@pytest.mark.parametrize("column, value, problem", [
    ("url", "ftp://example.org/x", "not an http(s) URL"),
    ("url", "see GRETA report", "not an http(s) URL"),
    ("consulted", "06/12/2026", "not a date in YYYY-MM-DD form"),
    ("valid_from", "2024-13-01", "not a date in YYYY-MM-DD form"),
    ("source_type", "newspaper", "source_type must be one of"),
    ("jurisdiction", "Atlantis", "unknown jurisdiction"),
    ("valid_to", "2020-01-01", "valid_to is not after the row's start"),
])
def test_each_bad_input_alone(mini, column, value, problem):
    rows = frame([("BE", "b1", "yes"), ("AT", "b1", "yes")])
    rows.loc[1, column] = value
    with pytest.raises(LegalDataError) as info:
        codings_from_frame(rows, mini, file="one.csv")
    f = info.value.failures
    assert f[["line", "column"]].values.tolist() == [[3, column]]
    assert problem in f.loc[0, "problem"]


def test_verified_needs_the_primary_text(mini):
    rows = frame([("AT", "b1", "yes")]).assign(status="verified")
    with pytest.raises(LegalDataError, match="1 problem"):
        codings_from_frame(rows, mini)
    assert codings_from_frame(rows.assign(source_type="primary"), mini).data["status"].tolist() == ["verified"]


def test_overlapping_validity_intervals_rejected(mini):
    rows = frame([("BE", "b1", "no", "2010-01-01"), ("BE", "b1", "yes", "2015-01-01")])
    assert len(codings_from_frame(rows, mini).data) == 2  # chained: 2010 until 2015, then 2015 on
    rows.loc[0, "valid_to"] = "2016-01-01"              # the old rule now runs past the reform
    with pytest.raises(LegalDataError) as info:
        codings_from_frame(rows, mini)
    assert info.value.failures["problem"].str.contains("overlaps").all()
    same_day = frame([("BE", "b1", "no"), ("BE", "b1", "yes")]).assign(valid_to="")
    with pytest.raises(LegalDataError, match="overlaps"):
        codings_from_frame(same_day, mini)


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
    with pytest.raises(LegalDataError, match="not a number"):  # n1 does not allow life imprisonment
        make(mini, [("AT", "n1", "life")])


def test_missing_columns(tmp_path, mini):
    _write(tmp_path / "c", "AT.csv", frame([("AT", "b1", "yes")]).drop(columns=["coder"]))
    with pytest.raises(LegalDataError, match="lacks the column") as info:
        load_codings(tmp_path / "c", mini)
    assert info.value.reason == "missing_column" and "AT.csv" in str(info.value)


def test_no_coding_files(tmp_path, mini):
    with pytest.raises(LegalDataError, match="no coding files") as info:
        load_codings(tmp_path, mini)
    assert info.value.reason == "missing_file"


def test_file_name_must_match_its_jurisdiction(tmp_path, mini):
    _write(tmp_path / "c", "BE.csv", frame([("AT", "b1", "yes")]))
    with pytest.raises(LegalDataError, match="BE.csv:2"):
        load_codings(tmp_path / "c", mini)


def test_nothing_read_when_one_file_is_bad(tmp_path, mini):
    folder = tmp_path / "c"
    _write(folder, "AT.csv", frame([("AT", "b1", "yes")]))
    _write(folder, "BE.csv", frame([("BE", "b1", "perhaps")]))
    with pytest.raises(LegalDataError, match="1 problem"):
        load_codings(folder, mini)
    (folder / "BE.csv").unlink()
    assert load_codings(folder, mini).countries == ["AT"]


def test_multiline_excerpt_keeps_the_following_lines_right(tmp_path, mini):
    rows = frame([("AT", "b1", "yes"), ("AT", "o1", "full"), ("AT", "n1", "500")])
    rows.loc[0, "excerpt"] = "first line\nsecond line"
    _write(tmp_path / "c", "AT.csv", rows)
    with pytest.raises(LegalDataError) as info:
        load_codings(tmp_path / "c", mini)
    assert info.value.failures["line"].tolist() == [5]  # the record of AT n1 starts on line 5


def test_load_one_file_round_trip(tmp_path, mini):
    path = tmp_path / "AT.csv"
    frame([("AT", "b1", "yes"), ("AT", "o1", "")]).to_csv(path, index=False)
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
    assert f[["line", "column"]].values.tolist() == [[2, "jurisdiction"]]
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
