"""The indicator codebook: content requirements, goalposts, and every bad-codebook path."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from heroes_research.errors import LegalDataError
from heroes_research.legal import load_indicators, score_values

from .conftest import MINI_YAML

AREAS = {"thb_definition", "csa_offences", "victim_protection", "criminal_proceedings", "investigation",
         "missing_children", "jurisdiction", "prevention"}
LINES = {"legal_harmonisation", "undercover_agents", "missing_children", "early_identification",
         "criminal_proceedings", "prevention"}


def test_codebook_covers_the_issue(indicators):
    wide = indicators.to_wide()
    assert len(indicators) >= 40
    assert set(wide["area"]) == AREAS
    assert set(wide["line"]) == LINES
    assert set(wide["type"]) == {"binary", "ordinal", "numeric", "categorical"}
    assert wide["standard_instrument"].str.len().gt(0).all()
    # Every scored indicator has a goalpost; every descriptive one says why not.
    assert wide.loc[~wide["scored"], "rationale"].notna().all()
    numeric = wide[wide["type"].eq("numeric") & wide["scored"]]
    assert numeric[["worst", "best"]].notna().all().all()


def test_standards_cited_to_articles(indicators):
    ind = indicators["thb_child_means_irrelevant"]
    assert ind.standard == "UN Palermo Protocol (2000), art. 3(c)"
    assert indicators["reflection_period_days"].best == 30.0


#: The standards added for issue 11 (CODING_PROTOCOL.md), each with its instrument and article.
NEW_IDS = {
    "victim_individual_assessment": "2012/29/EU", "limit_repeated_interviews": "2012/29/EU",
    "private_life_questions_limited": "2012/29/EU", "child_special_representative": "2012/29/EU",
    "victim_support_services": "2012/29/EU", "opsc_ratified": "Optional Protocol",
    "legal_person_liability": "2011/36/EU", "national_rapporteur": "2011/36/EU",
    "thb_extraterritorial_jurisdiction": "2011/36/EU", "thb_limitation_from_majority": "2011/36/EU",
    "knowing_use_of_services": "2024/1712", "assistance_unconditional": "2011/36/EU",
    "presumption_of_minority": "2011/36/EU", "offender_compensation": "2012/29/EU",
    "corruption_of_children": "Lanzarote", "child_sex_tourism_advertising": "2011/93/EU",
    "disqualification_work_children": "2011/93/EU", "helpline_116111": "2007/116/EC",
}


def test_protocol_indicators_are_binary_scored_and_cited(indicators):
    for ind_id, instrument in NEW_IDS.items():
        ind = indicators[ind_id]
        assert ind.type == "binary" and ind.scored and dict(ind.level_scores) == {"no": 0.0, "yes": 1.0}
        assert instrument in ind.standard_instrument, ind_id
    assert indicators["knowing_use_of_services"].standard_article == "art. 18a"


def test_rechecked_standards(indicators):
    reporting = indicators["mandatory_reporting"]
    assert not reporting.scored and "no binding instrument imposes" in reporting.rationale.lower()
    assert "36(2)(a)" in indicators["closed_hearing"].standard_article  # (b) is testimony from outside
    assert "art. 5(3)" in indicators["employment_screening"].standard_article
    assert indicators["thb_max_penalty_years"].allows_life
    assert not indicators["age_of_consent"].allows_life


def test_long_lists_levels_with_scores(mini):
    long = mini.to_long()
    o1 = long[long["indicator"] == "o1"]
    assert o1["level"].tolist() == ["none", "partial", "full"]
    assert o1["score"].tolist() == [0.0, 0.5, 1.0]
    assert long.loc[long["indicator"] == "c1", "score"].isna().all()  # descriptive: not scored


def test_score_values_uses_fixed_goalposts(mini):
    ids = pd.Series(["b1", "b1", "o1", "n1", "n1", "n1", "c1", "b1"])
    vals = pd.Series(["yes", "no", "partial", "15", "45", "0", "p", ""])
    got = score_values(mini, ids, vals).tolist()
    assert got[:6] == [1.0, 0.0, 0.5, 0.5, 1.0, 0.0]
    assert pd.isna(got[6]) and pd.isna(got[7])


def test_indicators_are_immutable(mini):
    with pytest.raises(dataclasses.FrozenInstanceError):
        mini["b1"].area = "y"
    assert mini.select(["n1"]).ids == ("n1",) and len(mini) == 4
    assert "4 indicators" in repr(mini) and "<table" in mini._repr_html_()


@pytest.mark.parametrize("edit, problem", [
    (("type: binary,", "type: boolean,", 1), "type 'boolean'"),
    (("area: y, line: prevention, question: \"Days?\"", "area: z, line: prevention, question: \"Days?\"", 1),
     "area 'z'"),
    (("goalpost: {worst: none, best: full}", "goalpost: {worst: none, best: total}", 1), "malformed"),
    (("rationale: \"descriptive\"", "note: x", 1), "rationale"),
    (("id: n1", "id: b1", 1), "duplicate indicator id"),
    (("question: \"Kind?\", ", "", 1), "missing key 'question'"),
    (("goalpost: {worst: 0, best: 30}", "goalpost: {worst: 30, best: 30}", 1), "must differ"),
    (("goalpost: {worst: none, best: full}", "goalpost: {worst: full, best: full}", 1), "malformed"),
    (("instrument: \"Convention B\", ", "", 1), "needs an 'instrument'"),
    (("goalpost: null, rationale: \"descriptive\"", "goalpost: {scores: {p: 2, q: 0, r: 0}}", 1), "[0, 1]"),
])
def test_bad_codebook_raises_listing_problems(tmp_path, edit, problem):
    old, new, count = edit
    path = tmp_path / "bad.yaml"
    path.write_text(MINI_YAML.replace(old, new, count), encoding="utf-8")
    with pytest.raises(LegalDataError) as info:
        load_indicators(path)
    err = info.value
    assert err.reason == "bad_codebook" and "bad.yaml" in str(err)
    assert err.failures["problem"].str.contains(problem, regex=False).any()


def test_unreadable_codebook(tmp_path):
    with pytest.raises(LegalDataError, match="cannot read") as info:
        load_indicators(tmp_path / "missing.yaml")
    assert "missing.yaml" in str(info.value)
    (tmp_path / "x.yaml").write_text("just: text", encoding="utf-8")
    with pytest.raises(LegalDataError, match="no 'indicators' list"):
        load_indicators(tmp_path / "x.yaml")
