"""Comparison: similarity, Gower distance, clustering order and the gap table."""

from __future__ import annotations

import math

import pytest

from heroes_research.legal import compare, gaps

from .conftest import make

ROWS = [("AT", "b1", "yes"), ("AT", "o1", "full"), ("AT", "n1", "30"), ("AT", "c1", "p"),
        ("BE", "b1", "no"), ("BE", "o1", "none"), ("BE", "n1", "0"), ("BE", "c1", "q"),
        ("FR", "b1", "yes"), ("FR", "o1", "partial"), ("FR", "n1", ""), ("FR", "c1", "p")]


def test_gower_and_share_alike_by_hand(mini):
    res = compare(make(mini, ROWS))
    d, s = res.to_wide("gower_distance"), res.to_wide("share_alike")
    # AT-BE: b1 1, o1 |2 - 0| / 2 = 1, n1 30 / 100 (codebook range), c1 1 -> 3.3 / 4.
    assert math.isclose(d.loc["AT", "BE"], 3.3 / 4) and s.loc["AT", "BE"] == 0.0
    # AT-FR: b1 0, o1 1/2, c1 0 (n1 unknown for FR) -> 0.5 / 3; alike 2 of 3.
    assert math.isclose(d.loc["AT", "FR"], 0.5 / 3) and s.loc["AT", "FR"] == 2 / 3
    assert res.to_wide("n_common").loc["AT", "FR"] == 3
    assert d.loc["FR", "FR"] == 0.0 and (d == d.T).all().all()


def test_cluster_order_keeps_close_countries_together(mini):
    order = compare(make(mini, ROWS)).order
    assert sorted(order) == ["AT", "BE", "FR"]
    assert abs(order.index("AT") - order.index("FR")) == 1


def test_project_comparison(codings):
    res = compare(codings, date="2024-01-01")
    assert sorted(res.order) == sorted(res.matrix.index) and len(res.order) == 6
    assert res.matrix.shape[0] == 6
    assert set(res.to_long().columns) == {"country_a", "country_b", "n_common", "share_alike", "gower_distance"}
    assert repr(res).startswith("Comparison(6 countries")


def test_gap_table_lists_unmet_standards_with_both_citations(mini):
    table = gaps(make(mini, ROWS))
    got = {(r.country, r.indicator): r.gap for r in table.itertuples()}
    assert got == {("BE", "b1"): "not met", ("BE", "o1"): "not met", ("BE", "n1"): "not met",
                   ("FR", "o1"): "partly met"}
    row = table.set_index(["country", "indicator"]).loc[("BE", "b1")]
    assert (row["standard_instrument"], row["standard_article"]) == ("Convention B", "art. 1")
    assert row["national_source"] == "Act BE b1" and row["national_value"] == "no"


@pytest.mark.parametrize("include, expected", [(False, 4), (True, 5)])
def test_gap_table_unknowns_on_request(mini, include, expected):
    table = gaps(make(mini, ROWS), include_unknown=include)
    assert len(table) == expected
    assert "c1" not in set(table["indicator"])  # descriptive indicators are never gaps
