"""Post-stratification and raking: weights and calibration-aware SEs (postStratify, rake)."""

from __future__ import annotations

import numpy as np
import pytest

POP_TYPES = {"E": 4421, "H": 755, "M": 1018}
POP_SCHWIDE = {"No": 1072, "Yes": 5122}
GLM = ("estimate", "se", "ci_low", "ci_high", "p")


@pytest.fixture(scope="module")
def dps(dclus1):
    return dclus1.poststratify("stype", POP_TYPES)


@pytest.fixture(scope="module")
def drake(dclus1):
    return dclus1.rake({"stype": POP_TYPES, "sch.wide": POP_SCHWIDE})


def test_poststratify(dps, goldens, check):
    gold = goldens["poststrat"]
    np.testing.assert_allclose(dps.final_weights, gold["weights"], rtol=1e-12)
    check(dps.mean("api00"), gold["mean_api00"])
    check(dps.total("enroll"), gold["total_enroll"])
    check(dps.total("stype"), gold["total_stype"], ("estimate",))
    check(dps.mean("api00", by="sch.wide"), gold["by_api00_schwide"])
    check(
        dps.glm("api00 ~ ell + meals"),
        gold["glm_gaussian"],
        GLM,
        names=gold["glm_gaussian"]["names"],
    )


def test_rake(drake, goldens, check):
    gold = goldens["rake"]
    np.testing.assert_allclose(drake.final_weights, gold["weights"], rtol=1e-12)
    check(drake.mean("api00"), gold["mean_api00"])
    check(drake.total("enroll"), gold["total_enroll"])
    # Raked on sch.wide: its SE is numerically zero in R too (~1.9e-13).
    check(drake.mean("sch.wide"), gold["mean_schwide"], atol=1e-10)
    check(drake.mean("api00", by="stype"), gold["by_api00_stype"])
    check(drake.ratio("api.stu", "enroll"), gold["ratio"])
    table = drake.crosstab("stype", "awards")
    names = [f"interaction(stype, awards){r}.{c}" for r, c in zip(table["stype"], table["awards"], strict=True)]
    check(table, gold["crosstab_stype_awards"], names=names)
    check(drake.chisq("stype", "awards"), gold["chisq_stype_awards"], ("F", "ndf", "ddf", "p"))
    check(
        drake.glm("api00 ~ ell + meals"),
        gold["glm_gaussian"],
        GLM,
        names=gold["glm_gaussian"]["names"],
    )


def test_published_rake_value(drake):
    out = drake.mean("api00").iloc[0]
    assert out["estimate"] == pytest.approx(641.23, abs=0.005)
    assert out["se"] == pytest.approx(23.704, abs=0.0005)


def test_calibration_returns_new_designs(api, dclus1, dps, drake):
    np.testing.assert_array_equal(dclus1.final_weights, api["apiclus1"]["pw"])
    assert dps is not dclus1 and not dclus1._calibration
    assert dps.total("stype")["estimate"].tolist() == pytest.approx(list(POP_TYPES.values()))
    assert "raked on 'stype', 'sch.wide'" in repr(drake)


def test_rake_warns_when_not_converged(dclus1):
    with pytest.warns(RuntimeWarning, match="did not converge"):
        dclus1.rake({"stype": POP_TYPES, "sch.wide": POP_SCHWIDE}, maxit=1, epsilon=1e-12)
