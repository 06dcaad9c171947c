"""The one-pass PSU totals (uncalibrated designs) equal the row-wise influence path.

``deff=True`` takes the row-wise path (it needs the data columns), so the two
paths can be compared on the same design; both are checked against R elsewhere.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.survey import SurveyDesign


@pytest.fixture
def survey(rng) -> pd.DataFrame:
    n = 600
    psu = rng.integers(0, 40, n)
    data = pd.DataFrame(
        {
            "stratum": psu // 8,
            "psu": psu,
            "w": rng.uniform(1, 5, n),
            "y": rng.normal(10, 3, n),
            "g": rng.choice(["a", "b", "c"], n),
            "d": rng.choice(["u", "v", "w", "x"], n),
        }
    )
    data.loc[rng.choice(n, 30, replace=False), "y"] = np.nan
    data.loc[rng.choice(n, 20, replace=False), "g"] = None
    return data


@pytest.mark.parametrize("rule", ["adjust", "average", "remove"])
@pytest.mark.parametrize("kind", ["mean", "total"])
def test_one_pass_equals_row_wise(survey, rule, kind):
    lonely = survey.assign(stratum=np.where(survey["psu"] == 0, -1, survey["stratum"]))
    design = SurveyDesign(lonely, weights="w", strata="stratum", psu="psu", lonely_psu=rule)
    estimator = getattr(design, kind)
    for var in ("y", "g"):
        fast = estimator(var, by="d", na_rm=True)
        slow = estimator(var, by="d", na_rm=True, deff=True)
        pd.testing.assert_frame_equal(fast.drop(columns="deff"), slow.drop(columns="deff"), rtol=1e-10)
        fast = estimator(var, na_rm=True)
        slow = estimator(var, na_rm=True, deff=True)
        pd.testing.assert_frame_equal(fast.drop(columns="deff"), slow.drop(columns="deff"), rtol=1e-10)
