"""svyciprop methods mean, xlogit and asin against R (goldens/parity.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from heroes_research.errors import EstimationError

CIPROP = json.loads((Path(__file__).parent / "goldens" / "parity.json").read_text())["ciprop"]


def same(result, gold) -> None:
    for column in ("estimate", "ci_low", "ci_high"):
        np.testing.assert_allclose(
            result[column].to_numpy(float), np.atleast_1d(gold[column]), rtol=1e-6, err_msg=column
        )


@pytest.mark.parametrize("method", ["mean", "xlogit", "asin"])
def test_ciprop_methods_match_r(dclus1, dstrat, method):
    same(dclus1.proportion_ci("sch.wide", "Yes", method), CIPROP[method])
    same(dstrat.proportion_ci("stype", "H", method, conf_level=0.9), CIPROP[f"{method}_strat90"])
    same(dclus1.proportion_ci("sch.wide", "Yes", method, by="stype"), CIPROP[f"{method}_by"])


@pytest.mark.parametrize("method", ["logit", "beta", "xlogit"])
def test_ciprop_on_a_replicate_design(dclus1, method):
    jk1 = dclus1.to_replicate("JK1")
    same(jk1.proportion_ci("sch.wide", "Yes", method), CIPROP[f"{method}_jk1"])
    same(jk1.proportion_ci("sch.wide", "Yes", method, by="stype"), CIPROP[f"{method}_jk1_by"])


def test_unknown_method_raises(dclus1):
    with pytest.raises(EstimationError, match="unknown method .profile."):
        dclus1.proportion_ci("sch.wide", "Yes", "profile")
