"""Design effects on every estimator R gives one for: svymean, svytotal, svyratio and
svyby, deff=TRUE and deff="replace", on a linearisation and a replicate design.

Goldens: goldens/domain.json ("deff"), made by goldens/make_domain_goldens.R on
apiclus1 (one-stage cluster sample) and its JK1 replicate design.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from heroes_research.errors import EstimationError
from heroes_research.survey import SurveyDesign

GOLD = json.loads((Path(__file__).parent / "goldens" / "domain.json").read_text())["deff"]


def same(result, gold, columns=("estimate", "se", "deff")) -> None:
    for column in columns:
        np.testing.assert_allclose(result[column].to_numpy(float), np.atleast_1d(gold[column]),
                                   rtol=1e-6, err_msg=column)


@pytest.fixture(scope="module")
def designs(dclus1) -> dict[str, SurveyDesign]:
    return {"linear": dclus1, "jk1": dclus1.to_replicate("JK1")}


@pytest.mark.parametrize("kind", ["linear", "jk1"])
def test_mean_and_total(designs, kind):
    design, gold = designs[kind], GOLD[kind]
    same(design.mean("api00", deff=True), gold["mean"])
    same(design.mean("api00", deff="replace"), gold["mean_replace"])
    same(design.total("enroll", deff=True), gold["total"])
    same(design.total("enroll", deff="replace"), gold["total_replace"])
    same(design.mean("stype", deff=True), gold["mean_levels"])


@pytest.mark.parametrize("kind", ["linear", "jk1"])
def test_crosstab(designs, kind):
    """R's interaction levels vary the first variable fastest; ours are row-major."""
    for option, name in ((True, "crosstab"), ("replace", "crosstab_replace")):
        gold = {k: np.asarray(v).reshape(2, 3).T.ravel() for k, v in GOLD[kind][name].items()}
        same(designs[kind].crosstab("stype", "sch.wide", deff=option), gold)


@pytest.mark.parametrize("kind", ["linear", "jk1"])
def test_by_domain(designs, kind):
    design, gold = designs[kind], GOLD[kind]
    same(design.mean("api00", by="stype", deff=True), gold["by_mean"])
    same(design.total("enroll", by="stype", deff=True), gold["by_total"])


def test_ratio_linearisation(designs):
    gold = GOLD["linear"]
    same(designs["linear"].ratio("api00", "enroll", deff=True), gold["ratio"])
    same(designs["linear"].ratio("api00", "enroll", deff="replace"), gold["ratio_replace"])
    same(designs["linear"].ratio("api00", "enroll", by="stype", deff=True), gold["by_ratio"])
    # R's definition: the deff of the total of the residuals y - R x
    np.testing.assert_allclose(gold["ratio"]["deff"], gold["ratio_residual_total"]["deff"], rtol=1e-9)


def test_ratio_replicate(designs):
    """R 4.1's replicate svyratio(deff=TRUE) fails; its code's intent is the deff of the
    residual total, which R computes on the same replicate design."""
    gold = GOLD["jk1"]
    out = designs["jk1"].ratio("api00", "enroll", deff=True)
    np.testing.assert_allclose(out["deff"], gold["ratio_residual_total"]["deff"], rtol=1e-6)
    out = designs["jk1"].ratio("api00", "enroll", deff="replace")
    np.testing.assert_allclose(out["deff"], gold["ratio_residual_total_replace"]["deff"], rtol=1e-6)


def test_no_deff_unless_asked(designs):
    assert designs["linear"].ratio("api00", "enroll")["deff"].isna().all()


@pytest.mark.parametrize("bad", ["yes", 1.5, "Replace"])
def test_bad_deff_names_the_argument(designs, bad):
    with pytest.raises(EstimationError, match="deff='replace'") as err:
        designs["linear"].mean("api00", deff=bad)
    assert err.value.variable == "deff"
