"""Double coding: agreement statistics per indicator and area, and the reconciliation report."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from heroes_research.errors import LegalDataError
from heroes_research.legal import agreement, load_codings
from heroes_research.reliability import cohen_kappa, krippendorff_alpha

from .conftest import FIXTURES, make

COUNTRIES = ["AT", "BE", "FR", "PT"]


def test_binary_kappa_and_alpha_by_hand(mini):
    first = make(mini, [(c, "b1", v) for c, v in zip(COUNTRIES, ["yes", "yes", "no", "no"], strict=True)])
    second = make(mini, [(c, "b1", v) for c, v in zip(COUNTRIES, ["yes", "no", "no", "no"], strict=True)], "B")
    row = agreement(first, second).per_indicator.set_index("indicator").loc["b1"]
    # Cohen (1960): p_o = 3/4, p_e = 1/2 * 1/4 + 1/2 * 3/4 = 1/2 -> kappa = 1/2.
    assert math.isclose(row["kappa"], 0.5)
    # Krippendorff (2011), nominal: o_10 + o_01 = 2, n_1 = 3, n_0 = 5, n = 8 -> 1 - 7 * 2 / (2 * 3 * 5).
    assert math.isclose(row["alpha"], 1 - 7 * 2 / 30)
    assert row["percent_agreement"] == 0.75 and row["n_both_known"] == 4


def test_every_disagreement_listed_with_both_citations(mini):
    first = make(mini, [("AT", "b1", "yes", "2024-01-01", "Act AT s. 1"), ("BE", "o1", "full"),
                        ("FR", "n1", "")])
    second = make(mini, [("AT", "b1", "no", "2024-01-01", "Code AT art. 9"), ("BE", "o1", "full"),
                         ("FR", "n1", "30")], "B")
    res = agreement(first, second)
    d = res.disagreements.set_index(["country", "indicator"])
    assert set(d.index) == {("AT", "b1"), ("FR", "n1")}
    assert d.loc[("AT", "b1"), ["source_first", "source_second"]].tolist() == ["Act AT s. 1", "Code AT art. 9"]
    assert d.loc[("AT", "b1"), "kind"] == "values differ"
    assert d.loc[("FR", "n1"), ["value_first", "value_second", "kind"]].tolist() == ["unknown", "30", "one coder unknown"]
    assert res.coders == ("A", "B")


def test_identical_codings_agree(codings):
    res = agreement(codings, codings)
    assert res.disagreements.empty
    overall = res.per_area.set_index("area").loc["all"]
    assert overall["percent_agreement"] == 1.0 and overall["kappa"] == 1.0


def test_undefined_statistics_are_reported_not_hidden(mini):
    first = make(mini, [("AT", "b1", "yes"), ("BE", "b1", "yes")])
    res = agreement(first, make(mini, [("AT", "b1", "yes"), ("BE", "b1", "yes")], "B"))
    row = res.per_indicator.iloc[0]
    assert math.isnan(row["kappa"]) and "kappa undefined" in row["note"] and row["percent_agreement"] == 1.0


def test_unknown_as_category_counts_shared_unknowns(mini):
    first = make(mini, [("AT", "b1", "yes"), ("BE", "b1", ""), ("FR", "b1", "no")])
    second = make(mini, [("AT", "b1", "yes"), ("BE", "b1", ""), ("FR", "b1", "yes")], "B")
    missing = agreement(first, second).per_indicator.iloc[0]
    category = agreement(first, second, unknown_as="category").per_indicator.iloc[0]
    assert missing["n_both_known"] == 2 and category["n_both_known"] == 3
    assert category["percent_agreement"] == 2 / 3


def test_per_area_pools_indicators(mini):
    first = make(mini, [("AT", "b1", "yes"), ("AT", "o1", "full"), ("AT", "n1", "30"), ("BE", "b1", "no")])
    second = make(mini, [("AT", "b1", "yes"), ("AT", "o1", "none"), ("AT", "n1", "30"), ("BE", "b1", "no")], "B")
    res = agreement(first, second)
    area = res.per_area.set_index("area")
    assert area.loc["x", "n_units"] == 3 and area.loc["x", "percent_agreement"] == 2 / 3
    assert area.loc["all", "n_units"] == 4
    assert res.per_indicator.set_index("indicator").loc["o1", "kappa_method"] == "linear"
    assert set(res.to_long()["level"]) == {"indicator", "area"}


def test_fixture_double_coding(codings):
    second = load_codings(FIXTURES / "second_coding", codings.indicators)
    res = agreement(codings, second)
    assert len(res.disagreements) == 2
    assert res.disagreements[["source_first", "source_second"]].ne("").any(axis=1).all()
    assert repr(res).startswith("Agreement(coders A vs B") and "<table" in res._repr_html_()


def test_no_overlap_and_bad_option(mini):
    first, second = make(mini, [("AT", "b1", "yes")]), make(mini, [("BE", "b1", "yes")], "B")
    with pytest.raises(LegalDataError, match="share no") as info:
        agreement(first, second)
    assert info.value.reason == "no_overlap"
    assert "first coder: ['AT']" in str(info.value) and "second coder: ['BE']" in str(info.value)
    with pytest.raises(LegalDataError, match="unknown_as"):
        agreement(first, first, unknown_as="ignore")


def test_ordinal_indicators_use_level_positions(mini):
    cs = ["AT", "BE", "FR", "PT", "ES", "IE"]
    a = ["none", "partial", "full", "full", "none", "partial"]
    b = ["none", "full", "full", "partial", "none", "partial"]
    res = agreement(make(mini, list(zip(cs, ["o1"] * 6, a, strict=True))),
                    make(mini, list(zip(cs, ["o1"] * 6, b, strict=True)), "B"))
    row = res.per_indicator.iloc[0]
    pos = {"none": 0, "partial": 1, "full": 2}
    x, y = [pos[v] for v in a], [pos[v] for v in b]
    assert row["kappa"] == float(cohen_kappa(x, y, "linear", categories=[0, 1, 2], n_boot=0))
    assert row["alpha"] == float(krippendorff_alpha([x, y], "ordinal", values=[0, 1, 2], n_boot=0))


def test_pooled_area_statistics_with_many_categories(indicators):
    """Over 64 (indicator, value) codes in one pool, most of them in units only one coder knows."""
    from heroes_research.legal import codings_from_frame

    ids = [i.id for i in indicators if i.type == "binary"][:40]
    rows = pd.DataFrame([{"jurisdiction": j, "indicator": i, "value": v} for i in ids
                         for j, v in (("AT", "yes"), ("BE", "no"))])
    cite = {"attested_on": "2024-01-01", "statute": "Act", "source_type": "secondary", "document": "d",
            "url": "https://example.org", "consulted": "2026-12-06", "excerpt": "e", "status": "draft"}
    first = codings_from_frame(rows.assign(coder="A", **cite), indicators)
    second = rows.assign(coder="B", **cite)
    found = second.index < 6  # the second coder found only three indicators for both countries
    second.loc[~found, list(cite)] = ""
    second.loc[~found, ["value", "status", "searched"]] = ["", "unknown", "nothing found"]
    second.loc[1, "value"] = "yes"  # and disagrees once
    res = agreement(first, codings_from_frame(second, indicators))
    overall = res.per_area.set_index("area").loc["all"]
    assert overall["n_units"] == 80 and overall["n_both_known"] == 6
    assert 0 < overall["alpha"] < 1
