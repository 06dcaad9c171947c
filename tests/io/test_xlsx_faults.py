"""Hostile workbooks: formula cells without a saved result, a notes sheet first, a merged title row."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from heroes_research.errors import InputFileError, Reason
from heroes_research.io import read_survey


def _book(path: Path, rows: list[list], first: str = "data", notes_first: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = first
    if notes_first:
        sheet.append(["Notes on this file"])
        sheet.append(["Collected 2024 by the partner"])
        sheet = book.create_sheet("data")
    for row in rows:
        sheet.append(row)
    values = book.create_sheet("values")
    values.append(["variable", "code", "label"])
    values.append(["q1", 1, "Yes"])
    book.save(path)
    return path


def test_formula_cells_without_a_saved_result_are_an_error(tmp_path: Path):
    """Old code read them as NA silently (openpyxl writes no cached values)."""
    path = _book(tmp_path / "f.xlsx", [["id", "q1", "q2"], ["a", 1, "=B2*2"], ["b", 2, 5]])
    with pytest.raises(InputFileError) as err:
        read_survey(path)
    assert err.value.reason is Reason.FORMULA_WITHOUT_VALUE and "C2" in str(err.value)


def test_a_notes_sheet_first_is_named_as_the_problem(tmp_path: Path):
    """Old code blamed the 'values' sheet for naming unknown variables."""
    path = _book(tmp_path / "n.xlsx", [["id", "q1"], ["a", 1]], first="Notes", notes_first=True)
    with pytest.raises(InputFileError) as err:
        read_survey(path)
    assert "'Notes'" in str(err.value) and "move the data sheet to the front" in str(err.value)


def test_a_merged_title_row_above_the_header_is_named(tmp_path: Path):
    path = tmp_path / "m.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["HEROES survey 2024, Portugal", None, None])
    sheet.merge_cells("A1:C1")
    sheet.append(["id", "q1", "q2"])
    sheet.append(["a", 1, 2])
    book.save(path)
    with pytest.raises(InputFileError) as err:
        read_survey(path)
    assert err.value.reason is Reason.BAD_SHEET and "row 1" in str(err.value)


def test_an_ordinary_workbook_with_empty_cells_reads(tmp_path: Path):
    path = _book(tmp_path / "ok.xlsx", [["id", "q1", "q2"], ["a", 1, None], ["b", 2, 5]])
    assert read_survey(path).data["q2"].isna().sum() == 1
