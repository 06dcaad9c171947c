"""Counts behind an estimate that other outputs give away: item nonresponse and few-valued means.

Issue 13 finding 8: respondents per country minus a strategy's n is the item nonresponse.
Finding 4: the mean, SE and n of a 5-point item pin its five counts (Lithuania's
1/7/5/3/0) where the Likert chart withholds the country. The brute-force test reads only
what is published (mean and SE as the workbook holds them, n, the map's share) and
enumerates every distribution.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from heroes_research.cleaning import collapse_levels
from heroes_research.disclosure import protect_estimates, rarest_count
from heroes_research.errors import DisclosureError
from heroes_research.survey import SurveyDesign

LEVELS = ["Not", "Minor", "Moderate", "Major", "Severe"]
MERGED = {"Not": "Not or minor", "Minor": "Not or minor", "Moderate": "Moderate",
          "Major": "Major or severe", "Severe": "Major or severe"}
# per country, how many answered each of the five levels (LT: the finding's 1/7/5/3/0; GR: the
# chart hides its 2 "moderate", the map shows its 5 "major or severe")
DISTRIBUTIONS = {"LT": (1, 7, 5, 3, 0), "ES": (26, 26, 20, 23, 9), "FR": (10, 9, 8, 12, 6),
                 "LV": (4, 2, 5, 3, 1), "AT": (4, 8, 6, 4, 1), "GR": (6, 3, 2, 3, 2)}


def _survey() -> pd.DataFrame:
    rows = [(country, level) for country, counts in DISTRIBUTIONS.items()
            for level, count in zip(LEVELS, counts, strict=True) for _ in range(count)]
    data = pd.DataFrame(rows, columns=["country", "answer"])
    data["answer"] = pd.Categorical(data["answer"], LEVELS, ordered=True)
    return data.assign(score=data["answer"].cat.codes + 1,
                       major=data["answer"].isin(["Major", "Severe"]).astype(float),
                       rating=collapse_levels(data["answer"], MERGED))


def _distributions(n: int, k: int = 5) -> np.ndarray:
    """Every way of spreading n answers over k levels (stars and bars), one per row."""
    bars = np.array(list(combinations(range(n + k - 1), k - 1)))
    edges = np.hstack([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), n + k - 1)])
    return np.diff(edges, axis=1) - 1


def _consistent(mean: float, se: float, n: int, total: int) -> np.ndarray:
    """The distributions whose mean and SE are those published (the workbook holds full precision).

    The SE is the design's domain SE without weights (linearisation over all ``total``
    respondents): ``se^2 = sum (x - m)^2 / n^2 * total / (total - 1)``.
    """
    counts = _distributions(n)
    score = np.arange(1, 6)
    m = counts @ score / n
    squares = (counts * (score[None, :] - m[:, None]) ** 2).sum(axis=1)
    s = np.sqrt(squares / n**2 * total / (total - 1))
    return counts[np.isclose(m, mean, rtol=0, atol=1e-9) & np.isclose(s, se, rtol=0, atol=1e-9)]


def _published(data: pd.DataFrame, variable: str) -> pd.DataFrame:
    """The estimates of ``variable`` by country as a table or map publishes them (chart's rule merged)."""
    rarest = rarest_count(data, "rating", by="country", name=variable)
    return protect_estimates(SurveyDesign(data).mean(variable, by="country").merge(rarest, how="left"))


def _chart_hidden(data: pd.DataFrame) -> set[str]:
    """Countries the Likert chart withholds: a merged level's share is disclosive."""
    shares = protect_estimates(SurveyDesign(data).mean("rating", by="country"), categories="level")
    return set(shares.loc[shares["suppressed"], "country"])


def test_the_design_se_is_the_srs_formula_the_attack_uses():
    data = _survey()
    est = SurveyDesign(data).mean("score", by="country").set_index("country")
    lt = _consistent(est.loc["LT", "estimate"], est.loc["LT", "se"], 16, len(data))
    assert any((row == DISTRIBUTIONS["LT"]).all() for row in lt)


def test_the_mean_of_a_likert_item_pins_no_distribution_the_chart_withholds():
    """An intruder with the mean table (mean, SE, n) and the map (share major or severe)."""
    data = _survey()
    hidden = _chart_hidden(data)
    assert {"LT", "LV", "GR"} <= hidden                # the chart withholds them
    means = _published(data, "score").set_index("country")
    shares = _published(data, "major").set_index("country")
    for country in hidden:
        mean, share = means.loc[country], shares.loc[country]
        if mean["suppressed"]:
            assert pd.isna(mean["estimate"]) and pd.isna(mean["se"]) and pd.isna(mean["n"])
            continue
        candidates = _consistent(float(mean["estimate"]), float(mean["se"]), int(mean["n"]), len(data))
        if not share["suppressed"]:
            candidates = candidates[candidates[:, 3:].sum(axis=1) == round(share["estimate"] * mean["n"])]
        assert len(candidates) != 1, f"{country}: the published mean and share pin {candidates[0]}"


def test_the_map_share_and_the_mean_are_withheld_where_the_chart_is():
    data = _survey()
    hidden = _chart_hidden(data)
    share, means = _published(data, "major"), _published(data, "score")
    assert set(share.loc[share["suppressed"], "country"]) >= hidden
    assert set(means.loc[means["suppressed"], "country"]) == hidden
    assert (means.loc[means["suppressed"], "suppression"] == "distribution").all()


def test_rarest_count_counts_levels_nobody_chose_and_complements():
    data = _survey()
    rarest = rarest_count(data, "answer", by="country").set_index("country")["n_rarest"]
    assert rarest["LT"] == 0 and rarest["LV"] == 1 and rarest["ES"] == 9
    with pytest.raises(DisclosureError, match="rarest_count: no column"):
        rarest_count(data, "nothing", by="country")


@pytest.mark.parametrize(("answered", "withheld"), [(45, False), (44, True), (41, True), (40, False)])
def test_item_nonresponse_that_a_reader_can_subtract_is_a_small_count(answered, withheld):
    """45 agencies in a country (published), n answered the question: 45 - n is a count."""
    est = pd.DataFrame({"country": ["ES"], "variable": ["protocol"], "level": [None], "estimate": [0.6],
                        "se": [0.07], "ci_low": [0.45], "ci_high": [0.73], "n": [answered],
                        "n_level": [pd.NA], "n_domain": [45]})
    out = protect_estimates(est)
    assert bool(out.loc[0, "suppressed"]) is withheld
    assert out.loc[0, "suppression"] == ("nonresponse" if withheld else "")


def test_a_domain_smaller_than_its_answers_is_an_error():
    est = pd.DataFrame({"estimate": [0.5], "n": [12], "n_domain": [10]})
    with pytest.raises(DisclosureError, match="'n_domain' is smaller"):
        protect_estimates(est)
