"""svychisq statistics Chisq, Wald and adjWald against R (goldens/parity.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import SurveyDesign

CHISQ = json.loads((Path(__file__).parent / "goldens" / "parity.json").read_text())["svychisq"]


def same(result, gold, columns=("statistic", "ndf", "ddf", "p")) -> None:
    for column in columns:
        np.testing.assert_allclose(
            result[column].to_numpy(float),
            np.atleast_1d(np.array(gold[column], dtype=float)),
            rtol=1e-6,
            err_msg=column,
        )


@pytest.mark.parametrize("statistic", ["Chisq", "Wald", "adjWald"])
def test_statistics_match_r(dclus1, dstrat, api, statistic):
    same(dclus1.chisq_test("sch.wide", "stype", statistic), CHISQ[statistic])
    same(dstrat.chisq_test("stype", "awards", statistic), CHISQ[f"{statistic}_strat"])
    two_stage = SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    same(two_stage.chisq_test("stype", "sch.wide", statistic), CHISQ[f"{statistic}_twostage"])


def test_saddlepoint_matches_r(dclus1, dstrat, api):
    columns = ("statistic", "p")
    same(dclus1.chisq_test("sch.wide", "stype", "saddlepoint"), CHISQ["saddlepoint"], columns)
    same(dstrat.chisq_test("stype", "awards", "saddlepoint"), CHISQ["saddlepoint_strat"], columns)
    two_stage = SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    same(
        two_stage.chisq_test("stype", "sch.wide", "saddlepoint"),
        CHISQ["saddlepoint_twostage"],
        columns,
    )


def test_f_in_the_same_shape(dclus1):
    out = dclus1.chisq_test("sch.wide", "stype", "F")
    assert out["statistic"].iloc[0] == pytest.approx(dclus1.chisq("sch.wide", "stype")["F"].iloc[0])


def test_bad_statistic(dclus1):
    with pytest.raises(EstimationError, match="unknown statistic") as err:
        dclus1.chisq_test("sch.wide", "stype", "Fisher")
    assert "lincom" in str(err.value)
