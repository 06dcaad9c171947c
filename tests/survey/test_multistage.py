"""Multistage designs with an fpc at every stage against R's svydesign(id=~dnum+snum, fpc=~fpc1+fpc2).

Goldens: goldens/parity.json, made by goldens/make_parity_goldens.R. Results are
compared column by column, so the tests hold for any row index of the estimators.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import DesignError
from heroes_research.survey import SurveyDesign

PARITY = json.loads((Path(__file__).parent / "goldens" / "parity.json").read_text())
RTOL = 1e-6


def same(result: pd.DataFrame, gold: dict, columns=("estimate", "se", "ci_low", "ci_high")) -> None:
    for column in columns:
        np.testing.assert_allclose(
            result[column].to_numpy(float), np.atleast_1d(gold[column]), rtol=RTOL, err_msg=column
        )


@pytest.fixture(scope="module")
def two_stage(api) -> SurveyDesign:
    """R: svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, data=apiclus2)."""
    return SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])


def test_two_stage_fpc_matches_r(two_stage, api):
    gold = PARITY["twostage"]
    same(two_stage.mean("api00"), gold["mean_api00"])
    same(two_stage.total("enroll", na_rm=True), gold["total_enroll"])
    same(two_stage.mean("stype"), gold["mean_stype"])
    same(two_stage.mean("api00", by="stype"), gold["by_stype"], ("estimate", "se"))
    np.testing.assert_allclose(two_stage.final_weights, gold["weights"], rtol=1e-12)
    weighted = SurveyDesign(
        api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2"], weights="pw"
    )
    same(weighted.mean("api00"), gold["mean_api00_weights"])
    assert "2 stages" in repr(two_stage) and "'fpc1' + 'fpc2'" in repr(two_stage)


def test_first_stage_fpc_only_is_ultimate_cluster(api):
    one = SurveyDesign(api["apiclus2"], psu="dnum", fpc="fpc1")
    both = SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc="fpc1")
    assert both.mean("api00")["se"].iloc[0] == pytest.approx(one.mean("api00")["se"].iloc[0])


def test_second_stage_fpc_below_sample_names_the_unit(api):
    data = api["apiclus2"].copy()
    district = data["dnum"].value_counts().index[0]  # a district with several sampled schools
    data.loc[data["dnum"] == district, "fpc2"] = 2
    with pytest.raises(
        DesignError, match=f"smaller than the sample in 'dnum' unit {district}: 2 <"
    ):
        SurveyDesign(data, psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])


def test_second_stage_fpc_varying_within_unit(api):
    data = api["apiclus2"].copy()
    district = data["dnum"].value_counts().index[0]
    rows = data.index[data["dnum"] == district]
    data.loc[rows[0], "fpc2"] = data.loc[rows[0], "fpc2"] + 10
    with pytest.raises(DesignError, match="fpc differs within a 'dnum' unit") as err:
        SurveyDesign(data, psu=["dnum", "snum"], fpc=["fpc1", "fpc2"])
    assert err.value.variable == "fpc2"


def test_fpc_columns_must_match_stages(api):
    with pytest.raises(DesignError, match="3 fpc columns for 2 sampling stages"):
        SurveyDesign(api["apiclus2"], psu=["dnum", "snum"], fpc=["fpc1", "fpc2", "fpc2"])


def test_psu_ids_reused_across_strata_need_nest():
    data = pd.DataFrame(
        {"y": [1.0, 2, 3, 4, 5, 6, 7, 8], "s": list("aaaabbbb"), "p": [1, 1, 2, 2, 1, 1, 2, 2]}
    )
    with pytest.raises(
        DesignError, match=r"PSU id\(s\) 1, 2 occur in more than one stratum"
    ) as err:
        SurveyDesign(data, strata="s", psu="p")
    assert err.value.variable == "p" and "nest=True" in str(err.value)
    nested = SurveyDesign(data, strata="s", psu="p", nest=True)
    assert nested.degrees_of_freedom == 2


def test_replicates_drop_later_stage_fpc_with_a_warning(two_stage):
    with pytest.warns(RuntimeWarning, match="after the first stage are dropped"):
        replicate = two_stage.to_replicate("JK1")
    assert replicate.is_replicate
