"""Proportion intervals by domain (R's svyby(..., svyciprop)) and at shares of 0 or 1."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import TIDY_COLUMNS, SurveyDesign, by_columns
from heroes_research.survey._variance import degrees_of_freedom, domain_degrees_of_freedom

METHODS = ["logit", "beta"]
# R's logit at a share of 0 is a non-converged glm: its "point" is expit(-26) ~ 1e-11.
EDGE_ATOL = 1e-10


def domain_names(result: pd.DataFrame) -> list[str]:
    """svyby's row names: the domain levels."""
    return [str(d) for d in result[by_columns(result)[0]]]


@pytest.fixture(scope="module")
def dclus1_na(api) -> SurveyDesign:
    """R: apiclus1 with sch.wide missing in rows 4 and 8 (make_goldens.R's apiclus1_na)."""
    data = api["apiclus1"].copy()
    data.loc[[3, 7], "sch.wide"] = None
    return SurveyDesign(data, psu="dnum", weights="pw", fpc="fpc")


@pytest.fixture(scope="module")
def dps(dclus1) -> SurveyDesign:
    return dclus1.poststratify("stype", {"E": 4421, "H": 755, "M": 1018})


@pytest.mark.parametrize("method", METHODS)
def test_by_domain_matches_r(method, dclus1, dstrat, dclus1_na, dps, goldens, check):
    gold = goldens["ciprop_by"][method]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no domain here is degenerate: no warning
        cases = {
            "clus1_schwide_stype": dclus1.proportion_ci("sch.wide", "Yes", method, by="stype"),
            "strat_schwide_stype": dstrat.proportion_ci("sch.wide", "Yes", method, by="stype"),
            "strat_schwide_yrrnd90": dstrat.proportion_ci(
                "sch.wide", "Yes", method, by="yr.rnd", conf_level=0.9
            ),
            "clus1_na_schwide_stype": dclus1_na.proportion_ci(
                "sch.wide", "Yes", method, by="stype", na_rm=True
            ),
            # calibrated: R keeps every row, so the beta interval uses nrow = 183
            "poststrat_schwide_stype": dps.proportion_ci("sch.wide", "Yes", method, by="stype"),
        }
    for name, result in cases.items():
        check(result, gold[name], names=domain_names(result))


def test_by_domain_frame(dclus1):
    out = dclus1.proportion_ci("sch.wide", "Yes", by="stype")
    assert list(out.columns) == ["stype", *TIDY_COLUMNS]
    assert out["stype"].tolist() == ["E", "H", "M"]
    assert (out["variable"] == "sch.wide").all() and (out["level"] == "Yes").all()
    assert out["n"].tolist() == [144, 14, 25]  # answered, in the domain
    assert out["n_level"].tolist() == [132, 11, 17]  # answered "Yes"
    means = dclus1.mean("sch.wide", by="stype").query("level == 'Yes'").reset_index(drop=True)
    np.testing.assert_allclose(out["estimate"], means["estimate"], rtol=1e-12)
    np.testing.assert_allclose(out["se"], means["se"], rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("level", ["yes", "no"])
def test_share_zero_or_one_in_some_domains(method, level, dclus1, goldens, check):
    """No high or middle school is year-round: their share is 0 (Yes) or 1 (No)."""
    with pytest.warns(RuntimeWarning, match="stype='H', 'M': share 0 or 1") as record:
        out = dclus1.proportion_ci("yr.rnd", level.capitalize(), method, by="stype")
    assert len(record) == 1
    gold = goldens["ciprop_by"][method][f"clus1_yrrnd_{level}_stype"]
    check(out, gold, names=domain_names(out), atol=EDGE_ATOL)
    limits = out.set_index("stype")[["ci_low", "ci_high"]]
    assert np.isfinite(limits.loc["E"].to_numpy(float)).all()
    if method == "beta":
        assert limits.loc[["H", "M"]].isna().all().all()


@pytest.mark.parametrize("method", METHODS)
def test_share_zero_overall(method, dclus1, goldens, check):
    with pytest.warns(RuntimeWarning, match="the whole sample: share 0 or 1 with SE 0"):
        out = dclus1.proportion_ci("sch_yes", 2, method)
    check(out, goldens["ciprop_by"][method]["clus1_zero"], atol=EDGE_ATOL)
    assert out["estimate"].iloc[0] == 0 and out["n_level"].iloc[0] == 0 and out["n"].iloc[0] == 183


@pytest.mark.parametrize("method", METHODS)
def test_share_one_in_a_small_design(method):
    data = pd.DataFrame({"k": ["a"] * 4, "s": ["u", "u", "v", "v"]})
    with pytest.warns(RuntimeWarning, match="share 0 or 1"):
        out = SurveyDesign(data, strata="s").proportion_ci("k", "a", method)
    expected = [1.0, 1.0] if method == "logit" else [np.nan, np.nan]  # as R (see goldens above)
    np.testing.assert_array_equal(out[["ci_low", "ci_high"]].iloc[0], expected)


@pytest.mark.parametrize("method", METHODS)
def test_single_psu_domains_have_no_interval(method, dclus1, goldens, check):
    """Each district is one PSU: the domain designs have 0 degrees of freedom (R: NaN)."""
    with pytest.warns(RuntimeWarning, match=r"dnum=61, 135, .* and 5 more: a single PSU"):
        out = dclus1.proportion_ci("sch.wide", "Yes", method, by="dnum")
    check(
        out,
        goldens["ciprop_by"][method]["clus1_schwide_dnum"],
        names=domain_names(out),
        atol=EDGE_ATOL,
    )
    assert out[["ci_low", "ci_high"]].isna().all().all()


@pytest.mark.parametrize(
    ("design_kwargs", "by"),
    [
        ({"psu": "dnum", "strata": "cname", "weights": "pw", "lonely_psu": "adjust"}, "stype"),
        ({"strata": "stype", "weights": "pw"}, "awards"),
        ({"psu": "dnum", "weights": "pw"}, "cname"),
    ],
)
def test_domain_degrees_of_freedom(design_kwargs, by, api):
    """The one-sort count equals degf of each domain's rows (R's degf(design[by == d, ]))."""
    data = api["apistrat"]
    design = SurveyDesign(data, **design_kwargs)
    codes, levels = pd.factorize(data[by], sort=True)
    got = domain_degrees_of_freedom(design._layout, codes, len(levels))
    expected = [degrees_of_freedom(design._layout, codes == d) for d in range(len(levels))]
    assert got.tolist() == expected


def test_unknown_domain_variable(dclus1):
    with pytest.raises(EstimationError, match="not in the design's data") as err:
        dclus1.proportion_ci("sch.wide", "Yes", by="school_type")
    assert err.value.variable == "school_type"


def test_domain_without_values(api):
    data = api["apiclus1"].copy()
    data.loc[data["stype"] == "H", "sch.wide"] = None
    design = SurveyDesign(data, psu="dnum", weights="pw")
    with pytest.raises(EstimationError, match="domain stype='H' has no row with a value") as err:
        design.proportion_ci("sch.wide", "Yes", "beta", by="stype", na_rm=True)
    assert err.value.variable == "sch.wide"


def test_missing_values_by_domain(dclus1_na):
    with pytest.raises(EstimationError, match="missing values") as err:
        dclus1_na.proportion_ci("sch.wide", "Yes", by="stype")
    assert err.value.variable == "sch.wide" and err.value.rows == [3, 7]


def test_unknown_method_names_variable(dclus1):
    with pytest.raises(EstimationError, match="unknown method 'wald'") as err:
        dclus1.proportion_ci("sch.wide", "Yes", "wald", by="stype")
    assert err.value.variable == "sch.wide" and err.value.reason == "bad_method"
