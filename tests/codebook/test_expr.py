"""Consistency rules: restricted parsing and vectorised evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from heroes_research.codebook._expr import rule_names, rule_violations


def test_names_in_order():
    assert rule_names("years_experience <= age - 16 and age < 99") == ("years_experience", "age")


def test_violations_skip_rows_with_unknown_values():
    values = {"a": np.array([1.0, 30, np.nan, 5]), "b": np.array([40.0, 35, 20, np.nan])}
    assert rule_violations("a <= b - 16", values).tolist() == [False, True, False, False]


def test_boolean_and_chained_comparisons():
    values = {"x": np.array([1.0, 5, 9]), "y": np.array([0.0, 1, 0])}
    assert rule_violations("1 < x < 9 or y == 1", values).tolist() == [True, False, True]
    assert rule_violations("not (x > 4) and -x < 0", values).tolist() == [False, True, True]
    assert rule_violations("x / y >= 0", values).tolist() == [False, False, False]


@pytest.mark.parametrize("rule", ["__import__('os')", "x.real > 0", "x[0] > 1", "'a' == x", "lambda: 1"])
def test_unsafe_or_unsupported_rules_are_rejected(rule):
    with pytest.raises(ValueError, match="rule"):
        rule_names(rule)
