"""The unit-weight bootstrap: unit draws for many distinct units, multinomial for few types."""

from __future__ import annotations

import numpy as np

from heroes_research.reliability._bootstrap import resample_weights, unit_types


def test_many_types_reproduce_plain_unit_draws():
    rows = np.arange(20)[:, None] % 15  # 20 units, 15 types
    _, multiplicity, unit_type = unit_types(rows)
    weights = resample_weights(multiplicity, 50, 8, unit_type)
    draws = np.random.default_rng(8).integers(0, 20, size=(50, 20))
    expected = np.stack([np.bincount(unit_type[d], minlength=15) for d in draws])
    np.testing.assert_array_equal(weights, expected)


def test_few_types_draw_multinomial_weights_with_the_right_mean():
    rows = np.repeat([[0, 1], [1, 1], [2, 0]], [500, 300, 200], axis=0)
    _, multiplicity, unit_type = unit_types(rows)
    weights = resample_weights(multiplicity, 4000, 1, unit_type)
    assert weights.shape == (4000, 3)
    assert (weights.sum(axis=1) == 1000).all()
    np.testing.assert_allclose(weights.mean(axis=0), multiplicity, rtol=0.01)
    np.testing.assert_array_equal(resample_weights(multiplicity, 10, 1, unit_type), weights[:10])
