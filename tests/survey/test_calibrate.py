"""calibrate() (linear, raking, logit, with bounds) and trim_weights() against R (goldens/parity.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import DesignError
from heroes_research.survey import SurveyDesign

PARITY = json.loads((Path(__file__).parent / "goldens" / "parity.json").read_text())
POPULATION = {
    "stype": {"E": 4421, "H": 755, "M": 1018},
    "sch.wide": {"No": 1072, "Yes": 5122},
    "api99": 3914069,
}


def same(result: pd.DataFrame, gold: dict, columns=("estimate", "se", "ci_low", "ci_high")) -> None:
    for column in columns:
        np.testing.assert_allclose(
            result[column].to_numpy(float),
            np.atleast_1d(gold[column]),
            rtol=1e-6,
            atol=1e-9,
            err_msg=column,
        )


@pytest.mark.parametrize(
    ("key", "calfun", "bounds"),
    [
        ("linear", "linear", (-np.inf, np.inf)),
        ("linear_bounded", "linear", (0.45, 2)),
        ("raking", "raking", (-np.inf, np.inf)),
        ("raking_bounded", "raking", (0.45, 1.9)),
        ("logit", "logit", (0.4, 2.2)),
    ],
)
def test_calibrate_matches_r(dclus1, key, calfun, bounds):
    gold = PARITY["calibrate"][key]
    cal = dclus1.calibrate(POPULATION, calfun=calfun, bounds=bounds)
    np.testing.assert_allclose(cal.final_weights, gold["weights"], rtol=1e-6)
    same(cal.mean("api00"), gold["mean_api00"])
    same(cal.total("enroll"), gold["total_enroll"])
    same(cal.mean("stype"), gold["mean_stype"])
    assert f"calibrated ({calfun}" in repr(cal)


@pytest.mark.parametrize(
    ("calfun", "bounds"),
    [("linear", (-np.inf, np.inf)), ("raking", (-np.inf, np.inf)), ("logit", (0.4, 2.2))],
)
def test_calibrating_a_replicate_design_recalibrates_every_replicate(dclus1, calfun, bounds):
    gold = PARITY["calibrate"][f"jk1_{calfun}"]
    cal = dclus1.to_replicate("JK1").calibrate(POPULATION, calfun=calfun, bounds=bounds)
    np.testing.assert_allclose(cal.final_weights, gold["weights"], rtol=1e-6)
    same(cal.mean("api00"), gold["mean_api00"])
    same(cal.total("enroll"), gold["total_enroll"])
    assert cal.is_replicate and f"calibrated ({calfun}" in repr(cal)


def test_poststratifying_and_raking_a_replicate_design(dclus1):
    design = dclus1.to_replicate("JK1").poststratify("stype", POPULATION["stype"])
    same(design.mean("api00"), PARITY["calibrate"]["jk1_poststratify"])
    raked = dclus1.to_replicate("JK1").rake(
        {"stype": POPULATION["stype"], "sch.wide": POPULATION["sch.wide"]}
    )
    same(raked.mean("api00"), PARITY["calibrate"]["jk1_rake"])
    assert raked.is_replicate


def test_bounds_that_cannot_be_met_say_which_and_by_how_much(dclus1):
    with pytest.raises(DesignError, match=r"cannot be met within bounds \(0.8, 1.25\)") as err:
        dclus1.calibrate(POPULATION, bounds=(0.8, 1.25))
    assert "stype=H misses its total 755 by" in str(err.value)
    assert "(+37.69%)" in str(err.value)  # R: "Failed to converge: eps=0.3764"
    with pytest.warns(RuntimeWarning, match="cannot be met"):
        dclus1.calibrate(POPULATION, bounds=(0.8, 1.25), force=True)


def test_calibration_bad_input(dclus1):
    with pytest.raises(DesignError, match=r"level\(s\) 'X' of 'stype', which no respondent has"):
        dclus1.calibrate({"stype": {"E": 4000, "H": 755, "M": 1018, "X": 421}})
    with pytest.raises(DesignError, match=r"level\(s\) 'M' of 'stype' have no population total"):
        dclus1.calibrate({"stype": {"E": 4421, "H": 755}})
    with pytest.raises(DesignError, match=r"margins disagree .* \(difference \+100\)") as err:
        dclus1.calibrate(
            {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": 1172, "Yes": 5122}}
        )
    assert err.value.variable == "sch.wide"
    with pytest.raises(DesignError, match="logit calibration needs finite bounds"):
        dclus1.calibrate(POPULATION, calfun="logit")
    with pytest.raises(DesignError, match="must enclose 1"):
        dclus1.calibrate(POPULATION, bounds=(1.1, 2))
    with pytest.raises(DesignError, match="unknown calfun 'ratio'"):
        dclus1.calibrate(POPULATION, calfun="ratio")
    with pytest.raises(DesignError, match="missing values"):
        dclus1.calibrate({"acs.k3": 100000.0})


def test_trim_weights(api, dstrat):
    two_stage = SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    for key, strict in (("strict", True), ("strict_once", False)):
        gold = PARITY["trim"][key]
        trimmed = two_stage.trim_weights(lower=20, upper=60, strict=strict)
        np.testing.assert_allclose(trimmed.final_weights, gold["weights"], rtol=1e-9)
        same(trimmed.mean("api00"), gold["mean_api00"])
    once = dstrat.trim_weights(lower=16, upper=40)
    same(once.mean("api00"), PARITY["trim"]["once"]["mean_api00"])
    assert once.final_weights.sum() == pytest.approx(dstrat.final_weights.sum())
    assert dstrat.trim_weights(upper=1000) is dstrat
    with pytest.raises(DesignError, match="still outside the bounds after 100 passes"):
        dstrat.trim_weights(upper=22, strict=True)
    with pytest.raises(DesignError, match="lower must be below upper"):
        dstrat.trim_weights(lower=5, upper=5)
    with pytest.raises(DesignError, match="trimming a replicate design"):
        dstrat.to_replicate("JKn").trim_weights(upper=40)
