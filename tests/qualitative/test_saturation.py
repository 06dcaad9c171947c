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


def test_group_plateaus_drawn_from_the_protected_table_reveal_no_hidden_zero(demo):
    """Issue 13 finding 6: a group's plateau was 24 minus its zero counts, so every hidden cell was >= 1."""
    import pandas as pd

    from heroes_research.disclosure import protect_table

    codes = pd.Index(ql.load_codeframe()["code"])
    counts = (ql.code_frequencies(demo, by="stakeholder")
              .pivot(index="code", columns="stakeholder", values="interviews")
              .reindex(index=codes, fill_value=0).fillna(0).astype(int))
    protected = protect_table(counts, margins=False)  # zeros are disclosive
    shown = protected.table.notna()
    plain = ql.saturation(demo, by="stakeholder").groupby("stakeholder")["cumulative_codes"].last()
    curve = ql.saturation(demo, by="stakeholder", published=shown)
    plateau = curve.groupby("stakeholder")["cumulative_codes"].last()
    # the plateau is what the table shows, nothing more
    assert plateau.to_dict() == shown.sum().to_dict()
    # without the table the plateau counts codes mentioned at all: the hidden zeros
    hidden_zeros = ((counts == 0) & ~shown).sum()
    assert (plain == len(codes) - (counts == 0).sum()).all() and hidden_zeros.sum() > 0


def test_published_needs_one_group_column_and_every_code(tiny):
    import pandas as pd

    table = pd.DataFrame({"AT": [True, False], "BE": [True, True]}, index=["a/x", "a/y"])
    with pytest.raises(ValidationError, match="exactly one by column"):
        ql.saturation(tiny, published=table)
    with pytest.raises(ValidationError, match="lacks codes or groups"):
        ql.saturation(tiny, by="country", published=table)
