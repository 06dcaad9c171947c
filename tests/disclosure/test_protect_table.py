"""protect_table: suppression patterns, hierarchy, margins, rounding and the readable result."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from disclosure.disclosure_reference import reference_ranges, with_margins

from heroes_research.disclosure import ProtectedTable, attack, protect_table
from heroes_research.errors import DisclosureError


@pytest.fixture
def small() -> pd.DataFrame:
    return pd.DataFrame({"police": [2, 14, 9], "ngo": [11, 8, 12]}, index=["LV", "LT", "PT"])


def _protected_cost(published: pd.DataFrame, truth: pd.DataFrame, min_count: int) -> float | None:
    """Suppressed total plus one per cell if the pattern is safe under the reference attack."""
    hidden = published.isna().to_numpy()
    ref = reference_ranges(published)
    value = truth.to_numpy()[hidden]
    primary = (value > 0) & (value < min_count)
    safe = ((ref["low"] < ref["high"]).all()
            and (ref["low"].to_numpy()[primary] == 0).all()
            and (ref["high"].to_numpy()[primary] >= min_count).all())
    return float((value + 1).sum()) if safe else None


def test_secondary_pattern_is_the_cheapest_safe_one(small):
    # brute force over every pattern of inner cells (margins published), checked by the
    # independent reference attack: the MILP must find the cheapest safe one
    truth = with_margins(small)
    protected = protect_table(small)
    assert not protected.table.loc["Total"].isna().any()
    assert not protected.table["Total"].isna().any()
    best = np.inf
    inner = list(itertools.product(range(3), range(2)))
    for k in range(1, len(inner) + 1):
        for pattern in itertools.combinations(inner, k):
            if (0, 0) not in pattern:  # LV police (2) must be hidden
                continue
            published = truth.copy().astype(object)
            for i, j in pattern:
                published.iat[i, j] = np.nan
            cost = _protected_cost(published.astype(float), truth, 5)
            best = min(best, np.inf if cost is None else cost)
    mine = truth.to_numpy()[protected.table.isna().to_numpy()]
    assert float((mine + 1).sum()) == best


def test_whole_row_of_small_counts_is_hidden_with_its_total():
    # every cell of LV, and LV's total (4), are below the threshold: the only safe answer
    # hides the whole row, total included, and a second whole row (its total too, else
    # LV's total follows from the grand total); LT is the cheaper one
    table = pd.DataFrame({"a": [1, 20, 31], "b": [2, 25, 17], "c": [1, 18, 40]},
                         index=["LV", "LT", "PT"])
    protected = protect_table(table)
    assert protected.table.loc["LV"].isna().all()
    assert protected.primary.loc["LV"].all()
    assert protected.table.loc["LT"].isna().all() and protected.secondary.loc["LT"].all()
    assert protected.table.loc[["PT", "Total"]].notna().all().all()
    assert not attack(protected)["exact"].any()


def test_hierarchical_table_hides_subtotals_when_needed():
    index = pd.MultiIndex.from_tuples(
        [("LV", "police"), ("LV", "ngo"), ("LT", "police"), ("LT", "ngo"), ("LT", "health")],
        names=["country", "sector"])
    table = pd.DataFrame({"yes": [3, 10, 20, 15, 9], "no": [1, 12, 22, 30, 7]}, index=index)
    protected = protect_table(table)
    assert protected.table.index[2] == ("LV", "Total")
    assert protected.table.index[-1] == ("Total", "Total")
    # LV's subtotal of "no" is 13, its police row total 4 (< 5): hidden as primary
    assert protected.primary.loc[("LV", "police"), "Total"]
    ref = reference_ranges(protected.table)
    assert (ref["low"] < ref["high"]).all()
    prim = protected.primary.to_numpy()[protected.table.isna().to_numpy()]
    assert (ref["low"][prim] == 0).all() and (ref["high"][prim] >= 5).all()


def test_hierarchical_rows_need_not_be_grouped():
    index = pd.MultiIndex.from_tuples([("LV", "police"), ("LT", "police"), ("LV", "ngo"),
                                       ("LT", "ngo")], names=["country", "sector"])
    table = pd.DataFrame({"yes": [3, 20, 10, 15], "no": [11, 22, 12, 30]}, index=index)
    protected = protect_table(table)
    assert list(protected.table.index) == [
        ("LV", "police"), ("LV", "ngo"), ("LV", "Total"),
        ("LT", "police"), ("LT", "ngo"), ("LT", "Total"), ("Total", "Total")]
    assert protected.table.loc[("LV", "Total"), "no"] == 23
    assert protected.table.loc[("LT", "ngo"), "no"] == 30
    assert protected.primary.loc[("LV", "police"), "yes"]


def test_zeros_are_disclosive_by_default_and_safe_on_request():
    """A zero in a table of people is an attribute of the whole group (ACRO's default)."""
    table = pd.DataFrame({"a": [0, 20, 31], "b": [12, 25, 17]}, index=["LV", "LT", "PT"])
    default = protect_table(table)
    assert default.primary.loc["LV", "a"] and default.table.loc["LV", "a"] is pd.NA
    assert default.audit.loc[0, "reason"].startswith("zero count")
    assert not attack(default, table)["exact"].any()
    assert protect_table(table, zeros="safe").table.notna().all().all()


def test_linked_tables_treat_zeros_as_disclosive_by_default():
    from heroes_research.disclosure import protect_linked

    table = pd.DataFrame({"a": [0, 20, 31], "b": [12, 25, 17]},
                         index=pd.Index(["LV", "LT", "PT"], name="country")).rename_axis(columns="answer")
    out = protect_linked({"t": table}, unit="respondents")["t"]
    assert out.primary.loc["LV", "a"]
    assert protect_linked({"t": table}, unit="respondents", zeros="safe")["t"].table.notna().all().all()


def test_no_sensitive_cell_publishes_everything(small):
    protected = protect_table(small + 10)
    assert protected.table.notna().all().all() and protected.audit.empty
    assert attack(protected).empty


def test_given_totals_are_checked_and_kept(small):
    with_totals = small.copy()
    with_totals["Total"] = small.sum(axis=1)
    with_totals.loc["Total"] = with_totals.sum()
    a, b = protect_table(with_totals), protect_table(small)
    pd.testing.assert_frame_equal(a.table, b.table)


def test_margins_false_hides_totals_but_protects_as_if_known(small):
    shown = protect_table(small, margins=False)
    full = protect_table(small)
    assert "Total" not in shown.table.columns and "Total" not in shown.table.index
    pd.testing.assert_frame_equal(shown.table, full.table.loc[["LV", "LT", "PT"], ["police", "ngo"]])
    pd.testing.assert_frame_equal(attack(shown), attack(full))


def test_attack_reads_any_published_table(small):
    protected = protect_table(small)
    as_printed = protected.table.astype(object).where(protected.table.notna(), "x")
    pd.testing.assert_frame_equal(attack(as_printed), attack(protected))
    with pytest.raises(DisclosureError, match="lacks the total"):
        attack(protected.table.drop(columns="Total"))


def test_result_is_immutable_and_readable(small):
    protected = protect_table(small)
    assert isinstance(protected, ProtectedTable)
    with pytest.raises(AttributeError):
        protected.method = "round"
    text = repr(protected)
    assert "1 primary [p], 3 secondary [s]" in text and "count below 5" in text
    assert "11" not in text.split("\n")[2]  # LV's hidden "ngo" (11) is not shown
    html = protected._repr_html_()
    assert "<table>" in html and "threshold: count below 5" in html
    assert protected.table.dtypes.eq("Int64").all()
    assert protected.audit.columns.tolist() == ["row", "column", "rule", "reason"]
    assert set(protected.audit["rule"]) == {"threshold", "secondary"}
    assert protected.note.startswith("x: ")
    assert protected.n_hidden == 4 == int(protected.table.isna().sum().sum())


def test_controlled_rounding_keeps_the_table_additive(rng):
    table = pd.DataFrame(rng.integers(0, 30, size=(6, 5)),
                         index=[f"r{i}" for i in range(6)], columns=list("abcde"))
    rounded = protect_table(table, method="round", base=5).table.astype(float)
    truth = with_margins(table)
    assert (rounded % 5 == 0).all().all()
    assert ((rounded - truth).abs() < 5).all().all()
    inner = rounded.iloc[:-1, :-1]
    np.testing.assert_array_equal(inner.sum(axis=1), rounded.iloc[:-1, -1])
    np.testing.assert_array_equal(rounded.iloc[:-1].sum(), rounded.iloc[-1])


def test_controlled_rounding_of_a_hierarchical_table_is_additive(rng):
    index = pd.MultiIndex.from_product([["LV", "LT", "PT"], ["police", "ngo"]])
    table = pd.DataFrame(rng.integers(0, 30, size=(6, 3)), index=index, columns=list("abc"))
    rounded = protect_table(table, method="round", base=3).table.astype(float)
    assert (rounded % 3 == 0).all().all()
    for country in ["LV", "LT", "PT"]:
        parts = rounded.loc[[(country, "police"), (country, "ngo")]].sum()
        np.testing.assert_array_equal(parts, rounded.loc[(country, "Total")])


def test_random_rounding_is_seeded_and_unbiased():
    table = pd.DataFrame({"a": [7, 13], "b": [2, 21]}, index=["LV", "LT"])
    first = protect_table(table, method="random_round", seed=3).table
    pd.testing.assert_frame_equal(first, protect_table(table, method="random_round", seed=3).table)
    draws = np.stack([protect_table(table, method="random_round", seed=s).table.to_numpy(float)
                      for s in range(200)])
    assert (draws % 5 == 0).all()
    # unbiased: the mean of many seeds is close to the true counts (the sd of a mean of
    # 200 draws of a two-point variable 5 apart is at most 2.5 / sqrt(200) = 0.18)
    np.testing.assert_allclose(draws.mean(axis=0), with_margins(table).to_numpy(), atol=0.6)
