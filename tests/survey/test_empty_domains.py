"""A domain without respondents under na_rm, as R's svyby(..., na.rm=TRUE) reports it.

R keeps the domain: its total is 0, its mean 0 on a linearisation design (R sums no
rows) and NaN on a replicate design (0/0), its ratio NaN; the SE is 0 and the design
effect NaN; the other domains are unaffected. A level of the ``by`` factor with no
row at all is not a domain (R's ``drop.empty.groups=TRUE``).
Goldens: goldens/domain.json, made by goldens/make_domain_goldens.R.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.survey import SurveyDesign

GOLD = json.loads((Path(__file__).parent / "goldens" / "domain.json").read_text())["empty"]


def same(result: pd.DataFrame, gold: dict, columns=("estimate", "se", "deff"), levels: int = 1) -> None:
    for column in columns:
        expected = np.asarray(gold[column], dtype=float)
        if levels > 1:  # R: level-major columns of svyby; ours: domain-major rows
            expected = expected.reshape(levels, -1).T.ravel()
        np.testing.assert_allclose(
            result[column].to_numpy(float), expected, rtol=1e-6, atol=1e-12, err_msg=column
        )


@pytest.fixture(scope="module")
def data(api) -> pd.DataFrame:
    out = api["apistrat"].copy()
    out["y"] = out["api00"].where(out["stype"] != "M")
    out["dom"] = pd.Categorical(out["stype"], categories=["E", "H", "M", "Z"])
    out["yc"] = np.where(out["y"].isna(), None, np.where(out["y"] > 650, "hi", "lo"))
    return out


@pytest.fixture(scope="module")
def designs(data) -> dict[str, SurveyDesign]:
    linear = SurveyDesign(data, strata="stype", weights="pw", fpc="fpc")
    return {"linear": linear, "jkn": linear.to_replicate("JKn")}


@pytest.mark.parametrize("kind", ["linear", "jkn"])
def test_mean_and_total_keep_the_empty_domain(designs, kind):
    design, gold = designs[kind], GOLD[kind]
    mean = design.mean("y", by="dom", na_rm=True, deff=True)
    assert mean["dom"].astype(str).tolist() == gold["domains"] == ["E", "H", "M"]
    same(mean, gold["mean"])
    same(design.total("y", by="dom", na_rm=True, deff=True), gold["total"])
    assert mean["n"].tolist() == [100, 50, 0]
    empty = mean.iloc[2]
    assert empty["ci_low"] == empty["ci_high"] or np.isnan(empty["ci_low"])


@pytest.mark.parametrize("kind", ["linear", "jkn"])
def test_fast_path_agrees(designs, kind):
    """Without deff the linearisation design takes the one-pass path: same values."""
    same(designs[kind].mean("y", by="dom", na_rm=True), GOLD[kind]["mean"], ("estimate", "se"))


@pytest.mark.parametrize("kind", ["linear", "jkn"])
def test_levels_of_a_categorical_variable(designs, kind):
    design, gold = designs[kind], GOLD[kind]
    shares = design.mean("yc", by="dom", na_rm=True)
    same(shares, gold["mean_levels"], ("estimate", "se"), levels=2)
    assert shares["n_level"].tolist() == [57, 43, 21, 29, 0, 0]
    same(design.total("yc", by="dom", na_rm=True), gold["total_levels"], ("estimate", "se"), levels=2)


def test_ratio(designs):
    same(designs["linear"].ratio("y", "enroll", by="dom", na_rm=True), GOLD["linear"]["ratio"],
         ("estimate", "se"))


def test_ratio_on_replicate_design_as_linearisation(designs):
    """R's replicate svyratio fails in the empty domain; here it is NaN with SE 0, as R's
    linearisation svyratio, and the other domains equal R's svyratio in each."""
    out = designs["jkn"].ratio("y", "enroll", by="dom", na_rm=True)
    assert np.isnan(out["estimate"].iloc[2]) and out["se"].iloc[2] == 0
    np.testing.assert_allclose(out["estimate"].iloc[:2], GOLD["linear"]["ratio"]["estimate"][:2], rtol=1e-9)


def test_domain_without_rows_is_not_reported(designs, data):
    """A category with no row is not a domain (R's svyby drops it), with or without na_rm."""
    out = designs["linear"].mean("api00", by="dom")
    assert out["dom"].astype(str).tolist() == ["E", "H", "M"]
