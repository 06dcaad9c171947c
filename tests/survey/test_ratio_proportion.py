"""Ratios (svyratio) and proportion intervals (svyciprop)."""

from __future__ import annotations

import pytest


def test_ratio(dclus1, dstrat, goldens, check):
    check(dclus1.ratio("api.stu", "enroll"), goldens["clus1"]["ratio"])
    check(dstrat.ratio("api.stu", "enroll"), goldens["strat"]["ratio"])
    out = dclus1.ratio("api.stu", "enroll")
    assert out["variable"].tolist() == ["api.stu/enroll"] and out["n"].iloc[0] == 183
    assert out["level"].isna().all() and out["n_level"].isna().all()


def test_ratio_by_domain(dclus1, goldens, check):
    check(dclus1.ratio("api.stu", "enroll", by="stype"), goldens["clus1"]["by_ratio_stype"])


@pytest.mark.parametrize("method", ["logit", "beta"])
def test_proportion_ci(method, dclus1, dstrat, goldens, check):
    check(dclus1.proportion_ci("stype", "E", method), goldens["clus1"][f"ciprop_{method}"])
    check(dstrat.proportion_ci("sch.wide", "Yes", method), goldens["strat"][f"ciprop_{method}"])


def test_proportion_ci_level(dclus1, goldens, check):
    check(dclus1.proportion_ci("stype", "H", conf_level=0.9), goldens["clus1"]["ciprop_logit90"])


def test_proportion_of_numeric_indicator(dclus1):
    by_level = dclus1.proportion_ci("sch.wide", "Yes")
    by_code = dclus1.proportion_ci("sch_yes", 1)
    assert by_code["estimate"].iloc[0] == pytest.approx(by_level["estimate"].iloc[0], rel=1e-12)
    assert by_code["ci_low"].iloc[0] == pytest.approx(by_level["ci_low"].iloc[0], rel=1e-12)
