"""Category proportions add up to 1: one hidden category must not be derivable from the others."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.disclosure import protect_estimates
from heroes_research.errors import DisclosureError
from heroes_research.survey import SurveyDesign


@pytest.fixture
def sector_shares() -> pd.DataFrame:
    """Sector proportions by country from a real design: LV has one sector with 2 respondents."""
    sectors = ["Health"] * 30 + ["NGO"] * 12 + ["Police"] * 8 + ["Health"] * 10 + ["NGO"] * 9 + ["Police"] * 2
    frame = pd.DataFrame({"country": ["ES"] * 50 + ["LV"] * 21, "sector": sectors,
                          "weight": np.linspace(1, 3, 71)})
    return SurveyDesign(frame, weights="weight").mean("sector", by="country")


def test_one_small_category_takes_the_next_smallest_with_it(sector_shares: pd.DataFrame):
    protected = protect_estimates(sector_shares)
    latvia = protected[protected["country"] == "LV"].set_index("level")
    assert latvia["suppression"].to_dict() == {"Health": "", "NGO": "complementary", "Police": "threshold"}
    assert latvia["estimate"].isna().sum() == 2
    assert not protected.loc[protected["country"] == "ES", "suppressed"].any()


def test_published_categories_no_longer_pin_the_hidden_one(sector_shares: pd.DataFrame):
    protected = protect_estimates(sector_shares)
    for _, domain in protected.groupby("country"):
        hidden = domain["suppressed"].sum()
        assert hidden == 0 or hidden >= 2  # one unknown in a sum-to-1 constraint is pinned


def test_numeric_means_by_domain_get_no_complementary_suppression():
    frame = pd.DataFrame({"country": ["ES"] * 20 + ["LV"] * 3 + ["LT"] * 8,
                          "years": np.arange(31, dtype=float)})
    means = SurveyDesign(frame).mean("years", by="country")
    protected = protect_estimates(means)
    assert protected.set_index("country")["suppression"].to_dict() == {
        "ES": "", "LT": "", "LV": "threshold"}


def test_categories_none_turns_it_off_and_an_unknown_level_is_an_error(sector_shares):
    assert (protect_estimates(sector_shares, categories=None)["suppression"] == "complementary").sum() == 0
    with pytest.raises(DisclosureError, match="no column 'region'"):
        protect_estimates(sector_shares, categories="region")


def test_threshold_reads_n_level_and_n_whatever_the_grouping():
    """Within a published distribution each level is a cell of n_level; a lone share is judged on n."""
    sectors = ["police"] * 20 + ["ngo"] * 4
    answers = ["yes"] * 18 + ["no"] * 2 + ["yes"] * 4
    frame = pd.DataFrame({"sector": sectors, "answer": answers, "agency": ["a", "b"] * 12})
    shares = SurveyDesign(frame).mean("answer", by=["sector", "agency"])
    protected = protect_estimates(shares, min_count=2)
    police_b = protected[(protected["sector"] == "police") & (protected["agency"] == "b")]
    assert police_b["level"].tolist() == ["no", "yes"] and police_b["n"].isna().all()
    assert police_b["suppression"].tolist() == ["threshold", "complementary"]  # n_level 1 of 10
    with pytest.warns(RuntimeWarning, match="share 0 or 1"):
        one = SurveyDesign(frame).proportion_ci("answer", "no", by="sector")
    flags = protect_estimates(one, min_count=5).set_index("sector")["suppression"]
    # a share published alone is an estimate on n who answered (ngo: 4); police: 2 of 20
    assert flags.to_dict() == {"ngo": "threshold", "police": ""}
    assert protect_estimates(one, min_count=5, categories=None)["suppressed"].tolist() == [True, False]
    # a share that publishes a cell (e.g. a co-occurrence matrix): n_level counts too
    assert protect_estimates(one, min_count=5, cells=True)["suppressed"].tolist() == [True, True]
