"""Predictive marginal means (R's svypredmeans) and contrasts of them, against R."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import SurveyDesign, contrast, estimate_names, vcov

GOLD = json.loads((Path(__file__).parent / "goldens" / "predmeans.json").read_text())
PREDMEANS, CONTRASTS = GOLD["predmeans"], GOLD["contrast"]


def same_as_r(result: pd.DataFrame, gold: dict) -> None:
    """Estimates, SEs, intervals and the covariance equal R's (rows matched by R's names)."""
    names = estimate_names(result)
    assert sorted(names) == sorted(gold["names"])
    order = [gold["names"].index(n) for n in names]
    for column in ("estimate", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(
            result[column].to_numpy(float),
            np.asarray(gold[column])[order],
            rtol=1e-6,
            err_msg=column,
        )
    expected = np.asarray(gold["vcov"], dtype=float)[np.ix_(order, order)]
    np.testing.assert_allclose(vcov(result).to_numpy(), expected, rtol=1e-6, atol=1e-12)


@pytest.fixture(scope="module")
def twostage(api) -> SurveyDesign:
    """R: svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, data=apiclus2)."""
    return SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])


@pytest.fixture(scope="module")
def strat_model(dstrat):
    return dstrat.model("api00 ~ ell + meals + stype")


CASES = {
    "strat_gaussian": ("dstrat", "api00 ~ ell + meals + stype", "gaussian", "stype"),
    "twostage_logit": ("twostage", "sch_yes ~ ell + meals + stype", "quasibinomial", "stype"),
    "clus1_poisson": ("dclus1", "enroll ~ ell + meals + stype", "poisson", "stype"),
    "strat_compimp_logit": ("dstrat", "sch_yes ~ meals + `comp.imp`", "quasibinomial", "comp.imp"),
    "jkn_gaussian": ("jkn", "api00 ~ ell + meals + stype", "gaussian", "stype"),
    "jk1_logit": ("jk1", "sch_yes ~ meals + stype", "binomial", "stype"),
    "jkn_quasipoisson": ("jkn", "enroll ~ meals + awards", "quasipoisson", "awards"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_predmeans_match_r(case, request, dstrat, dclus1):
    name, formula, family, group = CASES[case]
    designs = {
        "dstrat": lambda: dstrat,
        "dclus1": lambda: dclus1,
        "twostage": lambda: request.getfixturevalue("twostage"),
        "jkn": lambda: dstrat.to_replicate("JKn"),
        "jk1": lambda: dclus1.to_replicate("JK1"),
    }
    result = designs[name]().model(formula, family).predmeans(group)
    same_as_r(result, PREDMEANS[case])
    assert list(result.columns[:2]) == [group, "variable"]
    assert (result["variable"] == formula.split("~")[0].strip()).all()


def test_calibrated_design(dclus1):
    post = dclus1.poststratify("stype", {"E": 4421, "H": 755, "M": 1018})
    result = post.model("api00 ~ ell + meals + stype").predmeans("stype")
    same_as_r(result, PREDMEANS["post"])


def test_predict_at_values_of_a_numeric_predictor(dstrat):
    """R's own example: svypredmeans(demog_model, ~enroll, predictat=c(100, 300, 1000, 3000))."""
    model = dstrat.model("api00 ~ mobility + ell + hsg + meals + enroll")
    same_as_r(model.predmeans("enroll", at=[100, 300, 1000, 3000]), PREDMEANS["predictat"])


def test_rows_the_model_dropped_are_left_out_as_r(twostage):
    model = twostage.model("enroll ~ meals + stype", na_rm=True)
    result = model.predmeans("stype")
    same_as_r(result, PREDMEANS["twostage_na"])
    assert (result["n"] == 126 - 6).all()


def test_estimates_are_means_of_the_predictions(strat_model, dstrat):
    data = dstrat.data.assign(stype="M")
    predicted = strat_model.predict(data, "response")["estimate"].to_numpy()
    w = dstrat.final_weights.to_numpy()
    means = strat_model.predmeans("stype").set_index("stype")["estimate"]
    assert means["M"] == pytest.approx(w @ predicted / w.sum(), rel=1e-12)


def test_contrasts_of_marginal_means(strat_model, dclus1):
    means = strat_model.predmeans("stype")
    out = contrast(means, {"E": 1, "M": -1})
    for column in ("estimate", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(out[column], CONTRASTS["e_minus_m"][column], rtol=1e-6)
    jk1 = dclus1.to_replicate("JK1").model("sch_yes ~ meals + stype", "binomial")
    ratio = contrast(jk1.predmeans("stype"), "E / H")
    for column in ("estimate", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(ratio[column], CONTRASTS["ratio"][column], rtol=1e-6)


def test_group_may_interact_with_a_predictor(dstrat):
    """Beyond R: the model's own interactions are kept when the group is set."""
    model = dstrat.model("api00 ~ meals * stype")
    result = model.predmeans("stype").set_index("stype")
    data = dstrat.data.assign(stype=pd.Categorical(["H"] * len(dstrat.data)))
    predicted = model.predict(data, "response")["estimate"].to_numpy()
    w = dstrat.final_weights.to_numpy()
    assert result.loc["H", "estimate"] == pytest.approx(w @ predicted / w.sum(), rel=1e-12)
    assert (result["se"] > 0).all()


def test_predmeans_bad_input(strat_model, dstrat):
    with pytest.raises(EstimationError, match="'awards' is not a predictor") as err:
        strat_model.predmeans("awards")
    assert "api00 ~ ell + meals + stype + awards" in str(err.value)
    assert err.value.variable == "awards"
    with pytest.raises(EstimationError, match="'at' is empty"):
        strat_model.predmeans("stype", at=[])
    with pytest.raises(EstimationError, match="'at' has 'X', not a value of 'stype'"):
        strat_model.predmeans("stype", at=["X"])
    with pytest.raises(EstimationError, match="conf"):
        strat_model.predmeans("stype", conf_level=1.5)


def test_docstring_examples_run():
    import doctest

    from heroes_research.survey import _model

    assert doctest.testmod(_model, report=False).failed == 0
