"""svyglm: gaussian and quasibinomial with sandwich SEs and residual design df."""

from __future__ import annotations

import pytest

from heroes_research.survey import SurveyDesign

COLUMNS = ("estimate", "se", "ci_low", "ci_high", "p")
TERMS = {"(Intercept)": "Intercept", "stypeH": "stype[T.H]", "stypeM": "stype[T.M]"}


def _names(gold: dict) -> list[str]:
    return [TERMS.get(n, n) for n in gold["names"]]


@pytest.mark.parametrize(
    ("key", "formula", "family"),
    [
        ("glm_gaussian", "api00 ~ ell + meals", "gaussian"),
        ("glm_gaussian_stype", "api00 ~ ell + meals + stype", "gaussian"),
        ("glm_binomial", "sch_yes ~ ell + meals + stype", "binomial"),
    ],
)
def test_cluster_glm(key, formula, family, dclus1, goldens, check):
    gold = goldens["clus1"][key]
    out = dclus1.glm(formula, family)
    assert out["variable"].tolist() == _names(gold)
    check(out, gold, COLUMNS, names=list(gold["names"]))


def test_stratified_binomial(dstrat, goldens, check):
    gold = goldens["strat"]["glm_binomial"]
    check(
        dstrat.glm("sch_yes ~ ell + meals + mobility", "binomial"),
        gold,
        COLUMNS,
        names=gold["names"],
    )


def test_missing_values_dropped_when_asked(dclus1, goldens, check):
    gold = goldens["clus1"]["glm_gaussian_narm"]
    out = dclus1.glm("api00 ~ ell + `avg.ed`", na_rm=True)
    check(out, gold, COLUMNS, names=gold["names"])
    assert out["variable"].tolist() == ["Intercept", "ell", "avg.ed"]
    assert (out["n"] == 157).all()


def test_without_fpc(api, goldens, check):
    gold = goldens["clus1_nofpc"]["glm_gaussian"]
    design = SurveyDesign(api["apiclus1"], psu="dnum", weights="pw")
    check(design.glm("api00 ~ ell + meals"), gold, COLUMNS, names=gold["names"])
