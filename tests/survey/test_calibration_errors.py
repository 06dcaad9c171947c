"""Population counts for post-stratification and raking must be positive numbers."""

from __future__ import annotations

import numpy as np
import pytest

from heroes_research.errors import DesignError


@pytest.mark.parametrize("bad", [-1018.0, 0.0, np.nan, "many"])
def test_poststratify_refuses_a_population_count_that_is_not_positive(dclus1, bad):
    population = {"E": 4421, "H": 755, "M": bad}
    with pytest.raises(DesignError, match=r"population counts must be positive numbers \(got M: ") as err:
        dclus1.poststratify("stype", population)
    assert err.value.variable == "stype" and err.value.reason == "bad_population"
    assert "greater than 0" in str(err.value)


def test_rake_refuses_a_negative_margin(dclus1):
    margins = {"stype": {"E": 4421, "H": 755, "M": 1018}, "sch.wide": {"No": -1072, "Yes": 5122}}
    with pytest.raises(DesignError, match="got No: -1072") as err:
        dclus1.rake(margins)
    assert err.value.variable == "sch.wide"
