"""svyciprop(method="likelihood") against R (goldens/inference.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import SurveyDesign

LIKELIHOOD = json.loads((Path(__file__).parent / "goldens" / "inference.json").read_text())[
    "likelihood"
]
POPULATION = {"E": 4421, "H": 755, "M": 1018}


def same(result, gold) -> None:
    for column in ("estimate", "ci_low", "ci_high"):
        np.testing.assert_allclose(
            result[column].to_numpy(float), np.atleast_1d(gold[column]), rtol=1e-6, err_msg=column
        )


def test_likelihood_interval_matches_r(dclus1, dstrat, api):
    same(dclus1.proportion_ci("sch.wide", "Yes", "likelihood"), LIKELIHOOD["clus1"])
    same(dstrat.proportion_ci("awards", "Yes", "likelihood", conf_level=0.9), LIKELIHOOD["strat90"])
    two_stage = SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    same(two_stage.proportion_ci("sch.wide", "Yes", "likelihood"), LIKELIHOOD["twostage"])


def test_likelihood_interval_of_a_rare_share(api):
    data = api["apistrat"].assign(
        no_award_high=lambda d: (d["awards"] == "No") & (d["stype"] == "H")
    )
    design = SurveyDesign(data, strata="stype", weights="pw", fpc="fpc")
    same(design.proportion_ci("no_award_high", True, "likelihood"), LIKELIHOOD["rare"])


def test_likelihood_interval_by_domain(dclus1, dstrat):
    same(dclus1.proportion_ci("sch.wide", "Yes", "likelihood", by="stype"), LIKELIHOOD["by"])
    same(dstrat.proportion_ci("awards", "Yes", "likelihood", by="stype"), LIKELIHOOD["by_strat"])


def test_likelihood_interval_on_a_calibrated_design(dclus1):
    post = dclus1.poststratify("stype", POPULATION)
    same(post.proportion_ci("sch.wide", "Yes", "likelihood"), LIKELIHOOD["post"])
    same(post.proportion_ci("sch.wide", "Yes", "likelihood", by="stype"), LIKELIHOOD["post_by"])


def test_likelihood_interval_with_missing_values(api):
    """R scales the glm's weights over every row, then drops the rows without a value."""
    data = api["apiclus1"].assign(big=lambda d: (d["acs.k3"] > 20).where(d["acs.k3"].notna()))
    design = SurveyDesign(data, psu="dnum", weights="pw", fpc="fpc")
    same(design.proportion_ci("big", True, "likelihood", na_rm=True), LIKELIHOOD["na"])
    same(
        design.proportion_ci("big", True, "likelihood", na_rm=True, by="sch.wide"),
        LIKELIHOOD["na_by"],
    )


def test_likelihood_interval_is_asymmetric_and_inside_the_unit_interval(dclus1):
    out = dclus1.proportion_ci("sch.wide", "Yes", "likelihood", by="stype")
    assert ((out["ci_low"] > 0) & (out["ci_high"] < 1)).all()
    below, above = out["estimate"] - out["ci_low"], out["ci_high"] - out["estimate"]
    assert (below > above).all()  # shares near 1 have a longer lower tail


def test_likelihood_on_a_replicate_design_raises(dclus1):
    """R returns NA limits there (goldens: jk1); an error says so and what to use."""
    assert LIKELIHOOD["jk1"]["ci_low"] == "NA"
    with pytest.raises(EstimationError, match="not defined on a replicate design") as err:
        dclus1.to_replicate("JK1").proportion_ci("sch.wide", "Yes", "likelihood")
    assert err.value.reason == "unsupported_design"
    assert "logit" in str(err.value)
