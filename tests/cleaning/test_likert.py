"""Likert scoring, grouped levels and indicators keep missing answers missing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.cleaning import collapse_levels, level_indicator, likert_scores
from heroes_research.errors import ValidationError

SCALE = ["Not at all", "Slightly", "Moderately", "Very", "Extremely"]


def test_scores_follow_the_category_order_not_the_alphabet():
    frame = pd.DataFrame({"q1": pd.Categorical(["Very", None, "Not at all"], categories=SCALE),
                          "q2": pd.Categorical(["Slightly", "Extremely", None], categories=SCALE)},
                         index=["a", "b", "c"])
    scores = likert_scores(frame)
    assert scores.index.tolist() == ["a", "b", "c"]
    np.testing.assert_array_equal(scores["q1"], [4.0, np.nan, 1.0])
    np.testing.assert_array_equal(scores["q2"], [2.0, 5.0, np.nan])


def test_scores_refuse_unordered_or_unknown_items():
    frame = pd.DataFrame({"text": ["Very", "Slightly"]})
    with pytest.raises(ValidationError, match="not an ordered answer scale") as err:
        likert_scores(frame)
    assert err.value.variable == "text" and "pd.Categorical" in err.value.hint
    with pytest.raises(ValidationError, match="'q9' is not a column") as err:
        likert_scores(frame, ["q9"])


def test_collapse_and_indicator_keep_missing():
    answers = pd.Series(pd.Categorical(["Very", None, "Slightly", "Extremely"], categories=SCALE))
    merged = collapse_levels(answers, {"Not at all": "Low", "Slightly": "Low", "Moderately": "Mid",
                                       "Very": "High", "Extremely": "High"})
    assert list(merged.cat.categories) == ["Low", "Mid", "High"]
    assert merged.isna().tolist() == [False, True, False, False]
    np.testing.assert_array_equal(level_indicator(answers, {"Very", "Extremely"}), [1.0, np.nan, 0.0, 1.0])
