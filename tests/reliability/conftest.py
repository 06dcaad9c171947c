"""Fixtures of the reliability tests: the R goldens and the Krippendorff (2011) example."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

GOLDENS = Path(__file__).resolve().parent / "goldens"

NAN = np.nan
#: Krippendorff (2011), section C: 4 observers (rows) × 12 units, missing as NaN.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
)


@pytest.fixture(scope="session")
def goldens() -> dict:
    """Values from R psych 2.2.9 (goldens/make_goldens.R)."""
    return json.loads((GOLDENS / "goldens.json").read_text())


@pytest.fixture
def kripp() -> np.ndarray:
    """Krippendorff (2011), section C: 4 observers × 12 units."""
    return KRIPPENDORFF_2011.copy()


@pytest.fixture
def alpha_items() -> pd.DataFrame:
    """A 5-item 1-5 scale with missing answers; q3 and q5 are reverse-keyed."""
    return pd.read_csv(GOLDENS / "alpha_items.csv")


@pytest.fixture
def kappa_pairs() -> pd.DataFrame:
    """Two coders' codes of 150 units, numeric (a, b) and labelled (label_a, label_b)."""
    return pd.read_csv(GOLDENS / "kappa_pairs.csv")
