"""The intruder attacks a report with only its published files: each planted leak is found and
confirmed against the data, its protected version is not; the built demo report leaks nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.disclosure._intruder import confirm, intrude
from heroes_research.disclosure._intruder_attacks import likert_distributions
from heroes_research.disclosure._intruder_lp import linked_attack
from heroes_research.disclosure._intruder_read import read_tables
from heroes_research.disclosure._intruder_truth import Truth, interview_frames, load_truth

SOURCE = "HEROES survey of prevention-programme implementers (prevention/codebook.yaml v1.0.0)"
SHARES_NOTE = ("Share of implementers. Implementers weighted equally (no sampling design). "
               "Percentages with the 95% confidence interval in brackets.")
MEANS_NOTE = "Mean rating from 1 (not a barrier) to 5 (severe barrier). Implementers weighted equally."


def _publish(reports: Path, name: str, frame: pd.DataFrame, note: str = "", source: str = SOURCE,
             sidecar: dict | None = None) -> Path:
    """Write a table as a reader finds it: CSV (cells, a blank line, the note) and a side-car."""
    folder = reports / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / f"{name}.csv"
    text = frame.to_csv(index=False, lineterminator="\n") + f"\n{note}\nSource: {source}.\n"
    csv.write_text("\ufeff" + text, encoding="utf-8")
    meta = {"source": source, "files": {"csv": {"file": csv.name}}} | (sidecar or {})
    (folder / f"{name}.json").write_text(json.dumps(meta))
    return csv


def _page(reports: Path, name: str, body: str) -> None:
    folder = reports / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def _survey(rows: dict[str, list[str]]) -> pd.DataFrame:
    """Microdata: one row per implementer, ``{country: [programme type, ...]}``."""
    records = [(c, f"{c}-P{i:03d}", t) for c, types in rows.items() for i, t in enumerate(types, 1)]
    return pd.DataFrame(records, columns=["country", "resp_id", "programme_type"]).astype(
        {"programme_type": "category"})


def _findings(reports: Path, truth: Truth) -> pd.DataFrame:
    found = confirm(intrude(reports), truth)
    return found[found["status"].isin(["confirmed", "stated"])]


# -- (a) one LP over every count table ----------------------------------------------------------

PROGRAMMES = _survey({"AT": ["School"] * 3 + ["Community"] * 9, "BE": ["School"] * 8 + ["Community"] * 7})


def test_linked_tables_disclose_what_each_hides_alone(tmp_path: Path):
    """Each table is safe alone; together the common cells pin the hidden School count of Austria."""
    one = pd.DataFrame({"Country": ["Austria", "Belgium", "Total"], "School": ["x", "x", "11"],
                        "Community": ["x", "x", "16"], "Total": ["12", "15", "27"]})
    two = pd.DataFrame({"Country": ["Austria", "Belgium"], "School": ["x", "8"], "Online": ["x", "6"],
                        "Total": ["9", "14"]})  # Belgium's School cell, hidden in tab_one, shown
    _publish(tmp_path, "tab_one", one, "Unweighted counts.")
    _publish(tmp_path, "tab_two", two, "Unweighted counts.")
    for alone in ("tab_one", "tab_two"):
        other = tmp_path / alone
        _publish(other, alone, one if alone == "tab_one" else two, "Unweighted counts.")
        assert intrude(other).empty, alone
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    austria = found[(found["output"] == "tab_one") & found["cell"].str.contains("Austria")
                    & found["cell"].str.contains("School")]
    assert austria[["low", "high", "truth"]].values.tolist() == [[3.0, 3.0, "3"]]
    assert set(found["attack"]) == {"linked_lp"}


def test_linked_tables_protected_together_disclose_nothing(tmp_path: Path):
    one = pd.DataFrame({"Country": ["Austria", "Belgium", "Total"], "School": ["x", "x", "11"],
                        "Community": ["x", "x", "16"], "Total": ["12", "15", "27"]})
    _publish(tmp_path, "tab_one", one, "Unweighted counts.")
    _publish(tmp_path, "tab_two", one.drop(columns="Community").assign(Total=["x", "x", "11"]),
             "Unweighted counts.")
    assert _findings(tmp_path, Truth({"prevention": PROGRAMMES})).empty


def test_shown_zeros_let_the_reader_floor_every_hidden_cell(tmp_path: Path):
    """Each hidden cell of Austria is at least 1 (zeros are shown), so at most 5 - 1 = 4."""
    data = _survey({"AT": ["School"] * 3 + ["Community"] * 2,
                    "BE": ["School"] * 4 + ["Community"] * 6 + ["Online"] * 5})
    table = pd.DataFrame({"Country": ["Austria", "Belgium", "Total"], "School": ["x", "x", "7"],
                          "Community": ["x", "x", "8"], "Online": ["0", "5", "5"], "Total": ["5", "15", "20"]})
    _publish(tmp_path, "tab_one", table, "Unweighted counts.")
    assert linked_attack(read_tables(tmp_path))[0] == []  # without the hypothesis, nothing
    found = _findings(tmp_path, Truth({"prevention": data}))
    assert found[["attack", "cell", "low", "high", "truth"]].values.tolist() == [
        ["zero_floor_lp", "Country=Austria, column=School", 1.0, 4.0, "3"],
        ["zero_floor_lp", "Country=Austria, column=Community", 1.0, 4.0, "2"]]
    _publish(tmp_path, "tab_one", table.assign(Online=["x", "x", "5"]), "Unweighted counts.")
    assert intrude(tmp_path).empty


def test_validation_findings_are_the_truth_of_tables_of_the_ingest_checks(tmp_path: Path):
    folder = tmp_path / "processed"
    folder.mkdir()
    pd.DataFrame({"country": ["AT", "AT", "BE"], "row_id": ["AT-P001", "AT-P002", "BE-P001"],
                  "rule": ["straight_lining", "code_not_declared", "straight_lining"]}).to_csv(
        folder / "prevention.validation.csv", index=False)
    truth = load_truth(folder)
    assert truth.count("HEROES demo surveys", {"Country": "Austria", "column": "Prevention: straight lining"}) == {1}
    assert truth.count("HEROES demo surveys", {"instrument": "Prevention", "reason": "Straight lining",
                                               "column": "Belgium"}) == {1}


def test_a_wrong_link_is_refuted_by_the_data(tmp_path: Path):
    """A table the intruder links by its labels but that counts other people is not reported."""
    table = pd.DataFrame({"Country": ["Austria", "Belgium", "Total"], "School": ["x", "8", "10"],
                          "Total": ["x", "8", "10"]})
    _publish(tmp_path, "tab_two", table, "Unweighted counts.")
    found = confirm(intrude(tmp_path), Truth({"prevention": PROGRAMMES}))
    assert found["status"].tolist() == ["refuted"] * len(found) and len(found)


def _codes(zero: str) -> pd.DataFrame:
    return pd.DataFrame({"Country": ["Austria", "Belgium"], "School": ["x", "8"], "Community": ["9", zero]})


def test_hidden_cells_of_a_table_without_margins_are_small_when_zeros_are_shown(tmp_path: Path):
    _publish(tmp_path, "tab_codes", _codes("0"), "Unweighted counts. x: counts below 5.")
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert found[["attack", "cell", "low", "high", "truth"]].values.tolist() == [
        ["suppression_rule", "Country=Austria, column=School", 1.0, 4.0, "3"]]


def test_one_hidden_cell_above_the_threshold_refutes_the_rule_for_the_table(tmp_path: Path):
    """Belgium's hidden School cell is 8 (a secondary): the reader cannot trust Austria's [1, 4] either."""
    _publish(tmp_path, "tab_codes", _codes("0").assign(School=["x", "x"]), "Unweighted counts. x: counts below 5.")
    found = confirm(intrude(tmp_path), Truth({"prevention": PROGRAMMES}))
    assert found["status"].tolist() == ["refuted", "refuted"]


def test_hidden_zeros_keep_the_cells_of_a_table_without_margins_safe(tmp_path: Path):
    _publish(tmp_path, "tab_codes", _codes("x"), "Unweighted counts. x: counts below 5.")
    assert intrude(tmp_path).empty


def test_a_small_count_shown_in_a_table_of_counts_is_found(tmp_path: Path):
    _publish(tmp_path, "tab_codes", _codes("x").assign(School=["3", "8"]), "Unweighted counts.")
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert found[["attack", "cell", "low", "truth"]].values.tolist() == [
        ["published_small", "Country=Austria, column=School", 3.0, "3"]]
    _publish(tmp_path, "tab_codes", _codes("x").assign(School=["3", "8"]), "Agreement coefficients.")
    assert intrude(tmp_path).empty


# -- (b) shares x n ---------------------------------------------------------------------------

def _shares(at: str, n: str) -> pd.DataFrame:
    return pd.DataFrame({"Country": ["Austria", "Belgium"], "School: Estimate": [at, "53.3"],
                         "School: 95% CI lower": ["x", "30.1"], "School: 95% CI upper": ["x", "75.2"],
                         "School: n": [n, "15"]})


def test_unweighted_share_times_n_gives_a_small_count(tmp_path: Path):
    _publish(tmp_path, "tab_shares", _shares("25.0", "12"), SHARES_NOTE)
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert found[["attack", "cell", "low", "truth"]].values.tolist() == [
        ["share_x_n", "Austria, School", 3.0, "3"]]


def test_zero_percent_in_a_group_is_an_attribute_disclosure(tmp_path: Path):
    data = _survey({"AT": ["Community"] * 12, "BE": ["School"] * 8 + ["Community"] * 7})
    _publish(tmp_path, "tab_shares", _shares("0.0", "12"), SHARES_NOTE)
    found = _findings(tmp_path, Truth({"prevention": data}))
    assert found[["cell", "low", "high"]].values.tolist() == [["Austria, School", 0.0, 0.0]]


def test_withheld_shares_and_weighted_shares_disclose_nothing(tmp_path: Path):
    _publish(tmp_path, "tab_hidden", _shares("x", "x"), SHARES_NOTE)
    _publish(tmp_path, "tab_weighted", _shares("25.0", "12"), "Weighted by design weights. Percentages.")
    assert intrude(tmp_path).empty


# -- (c) Likert distributions from mean, SE and n --------------------------------------------------

def _ratings(counts: list[int]) -> pd.Series:
    levels = ["Not", "Minor", "Moderate", "Major", "Severe"]
    return pd.Series(pd.Categorical(np.repeat(levels, counts), categories=levels, ordered=True))


def _mean_se(counts: list[int]) -> tuple[str, str]:
    scores = np.repeat(np.arange(1, 6), counts)
    return f"{scores.mean():.2f}", f"{np.sqrt(scores.var(ddof=1) / len(scores)):.2f}"


def test_enumeration_finds_the_true_distribution():
    mean, se = _mean_se([1, 7, 5, 3, 0])
    found = likert_distributions(16, mean, se, (1, 5))
    assert [1, 7, 5, 3, 0] in found.tolist()
    assert found.sum(axis=1).tolist() == [16] * len(found)


def test_mean_se_and_n_pin_a_small_answer_count(tmp_path: Path):
    counts = [6, 1, 0, 2, 1]
    mean, se = _mean_se(counts)
    _publish(tmp_path, "tab_means", pd.DataFrame({"Country": ["Austria"], "Funding: Estimate": [mean],
                                                  "Funding: SE": [se], "Funding: n": ["10"]}), MEANS_NOTE)
    data = pd.DataFrame({"country": "AT", "resp_id": [f"AT-P{i:03d}" for i in range(10)],
                         "bar_funding": _ratings(counts)})
    found = _findings(tmp_path, Truth({"prevention": data}))
    assert not found.empty and set(found["attack"]) == {"likert_mean_se"}
    for row in found.itertuples():
        level = int(row.cell.rsplit(" ", 1)[1])
        assert row.low <= counts[level - 1] <= row.high <= 4


def test_a_chart_withholding_the_same_row_narrows_the_distributions(tmp_path: Path):
    counts = [6, 1, 0, 2, 1]
    mean, se = _mean_se(counts)
    _publish(tmp_path, "tab_means", pd.DataFrame({"Country": ["Austria"], "Funding: Estimate": [mean],
                                                  "Funding: SE": [se], "Funding: n": ["10"]}), MEANS_NOTE)
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "fig_likert.svg").write_text(
        "<svg><!-- Funding as a barrier --><!-- x: not shown (Austria, Latvia): fewer than 5 respondents "
        "in at least --><!-- one answer category. --></svg>")
    found = intrude(tmp_path)
    assert not found.empty and found["derivation"].str.contains("fig_likert.svg withholding it").all()


def test_a_mean_of_a_large_group_pins_nothing(tmp_path: Path):
    mean, se = _mean_se([9, 8, 10, 7, 6])
    _publish(tmp_path, "tab_means", pd.DataFrame({"Country": ["Austria"], "Funding: Estimate": [mean],
                                                  "Funding: SE": [se], "Funding: n": ["40"]}), MEANS_NOTE)
    assert intrude(tmp_path).empty


# -- (d) differencing between totals of the same respondents ------------------------------------

def _respondents(reports: Path, n: str, duplicates: bool = True) -> None:
    _publish(reports, "tab_respondents", pd.DataFrame(
        {"Country": ["Austria", "Belgium", "Total"], "Prevention": ["12", "15", "27"],
         "Total": ["12", "15", "27"]}), "Unweighted counts.", source="HEROES demo surveys")
    if duplicates:
        _publish(reports, "tab_violations", pd.DataFrame(
            {"Country": ["Austria", "Belgium", "Total"], "Prevention: duplicate respondent": ["0", "0", "0"],
             "Total": ["0", "0", "0"]}), "Unweighted counts.", source="HEROES demo surveys")
    _publish(reports, "tab_means", pd.DataFrame({"Country": ["Austria"], "Funding: Estimate": ["2.10"],
                                                 "Funding: n": [n]}), "Mean rating.")


def test_respondents_minus_an_estimates_n_gives_item_nonresponse(tmp_path: Path):
    _respondents(tmp_path, "10")
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert found[["attack", "low", "high", "truth"]].values.tolist() == [["differencing", 2.0, 2.0, "2"]]


def test_duplicates_from_a_table_of_checks_by_instrument_and_reason(tmp_path: Path):
    _respondents(tmp_path, "10", duplicates=False)
    _publish(tmp_path, "tab_violations", pd.DataFrame(
        {"instrument": ["Prevention", "Prevention", "Prevention", "Total"],
         "reason": ["Duplicate respondent", "Straight lining", "Total", "Total"],
         "Austria": ["0", "6", "6", "6"], "Belgium": ["0", "7", "7", "7"], "Total": ["0", "13", "13", "13"]}),
        "Unweighted counts.", source="HEROES demo surveys")
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert found[["attack", "low", "high", "truth"]].values.tolist() == [["differencing", 2.0, 2.0, "2"]]


def test_large_nonresponse_or_unknown_duplicates_are_not_findings(tmp_path: Path):
    _respondents(tmp_path, "6")
    assert intrude(tmp_path).empty
    _respondents(tmp_path / "other", "10", duplicates=False)  # 0-2 non-responses: not pinned to 1-4
    assert intrude(tmp_path / "other").empty


# -- (e) narrative, (f) record-level displays ------------------------------------------------

def test_small_counts_in_prose_are_found_in_pages_and_word(tmp_path: Path):
    from docx import Document

    _page(tmp_path, "05_x", "<p>Of 12 respondents, two of whom identified a victim.</p>")
    document = Document()
    document.add_paragraph("Only 3 practitioners answered in Latvia.")
    document.save(str(tmp_path / "heroes-report.docx"))
    found = _findings(tmp_path, Truth({}))
    assert sorted(found["output"]) == ["heroes-report.docx", "notebooks/05_x.html"]
    assert set(found["status"]) == {"stated"}


def test_prose_without_small_counts_and_tables_of_law_are_not_narrative(tmp_path: Path):
    _page(tmp_path, "06_x", "<p>Four to eight interviews per country; one row per agency.</p>"
                            "<table><tr><td>2 of 3</td></tr></table>")
    assert intrude(tmp_path).empty


def test_record_ids_printed_in_a_page_are_confirmed_against_the_data(tmp_path: Path):
    _page(tmp_path, "06_x", "<table><tr><td>AT-P001</td><td>School</td></tr></table>")
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert found[["attack", "cell", "status"]].values.tolist() == [["record_id", "AT-P001", "confirmed"]]
    _page(tmp_path, "06_x", "<table><tr><td>Austria</td><td>School</td></tr></table>")
    assert intrude(tmp_path).empty


def _printed(reports: Path, n_level: int) -> None:
    frame = pd.DataFrame({"variable": ["school"], "country": ["AT"], "estimate": [n_level / 12],
                          "n": [12], "n_level": [n_level]})
    _page(reports, "04_x", f'<div class="jp-Cell"><div class="jp-OutputArea-output">{frame.to_html()}</div></div>')


def test_counts_printed_beside_estimates_on_a_page_are_found(tmp_path: Path):
    _printed(tmp_path, 3)
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert found[["attack", "cell", "low", "truth"]].values.tolist() == [["printed_count", "school, AT", 3.0, "3"]]


def test_printed_counts_of_large_groups_are_not_findings(tmp_path: Path):
    _printed(tmp_path, 6)
    assert intrude(tmp_path).empty


# -- (g) digests of enumerable unpublished tables ------------------------------------------------

def _hidden_table(reports: Path, digest_of: bytes | None) -> None:
    published = pd.DataFrame({"Country": ["Austria", "Belgium", "Total"], "School": ["x", "x", "11"],
                              "Community": ["x", "x", "16"], "Total": ["12", "15", "27"]})
    csv = _publish(reports, "tab_one", published, "Unweighted counts.")
    digest = hashlib.sha256(digest_of if digest_of is not None else csv.read_bytes()).hexdigest()
    meta = json.loads(csv.with_suffix(".json").read_text())
    (csv.with_suffix(".json")).write_text(json.dumps(meta | {"data_sha256": digest}))
    (reports / "index.html").write_text(f"<p>data {digest[:16]}</p>")


def test_a_hash_of_the_unprotected_table_is_an_oracle(tmp_path: Path):
    truth = pd.DataFrame({"School": [3, 8], "Community": [9, 7]},
                         index=pd.Index(["Austria", "Belgium"], name="Country")).rename_axis(columns="column")
    _hidden_table(tmp_path, truth.to_csv(lineterminator="\n").encode())
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert set(found["attack"]) == {"digest"}
    assert sorted(found["low"]) == [3.0, 7.0, 8.0, 9.0]


def test_a_hash_of_a_published_file_is_no_oracle(tmp_path: Path):
    _hidden_table(tmp_path, None)
    assert not (intrude(tmp_path)["attack"] == "digest").any()


# -- every format of a table ------------------------------------------------------------------

def test_a_cell_the_csv_hides_but_the_workbook_shows_is_found(tmp_path: Path):
    from openpyxl import Workbook

    published = pd.DataFrame({"Country": ["Austria", "Belgium", "Total"], "School": ["x", "x", "11"],
                              "Community": ["x", "x", "16"], "Total": ["12", "15", "27"]})
    _publish(tmp_path, "tab_one", published, "Unweighted counts.")
    book = Workbook()
    book.active.append(["Programmes by country"])
    book.active.append([])
    for row in [list(published.columns), ["Austria", 3, "x", 12], ["Belgium", "x", "x", 15]]:
        book.active.append(row)
    book.save(tmp_path / "tables" / "tab_one.xlsx")
    found = _findings(tmp_path, Truth({"prevention": PROGRAMMES}))
    assert found[["attack", "cell", "low", "truth"]].values.tolist() == [
        ["format", "Country=Austria, column=School", 3.0, "3"]]


def test_a_word_table_hiding_the_same_cells_discloses_nothing(tmp_path: Path):
    from docx import Document

    published = pd.DataFrame({"Country": ["Austria", "Belgium", "Total"], "School": ["x", "x", "11"],
                              "Community": ["x", "x", "16"], "Total": ["12", "15", "27"]})
    _publish(tmp_path, "tab_one", published, "Unweighted counts.")
    document = Document()
    table = document.add_table(rows=0, cols=4)
    for values in [list(published.columns), *published.values.tolist()]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    document.save(str(tmp_path / "tables" / "tab_one.docx"))
    assert intrude(tmp_path).empty


# -- heroes audit --intruder ---------------------------------------------------------------------

def test_cli_intruder_flag_fails_on_what_the_data_do_not_refute(project_tmp: Path, capsys):
    from heroes_research.cli import main

    reports = project_tmp / "reports"
    _page(reports, "06_x", "<p>Interviews analysed.</p>")
    assert main(["audit", "--reports", str(reports), "--intruder"]) == 0
    _page(reports, "06_x", "<table><tr><td>AT-I01</td><td>prosecutor</td></tr></table>")
    assert main(["audit", "--reports", str(reports), "--intruder"]) == 1
    out = capsys.readouterr().out
    assert "confirmed  record_id: notebooks/06_x.html, AT-I01" in out  # a demo interview


# -- the built demo report -----------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.xdist_group("build")
def test_the_built_demo_report_discloses_nothing(built: Path):
    """Every derivation from the published files, checked against the processed data: none holds."""
    segments = built / "data" / "raw" / "demo" / "interviews" / "coded_segments.csv"
    truth = load_truth(built / "data" / "processed", interview_frames(segments))
    found = confirm(intrude(built / "reports"), truth)
    leaks = found[found["status"].isin(["confirmed", "stated"])]
    assert leaks.empty, "\n" + leaks.drop(columns="claim").to_string()
