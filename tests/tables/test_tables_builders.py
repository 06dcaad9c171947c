"""Table builders: layout, symbols, notes, disclosure control and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research import tables
from heroes_research.countries import COUNTRY_CODES
from heroes_research.errors import OutputError
from heroes_research.provenance import DEMO_NOTE
from heroes_research.survey import SurveyDesign, tidy_frame
from heroes_research.tables._writers import flat_header


def shown(table: tables.PublicationTable) -> pd.DataFrame:
    """What DOCX, HTML and LaTeX show: text cells under their flat headings, by row label."""
    grid = table.text_grid()
    n, header = grid.n_labels, flat_header(grid)
    labels = [tuple(row[:n]) if n > 1 else row[0] for row in grid.rows]
    index = pd.MultiIndex.from_tuples(labels, names=header[:n]) if n > 1 else pd.Index(labels, name=header[0])
    return pd.DataFrame([row[n:] for row in grid.rows], columns=header[n:], index=index)


@pytest.fixture
def estimates() -> pd.DataFrame:
    """Shaped as SurveyDesign.mean("q_aware", by="country") (the tidy shape); LV with n < 5."""
    rows = [(c, lvl, 0.4 + 0.01 * i, 0.05, 0.3, 0.5, 3 if c == "LV" else 200 + i)
            for i, c in enumerate(COUNTRY_CODES) for lvl in ("yes", "no")]
    frame = pd.DataFrame(rows, columns=["country", "level", "estimate", "se", "ci_low", "ci_high", "n"])
    return tidy_frame(frame[["country"]], variable="q_aware", level=frame["level"],
                      estimate=frame["estimate"], se=frame["se"], ci_low=frame["ci_low"],
                      ci_high=frame["ci_high"], conf_level=0.95, n=frame["n"],
                      n_level=frame["n"] // 2)


def test_estimates_table_suppresses_small_cells_by_default(estimates):
    table = tables.estimates_table(estimates, title="Aware", source="HEROES survey", percent=True,
                                   demo=True)
    assert list(table.data.index[:3]) == ["Austria", "Belgium", "Bulgaria"]  # display order
    assert list(shown(table).columns) == ["yes: Estimate (95% CI)", "yes: n", "no: Estimate (95% CI)", "no: n"]
    assert shown(table).loc["Latvia"].tolist() == ["x"] * 4
    assert table.data.loc["Latvia"].tolist() == ["x"] * 8  # estimate, CI and n withheld, per level
    assert shown(table).loc["Austria", "yes: Estimate (95% CI)"] == "40.0 (30.0–50.0)"
    assert table.data.loc["Austria", "yes: estimate"] == 0.4  # full precision, scaled when rendered
    lines = table.note_lines()
    assert any("x: not shown to protect respondents (fewer than 5" in line for line in lines)
    assert lines[-2:] == ["Source: HEROES survey.", DEMO_NOTE]


def test_estimates_table_opt_out_is_printed(estimates):
    table = tables.estimates_table(estimates, title="Aware", source="s", protect=False, interval="se")
    assert table.data.loc["Latvia", "yes: n"] == 3  # n: respondents who answered
    assert shown(table).loc["Latvia", "yes: Estimate (SE)"] == "0.5 (0.1)"
    assert "NOT applied (protect=False)" in " ".join(table.note_lines())


def test_counts_table_primary_and_secondary_suppression():
    data = pd.DataFrame({"country": ["AT"] * 12 + ["Belgique"] * 2 + ["ES"] * 7,
                         "sector": ["police"] * 10 + ["ngo"] * 11})
    table = tables.counts_table(data, "country", "sector", title="Respondents", source="s")
    cells = table.data
    assert list(cells.index) == ["Austria", "Belgium", "Spain", "Total"]
    assert cells.loc["Belgium", "ngo"] == "x"  # 2 < 5: primary
    assert (cells == "x").sum().sum() >= 2  # and a secondary cell so it cannot be derived
    assert cells.loc["Total", "Total"] == 21
    assert "x: not shown to protect respondents" in table.note


def test_counts_table_without_protection_adds_totals():
    data = pd.DataFrame({"country": ["AT", "AT", "BE"], "sector": ["police", "ngo", "ngo"]})
    table = tables.counts_table(data, "country", "sector", title="t", source="s", protect=False)
    assert table.data.loc["Total"].tolist() == [2, 1, 3]
    assert "NOT applied" in table.note


def test_legal_matrix_symbols_and_citations():
    codings = pd.DataFrame({
        "country": ["BE", "AT", "AT", "FR"], "indicator": ["L1", "L1", "L2", "L1"],
        "value": ["partial", "yes", None, "no"],
        "source": ["Code pénal art. 433", "StGB § 104a", "not yet searched", "Code pénal 225-4-1"],
        "as_of": ["2024-01-01"] * 4,
    })
    indicators = pd.DataFrame({"id": ["L1", "L2"], "question": ["Is THB an offence?", "Age?"]})
    table = tables.legal_matrix_table(codings, indicators, title="Law", source="HEROES legal coding")
    assert list(table.data.columns) == ["AT", "BE", "FR"]
    assert list(table.data.index) == ["L1. Is THB an offence?", "L2. Age?"]
    assert table.data.iloc[0].tolist() == ["✓¹", "◐²", "✗³"]
    assert table.data.iloc[1].tolist() == ["?", "?", "?"]  # unknown cites nothing; uncoded is unknown
    assert table.footnotes[0] == "Austria: StGB § 104a (as of 2024-01-01)"
    assert len(table.footnotes) == 3


def test_suppression_symbol_matches_disclosure():
    from heroes_research.disclosure import SUPPRESSED_SYMBOL

    assert tables.SUPPRESSED == SUPPRESSED_SYMBOL


@pytest.mark.parametrize("bad", ["Narnia", "ZZ"])
def test_unknown_country_is_named(estimates, bad):
    frame = estimates.copy()
    frame.loc[5, "country"] = bad
    with pytest.raises(OutputError) as err:
        tables.estimates_table(frame, title="t", source="s")
    assert err.value.reason == "unknown_country"
    assert err.value.country == bad and err.value.rows == [5]
    assert err.value.failures["value"].tolist() == [bad]


def test_empty_data_is_refused():
    empty = pd.DataFrame(columns=["country", "estimate", "ci_low", "ci_high", "n"])
    with pytest.raises(OutputError, match="no rows") as err:
        tables.estimates_table(empty, title="t", source="s")
    assert err.value.reason == "empty_data" and err.value.variable == "data"
    with pytest.raises(OutputError, match="no rows"):
        tables.counts_table(pd.DataFrame({"country": []}), "country", title="t", source="s")


def test_missing_column_is_named(estimates):
    with pytest.raises(OutputError, match="'ci_low'") as err:
        tables.estimates_table(estimates.drop(columns="ci_low"), title="t", source="s")
    assert err.value.variable == "ci_low"


def test_duplicate_legal_codings_need_a_snapshot():
    codings = pd.DataFrame({"country": ["AT", "AT"], "indicator": ["L1", "L1"],
                            "value": ["yes", "no"], "source": ["a", "b"]})
    with pytest.raises(OutputError, match="more than one coding") as err:
        tables.legal_matrix_table(codings, title="t", source="s")
    assert err.value.rows == [0, 1] and "as_of" in err.value.hint


def test_one_way_counts_have_a_total_row_only():
    data = pd.DataFrame({"country": ["AT"] * 7 + ["BD"] * 9})
    table = tables.counts_table(data, "country", title="Respondents", source="s")
    assert list(table.data.columns) == ["n"]
    assert table.data["n"].tolist() == [7, 9, 16]
    assert list(table.data.index) == ["Austria", "Bangladesh", "Total"]


def test_legal_matrix_cites_nothing_when_every_value_is_unknown():
    codings = pd.DataFrame({"country": ["AT", "BE"], "indicator": ["L1", "L1"], "value": [None, None],
                            "status": ["unknown", "unknown"], "source": [None, "searched: StGB"],
                            "as_of": ["2024-01-01", "2024-01-01"]})
    table = tables.legal_matrix_table(codings, title="Law", source="s", cite=True)
    assert table.data.loc["L1"].tolist() == ["?", "?"]
    assert table.footnotes == ()


def test_counts_table_without_margins_for_codes_that_overlap():
    # Interviews mentioning each code: one interview can mention both, so totals are not sums.
    counts = pd.DataFrame({"police": [12, 3], "ngo": [9, 8]},
                          index=pd.Index(["delays", "interpretation"], name="Code"))
    table = tables.counts_table(counts, title="Codes", source="s", margins=False)
    assert "Total" not in table.data.index and "Total" not in table.data.columns
    assert table.data.loc["interpretation", "police"] == "x"
    assert table.metadata["margins"] is False
    plain = tables.counts_table(counts, title="Codes", source="s", margins=False, protect=False)
    assert plain.data.to_numpy().tolist() == [[12, 9], [3, 8]]


def test_counts_table_keeps_two_level_row_labels():
    index = pd.MultiIndex.from_tuples([("Barrier", "delays"), ("Barrier", "costs"), ("Remedy", "legal aid")],
                                      names=["Category", "Code"])
    counts = pd.DataFrame({"police": [12, 7, 9], "ngo": [9, 8, 10]}, index=index)
    table = tables.counts_table(counts, title="Codes", source="s", margins=False)
    assert table.data.index.names == ["Category", "Code"]
    assert table.data.loc[("Remedy", "legal aid"), "ngo"] == 10


def test_legal_matrix_prints_codebook_labels_and_unlabelled_levels_readably():
    from heroes_research.legal import load_indicators

    indicators = load_indicators()
    codings = pd.DataFrame({
        "country": ["AT", "BE"], "indicator": ["thb_purposes", "thb_means"],
        "value": ["eu_2011", "means_not_required"], "source": ["StGB § 104a", "Code pénal art. 433"],
    })
    table = tables.legal_matrix_table(codings, indicators, title="Law", source="s", cite=False,
                                      questions=False)
    assert table.data.loc["thb_purposes", "AT"] == (
        "plus forced begging and exploitation of criminal activities")
    assert table.data.loc["thb_means", "BE"] == "means not required"


def test_any_grouping_in_rows_with_codebook_style_labels_and_conf_level(practitioners):
    est = practitioners.proportion_ci("aware", 1, by="sector", conf_level=0.9)
    table = tables.estimates_table(est, rows="sector", title="Aware", source="s", percent=True,
                                   labels={"sector": "Sector of work"})
    assert table.data.index.name == "Sector of work"
    assert list(table.data.index) == ["Police", "NGO", "Health"]  # category order
    assert list(shown(table).columns) == ["Estimate (90% CI)", "n"]
    assert table.data.loc["NGO", "n"] == 22  # answered, not those with the level
    assert "90% confidence interval" in table.note and "95%" not in table.note


def test_two_groupings_rows_by_columns_protected_per_cell(practitioners):
    est = practitioners.mean("aware", by=["sector", "agency"])
    table = tables.estimates_table(est, rows="sector", cols="agency", title="Aware", source="s")
    assert list(shown(table).columns) == ["private: Estimate (95% CI)", "private: n",
                                        "public: Estimate (95% CI)", "public: n"]  # sorted
    assert table.data.loc["NGO", "public: n"] == "x"  # 2 respondents: withheld
    assert table.data.loc["NGO", "private: n"] == 20
    assert table.data.loc["Health", "private: n"] == ".."  # no such domain
    with pytest.raises(OutputError, match="more than one estimate per sector x item"):
        tables.estimates_table(est, rows="sector", title="t", source="s")


def test_interval_label_needs_one_conf_level(estimates):
    mixed = estimates.assign(conf_level=[0.9, 0.95] * (len(estimates) // 2))
    with pytest.raises(OutputError, match="several confidence levels") as err:
        tables.estimates_table(mixed, title="t", source="s")
    assert err.value.variable == "conf_level"
    with pytest.raises(OutputError, match="no 'conf_level' column"):
        tables.estimates_table(estimates.drop(columns="conf_level"), title="t", source="s")


def test_unknown_grouping_column_is_named(estimates):
    with pytest.raises(OutputError, match="'sector' not found") as err:
        tables.estimates_table(estimates, rows="sector", title="t", source="s")
    assert err.value.variable == "sector"


def test_counts_table_any_grouping_with_labels():
    data = pd.DataFrame({"agency_type": ["police"] * 8 + ["ngo"] * 6,
                         "sector": ["a", "b"] * 7})
    table = tables.counts_table(data, "agency_type", "sector", title="t", source="s", protect=False)
    assert table.data.index.name == "Agency type"
    labelled = tables.counts_table(data, "agency_type", "sector", title="t", source="s",
                                   labels={"agency_type": "Type of agency"})
    assert labelled.data.index.name == "Type of agency"
    assert list(labelled.data.index) == ["ngo", "police", "Total"]


def test_headings_from_a_codebook(practitioners):
    from heroes_research import paths
    from heroes_research.codebook import load_codebook

    codebook = load_codebook(paths.raw_dir() / "demo" / "early_identification" / "codebook.yaml")
    est = practitioners.mean("aware", by="sector")
    table = tables.estimates_table(est, rows="sector", labels=codebook, title="t", source="s")
    assert table.data.index.name == "Sector of work"
    counts = tables.counts_table(practitioners.data, "agency", title="t", source="s", labels=codebook)
    assert counts.data.index.name == "Agency"  # not in the codebook: the name made readable


def test_model_table_odds_ratios_with_labelled_terms(practitioners):
    design = SurveyDesign(practitioners.data.assign(years=range(66)))
    model = design.glm("aware ~ sector + years", family="binomial", conf_level=0.9)
    table = tables.model_table(model, exponentiate=True, intercept=False, title="t", source="s",
                               labels={"sector": "Sector of work", "years": "Years (per year)"})
    assert list(shown(table).columns) == ["Odds ratio (90% CI)", "p"]
    assert list(table.data.index) == ["Sector of work: NGO", "Sector of work: Health", "Years (per year)"]
    ngo = model.set_index("variable").loc["sector[T.NGO]"]
    assert shown(table).iloc[0, 0].startswith(f"{np.exp(ngo['estimate']):.2f} (")
    assert table.data.iloc[0, 0] == pytest.approx(np.exp(ngo["estimate"]))
    assert "n = 66 respondents" in table.note


def test_estimate_matrix_without_interval_or_n(practitioners):
    est = practitioners.mean("aware", by=["sector", "agency"])
    table = tables.estimates_table(est, rows="sector", cols="agency", interval=None, show_n=False,
                                   absent="", percent=True, digits=0, protect=False,
                                   title="t", source="s")
    assert list(shown(table).columns) == ["private", "public"]
    assert shown(table).loc["Health", "private"] == ""
    assert table.note.startswith("Percentages.")


def test_ranking_table_top_items_and_whole_group_withheld(practitioners):
    design = SurveyDesign(practitioners.data.assign(a=np.arange(66.0), b=np.arange(66.0)[::-1], c=2.0))  # a constant score (a constant 1.0 would be a 0/1 share of 100 %, withheld)
    est = pd.concat([design.mean(v, by="agency") for v in ("a", "b", "c")], ignore_index=True)
    table = tables.ranking_table(est, rows="agency", top=2, labels={"a": "Item A"}, title="t", source="s")
    assert list(shown(table).columns) == ["1", "2"]
    assert shown(table).loc["private"].tolist()[0].startswith(("Item A (", "B ("))
    small = est.assign(n=est["n"].where(est["variable"] != "c", 3))
    withheld = tables.ranking_table(small, rows="agency", title="t", source="s")
    assert (withheld.data == "x").all().all() and (shown(withheld) == "x").all().all()
