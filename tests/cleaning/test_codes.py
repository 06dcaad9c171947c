"""apply_missing, recode, reverse_code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.cleaning import apply_missing, recode, reverse_code
from heroes_research.errors import ValidationError


def test_apply_missing_keeps_reasons_apart_from_system_missing():
    values = pd.Series([1, 98, 2, 99, None], index=list("abcde"), name="q")
    kept, why = apply_missing(values, {98: "Don't know", 99: "Refused"})
    assert kept.isna().tolist() == [False, True, False, True, True]
    assert why.tolist()[:4] == [np.nan, "Don't know", np.nan, "Refused"]
    assert pd.isna(why["e"])  # system-missing has no reason
    assert list(why.cat.categories) == ["Don't know", "Refused"]
    assert kept.index.tolist() == list("abcde") and why.name == "q"


def test_apply_missing_on_text_codes():
    kept, why = apply_missing(pd.Series(["sí", "NS/NC", "no"]), {"NS/NC": "Don't know"})
    assert kept.tolist()[0] == "sí" and pd.isna(kept[1]) and why[1] == "Don't know"


def test_recode_maps_listed_codes_and_keeps_others():
    out = recode(pd.Series([0.0, 4, 7, np.nan], name="q12"), {0: 1, 4: 5})
    assert out.tolist()[:3] == [1.0, 5.0, 7.0] and np.isnan(out.iloc[3]) and out.name == "q12"
    labels = recode(pd.Series(["m", "f", "x"]), {"m": "male", "f": "female"})
    assert labels.tolist() == ["male", "female", "x"]


def test_reverse_code_over_the_valid_range_only():
    out = reverse_code(pd.Series([1, 2, 3, 4, 5, 98, None]), range(1, 6))
    assert out.tolist()[:6] == [5, 4, 3, 2, 1, 98] and np.isnan(out.iloc[6])
    assert reverse_code(pd.Series([0, 4]), [0, 1, 2, 3, 4]).tolist() == [4, 0]


def test_large_input_is_vectorised(rng):
    values = pd.Series(rng.integers(0, 5, 200_000).astype(float))
    out = recode(values, {k: k + 1 for k in range(5)})
    np.testing.assert_array_equal(out.to_numpy(), values.to_numpy() + 1)


def test_reverse_code_without_codes_names_the_variable():
    with pytest.raises(ValidationError, match="no valid codes") as info:
        reverse_code(pd.Series([1, 2], name="q7"), [])
    assert info.value.reason == "no_codes" and "'q7'" in str(info.value)
