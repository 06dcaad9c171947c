"""krippendorff_alpha against Krippendorff (2011) and the krippendorff package."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from heroes_research.errors import EstimationError
from heroes_research.reliability import LEVELS, krippendorff_alpha

SMALL = [[1, 2, 3, 1], [1, 2, 3, 2]]
PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


@pytest.mark.parametrize("level", LEVELS)
def test_krippendorff_2011_example(level, kripp):
    result = krippendorff_alpha(kripp, level, n_boot=0)
    assert round(result.estimate, 3) == PUBLISHED[level]
    reference = krippendorff.alpha(kripp, level_of_measurement=level)
    assert result.estimate == pytest.approx(reference, abs=1e-9)
    assert (result.n, result.n_raters) == (11, 4)  # unit 12 has a single value: not pairable


@pytest.mark.parametrize("level", LEVELS)
def test_many_coders_with_missing_match_the_package(level):
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 7, 400)
    data = np.where(rng.random((15, 400)) < 0.7, truth, rng.integers(0, 7, (15, 400))).astype(float)
    data[rng.random(data.shape) < 0.3] = np.nan
    result = krippendorff_alpha(data, level, n_boot=0)
    reference = krippendorff.alpha(data, level_of_measurement=level)
    assert result.estimate == pytest.approx(reference, abs=1e-9)


def test_labels_nominal_and_ordered_values(kripp):
    labels = np.array(["very low", "low", "mid", "high", "very high"], dtype=object)
    coded = pd.DataFrame(kripp).apply(
        lambda col: col.map(lambda v: None if pd.isna(v) else labels[int(v) - 1])
    )
    nominal = krippendorff_alpha(coded, "nominal", n_boot=0)
    ordinal = krippendorff_alpha(coded, "ordinal", values=list(labels), n_boot=0)
    assert nominal.estimate == pytest.approx(
        krippendorff.alpha(kripp, level_of_measurement="nominal")
    )
    assert ordinal.estimate == pytest.approx(
        krippendorff.alpha(kripp, level_of_measurement="ordinal")
    )


@pytest.mark.parametrize("level", LEVELS)
def test_bootstrap_equals_a_loop_with_the_package(level, kripp):
    result = krippendorff_alpha(kripp, level, n_boot=200, seed=2)
    pairable = kripp[:, (~np.isnan(kripp)).sum(axis=0) >= 2]
    draws = np.random.default_rng(2).integers(0, pairable.shape[1], size=(200, pairable.shape[1]))
    loop = np.array(
        [
            krippendorff.alpha(
                pairable[:, d], value_domain=[1, 2, 3, 4, 5], level_of_measurement=level
            )
            if len(np.unique(pairable[:, d][~np.isnan(pairable[:, d])])) > 1
            else np.nan
            for d in draws
        ]
    )
    expected = np.quantile(loop[np.isfinite(loop)], [0.025, 0.975])
    assert (result.ci_low, result.ci_high) == pytest.approx(tuple(expected), abs=1e-12)


def test_large_data_runs_and_is_reproducible():
    rng = np.random.default_rng(9)
    data = rng.integers(1, 6, (15, 5000)).astype(float)
    first = krippendorff_alpha(data, "ordinal", n_boot=100, seed=4)
    again = krippendorff_alpha(data, "ordinal", n_boot=100, seed=4)
    assert first == again
    assert abs(first.estimate) < 0.02  # random codes: no agreement beyond chance


@pytest.mark.parametrize(
    ("data", "kwargs", "reason"),
    [
        (SMALL, {"level": "cardinal"}, "unknown_level"),
        (SMALL[:1], {}, "too_few_coders"),
        (np.full((3, 4), np.nan), {}, "all_missing"),
        ([[1, np.nan], [np.nan, 2]], {}, "no_pairable_units"),
        ([[2, 2], [2, 2]], {}, "no_variation"),
        (np.array([1.0, 2.0]), {}, "bad_shape"),
        ([["a", "b"], ["a", "c"]], {"level": "interval"}, "unordered_values"),
        ([["a", "b"], ["a", "c"]], {"level": "interval", "values": ["a", "b", "c"]}, "not_numeric"),
        ([[-1, 2], [-1, 3]], {"level": "ratio"}, "negative_ratio_values"),
        ([[1, 2], [1, 3]], {"values": [1, 2]}, "unknown_category"),
    ],
)
def test_bad_input(data, kwargs, reason):
    with pytest.raises(EstimationError, match="krippendorff_alpha") as err:
        krippendorff_alpha(data, **kwargs)
    assert err.value.reason == reason
    assert err.value.variable is not None
    assert f"variable '{err.value.variable}'" in str(err.value)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    coders=st.integers(2, 6),
    units=st.integers(2, 40),
    values=st.integers(2, 7),
    level=st.sampled_from(LEVELS),
)
def test_property_equals_the_package(seed, coders, units, values, level):
    rng = np.random.default_rng(seed)
    data = rng.integers(1, values + 1, (coders, units)).astype(float)
    data[rng.random(data.shape) < 0.3] = np.nan
    counts = (~np.isnan(data)).sum(axis=0)
    observed = np.unique(data[:, counts >= 2][~np.isnan(data[:, counts >= 2])])
    assume(len(observed) >= 2)
    result = krippendorff_alpha(data, level, n_boot=0)
    assert result.estimate == pytest.approx(
        krippendorff.alpha(data, level_of_measurement=level), abs=1e-9
    )
