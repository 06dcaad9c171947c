"""Means, totals and categorical proportions against R's svymean/svytotal (goldens.json)."""

from __future__ import annotations

import pandas as pd
import pytest

from heroes_research.survey import TIDY_COLUMNS, SurveyDesign


@pytest.fixture(scope="module")
def dsrs(api):
    """R: svydesign(id=~1, weights=~pw, fpc=~fpc, data=apisrs)."""
    return SurveyDesign(api["apisrs"], weights="pw", fpc="fpc")


def test_srs_with_fpc(dsrs, goldens, check):
    gold = goldens["srs"]
    check(
        dsrs.mean("api00", deff=True),
        gold["mean_api00"],
        ("estimate", "se", "ci_low", "ci_high", "deff"),
    )
    check(dsrs.total("enroll", deff=True), gold["total_enroll"], ("estimate", "se", "deff"))
    check(dsrs.mean("stype"), gold["mean_stype"])


def test_fpc_as_sampling_fraction(api, goldens, check):
    data = api["apisrs"].assign(frac=200 / api["apisrs"]["fpc"])
    design = SurveyDesign(data, weights="pw", fpc="frac")
    check(design.mean("api00"), goldens["srs_fraction"]["mean_api00"])


def test_no_weights_means_weight_one(api, goldens, check):
    check(SurveyDesign(api["apisrs"]).total("enroll"), goldens["srs_noweights"]["total_enroll"])


def test_fpc_without_weights_derives_them_as_r(api):
    design = SurveyDesign(api["apisrs"], fpc="fpc")
    assert design.final_weights.iloc[0] == pytest.approx(6194 / 200)


def test_stratified_with_fpc(dstrat, goldens, check):
    gold = goldens["strat"]
    check(
        dstrat.mean("api00", deff=True),
        gold["mean_api00"],
        ("estimate", "se", "ci_low", "ci_high", "deff"),
    )
    check(dstrat.total("enroll", deff=True), gold["total_enroll"], ("estimate", "se", "deff"))
    check(dstrat.mean(["ell", "meals"]), gold["mean_ell_meals"])
    check(dstrat.mean("sch.wide", deff=True), gold["mean_schwide"], ("estimate", "se", "deff"))
    check(dstrat.total("sch.wide"), gold["total_schwide"])


def test_one_stage_cluster(dclus1, goldens, check):
    gold = goldens["clus1"]
    check(
        dclus1.mean("api00", deff=True),
        gold["mean_api00"],
        ("estimate", "se", "ci_low", "ci_high", "deff"),
    )
    check(dclus1.total("enroll", deff=True), gold["total_enroll"], ("estimate", "se", "deff"))
    check(dclus1.total("stype"), gold["total_stype"])
    check(dclus1.mean("stype", deff=True), gold["mean_stype"], ("estimate", "se", "deff"))


def test_published_values(dclus1):
    """The rounded values of the README (the survey package's own documentation)."""
    mean = dclus1.mean("api00").iloc[0]
    assert mean["estimate"] == pytest.approx(644.17, abs=0.005)
    assert mean["se"] == pytest.approx(23.542, abs=0.0005)
    total = dclus1.total("stype")
    assert total.loc[total["level"] == "H", "se"].item() == pytest.approx(158.70, abs=0.005)


def test_one_stage_cluster_without_fpc(api, goldens, check):
    design = SurveyDesign(api["apiclus1"], psu="dnum", weights="pw")
    check(design.mean("api00"), goldens["clus1_nofpc"]["mean_api00"])
    check(design.total("enroll"), goldens["clus1_nofpc"]["total_enroll"])


def test_two_stage_cluster_is_ultimate_cluster(api, goldens, check):
    design = SurveyDesign(api["apiclus2"], psu="dnum", weights="pw")
    check(design.mean("api00"), goldens["clus2"]["mean_api00"])
    check(design.total("enroll", na_rm=True), goldens["clus2"]["total_enroll_narm"])
    check(design.mean("api00", by="stype"), goldens["clus2"]["by_api00_stype"])
    with_fpc = SurveyDesign(api["apiclus2"], psu="dnum", weights="pw", fpc="fpc1")
    check(with_fpc.mean("api00"), goldens["clus2_fpc1"]["mean_api00"])
    check(with_fpc.total("enroll", na_rm=True), goldens["clus2_fpc1"]["total_enroll_narm"])


def test_na_rm_keeps_the_design(dsrs, goldens, check):
    check(dsrs.mean("acs.k3", na_rm=True), goldens["srs"]["mean_acsk3_narm"])


def test_result_shape_and_n(dclus1):
    out = dclus1.mean("stype")
    assert list(out.columns) == list(TIDY_COLUMNS)
    assert (out["variable"] == "stype").all() and out["level"].tolist() == ["E", "H", "M"]
    assert out["n"].tolist() == [183, 183, 183]  # answered
    assert out["n_level"].tolist() == [144, 14, 25]  # giving the level
    assert (out["conf_level"] == 0.95).all() and out["deff"].isna().all()
    numeric = dclus1.mean(["ell", "meals"])
    assert numeric["variable"].tolist() == ["ell", "meals"] and numeric["n"].tolist() == [183, 183]
    assert numeric["level"].isna().all() and numeric["n_level"].isna().all()
    assert isinstance(out.index, pd.RangeIndex)


def test_categorical_keeps_category_order(api):
    data = api["apiclus1"].assign(stype=pd.Categorical(api["apiclus1"]["stype"], ["M", "H", "E"]))
    out = SurveyDesign(data, psu="dnum", weights="pw").mean("stype")
    assert out["level"].tolist() == ["M", "H", "E"]
