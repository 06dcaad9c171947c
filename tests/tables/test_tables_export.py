"""Exports: every format written, readable by its library, byte-identical across runs."""

from __future__ import annotations

import json
import re
import zipfile

import pandas as pd
import pytest

from heroes_research import tables
from heroes_research.errors import OutputError
from heroes_research.provenance import DEMO_NOTE
from heroes_research.tables._ooxml import FIXED_DATE


@pytest.fixture
def table() -> tables.PublicationTable:
    data = pd.DataFrame({"country": ["AT"] * 12 + ["BE"] * 2 + ["ES"] * 7,
                         "sector": ["police"] * 10 + ["ngo"] * 11})
    return tables.counts_table(data, "country", "sector", title="Respondents by sector", zeros="safe",
                               source="HEROES practitioner survey", demo=True, data_version="demo-1")


def test_counts_table_hides_zeros_of_people_by_default():
    data = pd.DataFrame({"country": ["AT"] * 12 + ["BE"] * 7 + ["ES"] * 14,
                         "sector": ["police"] * 6 + ["ngo"] * 6 + ["police"] * 7 + ["ngo"] * 7 + ["police"] * 7})
    shown = tables.counts_table(data, "country", "sector", title="t", source="s").data
    assert shown.loc["Belgium", "ngo"] == "x"  # nobody in Belgium's NGOs answered: that is itself disclosive
    safe = tables.counts_table(data, "country", "sector", title="t", source="s", zeros="safe").data
    assert safe.loc["Belgium", "ngo"] == 0


def test_save_table_writes_every_format_with_sidecar(project_tmp, table):
    written = tables.save_table(table, "tab_respondents")
    folder = project_tmp / "reports" / "tables"
    assert sorted(written) == ["csv", "docx", "html", "json", "tex", "xlsx"]
    assert all(path.parent == folder and path.is_file() for path in written.values())
    sidecar = json.loads(written["json"].read_text())
    assert sidecar["demo_data"] is True and sidecar["data_version"] == "demo-1"
    assert sidecar["table"]["protected"] is True and "data_sha256" not in sidecar["table"]
    assert sidecar["data_sha256"] == sidecar["files"]["csv"]["sha256"]  # the published CSV, not the raw table
    assert set(sidecar["files"]) == {"csv", "docx", "html", "tex", "xlsx"}
    assert sidecar["git_commit"] and sidecar["package"].startswith("heroes_research")


def test_xlsx_holds_title_cells_and_notes(tmp_path, table):
    import openpyxl

    sheet = openpyxl.load_workbook(table.to_xlsx(tmp_path / "t.xlsx")).active
    assert sheet["A1"].value == "Respondents by sector"
    assert [c.value for c in sheet[3]] == ["Country", "ngo", "police", "Total"]
    assert [c.value for c in sheet[4]] == ["Austria", "x", 10, "x"]  # numbers stay numbers
    column_a = [c.value for c in sheet["A"]]
    assert DEMO_NOTE in column_a and "Source: HEROES practitioner survey. Data version: demo-1." in column_a


def test_docx_holds_the_table_and_notes(tmp_path, table):
    import docx

    document = docx.Document(str(table.to_docx(tmp_path / "t.docx")))
    grid = document.tables[0]
    assert [c.text for c in grid.rows[0].cells] == ["Country", "ngo", "police", "Total"]
    assert [c.text for c in grid.rows[2].cells] == ["Belgium", "x", "0", "x"]
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Respondents by sector" and DEMO_NOTE in paragraphs[1].splitlines()  # notes once, one paragraph
    assert document.core_properties.created.year == 2000


def test_csv_html_latex_carry_the_note(tmp_path, table):
    csv_text = table.to_csv(tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[:2] == ["Country,ngo,police,Total", "Austria,x,10,x"]
    assert csv_text.rstrip().endswith(DEMO_NOTE)
    page = table.to_html(tmp_path / "t.html").read_text()
    assert "<caption>Respondents by sector</caption>" in page and DEMO_NOTE in page
    tex = table.to_latex(tmp_path / "t.tex").read_text()
    assert r"\caption{Respondents by sector}" in tex and r"\toprule" in tex and DEMO_NOTE in tex


def test_latex_spells_symbols_and_escapes():
    from heroes_research.tables._writers import latex_text

    assert latex_text("✓¹² 50% & x_1") == r"\checkmark{}\textsuperscript{12} 50\% \& x\_1"


def test_two_runs_are_byte_identical(tmp_path, table):
    first = tables.save_table(table, "tab_same", folder=tmp_path / "a")
    second = tables.save_table(table, "tab_same", folder=tmp_path / "b")
    for fmt, path in first.items():
        assert path.read_bytes() == second[fmt].read_bytes(), fmt


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_office_files_have_fixed_dates(tmp_path, table, fmt):
    path = getattr(table, f"to_{fmt}")(tmp_path / f"t.{fmt}")
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    stamps = re.findall(r"\d{4}-\d\d-\d\dT[\d:]+Z?", core)
    assert len(stamps) >= 2 and set(stamps) == {FIXED_DATE}  # created, modified (, printed)


def test_name_clash_in_one_build_is_refused(tmp_path, table):
    tables.save_table(table, "tab_x", folder=tmp_path)
    other = table.replace(title="Another table")
    with pytest.raises(OutputError, match="already saved as 'tab_x'") as err:
        tables.save_table(other, "tab_x", folder=tmp_path)
    assert err.value.reason == "name_clash" and "overwrite=True" in err.value.hint
    tables.save_table(other, "tab_x", folder=tmp_path, overwrite=True)
    assert "Another table" in (tmp_path / "tab_x.html").read_text()


@pytest.mark.parametrize("name", ["", "Tab 1", "../escape", "tab/1"])
def test_bad_names_are_refused(tmp_path, table, name):
    with pytest.raises(OutputError) as err:
        tables.save_table(table, name, folder=tmp_path)
    assert err.value.reason == "bad_name" and err.value.variable == "name"


def test_unknown_format_is_refused(tmp_path, table):
    with pytest.raises(OutputError, match="unknown format") as err:
        tables.save_table(table, "t", formats=["pptx"], folder=tmp_path)
    assert err.value.variable == "formats"


def test_empty_publication_table_is_refused():
    with pytest.raises(OutputError) as err:
        tables.PublicationTable(pd.DataFrame(), title="t", source="s")
    assert err.value.reason == "empty_data"


def test_two_level_row_labels_export_to_every_format(tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    index = pd.MultiIndex.from_tuples([("Barrier", "delays"), ("Remedy", "legal aid")],
                                      names=["Category", "Code"])
    table = tables.PublicationTable(pd.DataFrame({"police": ["12", "x"]}, index=index),
                                    title="Codes", source="s")
    paths = tables.save_table(table, "tab_two_levels", folder=tmp_path)
    grid = Document(str(paths["docx"])).tables[0]
    assert [[c.text for c in row.cells] for row in grid.rows] == [
        ["Category", "Code", "police"], ["Barrier", "delays", "12"], ["Remedy", "legal aid", "x"]]
    sheet = load_workbook(paths["xlsx"]).active
    assert [c.value for c in sheet[3]] == ["Category", "Code", "police"]
    assert [c.value for c in sheet[5]] == ["Remedy", "legal aid", "x"]
    assert paths["csv"].read_text(encoding="utf-8-sig").splitlines()[1] == "Barrier,delays,12"


def test_estimates_table_note_names_why_values_are_withheld():
    est = pd.DataFrame({"country": ["AT", "BE", "FR"], "variable": "aware", "level": None,
                        "estimate": [0.4, 0.5, 0.6], "se": 0.05, "ci_low": 0.3, "ci_high": 0.7,
                        "conf_level": 0.95, "n": [40, 3, 50], "n_domain": [42, 3, 50]})
    note = tables.estimates_table(est, title="t", source="s").note
    assert "fewer than 5 respondents" in note  # Belgium: 3 respondents
    assert "did not answer" in note  # Austria: 2 of 42 skipped the question, 42 published elsewhere
    plain = tables.estimates_table(est.drop(columns="n_domain").iloc[[0, 2]], title="t", source="s").note
    assert "did not answer" not in plain


def test_the_withheld_note_never_reads_as_a_small_count():
    from heroes_research.disclosure import suppression_note
    from heroes_research.disclosure._audit_text import small_counts

    every = ["threshold", "remainder", "zero", "nonresponse", "distribution", "complementary"]
    assert small_counts(suppression_note(every, 5), 5) == []
