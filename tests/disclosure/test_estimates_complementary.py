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
    assert police_b["suppression"].tolist() == ["threshold", "remainder"]  # 1 of 10 said no, so 1 did not say yes
    with pytest.warns(RuntimeWarning, match="share 0 or 1"):
        one = SurveyDesign(frame).proportion_ci("answer", "no", by="sector")
    flags = protect_estimates(one, min_count=5).set_index("sector")["suppression"]
    # ngo: 4 answered; police: 2 of 20 said "no" -- the share times n gives the count 2
    assert flags.to_dict() == {"ngo": "threshold", "police": "threshold"}


def _shares(n: list[int], n_level: list[int]) -> pd.DataFrame:
    """Shares of 'yes' published alone (as proportion_ci gives them), one per country."""
    n_arr, k = np.array(n), np.array(n_level)
    return pd.DataFrame({"country": [f"C{i}" for i in range(len(n))], "variable": "q", "level": "yes",
                         "estimate": k / n_arr, "se": 0.1, "ci_low": 0.0, "ci_high": 1.0, "conf_level": 0.95,
                         "n": n_arr, "n_level": k})


@pytest.mark.parametrize(("n", "n_level", "zeros", "reason"), [
    (19, 1, "disclosive", "threshold"),    # "1 of 19 agencies": the count is small
    (19, 17, "disclosive", "remainder"),   # the rest, 2, is small
    (19, 9, "disclosive", ""),
    (19, 0, "disclosive", "zero"),         # 0 %: every agency said no (group attribute disclosure)
    (19, 19, "disclosive", "zero"),        # 100 %
    (19, 0, "safe", ""),
    (19, 19, "safe", ""),
    (19, 18, "safe", "remainder"),         # the rest, 1, is small whatever zeros says
])
def test_numerator_rule_on_shares(n, n_level, zeros, reason):
    out = protect_estimates(_shares([n], [n_level]), min_count=5, zeros=zeros)
    hidden = bool(reason)
    assert out["suppressed"].tolist() == [hidden]
    assert out["suppression"].tolist() == [reason]
    if hidden:
        assert out["estimate"].isna().all() and out["n_level"].isna().all()


def test_share_times_n_gives_no_small_count():
    """The intruder's derivation of finding 7: share x n must never give a count (or complement) of 1-4."""
    rng = np.random.default_rng(5)
    n = rng.integers(5, 40, 200)
    k = rng.integers(0, n + 1)
    out = protect_estimates(_shares(n.tolist(), k.tolist()), min_count=5)
    shown = out[~out["suppressed"]]
    derived = np.round(shown["estimate"].astype(float) * shown["n"].astype(float))
    rest = shown["n"].astype(float) - derived
    assert ((derived >= 5) & (rest >= 5)).all()


def test_n_level_above_n_is_refused():
    with pytest.raises(DisclosureError, match="larger than the respondents who answered"):
        protect_estimates(_shares([5], [6]))
    with pytest.raises(DisclosureError, match="zeros"):
        protect_estimates(_shares([9], [6]), zeros="sometimes")
