"""saturation: distinct codes as interviews accumulate, in a given or seeded order."""

from __future__ import annotations

import pytest

from heroes_research import qualitative as ql
from heroes_research.errors import ValidationError


def test_overall_curve_in_a_given_order(tiny):
    curve = ql.saturation(tiny, order=["I2", "I1", "I3"])
    assert tuple(curve.columns) == ql.SATURATION_COLUMNS
    assert curve["interview_id"].tolist() == ["I2", "I1", "I3"]
    assert curve["new_codes"].tolist() == [2, 2, 0]  # I3 counts C1's coding only
    assert curve["cumulative_codes"].tolist() == [2, 4, 4]
    assert curve["share_of_codes"].tolist() == [0.5, 1.0, 1.0]


def test_by_country(tiny):
    curve = ql.saturation(tiny, by="country", order=["I2", "I1", "I3"])
    assert curve[
        ["country", "interview_index", "interview_id", "cumulative_codes"]
    ].values.tolist() == [
        ["AT", 1, "I2", 2],
        ["AT", 2, "I1", 4],
        ["BE", 1, "I3", 2],
    ]


def test_seeded_default_order_is_reproducible_and_complete(demo):
    first, again = ql.saturation(demo), ql.saturation(demo)
    assert first.equals(again)
    assert sorted(first["interview_id"]) == sorted(demo["interview_id"].unique())
    assert not first["interview_id"].equals(ql.saturation(demo, seed=2)["interview_id"])
    assert first["cumulative_codes"].is_monotonic_increasing
    assert first["cumulative_codes"].iloc[-1] == demo["code"].nunique()
    by_country = ql.saturation(demo, by="country")
    assert (by_country.groupby("country")["share_of_codes"].last() == 1.0).all()


@pytest.mark.parametrize(
    "order", [["I1", "I2"], ["I1", "I2", "I3", "I9"], ["I1", "I1", "I2", "I3"]]
)
def test_bad_order(tiny, order):
    with pytest.raises(ValidationError, match="order must list every interview") as err:
        ql.saturation(tiny, order=order)
    assert err.value.variable == "order"
