"""SurveyDesign construction, immutability and repr."""

from __future__ import annotations

import dataclasses

import pytest

from heroes_research.survey import LONELY_PSU_RULES, SurveyDesign


def test_repr_summarises_the_design(dstrat):
    text = repr(dstrat)
    for part in (
        "rows        200",
        "strata      3 ('stype')",
        "PSUs        200 (each row)",
        "weights     'pw', sum 6,194",
        "fpc         'fpc'",
        "lonely PSU  'fail' (no strata with one PSU)",
    ):
        assert part in text
    assert "<table>" in dstrat._repr_html_()


def test_design_is_immutable(dclus1):
    with pytest.raises(dataclasses.FrozenInstanceError):
        dclus1.weights = "other"
    with pytest.raises(ValueError, match="read-only"):
        dclus1._layout.weights[0] = 1.0


def test_later_changes_to_the_frame_do_not_leak(api):
    data = api["apiclus1"].copy()
    design = SurveyDesign(data, psu="dnum", weights="pw")
    before = design.mean("api00")["estimate"].iloc[0]
    data.loc[0, "api00"] = 10_000
    assert design.mean("api00")["estimate"].iloc[0] == before


def test_degrees_of_freedom(dclus1, dstrat, goldens):
    assert dclus1.degrees_of_freedom == goldens["clus1"]["degf"]
    assert dstrat.degrees_of_freedom == goldens["strat"]["degf"]


def test_rules_are_r_options():
    assert LONELY_PSU_RULES == ("fail", "remove", "adjust", "certainty", "average")


@pytest.mark.parametrize("name", ["apisrs", "apistrat", "apiclus1", "apiclus2"])
def test_api_copies_match_the_reference(name, api_dirs):
    """tests/data/api holds unchanged copies of the shared reference CSVs."""
    copies, reference = api_dirs
    if not (reference / f"{name}.csv").exists():
        pytest.skip("the shared reference folder is not present")
    assert (copies / f"{name}.csv").read_bytes() == (reference / f"{name}.csv").read_bytes()
