"""Monte Carlo uncertainty and sensitivity of the composite ranks."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pytest

from heroes_research.errors import LegalDataError
from heroes_research.legal import Weights, score, uncertainty

from .conftest import make

# AT is complete only in area x; BE is complete. Excluding unknowns ranks AT first, scoring them 0 ranks BE first.
ROWS = [("AT", "b1", "yes"), ("AT", "o1", "full"), ("AT", "n1", ""),
        ("BE", "b1", "yes"), ("BE", "o1", "partial"), ("BE", "n1", "15")]


def test_reproducible_and_shaped(codings):
    a = uncertainty(codings, draws=500, seed=1, min_coverage=0)
    b = uncertainty(codings, draws=500, seed=1, min_coverage=0)
    np.testing.assert_array_equal(a.ranks, b.ranks)
    assert a.ranks.shape == (500, 6) and len(a.draws) == 500
    s = a.summary
    assert (s["rank_p05"] <= s["median_rank"]).all() and (s["median_rank"] <= s["rank_p95"]).all()
    assert list(a.to_long().columns) == ["country", "statistic", "value"]
    assert a.to_wide()["median_rank"].is_monotonic_increasing


def test_no_choice_means_no_uncertainty(mini):
    u = uncertainty(make(mini, ROWS), weight_sets=("equal",), aggregations=("arithmetic",),
                    unknowns=("exclude",), concentration=None, draws=50, min_coverage=0)
    s = u.summary.set_index("country")
    assert (s["rank_p05"] == s["reference_rank"]).all() and (s["rank_p95"] == s["reference_rank"]).all()
    assert s.loc["AT", "reference_rank"] == 1.0


def test_sensitivity_finds_the_choice_that_moves_ranks(mini):
    tilted = Weights("tilted", MappingProxyType({"x": 1.0, "y": 1.2}), MappingProxyType({}))
    u = uncertainty(make(mini, ROWS), weight_sets=("equal", tilted), unknowns=("exclude", "zero"),
                    draws=2000, seed=3, min_coverage=0)
    top = u.sensitivity.iloc[0]
    assert top["factor"] == "unknown" and top["setting"] == "zero"
    assert top["mean_abs_rank_shift"] == 1.0  # both countries swap
    by_factor = u.sensitivity.groupby("factor")["first_order_index"].first()
    assert by_factor["unknown"] > by_factor["weights"] and by_factor["unknown"] > by_factor["aggregation"]
    assert repr(u).startswith("Uncertainty(2000 draws") and "<table" in u._repr_html_()


def test_bad_choice(mini):
    with pytest.raises(LegalDataError, match="is not one of"):
        uncertainty(make(mini, ROWS), unknowns=("exclude", "guess"), draws=10)


def test_rounding_error_is_a_tie_not_a_rank():
    from heroes_research.legal._aggregate import ranks

    got = ranks(np.array([[1.0, 1.0 - 1e-15, 0.5, np.nan]]))
    np.testing.assert_array_equal(got, [[1.0, 1.0, 3.0, np.nan]])


def test_reference_ranks_are_the_scored_ranks(codings):
    u = uncertainty(codings, draws=20, weight_sets=("expert", "equal"), aggregations=("geometric",),
                    unknowns=("half", "zero"), min_coverage=0)
    s = score(codings, weights="expert", aggregation="geometric", unknown="half", min_coverage=0)
    np.testing.assert_array_equal(u.summary["reference_rank"], s.composite["rank"])


def test_only_countries_with_coverage_are_ranked(mini):
    rows = ROWS + [("FR", "b1", "yes"), ("FR", "o1", "full"), ("FR", "n1", "30")]
    u = uncertainty(make(mini, rows), weight_sets=("equal",), draws=50, min_coverage=0.8)
    assert u.countries == ("BE", "FR") and u.ranks.shape == (50, 2)
    assert u.withheld["country"].tolist() == ["AT"]  # AT lacks n1: 2 of 3 known


def test_nothing_to_rank_without_two_covered_countries(codings):
    u = uncertainty(codings, draws=50)
    assert u.summary.empty and u.ranks.shape == (50, 0)
    assert len(u.withheld) == len(score(codings).composite)
    assert "0 countries ranked" in repr(u)
