"""Scoring: fixed goalposts, unknown treatment, weights, aggregation, invariance to adding a country."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import LegalDataError
from heroes_research.legal import load_weights, score

from .conftest import make

ROWS = [("AT", "b1", "yes"), ("AT", "o1", "partial"), ("AT", "n1", "15"), ("AT", "c1", "p"),
        ("BE", "b1", "no"), ("BE", "o1", ""), ("BE", "n1", "45"), ("BE", "c1", "q")]


def composite(s) -> dict[str, float]:
    return dict(zip(s.composite["country"], s.composite["score"], strict=True))


def test_area_and_composite_by_hand(mini):
    s = score(make(mini, ROWS), min_coverage=0)
    area = s.area.set_index(["country", "area"])["score"]
    # AT: x = mean(1, 0.5), y = 15/30; BE: x = 0 (o1 unknown, excluded), y = min(45/30, 1).
    assert area[("AT", "x")] == 0.75 and area[("AT", "y")] == 0.5
    assert area[("BE", "x")] == 0.0 and area[("BE", "y")] == 1.0
    assert composite(s) == {"AT": 0.625, "BE": 0.5}
    assert s.composite.set_index("country")["rank"].to_dict() == {"AT": 1.0, "BE": 2.0}
    assert s.area.set_index(["country", "area"]).loc[("BE", "x"), "n_known"] == 1


def test_geometric_aggregation_by_hand(mini):
    got = composite(score(make(mini, ROWS), aggregation="geometric", min_coverage=0))
    assert math.isclose(got["AT"], math.sqrt(0.75 * 0.5))
    assert math.isclose(got["BE"], math.sqrt(0.01 * 1.0))  # area score 0 floored at 0.01


@pytest.mark.parametrize("unknown, be_x", [("exclude", 0.0), ("zero", 0.0), ("half", 0.25)])
def test_unknown_treatment(mini, unknown, be_x):
    s = score(make(mini, ROWS), unknown=unknown)
    assert s.area.set_index(["country", "area"]).loc[("BE", "x"), "score"] == be_x


def test_expert_weights_from_file(mini, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("name: panel\nareas: {x: 3, y: 1}\n", encoding="utf-8")
    s = score(make(mini, ROWS), weights=path, min_coverage=0)
    assert composite(s)["AT"] == 0.75 * 0.75 + 0.25 * 0.5
    assert s.weights.name == "panel"


@pytest.mark.parametrize("text, problem", [
    ("areas: {x: 3}\n", "area 'y' has no weight"),
    ("areas: {x: 3, y: 1, z: 1}\n", "'z' is not an area"),
    ("areas: {x: 3, y: -1}\n", "not a positive number"),
    ("areas: {x: 1, y: 1}\nindicators: {zz: 2}\n", "'zz' is not an indicator"),
])
def test_bad_weights(mini, tmp_path, text, problem):
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LegalDataError, match=problem) as info:
        load_weights(path, mini)
    assert "w.yaml" in str(info.value) and info.value.reason == "bad_weights"


def test_project_expert_weights_cover_every_area(indicators):
    w = load_weights(indicators=indicators)
    assert set(w.areas) == set(indicators.areas)


@pytest.mark.parametrize("option", [{"aggregation": "harmonic"}, {"unknown": "impute"}])
def test_bad_options(mini, option):
    with pytest.raises(LegalDataError, match="is not one of") as info:
        score(make(mini, ROWS), **option)
    assert info.value.variable in option


def test_adding_a_country_changes_no_other_score(mini):
    base = score(make(mini, ROWS), unknown="half", aggregation="geometric")
    extreme = ROWS + [("FR", "b1", "no"), ("FR", "o1", "none"), ("FR", "n1", "100"), ("FR", "c1", "r")]
    more = score(make(mini, extreme), unknown="half", aggregation="geometric")
    for part in ("indicator", "area", "composite"):
        before = getattr(base, part).drop(columns=["rank"], errors="ignore")
        after = getattr(more, part).drop(columns=["rank"], errors="ignore")
        after = after[after["country"] != "FR"].reset_index(drop=True)
        pd.testing.assert_frame_equal(before, after)


def test_composite_and_rank_only_with_enough_coverage(mini):
    s = score(make(mini, ROWS))  # BE knows 2 of 3 scored indicators: 67 % < 80 %
    comp = s.composite.set_index("country")
    assert comp.loc["AT", "published"] and not comp.loc["BE", "published"]
    assert comp.loc["AT", "coverage"] == 1.0 and math.isclose(comp.loc["BE", "coverage"], 2 / 3)
    assert comp.loc["AT", "rank"] == 1.0 and comp.loc["AT", "score"] == 0.625
    assert np.isnan(comp.loc["BE", "score"]) and np.isnan(comp.loc["BE", "rank"])
    assert comp.loc["BE", ["n_known", "n_indicators"]].tolist() == [2, 3]
    assert score(make(mini, ROWS), min_coverage=0.6).composite["published"].all()
    assert "1 with coverage >= 80%: AT" in repr(s)
    with pytest.raises(LegalDataError, match="min_coverage"):
        score(make(mini, ROWS), min_coverage=80)


def test_missing_rows_count_as_unknown_in_coverage(codings):
    s = score(codings, date="2024-01-01")
    comp = s.composite.set_index("country")
    assert (comp["n_indicators"] == len(codings.indicators.scored)).all()
    assert not comp["published"].any() and comp["rank"].isna().all()  # the fixture codes 9 of 64


def test_project_scores_invariant_to_dropping_a_country(codings):
    everyone = score(codings, date="2024-01-01", unknown="half", weights="expert", min_coverage=0)
    fewer = score(codings.select(countries=[c for c in codings.countries if c != "BE"]),
                  date="2024-01-01", unknown="half", weights="expert", min_coverage=0)
    keep = everyone.composite["country"] != "BE"
    np.testing.assert_array_equal(everyone.composite.loc[keep, "score"], fewer.composite["score"])
    assert len(fewer.composite) == len(everyone.composite) - 1


def test_scores_views(codings):
    s = score(codings, date="2024-01-01", min_coverage=0)
    wide = s.to_wide()
    assert len(wide) == 6 and {"composite", "rank"} <= set(wide.columns)
    long = s.to_long()
    assert set(long["level"]) == {"indicator", "area", "composite"}
    assert list(long.columns) == ["level", "country", "name", "score"]
    assert "age_of_consent" not in set(s.indicator["indicator"])  # descriptive indicators are not scored
    assert repr(s).startswith("Scores(as of 2024-01-01") and "<table" in s._repr_html_()


def test_systems_scored_separately_on_request(codings):
    s = score(codings, date="2024-01-01", merge_systems=False)
    assert {"GB-EAW", "GB-SCT", "GB-NIR"} <= set(s.composite["country"])


def test_date_before_any_coding(mini):
    c = make(mini, [("AT", "b1", "yes", "2010-01-01")])
    with pytest.raises(LegalDataError, match="no codings in force on 2000-01-01") as info:
        score(c, date="2000-01-01")
    assert info.value.variable == "date"


def test_unreadable_weights_name_the_file(mini, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("areas: {x: [1,\n", encoding="utf-8")
    with pytest.raises(LegalDataError, match="cannot read weights") as info:
        load_weights(path, mini)
    assert info.value.reason == "unreadable_weights" and "broken.yaml" in str(info.value)
