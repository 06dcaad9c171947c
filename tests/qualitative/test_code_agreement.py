"""code_agreement: presence/absence per unit between coders, through the reliability functions."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from heroes_research import qualitative as ql
from heroes_research.errors import EstimationError
from heroes_research.reliability import cohen_kappa


def test_passage_units_of_the_tiny_table(tiny):
    table = ql.code_agreement(tiny, n_boot=0).set_index("code")
    assert tuple(table.reset_index().columns) == ql.AGREEMENT_COLUMNS
    # I3 passages 1-3; C1 coded a/x on 1 and b/z on 2, C2 a/x on 1, a/y on 2, b/z on 3.
    c1 = {"a/y": [0, 0, 0], "b/z": [0, 1, 0]}
    c2 = {"a/y": [0, 1, 0], "b/z": [0, 0, 1]}
    for code in c1:
        assert table.loc[code, "kappa"] == pytest.approx(
            cohen_kappa(c1[code], c2[code], n_boot=0).estimate
        )
        assert table.loc[code, "alpha"] == pytest.approx(
            krippendorff.alpha([c1[code], c2[code]], level_of_measurement="nominal")
        )
    assert table.loc["a/y", "percent_agreement"] == pytest.approx(2 / 3)
    assert table.loc["a/x", "n_applied"] == 1 and table.loc["a/x", "percent_agreement"] == 1.0
    assert (
        np.isnan(table.loc["b/w", "kappa"]) and table.loc["b/w", "n_applied"] == 0
    )  # never applied
    assert (table["n_units"] == 3).all() and (table["n_coders"] == 2).all()


def test_interview_units_and_bootstrap(demo):
    table = ql.code_agreement(demo, "interview", n_boot=200, seed=5)
    double = (demo.groupby("interview_id")["coder"].nunique() >= 2).sum()
    assert (table["n_units"] == double).all()
    defined = table.dropna(subset=["alpha"])
    assert (defined["alpha_ci_low"] <= defined["alpha"]).all() and (
        defined["alpha"] <= defined["alpha_ci_high"]
    ).all()
    again = ql.code_agreement(demo, "interview", n_boot=200, seed=5)
    assert table.equals(again)


def test_alpha_uses_every_coder_of_the_demo(demo):
    table = ql.code_agreement(demo, n_boot=0)
    assert table["n_coders"].max() == demo["coder"].nunique()
    assert table["n_units"].nunique() == 1


def test_errors(tiny):
    with pytest.raises(EstimationError, match="unknown unit") as err:
        ql.code_agreement(tiny, unit="sentence")
    assert err.value.variable == "unit"
    with pytest.raises(EstimationError, match="no interview is coded by two") as err:
        ql.code_agreement(tiny[tiny["coder"] == "C1"])
    assert err.value.variable == "coder"
