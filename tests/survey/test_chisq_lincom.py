"""svychisq(statistic="lincom") against R with CompQuadForm (goldens/inference.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from heroes_research.survey import SurveyDesign
from heroes_research.survey._quadform import chisq_sum_upper

LINCOM = json.loads((Path(__file__).parent / "goldens" / "inference.json").read_text())["lincom"]
# R's Davies integration is accurate to acc = 1e-7 (absolute); ours to 1e-12.
DAVIES_ACC = 1e-7


def same(result, gold) -> None:
    assert result["statistic"].iloc[0] == pytest.approx(gold["statistic"], rel=1e-6)
    np.testing.assert_allclose(result["p"].iloc[0], gold["p"], rtol=1e-6, atol=DAVIES_ACC)


def test_lincom_matches_r_on_linearisation_designs(dclus1, dstrat, api):
    same(dclus1.chisq_test("sch.wide", "stype", "lincom"), LINCOM["clus1"])
    same(dstrat.chisq_test("stype", "awards", "lincom"), LINCOM["strat"])
    same(dclus1.chisq_test("stype", "comp.imp", "lincom"), LINCOM["clus1_3x3"])
    two_stage = SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    same(two_stage.chisq_test("stype", "sch.wide", "lincom"), LINCOM["twostage"])


def test_lincom_and_saddlepoint_on_replicate_designs(dclus1, dstrat):
    jk1 = dclus1.to_replicate("JK1")
    same(jk1.chisq_test("sch.wide", "stype", "lincom"), LINCOM["jk1"])
    same(dstrat.to_replicate("JKn").chisq_test("stype", "awards", "lincom"), LINCOM["jkn"])
    same(jk1.chisq_test("sch.wide", "stype", "saddlepoint"), LINCOM["jk1_saddlepoint"])


def test_lincom_sits_between_saddlepoint_and_exact_tail(dclus1):
    """The saddlepoint approximates the same tail: they agree to a few per cent."""
    exact = dclus1.chisq_test("sch.wide", "stype", "lincom")["p"].iloc[0]
    saddle = dclus1.chisq_test("sch.wide", "stype", "saddlepoint")["p"].iloc[0]
    assert saddle == pytest.approx(exact, rel=0.05)


@pytest.mark.parametrize(
    ("x", "weights", "df", "expected"),
    [
        (3.0, [1.0], None, 0.08326451666355043),  # chi-square on 1 df
        (4.0, [2.0, 2.0], None, np.exp(-1.0)),  # 2 chi2_2 is exponential(mean 4)
        (0.0, [1.0, -1.0], None, 0.5),  # symmetric about 0
    ],
)
def test_imhof_tail_on_known_distributions(x, weights, df, expected):
    assert chisq_sum_upper(x, np.array(weights), df) == pytest.approx(expected, abs=1e-10)
