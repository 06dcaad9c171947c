"""save_codebook / load_codebook and to_excel / from_excel give back an equal codebook."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from heroes_research.codebook import from_excel, load_codebook, save_codebook, to_excel
from heroes_research.errors import CodebookError


def test_yaml_round_trip(instrument_path, tmp_path):
    cb = load_codebook(instrument_path)
    out = save_codebook(cb, tmp_path / "copy.yaml")
    again = load_codebook(out)
    assert again == cb
    assert again.path == out  # the path is not part of equality
    text = out.read_text(encoding="utf-8")
    assert "instrument: early_identification" in text and "reverse: true" in text
    assert save_codebook(again, tmp_path / "copy2.yaml").read_text(encoding="utf-8") == text


def test_yaml_round_trip_keeps_non_ascii_labels(write_yaml, minimal, tmp_path):
    cb = load_codebook(write_yaml(minimal.replace("Agree}", "অ রাজি}").replace("Neutral", "Indiferente")))
    out = save_codebook(cb, tmp_path / "bn.yaml")
    assert "অ রাজি" in out.read_text(encoding="utf-8")
    assert load_codebook(out) == cb


def test_excel_round_trip(instrument_path, tmp_path):
    cb = load_codebook(instrument_path)
    path = to_excel(cb, tmp_path / "codebook.xlsx")
    assert load_workbook(path).sheetnames == [
        "instrument", "missing", "variables", "codes", "checks", "countries", "mappings", "recodes"]
    back = from_excel(path)
    assert back == cb
    assert back.path == path


def test_excel_edits_are_read_and_validated(instrument_path, tmp_path):
    path = to_excel(load_codebook(instrument_path), tmp_path / "codebook.xlsx")
    book = load_workbook(path)
    codes = book["codes"]
    for row in codes.iter_rows(min_row=2):
        if row[0].value == "sector" and row[1].value == 3:
            row[2].value = "Non-governmental organisation"
    book.save(path)
    assert from_excel(path).variable("sector").codes[3] == "Non-governmental organisation"

    missing = book["missing"]
    missing["A2"].value = "97"  # typed as text in Excel: still the code 97
    book.save(path)
    assert 97 in from_excel(path).missing

    recodes = book["recodes"]
    recodes.append(("BR", "sector", "recode", 40, 4))  # 4 is not a sector code
    book.save(path)
    with pytest.raises(CodebookError) as info:
        from_excel(path)
    assert info.value.reason == "recode_target_not_in_codes"
    assert info.value.variable == "sector" and info.value.country == "BR"
    assert "codebook.xlsx" in str(info.value)


def test_excel_missing_column_and_unreadable(instrument_path, tmp_path):
    path = to_excel(load_codebook(instrument_path), tmp_path / "codebook.xlsx")
    book = load_workbook(path)
    book["variables"]["C1"].value = "kind"  # the 'type' header renamed
    book.save(path)
    with pytest.raises(CodebookError, match="lacks column") as info:
        from_excel(path)
    assert info.value.reason == "bad_sheet" and "codebook.xlsx" in str(info.value)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(CodebookError) as info:
        from_excel(bad)
    assert info.value.reason == "unreadable_file"
