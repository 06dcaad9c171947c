"""svyquantile, svyvar and svyttest against R (goldens/parity.json, goldens/make_parity_goldens.R)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import SurveyDesign

GOLDENS = Path(__file__).parent / "goldens"
PARITY = json.loads((GOLDENS / "parity.json").read_text())
COLUMNS = ("estimate", "se", "ci_low", "ci_high")


def same(result: pd.DataFrame, gold: dict, columns=COLUMNS) -> None:
    for column in columns:
        np.testing.assert_allclose(
            result[column].to_numpy(float), np.atleast_1d(gold[column]), rtol=1e-6, err_msg=column
        )


@pytest.fixture(scope="module")
def jk1(dclus1) -> SurveyDesign:
    return dclus1.to_replicate("JK1")


def test_quantile_intervals_on_linearisation_designs(dclus1, dstrat, api):
    gold = PARITY["quantile"]
    out = dclus1.quantile("api00", [0.25, 0.5, 0.9])
    same(out, gold["mean"])
    assert out["level"].tolist() == [0.25, 0.5, 0.9] and out["n"].tolist() == [183] * 3
    for interval in ("xlogit", "asin", "beta"):
        same(dclus1.quantile("api00", [0.25, 0.5], interval=interval), gold[interval])
    same(dclus1.quantile("api00", 0.5, conf_level=0.9), gold["conf90"])
    same(dstrat.quantile("acs.k3", [0.1, 0.5], na_rm=True), gold["strat_narm"])
    two_stage = SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    same(two_stage.quantile("api00"), gold["twostage"])


def test_quantile_by_domain(dclus1):
    out = dclus1.quantile("api00", 0.5, by="stype")
    same(out, PARITY["quantile"]["by_stype"])
    assert out["stype"].tolist() == ["E", "H", "M"]


def test_quantile_on_replicate_designs(jk1, clus1_boot):
    gold = PARITY["quantile"]
    same(jk1.quantile("api00", [0.25, 0.5], interval="quantile"), gold["jk1_quantile"])
    same(jk1.quantile("api00", 0.5), gold["jk1_mean"])
    same(clus1_boot.quantile("api00", 0.5, interval="quantile"), gold["boot_quantile"])


@pytest.fixture(scope="module")
def clus1_boot(api) -> SurveyDesign:
    data = pd.concat([api["apiclus1"], pd.read_csv(GOLDENS / "replicate_factors.csv")], axis=1)
    return SurveyDesign.from_replicate_weights(
        data,
        weights="pw",
        replicate_weights="^boot",
        type="bootstrap",
        combined_weights=False,
        scale=PARITY["bootstrap"]["scale"],
    )


def test_quantile_bad_input(dclus1):
    for bad in (0.0, 1.0, 1.5, -0.2):
        with pytest.raises(EstimationError, match="strictly between 0 and 1") as err:
            dclus1.quantile("api00", [0.5, bad])
        assert err.value.variable == "quantiles"
    with pytest.raises(EstimationError, match="needs a replicate design"):
        dclus1.quantile("api00", interval="quantile")
    with pytest.raises(EstimationError, match="unknown interval 'score'"):
        dclus1.quantile("api00", interval="score")
    with pytest.raises(EstimationError, match="missing values"):
        dclus1.quantile("acs.k3")
    with pytest.raises(EstimationError, match="must be numeric"):
        dclus1.quantile("stype")


def test_svyvar(dclus1, dstrat, jk1):
    gold = PARITY["svyvar"]
    out = dclus1.var(["api00", "api99"])
    same(out.iloc[[0]], gold["clus1"], ("estimate", "se"))
    same(out.iloc[[1]], gold["clus1_api99"], ("estimate", "se"))
    same(dclus1.var("acs.k3", na_rm=True), gold["narm"], ("estimate", "se"))
    same(dclus1.var("api00", by="stype"), gold["by_stype"], ("estimate", "se"))
    same(jk1.var("api00"), gold["jk1"], ("estimate", "se"))
    same(dstrat.var("api00"), gold["strat"], ("estimate", "se"))


def test_svyvar_needs_two_rows():
    with pytest.raises(EstimationError, match="fewer than two rows"):
        SurveyDesign(pd.DataFrame({"y": [1.0, np.nan]})).var("y", na_rm=True)


@pytest.mark.parametrize(
    ("key", "design", "var", "group"),
    [
        ("two_group", "dclus1", "api00", "sch.wide"),
        ("one_sample", "dclus1", "growth", None),
        ("strat", "dstrat", "api00", "sch_yes"),
        ("jk1", "jk1", "api00", "sch.wide"),
    ],
)
def test_svyttest(request, key, design, var, group):
    gold = PARITY["ttest"][key]
    out = request.getfixturevalue(design).ttest(var, group)
    same(out, gold, ("estimate", "statistic", "p", "ci_low", "ci_high"))
    assert out["df"].iloc[0] == gold["df"]


def test_svyttest_group_must_be_binary(dclus1):
    with pytest.raises(EstimationError, match="exactly two values .* found E, H, M") as err:
        dclus1.ttest("api00", "stype")
    assert err.value.variable == "stype"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_selection_equals_the_full_sort(seed):
    """Large domains find the quantile by selection: the same values as R's sorted rule."""
    from heroes_research.survey._quantile import _Selection, _Sorted

    rng = np.random.default_rng(seed)
    n = 60_000
    x = np.round(rng.normal(size=n), 2)  # many ties
    weights = {
        "equal": np.ones(n),
        "unequal": rng.uniform(0.5, 3, n),
        "skewed": np.where(x > 1, 25.0, 1.0),  # weight far from the unweighted ranks
    }
    for w in weights.values():
        sorted_ = _Sorted.of(x)
        cumw = sorted_.cumulative(w)
        selection = _Selection.of(x, w)
        for p in (0.001, 0.1, 0.25, 0.5, 0.5 + 1e-9, 0.9, 0.999):
            assert selection.quantile(p) == sorted_.quantile(cumw, p)
