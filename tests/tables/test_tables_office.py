"""XLSX for analysts and Word tables that fit the page, read back with openpyxl and python-docx."""

from __future__ import annotations

import pandas as pd
import pytest

from heroes_research.tables import PublicationTable
from heroes_research.tables._docx import PAPERS, _chars, plan_layout
from heroes_research.tables._format import ColumnFormat, Merge
from heroes_research.tables._xlsx import sheet_title, write_workbook

_TWIPS_PER_EMU = 635  # python-docx lengths are EMU


@pytest.fixture
def table() -> PublicationTable:
    data = pd.DataFrame({"est": [0.5714, "x"], "low": [0.293, "x"], "high": [0.811, "x"], "n": [14, "x"]},
                        index=pd.Index(["Austria", "Belgium"], name="Country"))
    pct = ColumnFormat(digits=1, scale=100)
    return PublicationTable(data, title="Aware", source="demo", demo=True,
                            formats={"est": pct, "low": pct, "high": pct, "n": ColumnFormat(digits=0)},
                            merges={"cell": Merge(("est", "low", "high"))}, labels={"cell": "Estimate (95% CI)"})


def _wide(columns: int = 18) -> PublicationTable:
    words = "Does the offence against adults require proof of the means used by the trafficker"
    data = pd.DataFrame({f"GB-{k:02d}": ["✓¹²", "partly²"] for k in range(columns)},
                        index=pd.Index([words, "short"], name="Indicator"))
    return PublicationTable(data, title="Matrix", source="legal coding")


def test_xlsx_stores_numbers_with_formats_and_a_legend(tmp_path, table):
    import openpyxl

    book = openpyxl.load_workbook(table.to_xlsx(tmp_path / "t.xlsx"))
    sheet = book["Table"]
    assert [c.value for c in sheet[3]] == ["Country", "est", "low", "high", "n"]
    assert sheet["B4"].value == pytest.approx(57.14) and sheet["B4"].number_format == "0.0"
    assert sheet["E4"].value == 14 and sheet["E4"].number_format == "0"
    assert sheet["B5"].value == "x"
    assert sheet.freeze_panes == "B4" and sheet.auto_filter.ref == "A3:E5"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    legend = [row for row in book["Legend"].iter_rows(values_only=True) if row[0] == "x"]
    assert legend and "disclosure control" in legend[0][1]


def test_workbook_has_contents_a_sheet_per_table_and_a_legend(tmp_path, table):
    import openpyxl

    path = write_workbook([("Table 1", "tab_aware", table), ("Table 2", "tab_matrix", _wide(3))],
                          tmp_path / "all.xlsx", title="All tables", provenance=["Git commit abc"])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Contents", "aware", "matrix", "Legend"]
    contents = list(book["Contents"].iter_rows(min_row=4, max_row=5, values_only=True))
    assert contents == [("Table 1", "aware", "Aware"), ("Table 2", "matrix", "Matrix")]
    assert book["Contents"]["B4"].hyperlink.location == "'aware'!A1"
    again = write_workbook([("Table 1", "tab_aware", table), ("Table 2", "tab_matrix", _wide(3))],
                           tmp_path / "again.xlsx", title="All tables", provenance=["Git commit abc"])
    assert path.read_bytes() == again.read_bytes()


def test_sheet_titles_are_short_valid_and_unique():
    taken: set[str] = set()
    first = sheet_title("tab_" + "a" * 40, taken)
    second = sheet_title("tab_" + "a" * 40, taken)
    assert len(first) == len(second) == 31 and first != second
    assert sheet_title("tab_x/y:z", taken) == "x_y_z"


def test_docx_is_a4_with_widths_fitted_and_the_header_repeated(tmp_path, table):
    import docx

    document = docx.Document(str(table.to_docx(tmp_path / "t.docx")))
    section = document.sections[0]
    assert (section.page_width // _TWIPS_PER_EMU, section.page_height // _TWIPS_PER_EMU) == PAPERS["A4"]
    grid = document.tables[0]
    assert [c.text for c in grid.rows[1].cells] == ["Austria", "57.1 (29.3–81.1)", "14"]
    assert grid.rows[0]._tr.trPr.xml.count("tblHeader") == 1
    paragraphs = [p.text for p in document.paragraphs]
    assert sum("Source: demo." in p for p in paragraphs) == 1  # the notes once
    letter = docx.Document(str(table.to_docx(tmp_path / "l.docx", paper="Letter"))).sections[0]
    assert letter.page_width // _TWIPS_PER_EMU == PAPERS["Letter"][0]


def test_a_wide_table_goes_landscape_and_no_column_is_narrower_than_its_longest_word(tmp_path):
    import docx

    wide = _wide()
    layout = plan_layout(wide.text_grid())
    assert layout.landscape and layout.fits
    grid = wide.text_grid()
    per_char = 0.56 * layout.font_pt * 20
    for j, width in enumerate(layout.widths):
        longest = max(_chars(w) for text in [grid.header[j], *(r[j] for r in grid.rows)] for w in text.split())
        assert width >= longest * per_char, grid.header[j]
    document = docx.Document(str(wide.to_docx(tmp_path / "w.docx")))
    assert document.sections[0].page_width > document.sections[0].page_height
    assert [c.width // _TWIPS_PER_EMU for c in document.tables[0].columns] == list(layout.widths)


def test_text_columns_wrap_left_aligned_and_numbers_right_aligned(tmp_path, table):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cells = docx.Document(str(_wide(2).to_docx(tmp_path / "w.docx"))).tables[0].rows[1].cells
    assert cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    cells = docx.Document(str(table.to_docx(tmp_path / "t.docx"))).tables[0].rows[1].cells
    assert cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_html_has_spanners_alignment_and_notes_outside_the_scroll_box(tmp_path):
    data = pd.DataFrame({"A: est": [1.5], "A: n": [3], "B: est": [2.5], "B: n": [4]},
                        index=pd.Index(["Austria"], name="Country"))
    page = PublicationTable(data, title="t", source="s").to_html(tmp_path / "t.html").read_text()
    assert 'name="viewport"' in page
    assert '<th class="spanner" scope="colgroup" colspan="2">A</th>' in page
    assert page.index('class="heroes-scroll"') < page.index("</table></div>") < page.index('<div class="heroes-note">')
    assert '<td class="num">1.50</td>' in page
