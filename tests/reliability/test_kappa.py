"""cohen_kappa against R psych::cohen.kappa; fleiss_kappa against statsmodels and Fleiss (1971)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from heroes_research.errors import EstimationError
from heroes_research.reliability import cohen_kappa, fleiss_kappa
from heroes_research.reliability._bootstrap import resample_weights, unit_types

TOL = 1e-6

# Fleiss (1971), table 1 as R irr's `diagnoses`: 30 patients (rows) × 6 psychiatrists,
# 5 diagnoses. Published kappa: 0.430.
DIAGNOSES = np.array(
    [
        [4, 4, 4, 4, 4, 4],
        [2, 2, 2, 5, 5, 5],
        [2, 3, 3, 3, 3, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3],
        [3, 3, 3, 3, 5, 5],
        [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4],
        [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4],
        [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3],
        [1, 4, 4, 4, 4, 4],
        [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5],
        [1, 1, 1, 1, 1, 2],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 4, 4, 4, 4, 4],
        [2, 2, 4, 5, 5, 5],
        [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4],
        [1, 1, 1, 1, 5, 5],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3],
        [5, 5, 5, 5, 5, 5],
    ]
)
# Wikipedia's Fleiss' kappa example: 10 units × 5 categories, 14 raters; kappa 0.210.
WIKIPEDIA_COUNTS = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


@pytest.mark.parametrize(
    ("weights", "key"), [(None, "unweighted"), ("quadratic", "quadratic"), ("linear", "linear")]
)
def test_cohen_matches_psych(weights, key, kappa_pairs, goldens):
    pairs = kappa_pairs.copy()
    result = cohen_kappa(pairs["a"], pairs["b"], weights, n_boot=0)
    assert result.estimate == pytest.approx(goldens["cohen"][key], abs=TOL)
    assert result.n == goldens["cohen"]["n"]


def test_cohen_with_labels_and_missing_strings_matches_psych(kappa_pairs, goldens):
    pairs = kappa_pairs.copy()
    result = cohen_kappa(pairs["label_a"], pairs["label_b"], n_boot=0)
    assert result.estimate == pytest.approx(goldens["cohen"]["labels_unweighted"], abs=TOL)
    assert result.n == goldens["cohen"]["labels_n"]


def test_cohen_bootstrap_equals_a_loop_with_fixed_categories(kappa_pairs):
    pairs = kappa_pairs.dropna(subset=["a", "b"])
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    result = cohen_kappa(a, b, "quadratic", n_boot=200, seed=3)
    # 140 units in <= 16 cells: the cell weights are drawn from the multinomial.
    _, multiplicity, cell_of = unit_types(np.column_stack([a, b]))
    first_unit = np.unique(cell_of, return_index=True)[1]
    weights = resample_weights(multiplicity, 200, 3, cell_of).astype(int)
    loop = []
    for w in weights:
        units = np.repeat(first_unit, w)
        loop.append(
            cohen_kappa(a[units], b[units], "quadratic", categories=[1, 2, 3, 4], n_boot=0).estimate
        )
    assert (result.ci_low, result.ci_high) == pytest.approx(
        tuple(np.quantile(loop, [0.025, 0.975]))
    )


def test_fleiss_matches_fleiss_1971_and_statsmodels():
    result = fleiss_kappa(DIAGNOSES.T, n_boot=0)  # coders × units
    assert round(result.estimate, 3) == 0.430
    assert result.estimate == pytest.approx(
        sm_fleiss_kappa(aggregate_raters(DIAGNOSES)[0]), abs=1e-9
    )
    assert (result.n, result.n_raters) == (30, 6)


def test_fleiss_counts_table_matches_statsmodels_and_wikipedia():
    result = fleiss_kappa(counts=WIKIPEDIA_COUNTS, n_boot=0)
    assert round(result.estimate, 3) == 0.210
    assert result.estimate == pytest.approx(sm_fleiss_kappa(WIKIPEDIA_COUNTS), abs=1e-9)


def test_fleiss_drops_incomplete_units():
    ratings = DIAGNOSES.T.astype(float)
    ratings[0, 0] = np.nan
    result = fleiss_kappa(ratings, n_boot=0)
    assert result.n == 29
    assert result.estimate == pytest.approx(
        sm_fleiss_kappa(aggregate_raters(DIAGNOSES[1:])[0]), abs=1e-9
    )


def test_fleiss_bootstrap_equals_a_loop_with_statsmodels():
    result = fleiss_kappa(counts=WIKIPEDIA_COUNTS, n_boot=200, seed=11)
    draws = np.random.default_rng(11).integers(0, 10, size=(200, 10))
    loop = np.array([sm_fleiss_kappa(WIKIPEDIA_COUNTS[d]) for d in draws])
    expected = np.quantile(loop[np.isfinite(loop)], [0.025, 0.975])
    assert (result.ci_low, result.ci_high) == pytest.approx(tuple(expected))


@pytest.mark.parametrize(
    ("a", "b", "kwargs", "reason"),
    [
        ([1, 2, 3], [1, 2], {}, "unequal_lengths"),
        ([1, 2, 3], [1, 2, 3], {"weights": "cubic"}, "unknown_weights"),
        ([np.nan, np.nan], [np.nan, np.nan], {}, "all_missing"),
        ([1, np.nan], [np.nan, 2], {}, "no_pairs"),
        ([1, 1, 1], [1, 1, 1], {}, "no_variation"),
        ([1, 2, 3], [1, 2, 3], {"categories": [1, 2]}, "unknown_category"),
        ([1, 2, 3], [1, 2, 3], {"confidence": 95}, "bad_argument"),
        (np.array([1, "b", 3], dtype=object), [1, 2, 3], {}, "mixed_types"),
    ],
)
def test_cohen_bad_input(a, b, kwargs, reason):
    with pytest.raises(EstimationError, match="cohen_kappa") as err:
        cohen_kappa(a, b, **kwargs)
    assert err.value.reason == reason
    assert err.value.variable in {"a, b", "weights", "categories", "confidence"}
    assert f"variable '{err.value.variable}'" in str(err.value)


@pytest.mark.parametrize(
    ("kwargs", "reason", "variable"),
    [
        ({"data": [[1, 2, 3]]}, "too_few_coders", "data"),
        ({"data": [[1, np.nan], [np.nan, 2]]}, "no_complete_units", "data"),
        ({"data": np.full((2, 3), np.nan)}, "all_missing", "data"),
        ({"data": [[1, 1], [1, 1]]}, "no_variation", "data"),
        ({}, "bad_argument", "data"),
        ({"counts": [[3, 0], [1, 1]]}, "unequal_raters", "counts"),
        ({"counts": [[1, 0], [0, 1]]}, "too_few_coders", "counts"),
        ({"counts": [[-1, 4], [2, 1]]}, "bad_counts", "counts"),
    ],
)
def test_fleiss_bad_input(kwargs, reason, variable):
    with pytest.raises(EstimationError, match="fleiss_kappa") as err:
        fleiss_kappa(**kwargs)
    assert err.value.reason == reason
    assert f"variable '{variable}'" in str(err.value)


def test_unequal_rater_rows_are_named():
    with pytest.raises(EstimationError) as err:
        fleiss_kappa(counts=pd.DataFrame([[3, 0], [2, 1], [1, 1]]))
    assert err.value.rows == [2]
