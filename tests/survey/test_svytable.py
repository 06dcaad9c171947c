"""design.table against R's svytable (goldens/parity.json)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from heroes_research.errors import EstimationError

TABLES = json.loads((Path(__file__).parent / "goldens" / "parity.json").read_text())["svytable"]


def test_two_way_counts_include_every_cell(dclus1):
    out = dclus1.table(["stype", "sch.wide"])
    assert list(out.columns[:3]) == ["stype", "sch.wide", "variable"]
    in_r_order = out.sort_values(["sch.wide", "stype"])  # R: the first variable varies fastest
    np.testing.assert_allclose(in_r_order["estimate"], TABLES["two_way"], rtol=1e-9)
    assert out["n"].sum() == dclus1.n and out["se"].isna().all()


def test_total_round_and_missing(dclus1, dstrat):
    np.testing.assert_allclose(
        dclus1.table("stype", total=1000)["estimate"], TABLES["one_way_total"], rtol=1e-9
    )
    np.testing.assert_allclose(dstrat.table("stype", round=True)["estimate"], TABLES["rounded"])
    np.testing.assert_allclose(dclus1.table("acs.k3")["estimate"], TABLES["na"], rtol=1e-9)
    with pytest.raises(EstimationError, match="positive number"):
        dclus1.table("stype", total=0)
