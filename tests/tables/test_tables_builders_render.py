"""Builders keep numbers: the workbook holds numeric cells with number formats, the CSV plain numbers,
and Word/HTML the merged "57.1 (29.3–81.1)" form; ``x`` and ``..`` stay apart everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research import tables
from heroes_research.survey import SurveyDesign


def _sheet(path, table: tables.PublicationTable) -> tuple[object, list[str], dict[str, tuple]]:
    """The table sheet of a written workbook: the sheet, its header row and the body rows by row label."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["Table"]
    stub = table.data.index.name
    head = next(r for r in range(1, 6) if sheet.cell(r, 1).value == stub)
    rows = sheet.iter_rows(min_row=head + 1, max_row=head + len(table.data))
    return book, [c.value for c in sheet[head]], {row[0].value: row for row in rows}


def _docx_cells(path) -> list[list[str]]:
    import docx

    return [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[0].rows]


@pytest.fixture
def by_agency(practitioners) -> tuple[pd.DataFrame, tables.PublicationTable]:
    est = practitioners.mean("aware", by=["sector", "agency"])
    return est, tables.estimates_table(est, rows="sector", cols="agency", percent=True, title="Aware",
                                       source="s")


def _one(est: pd.DataFrame, **where: str) -> pd.Series:
    hit = est
    for column, value in where.items():
        hit = hit[hit[column] == value]
    return hit.iloc[0]


def test_estimates_table_xlsx_holds_numbers_with_formats_per_group(tmp_path, by_agency):
    est, table = by_agency
    book, header, body = _sheet(table.to_xlsx(tmp_path / "t.xlsx"), table)
    assert header == ["Sector", *["Estimate", "95% CI lower", "95% CI upper", "n"] * 2]
    sheet = book["Table"]
    assert (sheet["B3"].value, sheet["F3"].value) == ("private", "public")  # a spanner per group
    assert {"B3:E3", "F3:I3"} <= {str(r) for r in sheet.merged_cells.ranges}
    police = _one(est, sector="Police", agency="private")
    cells = body["Police"][1:5]
    assert [c.data_type for c in cells] == ["n"] * 4
    assert [c.number_format for c in cells] == ["0.0", "0.0", "0.0", "0"]
    assert cells[0].value == pytest.approx(100 * police["estimate"])  # percent, full precision
    assert cells[1].value == pytest.approx(100 * police["ci_low"])
    assert cells[2].value == pytest.approx(100 * police["ci_high"])
    assert cells[3].value == police["n"] and isinstance(cells[3].value, int)
    assert [c.value for c in body["NGO"][5:9]] == ["x"] * 4  # 2 respondents: withheld, every column
    assert [c.value for c in body["Health"][1:5]] == [".."] * 4  # no such domain: not available
    legend = {row[0] for row in book["Legend"].iter_rows(values_only=True)}
    assert {"x", ".."} <= legend


def test_estimates_table_docx_html_latex_show_the_merged_form(tmp_path, by_agency):
    est, table = by_agency
    police = _one(est, sector="Police", agency="private")
    merged = f"{100 * police['estimate']:.1f} ({100 * police['ci_low']:.1f}–{100 * police['ci_high']:.1f})"
    rows = _docx_cells(table.to_docx(tmp_path / "t.docx"))
    assert ["private", "private", "public", "public"] == rows[0][1:]  # spanner row (merged cells)
    assert rows[1][1:] == ["Estimate (95% CI)", "n"] * 2
    police_row = next(r for r in rows if r[0] == "Police")
    assert police_row[1:3] == [merged, str(police["n"])]
    assert next(r for r in rows if r[0] == "NGO")[3:] == ["x", "x"]
    assert next(r for r in rows if r[0] == "Health")[1:3] == ["..", ".."]
    html = table.to_html(tmp_path / "t.html").read_text(encoding="utf-8")
    assert f'<td class="num">{merged}</td>' in html
    assert merged.replace("–", "--") in table.to_latex(tmp_path / "t.tex").read_text(encoding="utf-8")


def test_estimates_table_csv_has_plain_numbers_with_the_tables_digits(tmp_path, by_agency):
    est, table = by_agency
    lines = table.to_csv(tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(",")[:5] == ["Sector", "private: Estimate", "private: 95% CI lower",
                                       "private: 95% CI upper", "private: n"]
    police = _one(est, sector="Police", agency="private")
    expected = [f"{100 * police[c]:.1f}" for c in ("estimate", "ci_low", "ci_high")] + [str(police["n"])]
    assert lines[1].split(",")[1:5] == expected
    assert lines[2].split(",")[5:9] == ["x"] * 4 and lines[3].split(",")[1:5] == [".."] * 4


def test_counts_table_xlsx_holds_integers(tmp_path):
    data = pd.DataFrame({"country": ["AT"] * 12 + ["BE"] * 2 + ["ES"] * 7,
                         "sector": ["police"] * 10 + ["ngo"] * 11})
    table = tables.counts_table(data, "country", "sector", title="Respondents", source="s")
    _, header, body = _sheet(table.to_xlsx(tmp_path / "c.xlsx"), table)
    assert header == ["Country", "ngo", "police", "Total"]
    total = body["Total"][3]
    assert (total.value, total.data_type, total.number_format) == (21, "n", "0")
    assert body["Belgium"][1].value == "x" and body["Belgium"][1].data_type == "s"
    assert "Belgium,x," in table.to_csv(tmp_path / "c.csv").read_text(encoding="utf-8-sig")


@pytest.fixture
def model() -> pd.DataFrame:
    df = pd.DataFrame({"y": [1.0, 2, 4, 3, 5, 6], "x": [0.0, 1, 2, 3, 4, 5]})
    return SurveyDesign(df).glm("y ~ x")


def test_model_table_xlsx_holds_coefficients_and_p_as_numbers(tmp_path, model):
    table = tables.model_table(model, title="Model", source="s")
    _, header, body = _sheet(table.to_xlsx(tmp_path / "m.xlsx"), table)
    assert header == ["Term", "Coefficient", "95% CI lower", "95% CI upper", "p"]
    x = model.set_index("variable").loc["x"]
    cells = body["X"][1:]
    assert [c.data_type for c in cells] == ["n"] * 4
    assert [c.value for c in cells] == pytest.approx([x["estimate"], x["ci_low"], x["ci_high"], x["p"]])
    assert [c.number_format for c in cells] == ["0.00", "0.00", "0.00", '[<0.0005]"<0.001";0.000']
    rows = _docx_cells(table.to_docx(tmp_path / "m.docx"))
    assert rows[0] == ["Term", "Coefficient (95% CI)", "p"]
    assert next(r for r in rows if r[0] == "X")[1:] == [
        f"{x['estimate']:.2f} ({x['ci_low']:.2f}–{x['ci_high']:.2f})", "<0.001"]


def test_model_table_odds_ratios_are_exponentiated_numbers(tmp_path, practitioners):
    model = SurveyDesign(practitioners.data).glm("aware ~ sector", family="binomial")
    table = tables.model_table(model, exponentiate=True, intercept=False, title="t", source="s")
    _, header, body = _sheet(table.to_xlsx(tmp_path / "o.xlsx"), table)
    assert header[1] == "Odds ratio"
    ngo = model.set_index("variable").loc["sector[T.NGO]"]
    assert body["Sector: NGO"][1].value == pytest.approx(np.exp(ngo["estimate"]))


def test_ranking_table_xlsx_holds_items_and_numeric_estimates(tmp_path, practitioners):
    design = SurveyDesign(practitioners.data.assign(a=np.arange(66.0), b=np.arange(66.0)[::-1], c=2.0))
    est = pd.concat([design.mean(v, by="agency") for v in ("a", "b", "c")], ignore_index=True)
    table = tables.ranking_table(est, rows="agency", top=2, labels={"a": "Item A"}, title="t", source="s")
    book, header, body = _sheet(table.to_xlsx(tmp_path / "r.xlsx"), table)
    assert header == ["Agency", "Item", "Estimate", "Item", "Estimate"]
    assert (book["Table"]["B3"].value, book["Table"]["D3"].value) == ("1", "2")
    best = _one(est.sort_values("estimate", ascending=False), agency="private")
    first = body["private"][1:3]
    assert first[0].value in ("Item A", "B") and first[0].data_type == "s"
    assert first[1].value == pytest.approx(best["estimate"]) and first[1].number_format == "0.00"
    html = table.to_html(tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"{first[0].value} ({best['estimate']:.2f})" in html
