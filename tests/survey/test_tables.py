"""Two-way tables and the Rao-Scott F test (svychisq statistic="F")."""

from __future__ import annotations

import pytest


def test_crosstab(dclus1, goldens, check):
    out = dclus1.crosstab("stype", "sch.wide")
    names = [f"interaction(stype, sch.wide){r}.{c}" for r, c in zip(out["stype"], out["sch.wide"], strict=True)]
    check(out, goldens["clus1"]["crosstab"], names=names)
    assert list(out.columns[:4]) == ["stype", "sch.wide", "variable", "level"]
    assert out["estimate"].sum() == pytest.approx(1.0)
    cell = out[(out["stype"] == "H") & (out["sch.wide"] == "No")]
    assert cell["n_level"].tolist() == [3] and cell["n"].tolist() == [183]
    assert cell["level"].tolist() == ["H x No"] and (out["variable"] == "stype x sch.wide").all()


@pytest.mark.parametrize(
    ("key", "row", "col"),
    [
        ("chisq_stype_schwide", "stype", "sch.wide"),
        ("chisq_stype_awards", "stype", "awards"),
    ],
)
def test_rao_scott_cluster(key, row, col, dclus1, goldens, check):
    check(dclus1.chisq(row, col), goldens["clus1"][key], ("F", "ndf", "ddf", "p"))


def test_rao_scott_stratified(dstrat, goldens, check):
    out = dstrat.chisq("sch.wide", "awards")
    check(out, goldens["strat"]["chisq_schwide_awards"], ("F", "ndf", "ddf", "p"))
    assert list(out.columns) == ["F", "ndf", "ddf", "p", "chisq"]


def test_rao_scott_missing_values(api, goldens, check):
    from heroes_research.errors import EstimationError
    from heroes_research.survey import SurveyDesign

    data = api["apiclus1"].copy()
    data.loc[[3, 7], "sch.wide"] = None
    design = SurveyDesign(data, psu="dnum", weights="pw", fpc="fpc")
    with pytest.raises(EstimationError, match="missing values") as err:
        design.chisq("stype", "sch.wide")
    assert err.value.variable == "sch.wide" and err.value.rows == [3, 7]
    check(
        design.chisq("stype", "sch.wide", na_rm=True),
        goldens["clus1_na"]["chisq_stype_schwide"],
        ("F", "ndf", "ddf", "p"),
    )
