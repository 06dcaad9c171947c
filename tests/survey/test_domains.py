"""Domain estimation keeps the full design (R's svyby)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.survey import SurveyDesign


def test_mean_by_domain(dstrat, goldens, check):
    gold = goldens["strat"]
    check(
        dstrat.mean("api00", by="awards", deff=True),
        gold["by_api00_awards"],
        ("estimate", "se", "ci_low", "ci_high", "deff"),
    )
    check(dstrat.total("enroll", by="awards"), gold["by_total_enroll_awards"])
    check(dstrat.mean("acs.46", by="awards", na_rm=True), gold["by_acs46_awards_narm"])


def test_several_variables_by_domain(dclus1, goldens, check):
    gold = goldens["clus1"]
    check(dclus1.mean(["ell", "meals"], by="stype"), gold["by_ell_meals_stype"])
    check(dclus1.mean("sch.wide", by="stype"), gold["by_schwide_stype"])
    check(dclus1.mean("avg.ed", by="stype", na_rm=True), gold["by_avged_stype_narm"])


def test_domain_index_and_counts(dclus1):
    out = dclus1.mean("sch.wide", by="stype")
    assert list(out.columns[:3]) == ["stype", "variable", "level"]
    cell = out[(out["stype"] == "H") & (out["level"] == "Yes")]
    assert cell["n_level"].tolist() == [11] and cell["n"].tolist() == [14]


def test_domain_is_not_a_subset_design(api, dclus1):
    """Dropping the rows outside the domain first would lose PSUs and change the SE."""
    inside = api["apiclus1"][api["apiclus1"]["stype"] == "H"]
    subset = SurveyDesign(inside, psu="dnum", weights="pw", fpc="fpc")
    by_stype = dclus1.mean("api00", by="stype")
    domain_se = by_stype.loc[by_stype["stype"] == "H", "se"].item()
    assert not np.isclose(subset.mean("api00")["se"].item(), domain_se, rtol=1e-3)


def test_rows_without_domain_are_left_out(api):
    data = api["apiclus1"].assign(group=api["apiclus1"]["stype"].where(lambda s: s != "M"))
    out = SurveyDesign(data, psu="dnum", weights="pw").mean("api00", by="group")
    assert out["group"].tolist() == ["E", "H"]
    assert isinstance(out.index, pd.RangeIndex)


def test_factorised_domains_follow_the_column(api):
    """The design caches a factorised ``by`` column only while the column is the same array."""
    design = SurveyDesign(api["apistrat"], strata="stype", weights="pw")
    first = design.mean("api00", by="awards")
    assert design.mean("api00", by="awards").equals(first)  # from the cache
    design.data["awards"] = design.data["awards"].map({"Yes": "No", "No": "Yes"})
    swapped = design.mean("api00", by="awards")
    assert swapped["estimate"].tolist() == first["estimate"].tolist()[::-1]
