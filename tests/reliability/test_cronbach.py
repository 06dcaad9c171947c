"""cronbach_alpha against R psych::alpha (goldens/make_goldens.R) and its bad-input paths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.errors import EstimationError
from heroes_research.reliability import ITEM_COLUMNS, cronbach_alpha
from heroes_research.reliability._bootstrap import DEFAULT_SEED

TOL = 1e-6
TOTALS = ("raw_alpha", "std_alpha", "average_r", "signal_noise", "ase", "mean", "sd")


def _check_against_psych(result, golden) -> None:
    assert result.n == golden["n"]
    for name in TOTALS:
        assert getattr(result, name) == pytest.approx(golden[name], abs=TOL), name
    items = result.item_stats
    for name, values in golden["items"].items():
        np.testing.assert_allclose(items[name], values, atol=TOL, err_msg=name)


def test_reverse_keyed_scale_with_missing_matches_psych_on_complete_cases(alpha_items, goldens):
    result = cronbach_alpha(alpha_items, reverse=["q3", "q5"], n_boot=0)
    _check_against_psych(result, goldens["alpha_reversed"])
    assert result.estimate == result.raw_alpha == float(result)
    assert result.item_stats["reversed"].tolist() == [False, False, True, False, True]


def test_explicit_scale_range_gives_the_same_alpha(alpha_items):
    default = cronbach_alpha(alpha_items, reverse=["q3", "q5"], n_boot=0)
    explicit = cronbach_alpha(alpha_items, reverse=["q3", "q5"], min=1, max=5, n_boot=0)
    assert explicit.raw_alpha == pytest.approx(default.raw_alpha, abs=1e-12)
    np.testing.assert_allclose(explicit.item_stats["mean"], default.item_stats["mean"])


def test_attitude_matches_psych(goldens):
    items = pd.DataFrame(goldens["attitude"])
    result = cronbach_alpha(items, n_boot=0)
    _check_against_psych(result, goldens["alpha_attitude"])
    assert tuple(result.item_stats.columns) == ITEM_COLUMNS


def test_bootstrap_equals_a_loop_over_resampled_respondents(goldens):
    items = pd.DataFrame(goldens["attitude"])
    result = cronbach_alpha(items, n_boot=300, seed=7)
    draws = np.random.default_rng(7).integers(0, len(items), size=(300, len(items)))
    loop = [cronbach_alpha(items.iloc[d], n_boot=0).raw_alpha for d in draws]
    assert (result.ci_low, result.ci_high) == pytest.approx(
        tuple(np.quantile(loop, [0.025, 0.975]))
    )
    assert result.ci_low < result.estimate < result.ci_high


def test_default_seed_is_reproducible(alpha_items):
    first = cronbach_alpha(alpha_items, reverse=["q3", "q5"])
    again = cronbach_alpha(alpha_items, reverse=["q3", "q5"], seed=DEFAULT_SEED)
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert first.n_boot == 1000


def test_item_stats_is_a_copy(alpha_items):
    result = cronbach_alpha(alpha_items, n_boot=0)
    stats = result.item_stats
    stats.loc[0, "mean"] = 99.0
    assert result.item_stats.loc[0, "mean"] != 99.0


@pytest.mark.parametrize(
    ("items", "kwargs", "reason", "named"),
    [
        (pd.DataFrame({"q1": [1, 2, 3]}), {}, "too_few_items", "items"),
        (pd.DataFrame({"q1": [np.nan] * 3, "q2": [np.nan] * 3}), {}, "all_missing", "items"),
        (pd.DataFrame({"q1": [1, 2, 3], "q2": ["a", "b", "c"]}), {}, "not_numeric", "q2"),
        (pd.DataFrame({"q1": [1, 2, 3], "q2": [2, 2, 2]}), {}, "no_variance", "q2"),
        (
            pd.DataFrame({"q1": [1, 2, 3], "q2": [2, 1, 3]}),
            {"reverse": ["q9"]},
            "unknown_item",
            "q9",
        ),
        (
            pd.DataFrame({"q1": [1, 2, 3], "q2": [2, 1, 3]}),
            {"reverse": ["q2"], "min": 5, "max": 1},
            "bad_range",
            "min",
        ),
        (
            pd.DataFrame({"q1": [1, 2, 3], "q2": [2, 1, 3]}),
            {"n_boot": -1},
            "bad_argument",
            "n_boot",
        ),
    ],
)
def test_bad_input_raises_estimation_error_naming_the_variable(items, kwargs, reason, named):
    with pytest.raises(EstimationError, match="cronbach_alpha") as err:
        cronbach_alpha(items, **kwargs)
    assert err.value.reason == reason
    assert f"'{named}'" in str(err.value)
    assert "what to do" in str(err.value)


def test_array_input_reverses_by_position(alpha_items):
    by_name = cronbach_alpha(alpha_items, reverse=["q3", "q5"], n_boot=0)
    by_position = cronbach_alpha(alpha_items.to_numpy(), reverse=[2, 4], n_boot=0)
    assert by_position.raw_alpha == pytest.approx(by_name.raw_alpha, abs=1e-12)
    assert by_position.item_stats["reversed"].tolist() == [False, False, True, False, True]
    assert "items = 5" in repr(by_position)
