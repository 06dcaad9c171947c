"""svyglm poisson/quasipoisson, aliasing, unused levels, predict, regTermTest and svycontrast vs R."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import SurveyDesign

MODELS = json.loads((Path(__file__).parent / "goldens" / "parity.json").read_text())["models"]


def close(actual, expected) -> None:
    np.testing.assert_allclose(np.asarray(actual, float), np.atleast_1d(expected), rtol=1e-6)


def same_table(frame: pd.DataFrame, gold: dict) -> None:
    close(frame["estimate"], gold["estimate"])
    close(frame["se"], gold["se"])
    close(frame["p"], gold["p"])


@pytest.fixture(scope="module")
def clus1(api) -> SurveyDesign:
    data = api["apiclus1"].assign(em=api["apiclus1"]["ell"] + api["apiclus1"]["meals"])
    data["stypex"] = pd.Categorical(data["stype"], categories=["E", "H", "M", "X"])
    return SurveyDesign(data, psu="dnum", weights="pw", fpc="fpc")


@pytest.fixture(scope="module")
def quasipoisson(clus1):
    return clus1.model("enroll ~ stype + meals", "quasipoisson")


def test_poisson_and_quasipoisson(clus1, quasipoisson, dstrat):
    same_table(quasipoisson.coefficients(), MODELS["quasipoisson"])
    assert quasipoisson.df_residual == MODELS["quasipoisson"]["df_residual"]
    same_table(clus1.glm("enroll ~ stype + meals", "quasipoisson"), MODELS["quasipoisson"])
    same_table(dstrat.glm("enroll ~ ell + meals", "poisson"), MODELS["poisson_strat"])
    jk1 = clus1.to_replicate("JK1")
    same_table(jk1.glm("enroll ~ stype + meals", "poisson"), MODELS["poisson_jk1"])


def test_aliased_term_is_nan_as_r(clus1):
    gold = MODELS["aliased"]
    table = clus1.model("api00 ~ ell + meals + em").coefficients()
    same_table(table.iloc[:3], gold)
    assert np.isnan(table["estimate"].iloc[3]) and np.isnan(table["se"].iloc[3])
    assert table["variable"].iloc[3] == "em"
    assert clus1.model("api00 ~ ell + meals + em").df_residual == gold["df_residual"]


def test_unused_factor_levels_are_dropped(clus1):
    table = clus1.model("api00 ~ stypex").coefficients()
    same_table(table, MODELS["unused_level"])
    assert len(table) == 3


def test_predict(quasipoisson):
    newdata = pd.DataFrame({"stype": ["E", "H", "M"], "meals": [20.0, 80, 50]})
    for kind in ("link", "response"):
        out = quasipoisson.predict(newdata, kind)
        close(out["estimate"], MODELS[f"predict_{kind}"]["estimate"])
        close(out["se"], MODELS[f"predict_{kind}"]["se"])
    with pytest.raises(EstimationError, match="unknown type 'terms'"):
        quasipoisson.predict(newdata, "terms")
    with pytest.raises(EstimationError, match="cannot be encoded"):
        quasipoisson.predict(newdata.drop(columns="meals"))


def test_wald_tests_of_terms(clus1, quasipoisson):
    interaction = clus1.model("api00 ~ stype * meals + ell")
    cases = [
        (quasipoisson.wald_test("stype"), "wald_stype"),
        (interaction.wald_test("meals:stype"), "wald_interaction"),
        (interaction.wald_test(["stype", "stype:meals"]), "wald_two_terms"),
        (quasipoisson.wald_test("stype", df=np.inf), "wald_chisq"),
    ]
    for result, key in cases:
        gold = MODELS[key]
        close(result["statistic"], gold["statistic"])
        close(result["p"], gold["p"])
        assert result["ndf"].iloc[0] == gold["ndf"]
    with pytest.raises(EstimationError, match="'region' not in the model") as err:
        quasipoisson.wald_test("region")
    assert "stype" in str(err.value)


def test_contrast(quasipoisson):
    out = quasipoisson.contrast({"stype[T.H]": 1, "stype[T.M]": -1}, name="H - M")
    gold = MODELS["contrast"]
    for column in ("estimate", "se", "ci_low", "ci_high"):
        close(out[column], gold[column])
    assert out["variable"].tolist() == ["H - M"]
    with pytest.raises(EstimationError, match="'stypeH' not in the model"):
        quasipoisson.contrast({"stypeH": 1})


def test_model_bad_input(clus1):
    with pytest.raises(EstimationError, match="must not be negative"):
        clus1.model("growth ~ meals", "poisson")
    with pytest.raises(EstimationError, match="unknown family"):
        clus1.model("api00 ~ meals", "gamma")
