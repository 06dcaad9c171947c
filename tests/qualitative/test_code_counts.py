"""code_frequencies and cooccurrence, on a hand-made table and against plain pandas on the demo."""

from __future__ import annotations

import pandas as pd
import pytest

from heroes_research import qualitative as ql
from heroes_research.errors import ValidationError


def test_frequencies_by_country_count_the_first_coder_only(tiny):
    freq = ql.code_frequencies(tiny).set_index(["country", "code"])
    # I3 is double-coded: only C1's coding counts, so BE has no a/y.
    assert freq.loc[("AT", "a/x"), ["interviews", "segments", "interviews_in_group"]].tolist() == [
        2,
        2,
        2,
    ]
    assert freq.loc[("BE", "a/y"), ["interviews", "segments"]].tolist() == [0, 0]
    assert freq.loc[("BE", "b/z"), "share_of_interviews"] == 1.0
    assert len(freq) == 2 * 4  # every country × every code, zeros included


def test_frequencies_overall_and_by_two_columns(tiny):
    overall = ql.code_frequencies(tiny, by=None)
    assert list(overall.columns) == [
        "code",
        "interviews",
        "segments",
        "interviews_in_group",
        "share_of_interviews",
    ]
    assert overall.set_index("code").loc["a/x", "interviews"] == 3
    pairs = ql.code_frequencies(tiny, by=("country", "stakeholder"))
    assert len(pairs) == 3 * 4  # existing country × stakeholder cells only


def test_frequencies_match_plain_pandas_on_the_demo(demo):
    freq = ql.code_frequencies(demo, by="stakeholder")
    first = demo[demo["coder"] == demo.groupby("interview_id")["coder"].transform("min")]
    expected = first.groupby(["stakeholder", "code"])["interview_id"].nunique()
    got = freq[freq["interviews"] > 0].set_index(["stakeholder", "code"])["interviews"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)
    assert freq["segments"].sum() == len(first)


def test_cooccurrence_of_the_tiny_table(tiny):
    pairs = ql.cooccurrence(tiny).set_index(["code_a", "code_b"])["interviews"]
    assert pairs[("a/x", "a/x")] == 3
    assert pairs[("a/x", "b/z")] == pairs[("b/z", "a/x")] == 2
    assert pairs[("a/y", "b/z")] == 1
    assert pairs[("b/w", "b/z")] == 0
    by_country = ql.cooccurrence(tiny, by="country")
    assert list(by_country.columns) == ["country", "code_a", "code_b", "interviews"]
    assert by_country.groupby(["code_a", "code_b"])["interviews"].sum().equals(pairs.sort_index())


def test_cooccurrence_diagonal_equals_frequencies(demo):
    pairs = ql.cooccurrence(demo, by="country")
    diagonal = pairs[pairs["code_a"] == pairs["code_b"]].set_index(["country", "code_a"])[
        "interviews"
    ]
    freq = ql.code_frequencies(demo).set_index(["country", "code"])["interviews"]
    assert diagonal.to_numpy().tolist() == freq.loc[diagonal.index].to_numpy().tolist()
    matrix = pairs[pairs["country"] == "ES"].pivot(
        index="code_a", columns="code_b", values="interviews"
    )
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()


@pytest.mark.parametrize("function", [ql.code_frequencies, ql.cooccurrence, ql.saturation])
def test_missing_grouping_column_is_named(tiny, function):
    with pytest.raises(ValidationError, match="lacks column") as err:
        function(tiny, by="region")
    assert err.value.variable == "region"


def test_collapse_codes_counts_categories(tiny):
    freq = ql.code_frequencies(ql.collapse_codes(tiny), by=None).set_index("code")
    assert freq.index.tolist() == ["a", "b"]
    assert freq["interviews"].tolist() == [3, 3]
    assert freq["segments"].tolist() == [4, 3]  # I1: a/x, a/y; I2: a/x; I3 (C1): a/x
