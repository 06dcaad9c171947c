"""The demo data harmonise back to their truth and have the statistical structure asked for."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.demo import INSTRUMENTS, MESS, truth_frame
from heroes_research.demo._variables import MISSING
from heroes_research.pipeline import validate


@pytest.fixture(scope="module")
def harmonised():
    """The committed demo data, harmonised once for this module (lenient)."""
    return {r.instrument: r for r in validate(progress=False).instruments}


def _values(series: pd.Series) -> list:
    return [None if pd.isna(x) else x for x in series.astype(object)]


@pytest.mark.parametrize("country", ["FR", "BR", "PT", "BD", "GR"])
def test_codebook_inverts_the_country_coding(harmonised, country):
    """Harmonised codes equal the generator's truth (reversed, 0-4, own order, missing)."""
    from heroes_research.demo._early_identification import VARIABLES

    data = harmonised["early_identification"].data
    got = data[data["country"] == country].reset_index(drop=True)
    truth = truth_frame("early_identification", country)
    mess = MESS.get(("early_identification", country))
    keep = np.ones(len(truth), bool)
    if mess is not None:
        keep[[row for _var, row, _val in mess.out_of_range]] = False
    got, truth = got.iloc[: len(truth)][keep], truth[keep]
    for var in VARIABLES:
        if var.codes is None:
            continue
        expected = truth[var.name].map(lambda h, v=var: v.codes.get(h))
        assert _values(got[var.name]) == _values(expected), var.name
        assert _values(got[f"{var.name}__missing"]) == _values(truth[var.name].map(MISSING)), var.name
    years = truth["years_experience"].where(truth["years_experience"] >= 0)
    np.testing.assert_array_equal(got["years_experience"].to_numpy(float), years.to_numpy(float))


def test_batteries_have_realistic_reliability(harmonised):
    from heroes_research.reliability import cronbach_alpha

    result = harmonised["early_identification"]
    for battery, items in result.harmonised.codebook.batteries().items():
        scores = pd.DataFrame({i: result.data[i].cat.codes.replace(-1, np.nan) for i in items})
        alpha = cronbach_alpha(scores, n_boot=0).estimate
        assert 0.7 <= alpha <= 0.85, (battery, alpha)


def test_identification_depends_on_training_and_sector(harmonised):
    import statsmodels.formula.api as smf

    data = harmonised["early_identification"].data
    frame = pd.DataFrame({
        "identified": (data["identified_victim"] == "Yes").astype(float).where(data["identified_victim"].notna()),
        "topics": data.filter(like="training__").sum(axis=1).astype(float),
        "law_enforcement": (data["sector"] == "Law enforcement").astype(float),
        "years": data["years_experience"].astype(float),
    }).dropna()
    fit = smf.logit("identified ~ topics + law_enforcement + years", frame).fit(disp=0)
    assert fit.params["topics"] > 0 and fit.pvalues["topics"] < 0.001
    assert fit.params["law_enforcement"] > 0 and fit.pvalues["law_enforcement"] < 0.001


def test_sample_sizes_are_realistic_with_small_cells(harmonised):
    data = harmonised["early_identification"].data
    per_country = data["country"].value_counts()
    assert per_country.min() >= 20 and per_country.max() <= 400
    cells = pd.crosstab(data["country"], data["sector"])
    assert ((cells > 0) & (cells < 5)).to_numpy().sum() >= 5
    weights = data.groupby("country", observed=True)["weight"].sum()
    assert (weights > 0).all()
    assert data.groupby("country", observed=True)["fpc"].nunique().eq(1).all()


def test_missing_children_hotline_not_applicable_outside_europe(harmonised):
    data = harmonised["missing_children"].data
    outside = data["country"].isin(["BD", "BR", "CO"])
    assert data.loc[outside, "coop_116000"].isna().all()
    assert (data.loc[outside, "coop_116000__missing"] == "Not applicable").all()
    assert data.loc[~outside, "coop_116000"].notna().mean() > 0.95


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_the_injected_mess_is_what_validation_finds(harmonised, instrument):
    report = harmonised[instrument].report
    found_dup = set(report.loc[report["rule"] == "duplicate_respondent", "country"])
    found_bad = report[report["rule"].isin(["code_not_declared", "out_of_range"])]
    expected_dup = {c for (i, c), m in MESS.items() if i == instrument and m.duplicates}
    expected_bad = sum(len(m.out_of_range) for (i, _c), m in MESS.items() if i == instrument)
    assert found_dup == expected_dup
    assert len(found_bad) == expected_bad
    assert not (report["rule"] == "missing_variable").any()


@pytest.mark.parametrize(("instrument", "country", "named"), [
    ("nonsense", "ES", "'nonsense'"), ("prevention", "XX", "'XX'"), ("prevention", "es", "'es'")])
def test_truth_frame_names_an_unknown_instrument_or_country(instrument, country, named):
    """A wrong instrument or country is named in the message, with the valid choices."""
    with pytest.raises(ValueError, match=named) as info:
        truth_frame(instrument, country)
    assert "use" in str(info.value)


def test_make_instrument_names_an_unknown_instrument():
    from heroes_research.demo import make_instrument

    with pytest.raises(ValueError, match="'nonsense'.*early_identification"):
        make_instrument("nonsense")
