"""Coverage: every codebook cell counted (missing rows are unknown), by jurisdiction and area; targets."""

from __future__ import annotations

import math

from heroes_research.legal import JURISDICTIONS, coverage

from .conftest import make


def test_every_cell_of_the_codebook_is_counted(codings):
    cov = coverage(codings, date="2024-01-01")
    assert len(cov.cells) == len(JURISDICTIONS) * len(codings.indicators)
    at = cov.by_jurisdiction.set_index("jurisdiction").loc["AT"]
    assert at["n_indicators"] == len(codings.indicators) and at["n_known"] == 10
    assert at["n_scored_known"] == 8 and math.isclose(at["scored_coverage"], 8 / len(codings.indicators.scored))
    assert at["n_verified"] == 1 and not at["publishable"]
    assert cov.by_jurisdiction.set_index("jurisdiction").loc["BG", "n_known"] == 0  # no file at all


def test_shares_by_area_add_up(codings):
    cov = coverage(codings, date="2024-01-01")
    area = cov.by_area.set_index(["jurisdiction", "area"])
    assert area.loc[("AT", "thb_definition"), "n_known"] == 3  # thb_offence, thb_purposes, max penalty
    assert area.groupby(level="jurisdiction")["n_indicators"].sum().eq(len(codings.indicators)).all()
    wide = cov.to_wide()
    assert wide.shape == (len(JURISDICTIONS), len(codings.indicators.areas))
    assert math.isclose(wide.loc["AT", "thb_definition"], 3 / area.loc[("AT", "thb_definition"), "n_indicators"])


def test_targets_and_article_share(mini):
    c = make(mini, [("AT", "b1", "yes"), ("AT", "o1", "full"), ("AT", "n1", ""), ("BE", "b1", "no")])
    c.data.loc[c.data["indicator"].eq("o1"), "article"] = "s. 2"
    cov = coverage(c, jurisdictions=["AT", "BE"])
    t = cov.targets().set_index("target")
    assert math.isclose(t.loc["cells coded with a citation", "value"], 3 / 8)
    assert math.isclose(t.loc["coded cells cited to the article", "value"], 1 / 3)
    assert t.loc["least-covered area", "value"] == 0.0  # area y: n1 unknown, c1 uncoded
    assert not t["met"].any()


def test_gb_merged_is_known_only_when_every_system_is(codings):
    cov = coverage(codings, date="2024-01-01", merge_systems=True, jurisdictions=["AT", "GB"])
    cells = cov.cells.set_index(["jurisdiction", "indicator"])
    assert cells.loc[("GB", "thb_offence"), "known"]
    assert not cells.loc[("GB", "non_punishment"), "known"]  # GB-NIR unknown
    assert cov.by_jurisdiction["jurisdiction"].tolist() == ["AT", "GB"]


def test_publishable_follows_the_threshold(mini):
    c = make(mini, [("AT", "b1", "yes"), ("AT", "o1", "full"), ("AT", "n1", "")])
    assert not coverage(c, jurisdictions=["AT"]).by_jurisdiction["publishable"].iloc[0]
    assert coverage(c, jurisdictions=["AT"], min_coverage=0.6).by_jurisdiction["publishable"].iloc[0]
    assert "0 of 1 jurisdictions" in repr(coverage(c, jurisdictions=["AT"]))


def test_selecting_indicators_narrows_the_coverage(codings):
    few = codings.select(indicators=["thb_offence", "thb_purposes"])
    cov = coverage(few, date="2024-01-01", jurisdictions=["AT", "BD"])
    assert cov.by_jurisdiction.set_index("jurisdiction")["scored_coverage"].to_dict() == {"AT": 1.0, "BD": 0.5}


def test_fact_sheet_gives_every_cell_with_its_citation(codings):
    from heroes_research.legal import fact_sheet

    sheet = fact_sheet(codings, ["FR", "BG"], date="2024-01-01").set_index(["jurisdiction", "indicator"])
    assert len(sheet) == 2 * len(codings.indicators)
    row = sheet.loc[("FR", "age_of_consent")]
    assert row["value"] == "15" and row["valid_from"] == "2021-04-23" and row["statute_article"] == "Test Act s. 1"
    assert row["url"].startswith("https://") and row["excerpt"]
    assert sheet.loc[("FR", "thb_purposes"), "valid_from"] == "attested 2023-06-30"
    assert sheet.loc[("BG", "thb_offence"), "value"] == "unknown"  # no file: unknown, nothing searched
    assert sheet.loc[("FR", "age_of_consent"), "status"] == "draft"
    old = fact_sheet(codings, ["FR"], date="2000-01-01").set_index("indicator")
    assert old.loc["age_of_consent", ["value", "valid_to"]].tolist() == ["13", "2021-04-23"]


def test_a_share_under_the_gate_never_prints_as_the_gate():
    from heroes_research.legal import share_text

    assert share_text(51 / 64) == "79%"  # 79.7 %: rounding would print the 80 % gate beside "insufficient"
    assert share_text(52 / 64) == "81%" and share_text(0.8) == "80%" and share_text(1.0) == "100%"
