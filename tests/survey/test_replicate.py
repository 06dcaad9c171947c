"""Replicate-weight designs against R's as.svrepdesign / svrepdesign / withReplicates.

Goldens: goldens/parity.json and goldens/replicate_factors.csv (the bootstrap and
JK1 factors R drew), made by goldens/make_parity_goldens.R.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import DesignError
from heroes_research.survey import SurveyDesign

GOLDENS = Path(__file__).parent / "goldens"
PARITY = json.loads((GOLDENS / "parity.json").read_text())
RTOL = 1e-6


def same(result: pd.DataFrame, gold: dict, columns=("estimate", "se", "ci_low", "ci_high")) -> None:
    for column in columns:
        expected = np.atleast_1d(gold[column])
        if expected.size:
            np.testing.assert_allclose(
                result[column].to_numpy(float), expected, rtol=RTOL, atol=1e-9, err_msg=column
            )


def check_set(design: SurveyDesign, gold: dict) -> None:
    """Every estimator of the package on the replicate design equals R's."""
    same(design.mean("api00"), gold["mean_api00"])
    same(design.total("enroll"), gold["total_enroll"])
    same(design.mean("stype"), gold["mean_stype"])
    same(design.ratio("api00", "api99"), gold["ratio"], ("estimate", "se"))
    same(design.mean("api00", by="stype"), gold["by_stype"], ("estimate", "se"))
    for formula, family, key in (
        ("api00 ~ ell + meals", "gaussian", "glm_gaussian"),
        ("sch_yes ~ ell + meals", "binomial", "glm_binomial"),
    ):
        same(design.glm(formula, family), gold[key], ("estimate", "se", "p"))
    assert design.degrees_of_freedom == gold["degf"]


@pytest.fixture(scope="module")
def pairs(api) -> SurveyDesign:
    """R: svydesign(id=~pair, strata=~stype, weights=~pw, data=apistrat), two PSUs per stratum."""
    data = api["apistrat"].copy()
    parity = data.groupby("stype").cumcount().add(1) % 2
    data["pair"] = data["stype"] + parity.astype(str)
    return SurveyDesign(data, strata="stype", psu="pair", weights="pw")


@pytest.fixture(scope="module")
def clus1_factors(api) -> pd.DataFrame:
    factors = pd.read_csv(GOLDENS / "replicate_factors.csv")
    return pd.concat([api["apiclus1"], factors], axis=1)


def test_jk1_from_cluster_design(dclus1):
    check_set(dclus1.to_replicate("JK1"), PARITY["jk1"])
    same(dclus1.to_replicate("JK1", mse=True).mean("api00"), PARITY["jk1"]["mse_mean_api00"])
    gold = PARITY["jk1"]["glm_narm"]
    model = dclus1.to_replicate("JK1").model("`acs.k3` ~ meals", na_rm=True)
    same(model.coefficients(), gold, ("estimate", "se", "p"))
    assert model.df_residual == gold["df_residual"]


def test_jkn_on_stratified_design_with_fpc(dstrat):
    check_set(dstrat.to_replicate("JKn"), PARITY["jkn"])


def test_brr_and_fay(pairs):
    check_set(pairs.to_replicate("BRR"), PARITY["brr"])
    fay = pairs.to_replicate("Fay", rho=0.3)
    check_set(fay, PARITY["fay"])
    in_r_order = pd.unique(fay._layout.psu)  # R lists PSUs in order of first appearance
    np.testing.assert_allclose(fay._layout.replicates.factors[in_r_order], PARITY["fay"]["factors"])
    assert "Fay replicates, rho 0.3" in repr(fay)


def test_bootstrap_with_r_factors(clus1_factors):
    boot = SurveyDesign.from_replicate_weights(
        clus1_factors,
        weights="pw",
        replicate_weights="^boot",
        type="bootstrap",
        combined_weights=False,
        scale=PARITY["bootstrap"]["scale"],
    )
    check_set(boot, PARITY["bootstrap"])
    default_scale = SurveyDesign.from_replicate_weights(
        clus1_factors,
        weights="pw",
        replicate_weights="^boot",
        type="bootstrap",
        combined_weights=False,
    )
    check_set(default_scale, PARITY["bootstrap_svrep"])


def test_bootstrap_draw_is_seeded_and_sensible(dclus1):
    one = dclus1.to_replicate("bootstrap", replicates=200, seed=1)
    two = dclus1.to_replicate("bootstrap", replicates=200, seed=1)
    np.testing.assert_array_equal(one.replicate_weights, two.replicate_weights)
    linearised = dclus1.mean("api00")["se"].iloc[0]
    assert one.mean("api00")["se"].iloc[0] == pytest.approx(linearised, rel=0.25)


def test_ess_style_published_combined_weights(clus1_factors):
    data = clus1_factors.copy()
    jk = [c for c in data.columns if c.startswith("jk")]
    data[jk] = data[jk].mul(data["pw"], axis=0)  # published files carry whole weights
    ess = SurveyDesign.from_replicate_weights(
        data, weights="pw", replicate_weights=jk, type="JK1", scale=PARITY["ess"]["scale"], mse=True
    )
    check_set(ess, PARITY["ess"])


def test_with_replicates(dclus1):
    design = dclus1.to_replicate("JK1")

    def statistic(w: np.ndarray, data: pd.DataFrame) -> pd.Series:
        return pd.Series(
            {"ratio": w @ data["api00"] / (w @ data["api99"]), "enroll": w @ data["enroll"]}
        )

    out = design.with_replicates(statistic)
    same(out, PARITY["with_replicates"], ("estimate", "se"))
    assert out["variable"].tolist() == ["ratio", "enroll"]


def test_replicate_weights_are_r_analysis_weights(dclus1, clus1_factors):
    weights = dclus1.to_replicate("JK1").replicate_weights
    expected = clus1_factors.filter(regex="^jk").mul(clus1_factors["pw"], axis=0)
    np.testing.assert_allclose(weights.to_numpy(), expected.to_numpy(), rtol=1e-12)


# ---------------------------------------------------------------------- bad input
@pytest.fixture
def small() -> pd.DataFrame:
    return pd.DataFrame(
        {"y": [1.0, 2, 3, 4], "w": [1.0, 1, 1, 1], "r1": [0.0, 2, 1, 1], "r2": [2.0, 0, 1, 1]},
        index=["a", "b", "c", "d"],
    )


@pytest.mark.parametrize("bad", [np.nan, -1.0])
def test_bad_replicate_weights_name_column_and_rows(small, bad):
    small.loc["c", "r2"] = bad
    with pytest.raises(DesignError, match="finite and non-negative") as err:
        SurveyDesign.from_replicate_weights(
            small, weights="w", replicate_weights=["r1", "r2"], type="bootstrap"
        )
    assert err.value.variable == "r2" and err.value.rows == ["c"]


@pytest.mark.parametrize("rho", [None, 1.0, -0.1])
def test_fay_rho_outside_unit_interval(small, rho):
    with pytest.raises(DesignError, match=r"rho must be in \[0, 1\)") as err:
        SurveyDesign.from_replicate_weights(
            small, weights="w", replicate_weights="^r", type="Fay", rho=rho
        )
    assert err.value.variable == "rho"


def test_replicate_input_errors(small, dstrat, dclus1):
    with pytest.raises(DesignError, match="needs|are needed"):
        SurveyDesign.from_replicate_weights(small, weights="w", replicate_weights="^r", type="JKn")
    with pytest.raises(DesignError, match="no column name matches"):
        SurveyDesign.from_replicate_weights(small, weights="w", replicate_weights="^x", type="BRR")
    with pytest.raises(DesignError, match="rscales has 3 values for 2 replicates"):
        SurveyDesign.from_replicate_weights(
            small, weights="w", replicate_weights="^r", type="JKn", rscales=[1, 1, 1]
        )
    with pytest.raises(DesignError, match="unknown type 'jackknife'"):
        dclus1.to_replicate("jackknife")
    with pytest.raises(DesignError, match="stratified"):
        dstrat.to_replicate("JK1")
    with pytest.raises(DesignError, match=r"stratum E \(100 PSUs\)"):
        with pytest.warns(RuntimeWarning, match="finite population correction is dropped"):
            dstrat.to_replicate("BRR")
    with pytest.raises(DesignError, match="no replicate weights"):
        dclus1.with_replicates(lambda w, d: 1.0)
    with pytest.warns(RuntimeWarning, match="scale"):
        SurveyDesign.from_replicate_weights(small, weights="w", replicate_weights="^r", type="JK1")
    many = SurveyDesign(pd.DataFrame({"y": np.arange(10_001.0)}))
    with pytest.raises(DesignError, match="10,001 replicates"):
        many.to_replicate("JK1")
