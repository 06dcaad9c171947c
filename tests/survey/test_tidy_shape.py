"""Every estimator returns the one tidy estimate shape; by takes a list; bad arguments are named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import TIDY_COLUMNS, SurveyDesign, by_columns


@pytest.mark.parametrize(
    "call",
    [
        lambda d: d.mean("api00", by="stype"),
        lambda d: d.total("stype", by="awards"),
        lambda d: d.ratio("api.stu", "enroll", by="stype"),
        lambda d: d.proportion_ci("sch.wide", "Yes", by="stype"),
        lambda d: d.mean(["ell", "meals"]),
    ],
)
def test_flat_frame_with_by_columns_first(call, dclus1):
    out = call(dclus1)
    assert isinstance(out.index, pd.RangeIndex)
    assert list(out.columns) == [*by_columns(out), *TIDY_COLUMNS]
    assert out["n"].dtype == "Int64" and out["n_level"].dtype == "Int64"


def test_glm_terms_are_tidy_with_p(dclus1):
    out = dclus1.glm("api00 ~ ell", conf_level=0.9)
    assert list(out.columns) == [*TIDY_COLUMNS, "p"]
    assert out["variable"].tolist() == ["Intercept", "ell"] and (out["conf_level"] == 0.9).all()


def test_two_by_variables_equal_one_glued_domain(api):
    """R's svyby(~stype+awards): the same estimates as a domain pasted from both."""
    data = api["apiclus1"].assign(glued=api["apiclus1"]["stype"] + "|" + api["apiclus1"]["awards"])
    design = SurveyDesign(data, psu="dnum", weights="pw", fpc="fpc")
    two = design.mean("sch.wide", by=["stype", "awards"])
    one = design.mean("sch.wide", by="glued")
    assert list(two.columns[:2]) == ["stype", "awards"]
    assert (two["stype"] + "|" + two["awards"]).tolist() == one["glued"].tolist()
    for column in ("estimate", "se", "n", "n_level"):
        np.testing.assert_allclose(two[column].to_numpy(float), one[column].to_numpy(float), rtol=1e-12)
    with pytest.warns(RuntimeWarning, match=r"\(stype, awards\)=\('E', 'Yes'\)"):
        ci = design.proportion_ci("sch.wide", "Yes", by=["stype", "awards"])
    assert len(ci) == len(design.data[["stype", "awards"]].drop_duplicates())


def test_by_keeps_category_order_and_observed_combinations_only():
    data = pd.DataFrame({
        "country": pd.Categorical(["ES", "ES", "AT", "AT", "AT"], categories=["AT", "ES", "FR"]),
        "sector": ["police", "ngo", "police", "police", "ngo"],
        "y": [1.0, 2, 3, 4, 5],
    })
    out = SurveyDesign(data).mean("y", by=["country", "sector"])
    assert out[["country", "sector"]].values.tolist() == [
        ["AT", "ngo"], ["AT", "police"], ["ES", "ngo"], ["ES", "police"]]
    assert isinstance(out["country"].dtype, pd.CategoricalDtype)
    assert out["n"].tolist() == [1, 2, 1, 1]


def test_n_counts_answered_and_n_level_the_level():
    data = pd.DataFrame({"g": ["a", "a", "b", None, "a"], "d": ["x", "x", "x", "x", "y"]})
    design = SurveyDesign(data)
    shares = design.mean("g", by="d", na_rm=True)
    assert shares["n"].tolist() == [3, 3, 1, 1]
    assert shares["n_level"].tolist() == [2, 1, 1, 0]
    with pytest.warns(RuntimeWarning, match="d='y': a single PSU"):
        ci = design.proportion_ci("g", "a", by="d", na_rm=True)
    assert ci["n"].tolist() == [3, 1] and ci["n_level"].tolist() == [2, 1]


@pytest.mark.parametrize("bad", [0, 1, 95, -0.5, np.nan, "high"])
def test_conf_level_outside_zero_one(bad, dclus1):
    for call in (
        lambda: dclus1.mean("api00", conf_level=bad),
        lambda: dclus1.proportion_ci("sch.wide", "Yes", conf_level=bad),
        lambda: dclus1.ratio("api.stu", "enroll", conf_level=bad),
        lambda: dclus1.crosstab("stype", "sch.wide", conf_level=bad),
        lambda: dclus1.glm("api00 ~ ell", conf_level=bad),
    ):
        with pytest.raises(EstimationError, match="conf_level=.* between 0 and 1") as err:
            call()
        assert err.value.variable == "conf_level" and "0.95" in err.value.hint


def test_unknown_by_variable_names_it_and_the_fix(dclus1):
    with pytest.raises(EstimationError, match="by variable 'Stype' is not in the design's data") as err:
        dclus1.mean("api00", by=["Stype"])
    assert err.value.variable == "Stype" and "by='stype'" in err.value.hint


def test_all_missing_by_variable(api):
    data = api["apiclus1"].assign(region=np.nan)
    design = SurveyDesign(data, psu="dnum", weights="pw")
    with pytest.raises(EstimationError, match="by variable 'region' has no value") as err:
        design.mean("api00", by=["stype", "region"])
    assert err.value.variable == "region" and err.value.reason == "all_missing"


@pytest.mark.parametrize("bad", [[], ["stype", "stype"], [1]])
def test_malformed_by(bad, dclus1):
    with pytest.raises(EstimationError, match="by=") as err:
        dclus1.mean("api00", by=bad)
    assert err.value.variable == "by"


def test_mean_of_a_zero_one_variable_reports_its_count_of_ones():
    """The mean of a 0/1 variable is a share: n_level carries its numerator, for disclosure control."""
    frame = pd.DataFrame({"yes": [1.0, 0.0, 1.0, np.nan, 1.0, 0.0], "score": [1.0, 2, 3, 4, 5, 6],
                          "g": ["a", "a", "a", "b", "b", "b"]})
    out = SurveyDesign(frame).mean(["yes", "score"], by="g", na_rm=True)
    yes, score = out[out["variable"] == "yes"], out[out["variable"] == "score"]
    assert yes["n_level"].tolist() == [2, 1] and yes["n"].tolist() == [3, 2]
    assert score["n_level"].isna().all()


def test_a_zero_one_mean_with_a_small_count_is_withheld():
    from heroes_research.disclosure import protect_estimates

    frame = pd.DataFrame({"yes": [1.0] * 3 + [0.0] * 17 + [1.0] * 10 + [0.0] * 10, "g": ["a"] * 20 + ["b"] * 20})
    out = protect_estimates(SurveyDesign(frame).mean("yes", by="g"), min_count=5)
    assert out["suppressed"].tolist() == [True, False]  # a: 3 of 20 said yes
