"""Every bad input raises DisclosureError naming the step and the cell (or parameter)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.disclosure import (
    k_anonymity,
    protect_estimates,
    protect_magnitude,
    protect_table,
)
from heroes_research.errors import DisclosureError


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame({"police": [2, 14, 9], "ngo": [11, 8, 12]}, index=["LV", "LT", "PT"])


@pytest.mark.parametrize(("value", "problem"), [
    (-3, "is negative"),
    (2.5, "is not a whole number"),
    (np.nan, "is missing"),
    ("many", "is not a number"),
])
def test_bad_count_names_the_cell(table, value, problem):
    bad = table.astype(object)
    bad.loc["LT", "ngo"] = value
    with pytest.raises(DisclosureError) as err:
        protect_table(bad)
    assert err.value.reason == "bad_cells"
    assert "protect_table: row 'LT', column 'ngo' " + problem in str(err.value)
    assert err.value.variable == "ngo" and err.value.rows == ["LT"]
    assert err.value.failures[["row", "column"]].values.tolist() == [["LT", "ngo"]]


def test_every_bad_cell_is_listed(table):
    bad = table.astype(float)
    bad.loc["LV", "police"] = -1
    bad.loc["PT", "ngo"] = np.nan
    with pytest.raises(DisclosureError) as err:
        protect_table(bad)
    assert "and 1 more cell(s)" in str(err.value)
    assert len(err.value.failures) == 2


def test_margins_that_do_not_add_up_name_the_total(table):
    with_totals = table.copy()
    with_totals["Total"] = table.sum(axis=1)
    with_totals.loc["PT", "Total"] = 22  # 9 + 12 = 21
    with pytest.raises(DisclosureError) as err:
        protect_table(with_totals)
    assert err.value.reason == "margins_do_not_add_up"
    assert "row 'PT', column 'Total' is 22 but its cells add up to 21" in str(err.value)


def test_hierarchical_subtotal_that_does_not_add_up():
    index = pd.MultiIndex.from_tuples(
        [("LV", "police"), ("LV", "ngo"), ("LV", "Total"), ("LT", "police")])
    table = pd.DataFrame({"yes": [3, 10, 14, 20]}, index=index)
    with pytest.raises(DisclosureError) as err:
        protect_table(table)
    assert "row ('LV', 'Total'), column 'yes' is 14 but its cells add up to 13" in str(err.value)


@pytest.mark.parametrize("min_count", [0, -5, 2.5, True, "5"])
def test_min_count_below_one_or_not_whole(table, min_count):
    with pytest.raises(DisclosureError) as err:
        protect_table(table, min_count=min_count)
    assert err.value.variable == "min_count" and "min_count must be a whole number >= 1" in str(
        err.value)


@pytest.mark.parametrize("empty", [pd.DataFrame(), pd.DataFrame(index=["LV"]),
                                   pd.DataFrame({"a": []})])
def test_empty_table(empty):
    with pytest.raises(DisclosureError) as err:
        protect_table(empty)
    assert err.value.reason == "empty_table" and "the table is empty" in str(err.value)


def test_not_a_dataframe_and_too_many_levels(table):
    with pytest.raises(DisclosureError, match="expected a pandas DataFrame"):
        protect_table(table.to_numpy())
    deep = table.set_index(pd.MultiIndex.from_tuples([("a", "b", "c"), ("a", "b", "d"),
                                                      ("a", "e", "f")]))
    with pytest.raises(DisclosureError, match="rows have 3 levels"):
        protect_table(deep)


def test_duplicate_labels(table):
    with pytest.raises(DisclosureError, match=r"row labels \['LV'\] occur more than once"):
        protect_table(table.rename(index={"LT": "LV"}))


@pytest.mark.parametrize(("option", "value"), [("zeros", "maybe"), ("method", "blur")])
def test_unknown_options(table, option, value):
    with pytest.raises(DisclosureError) as err:
        protect_table(table, **{option: value})
    assert err.value.variable == option


def test_bad_rounding_base(table):
    with pytest.raises(DisclosureError) as err:
        protect_table(table, method="round", base=1)
    assert err.value.variable == "base"


def _micro() -> tuple[pd.DataFrame, pd.DataFrame]:
    micro = pd.DataFrame({"row": ["LV", "LV", "LT", "LT"], "column": ["police"] * 4,
                          "value": [90.0, 3.0, 30.0, 30.0]})
    return micro.pivot_table(index="row", columns="column", values="value", aggfunc="sum"), micro


def test_contributions_that_do_not_add_up():
    values, micro = _micro()
    values.loc["LT", "police"] = 61
    with pytest.raises(DisclosureError) as err:
        protect_magnitude(values, micro)
    assert "row 'LT', column 'police' is 61 but its contributions add up to 60" in str(err.value)


def test_contribution_outside_the_table_or_negative():
    values, micro = _micro()
    micro.loc[0, "row"] = "XX"
    with pytest.raises(DisclosureError) as err:
        protect_magnitude(values, micro)
    assert "row 'XX', column 'police'" in str(err.value)
    values, micro = _micro()
    micro.loc[1, "value"] = -3
    with pytest.raises(DisclosureError, match="row 'LV', column 'police'"):
        protect_magnitude(values, micro)


def test_magnitude_parameters_and_columns():
    values, micro = _micro()
    with pytest.raises(DisclosureError) as err:
        protect_magnitude(values, micro.drop(columns="value"))
    assert err.value.variable == "value"
    for kwargs, name in [({"k": 0}, "k"), ({"k": 120}, "k"), ({"p": -1}, "p"), ({"n": 0}, "n"),
                         ({"rule": "nk"}, "rule")]:
        with pytest.raises(DisclosureError) as err:
            protect_magnitude(values, micro, **kwargs)
        assert err.value.variable == name


def test_estimates_bad_n():
    est = pd.DataFrame({"estimate": [0.1, 0.2], "n": [3, np.nan]}, index=["LV", "LT"])
    with pytest.raises(DisclosureError) as err:
        protect_estimates(est)
    assert err.value.variable == "n" and err.value.rows == ["LT"]
    with pytest.raises(DisclosureError, match="no column 'count'"):
        protect_estimates(est, n="count")
    with pytest.raises(DisclosureError, match="min_count"):
        protect_estimates(est.fillna(9), min_count=0)


def test_k_anonymity_bad_input():
    frame = pd.DataFrame({"country": ["LV", "LT"], "sector": ["police", "ngo"]})
    with pytest.raises(DisclosureError) as err:
        k_anonymity(frame, ["country", "gender"])
    assert err.value.variable == "gender"
    with pytest.raises(DisclosureError, match="no quasi-identifiers"):
        k_anonymity(frame, [])
    with pytest.raises(DisclosureError, match="no rows"):
        k_anonymity(frame.iloc[:0], ["country"])
    with pytest.raises(DisclosureError) as err:
        k_anonymity(frame, ["country"], k=0)
    assert err.value.variable == "k"


def test_magnitude_unnamed_row_levels():
    values, micro = _micro()
    two_levels = pd.concat({"EU": values})  # a 2-level row index without names
    with pytest.raises(DisclosureError, match="name the row levels") as err:
        protect_magnitude(two_levels, micro)
    assert err.value.variable == "values"
