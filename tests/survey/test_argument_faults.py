"""Arguments that ended in tracebacks (issue 12) are clear errors naming the argument."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import EstimationError, Reason
from heroes_research.survey import SurveyDesign


@pytest.fixture
def design() -> SurveyDesign:
    data = pd.DataFrame({"y": [1.0, 2, 3, 4], "g": [np.nan] * 4, "w": [1.0, 2, 1, 2]})
    return SurveyDesign(data, weights="w")


@pytest.mark.parametrize("level", [1.5, 0, 1, -0.2, float("nan")])
def test_conf_level_outside_0_1_is_a_clear_error(design, level):
    with pytest.raises(EstimationError) as err:
        design.mean("y", conf_level=level)
    assert err.value.reason is Reason.BAD_ARGUMENT and err.value.variable == "conf_level"


def test_by_an_all_missing_column_is_a_clear_error(design):
    """Old code: IndexError / ValueError from inside the estimator."""
    with pytest.raises(EstimationError) as err:
        design.mean("y", by="g")
    assert err.value.reason is Reason.ALL_MISSING and "by variable 'g'" in str(err.value)


def test_weights_too_large_to_compute_with_are_a_clear_error():
    """Old code: estimate 0.0 with a NaN SE."""
    from heroes_research.errors import DesignError

    data = pd.DataFrame({"y": [1.0, 2, 3], "w": [1e308, 1e308, 1.0]})
    with pytest.raises(DesignError) as err:
        SurveyDesign(data, weights="w")
    assert err.value.reason is Reason.BAD_WEIGHTS and "rescale" in str(err.value)
