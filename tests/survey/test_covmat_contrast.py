"""svyby(covmat=TRUE), vcov and svycontrast on estimates against R (goldens/inference.json)."""

from __future__ import annotations

import copy
import doctest
import importlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import SurveyDesign, contrast, estimate_names, vcov

GOLD = json.loads((Path(__file__).parent / "goldens" / "inference.json").read_text())
COVMAT, CONTRAST = GOLD["covmat"], GOLD["contrast"]


def same_covariance(result: pd.DataFrame, gold: dict) -> None:
    """Estimates and covariance equal R's, rows aligned by R's names."""
    names = estimate_names(result)
    order = [gold["names"].index(n) for n in names]
    np.testing.assert_allclose(result["estimate"], np.array(gold["estimate"])[order], rtol=1e-9)
    expected = np.array(gold["vcov"], dtype=float)[np.ix_(order, order)]
    got = vcov(result)
    assert list(got.index) == names == list(got.columns)
    np.testing.assert_allclose(
        got.to_numpy(), expected, rtol=1e-6, atol=1e-12 * abs(expected).max()
    )


def same_contrast(result: pd.DataFrame, gold: dict) -> None:
    assert result["variable"].tolist() == list(np.atleast_1d(gold["names"]))
    for column in ("estimate", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(
            result[column], np.atleast_1d(gold[column]), rtol=1e-6, err_msg=column
        )
    np.testing.assert_allclose(vcov(result).to_numpy(), np.atleast_2d(gold["vcov"]), rtol=1e-6)


@pytest.fixture(scope="module")
def designs(api):
    clus1 = SurveyDesign(api["apiclus1"], psu="dnum", weights="pw", fpc="fpc")
    strat = SurveyDesign(api["apistrat"], strata="stype", weights="pw", fpc="fpc")
    return {
        "clus1": clus1,
        "strat": strat,
        "twostage": SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"]),
        "jk1": clus1.to_replicate("JK1"),
        "jkn": strat.to_replicate("JKn"),
    }


@pytest.mark.parametrize(
    ("gold", "design", "call"),
    [
        ("mean", "clus1", lambda d: d.mean("api00", by="stype", covmat=True)),
        ("two", "clus1", lambda d: d.mean(["api00", "api99"], by="stype", covmat=True)),
        ("total", "strat", lambda d: d.total("enroll", by="stype", covmat=True)),
        ("factor", "clus1", lambda d: d.mean("sch.wide", by="stype", covmat=True)),
        ("ratio", "clus1", lambda d: d.ratio("api00", "api99", by="stype", covmat=True)),
        ("two_way", "strat", lambda d: d.mean("api00", by=["stype", "sch.wide"], covmat=True)),
        ("twostage", "twostage", lambda d: d.mean("api00", by="stype", covmat=True)),
        ("no_by", "clus1", lambda d: d.mean(["api00", "api99"], covmat=True)),
        ("jk1", "jk1", lambda d: d.mean("api00", by="stype", covmat=True)),
        ("jk1_total", "jk1", lambda d: d.total("enroll", by="stype", covmat=True)),
        ("jkn_factor", "jkn", lambda d: d.mean("sch.wide", by="stype", covmat=True)),
        ("jk1_ratio", "jk1", lambda d: d.ratio("api00", "api99", by="stype", covmat=True)),
    ],
)
def test_covariance_between_domains_matches_r(designs, gold, design, call):
    same_covariance(call(designs[design]), COVMAT[gold])


def test_covariance_diagonal_is_the_squared_se(designs):
    """Also where R 4.1's svyby(covmat=TRUE) fails: a post-stratified design."""
    population = {"E": 4421, "H": 755, "M": 1018}
    for design in (designs["clus1"], designs["jk1"]):
        post = design.poststratify("stype", population)
        est = post.mean("api00", by="sch.wide", covmat=True)
        np.testing.assert_allclose(np.diag(vcov(est)), est["se"] ** 2, rtol=1e-10)


def test_linear_contrasts_match_r(designs):
    by_mean = designs["clus1"].mean("api00", by="stype", covmat=True)
    same_contrast(contrast(by_mean, {"E": 1, "M": -1}), CONTRAST["e_minus_m"])
    same_contrast(contrast(by_mean, [1, -0.5, -0.5]), CONTRAST["positional"])
    several = contrast(by_mean, {"EvM": {"E": 1, "M": -1}, "HvM": {"H": 1, "M": -1}})
    same_contrast(several, CONTRAST["several"])
    totals = designs["clus1"].total(["api00", "api99"], covmat=True)
    same_contrast(contrast(totals, {"api00": 1, "api99": -1}), CONTRAST["total_growth"])
    jk1 = designs["jk1"].mean("api00", by="stype", covmat=True)
    same_contrast(contrast(jk1, {"E": 1, "M": -1}), CONTRAST["jk1"])


def test_nonlinear_contrasts_match_r(designs):
    two = designs["clus1"].mean(["api00", "api99"], covmat=True)
    same_contrast(contrast(two, "api00 / api99"), CONTRAST["ratio_expr"])
    same_contrast(contrast(two, "log(api00) - 2 * sqrt(api99)"), CONTRAST["log_expr"])
    by_two = designs["clus1"].mean(["api00", "api99"], by="stype", covmat=True)
    expr = "`E:api00` / `E:api99` - `H:api00` / `H:api99`"
    same_contrast(contrast(by_two, expr), CONTRAST["by_expr"])
    by_mean = designs["clus1"].mean("api00", by="stype", covmat=True)
    same_contrast(contrast(by_mean, "exp(E / 1000)^2 - M / H"), CONTRAST["exp_power"])
    jk1 = designs["jk1"].mean("api00", by="stype", covmat=True)
    same_contrast(contrast(jk1, "E / M"), CONTRAST["jk1_expr"])


def test_nonlinear_contrast_of_model_coefficients(designs):
    """R: svycontrast(svyglm(..., quasipoisson), quote(exp(stypeH) - exp(stypeM)))."""
    model = designs["clus1"].model("enroll ~ stype + meals", "quasipoisson")
    expr = "exp(`stype[T.H]`) - exp(`stype[T.M]`)"
    same_contrast(contrast(model.coefficients(), expr), CONTRAST["model_expr"])


def test_the_ratio_expression_equals_the_ratio_estimator(designs):
    """svycontrast(svytotal(~a+b), quote(a/b)) is svyratio(~a, ~b): the same influence values."""
    d = designs["clus1"]
    by_delta = contrast(d.total(["api00", "api99"], covmat=True), "api00 / api99")
    ratio = d.ratio("api00", "api99")
    np.testing.assert_allclose(
        by_delta[["estimate", "se"]].to_numpy(), ratio[["estimate", "se"]].to_numpy(), rtol=1e-10
    )


def test_filtered_and_reordered_rows_keep_their_covariance(designs):
    est = designs["clus1"].mean("api00", by="stype", covmat=True)
    full = vcov(est)
    part = est[est["stype"] != "H"].iloc[::-1]
    assert list(vcov(part).index) == ["M", "E"]
    np.testing.assert_allclose(vcov(part).to_numpy(), full.loc[["M", "E"], ["M", "E"]].to_numpy())
    assert contrast(part, [1, -1])["estimate"].iloc[0] == pytest.approx(
        contrast(est, {"M": 1, "E": -1})["estimate"].iloc[0]
    )
    assert copy.deepcopy(est).attrs["vcov"] is est.attrs["vcov"]  # shared, immutable
    other = designs["clus1"].mean("api00", by="stype", covmat=True)
    assert "vcov" not in pd.concat([est, other]).attrs  # no joint covariance: dropped


def test_contrast_of_contrasts_and_counts(designs):
    est = designs["clus1"].mean("api00", by="stype", covmat=True)
    pair = contrast(est, {"EvM": {"E": 1, "M": -1}, "HvM": {"H": 1, "M": -1}})
    again = contrast(pair, {"EvM": 1, "HvM": -1})
    direct = contrast(est, {"E": 1, "H": -1})
    np.testing.assert_allclose(again[["estimate", "se"]], direct[["estimate", "se"]], rtol=1e-10)
    n = est.set_index("stype")["n"]
    assert pair["n"].tolist() == [min(n["E"], n["M"]), min(n["H"], n["M"])]


def test_estimates_without_covariance_raise(designs):
    with pytest.raises(EstimationError, match="no covariance") as err:
        contrast(designs["clus1"].mean("api00", by="stype"), {"E": 1})
    assert err.value.reason == "no_covariance"
    assert "covmat=True" in str(err.value)
    est = designs["clus1"].mean("api00", by="stype", covmat=True)
    with pytest.raises(EstimationError, match="has no covariance"):
        vcov(est.assign(stype=["e", "h", "m"]))


@pytest.mark.parametrize(
    ("spec", "reason", "match"),
    [
        ({"X": 1}, "unknown_term", "'X', not an estimate"),
        ([1, -1], "bad_shape", "2 weights for 3 estimates"),
        ({"E": np.nan}, "bad_values", "not a finite number"),
        ("E / Q", "unknown_term", "unknown estimate 'Q'"),
        ("pnorm(E)", "bad_formula", "the call 'pnorm\\(E\\)'"),
        ("E if M else H", "bad_formula", "not arithmetic"),
        ("E / (", "bad_formula", "cannot be read"),
        ("__import__('os')", "bad_formula", "the call"),
    ],
)
def test_bad_contrasts_raise(designs, spec, reason, match):
    est = designs["clus1"].mean("api00", by="stype", covmat=True)
    with pytest.raises(EstimationError, match=match) as err:
        contrast(est, spec)
    assert err.value.reason == reason


@pytest.mark.parametrize(
    "name", ["_covariance", "_contrast", "_expression", "_quadform", "_likelihood"]
)
def test_docstring_examples_run(name):
    module = importlib.import_module(f"heroes_research.survey.{name}")
    assert doctest.testmod(module, report=False).failed == 0
