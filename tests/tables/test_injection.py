"""neutralise_formula: OWASP CSV/XLSX injection, checked in a real workbook and a real CSV."""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from heroes_research.tables._injection import neutralise_formula

HOSTILE = ["=1+2", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
           "\t=1", "\r=1", "- not a number"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_triggers_are_quoted(text):
    assert neutralise_formula(text) == "'" + text


@pytest.mark.parametrize("value", [-3.74, 0, 12, "-3.74", "+1.5", "-1e3", "plain", "", "a=b", None,
                                   True, pd.Timestamp("2026-01-01")])
def test_numbers_and_ordinary_text_are_unchanged(value):
    assert neutralise_formula(value) is value


def test_missing_values_stay_missing():
    assert math.isnan(neutralise_formula(float("nan"))) and neutralise_formula(pd.NA) is pd.NA


def test_no_cell_of_a_written_workbook_is_a_formula(tmp_path):
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    book.active.append([neutralise_formula(v) for v in [*HOSTILE, -3.74]])
    book.save(tmp_path / "t.xlsx")
    cells = next(load_workbook(tmp_path / "t.xlsx").active.iter_rows())
    assert [c.data_type for c in cells] == ["s"] * len(HOSTILE) + ["n"]
    assert cells[-1].value == -3.74


def test_a_written_csv_starts_no_cell_with_a_trigger(tmp_path):
    frame = pd.DataFrame({"label": HOSTILE, "value": range(len(HOSTILE))})
    # pandas leaves a field holding a bare CR unquoted under lineterminator="\n": quote all
    frame.map(neutralise_formula).to_csv(tmp_path / "t.csv", index=False, quoting=csv.QUOTE_ALL)
    with open(tmp_path / "t.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
