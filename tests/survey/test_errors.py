"""Bad input raises DesignError / EstimationError naming the column, stratum or rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import DesignError, EstimationError
from heroes_research.survey import SurveyDesign


@pytest.fixture
def small() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "y": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            "g": ["a", "b", "a", "b", "a", "b"],
            "s": ["u", "u", "u", "v", "v", "v"],
            "psu": [1, 2, 3, 4, 5, 6],
            "w": [1.0, 2.0, 1.0, 2.0, 1.0, 2.0],
            "N": [10.0, 10.0, 10.0, 2.0, 2.0, 2.0],
        },
        index=[f"r{i}" for i in range(6)],
    )


@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan])
def test_bad_weights_name_column_and_rows(small, bad):
    small.loc["r3", "w"] = bad
    with pytest.raises(DesignError, match="positive") as err:
        SurveyDesign(small, weights="w")
    assert err.value.variable == "w" and err.value.rows == ["r3"]
    assert "r3" in str(err.value)


def test_design_column_not_in_data(small):
    with pytest.raises(DesignError, match="strata column") as err:
        SurveyDesign(small, strata="stratum")
    assert err.value.variable == "stratum"


def test_missing_strata_or_psu(small):
    small.loc["r1", "s"] = None
    with pytest.raises(DesignError, match="missing values") as err:
        SurveyDesign(small, strata="s")
    assert err.value.rows == ["r1"]


def test_fpc_below_sample_names_stratum(small):
    with pytest.raises(DesignError, match="stratum v: 2 < 3") as err:
        SurveyDesign(small, strata="s", fpc="N")
    assert err.value.variable == "N"


def test_fpc_mixing_fractions_and_sizes(small):
    small.loc[["r3", "r4", "r5"], "N"] = 0.5
    with pytest.raises(DesignError, match="mixes sampling fractions") as err:
        SurveyDesign(small, strata="s", fpc="N")
    assert err.value.rows == ["r3", "r4", "r5"]


def test_fpc_varying_within_stratum(small):
    small.loc["r0", "N"] = 11.0
    with pytest.raises(DesignError, match=r"differs within a stratum \(u\)"):
        SurveyDesign(small, strata="s", fpc="N")


def test_variable_not_in_data(small):
    design = SurveyDesign(small)
    for call in (
        lambda: design.mean("Y"),
        lambda: design.ratio("y", "x"),
        lambda: design.crosstab("g", "h"),
        lambda: design.glm("y ~ x"),
    ):
        with pytest.raises(EstimationError, match="not in the design's data") as err:
            call()
        assert err.value.variable in ("Y", "x", "h")
    with pytest.raises(EstimationError, match="did you mean 'y'"):
        design.mean("Y")


def test_missing_values_raise_unless_na_rm(small):
    small.loc["r2", "y"] = np.nan
    design = SurveyDesign(small)
    with pytest.raises(EstimationError, match="na_rm=True") as err:
        design.mean("y")
    assert err.value.variable == "y" and err.value.rows == ["r2"]
    assert design.mean("y", na_rm=True)["n"].tolist() == [5]


def test_all_missing_domain(small):
    """R's svyby keeps a domain without respondents (goldens: test_empty_domains.py);
    svyciprop has no estimate there (R fails in its glm): a clear error names the domain."""
    small.loc[small["g"] == "b", "y"] = np.nan
    design = SurveyDesign(small)
    assert design.mean("y", by="g", na_rm=True)["n"].tolist() == [3, 0]
    with pytest.raises(EstimationError, match="domain g='b' has no row") as err:
        design.proportion_ci("y", 5.0, by="g", na_rm=True)
    assert err.value.reason == "empty_domain"
    with pytest.raises(EstimationError, match="no row of any domain") as err:
        SurveyDesign(small.assign(y=np.nan)).mean("y", by="g", na_rm=True)
    assert err.value.reason == "all_missing"


def test_aliased_glm_column_is_nan_as_r(small):
    design = SurveyDesign(small.assign(y2=small["y"] * 2))
    table = design.glm("w ~ y + y2")
    assert np.isnan(table["estimate"].iloc[2]) and np.isfinite(table["estimate"].iloc[1])


def test_glm_bad_family_and_response(small):
    design = SurveyDesign(small)
    with pytest.raises(EstimationError, match="unknown family"):
        design.glm("y ~ w", family="gamma")
    with pytest.raises(EstimationError, match=r"binomial response must lie in \[0, 1\]"):
        design.glm("y ~ w", family="binomial")


def test_numeric_estimator_on_text(small):
    with pytest.raises(EstimationError, match="must be numeric") as err:
        SurveyDesign(small).ratio("g", "y")
    assert err.value.variable == "g"


def test_categorical_with_other_variables(small):
    with pytest.raises(EstimationError, match="on its own"):
        SurveyDesign(small).mean(["y", "g"])


def test_unknown_proportion_level(small):
    with pytest.raises(EstimationError, match="level 'c' does not occur") as err:
        SurveyDesign(small).proportion_ci("g", "c")
    assert err.value.variable == "g"


def test_proportion_of_one_warns_instead_of_raising(small):
    """R's svyciprop: beta has NaN limits at a share of 1 (test_proportion_by.py has goldens)."""
    with pytest.warns(RuntimeWarning, match="no beta confidence interval .* the whole sample"):
        out = SurveyDesign(small.assign(k="a")).proportion_ci("k", "a", "beta")
    assert out["estimate"].iloc[0] == 1 and np.isnan(out["ci_low"].iloc[0])


def test_poststratify_population_mismatch(small):
    design = SurveyDesign(small, weights="w")
    with pytest.raises(DesignError, match="level\\(s\\) b of the sample are not in the population"):
        design.poststratify("g", {"a": 10})
    with pytest.raises(DesignError, match="c have no respondent"):
        design.poststratify("g", {"a": 10, "b": 5, "c": 3})


def test_empty_data(small):
    with pytest.raises(DesignError, match="no rows") as err:
        SurveyDesign(small.iloc[:0], weights="w")
    assert err.value.reason == "empty_data" and err.value.hint


def test_rake_without_margins(small):
    with pytest.raises(DesignError, match="no margins given") as err:
        SurveyDesign(small).rake({})
    assert err.value.variable == "margins" and "population count" in err.value.hint


def test_crosstab_with_no_complete_row(small):
    small["h"] = np.nan
    with pytest.raises(EstimationError, match="no row has both values") as err:
        SurveyDesign(small).crosstab("g", "h", na_rm=True)
    assert err.value.variable == "g" and "'h'" in err.value.hint


def test_chisq_single_level_names_the_variable(small):
    with pytest.raises(EstimationError, match="two observed levels") as err:
        SurveyDesign(small.assign(k="x")).chisq("g", "k")
    assert err.value.variable == "k" and err.value.reason == "degenerate_table"


def test_option_errors_name_the_argument(small):
    with pytest.raises(DesignError, match="unknown lonely_psu rule 'drop'") as err:
        SurveyDesign(small, lonely_psu="drop")
    assert err.value.variable == "lonely_psu"
    with pytest.raises(EstimationError, match="unknown family") as err:
        SurveyDesign(small).glm("y ~ w", family="gamma")
    assert err.value.variable == "family"
    with pytest.raises(EstimationError, match="no response") as err:
        SurveyDesign(small).glm("~ w")
    assert err.value.variable == "formula"


def test_non_positive_fpc_names_the_rows(small):
    small.loc["r4", "N"] = 0.0
    with pytest.raises(DesignError, match="fpc must be a positive number") as err:
        SurveyDesign(small, strata="s", fpc="N")
    assert err.value.variable == "N" and err.value.rows == ["r4"]


def test_poststratum_missing_names_the_rows(small):
    small.loc["r5", "g"] = None
    with pytest.raises(DesignError, match="missing values") as err:
        SurveyDesign(small).poststratify("g", {"a": 10, "b": 5})
    assert err.value.variable == "g" and err.value.rows == ["r5"]


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_ratio_with_zero_denominator_total(small):
    with pytest.raises(EstimationError, match="denominator's total is zero") as err:
        SurveyDesign(small.assign(z=0.0)).ratio("y", "z")
    assert err.value.variable == "z"
