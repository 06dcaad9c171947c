"""Fixtures for the survey tests: the API samples, R's golden values, a comparison helper."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.survey import SurveyDesign, estimate_names

API_DIR = Path(__file__).resolve().parents[1] / "data" / "api"
# As tests/conftest.py's REFERENCE_DIR: the shared reference the copies in API_DIR come from.
REFERENCE_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
GOLDENS = Path(__file__).resolve().parent / "goldens" / "goldens.json"
RTOL = 1e-6
ESTIMATE_COLUMNS = ("estimate", "se", "ci_low", "ci_high")


def read_api(name: str) -> pd.DataFrame:
    """One API sample as R reads it, plus the 0/1 response ``sch_yes`` (R: sch.wide == "Yes")."""
    data = pd.read_csv(API_DIR / f"{name}.csv")
    data["sch_yes"] = (data["sch.wide"] == "Yes").astype(float)
    return data


@pytest.fixture(scope="session")
def api_dirs() -> tuple[Path, Path]:
    """(the committed copies, the shared reference folder)."""
    return API_DIR, REFERENCE_DIR


@pytest.fixture(scope="session")
def goldens() -> dict:
    return json.loads(GOLDENS.read_text())


@pytest.fixture(scope="session")
def api() -> dict[str, pd.DataFrame]:
    return {name: read_api(name) for name in ("apisrs", "apistrat", "apiclus1", "apiclus2")}


@pytest.fixture(scope="session")
def dclus1(api) -> SurveyDesign:
    """R: svydesign(id=~dnum, weights=~pw, fpc=~fpc, data=apiclus1)."""
    return SurveyDesign(api["apiclus1"], psu="dnum", weights="pw", fpc="fpc")


@pytest.fixture(scope="session")
def dstrat(api) -> SurveyDesign:
    """R: svydesign(id=~1, strata=~stype, weights=~pw, fpc=~fpc, data=apistrat)."""
    return SurveyDesign(api["apistrat"], strata="stype", weights="pw", fpc="fpc")


def assert_matches(
    result: pd.DataFrame,
    gold: dict,
    columns: Sequence[str] = ESTIMATE_COLUMNS,
    names: Sequence[str] | None = None,
    atol: float = 0.0,
) -> None:
    """Every column of ``result`` equals R's value at relative tolerance 1e-6."""
    if "names" in gold and isinstance(gold["names"], list):
        order = [gold["names"].index(n) for n in (names or estimate_names(result))]
    else:
        order = list(range(len(result)))
    assert len(order) == len(np.atleast_1d(gold[columns[0]]))
    for column in columns:
        expected = np.atleast_1d(np.asarray(gold[column], dtype=float))[order]
        np.testing.assert_allclose(
            result[column].to_numpy(float), expected, rtol=RTOL, atol=atol, err_msg=column
        )


@pytest.fixture
def check() -> Callable[..., None]:
    return assert_matches
