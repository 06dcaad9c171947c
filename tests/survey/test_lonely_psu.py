"""Every lonely-PSU rule against R's options(survey.lonely.psu=...)."""

from __future__ import annotations

import pytest

from heroes_research.errors import DesignError
from heroes_research.survey import SurveyDesign


@pytest.mark.parametrize("rule", ["remove", "adjust", "certainty", "average"])
def test_lonely_psu_rules(rule, api, goldens, check):
    """apistrat stratified by county: 13 counties have one school (each school a PSU)."""
    gold = goldens[f"lonely_{rule}"]
    design = SurveyDesign(api["apistrat"], strata="cname", weights="pw", lonely_psu=rule)
    check(design.mean("api00"), gold["mean_api00"])
    check(design.total("enroll"), gold["total_enroll"])
    check(design.mean("api00", by="stype"), gold["by_api00_stype"])


@pytest.mark.parametrize("rule", ["remove", "adjust", "certainty", "average"])
def test_lonely_psu_rules_with_clusters(rule, api, goldens, check):
    """Districts within counties: domains and categories take the one-pass PSU totals."""
    gold = goldens[f"lonely_clustered_{rule}"]
    design = SurveyDesign(
        api["apistrat"], strata="cname", psu="dnum", weights="pw", lonely_psu=rule
    )
    check(design.mean("stype"), gold["mean_stype"])
    check(design.mean("api00", by="stype"), gold["by_api00_stype"])
    check(design.mean("sch.wide", by="stype"), gold["by_schwide_stype"])


def test_fail_names_the_strata(api):
    with pytest.raises(DesignError, match="Amador") as err:
        SurveyDesign(api["apistrat"], strata="cname", weights="pw")
    assert err.value.reason == "lonely_psu" and err.value.variable == "cname"


def test_unknown_rule(api):
    with pytest.raises(DesignError, match="lonely_psu"):
        SurveyDesign(api["apistrat"], lonely_psu="drop")
