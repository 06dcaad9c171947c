"""Numbers stay numbers in a PublicationTable; each writer formats (text grid, sheet grid, record)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from heroes_research.errors import OutputError
from heroes_research.tables import PublicationTable
from heroes_research.tables._format import ColumnFormat, Merge


@pytest.fixture
def estimates() -> PublicationTable:
    """Two items, each estimate with its CI and n, a suppressed cell and a missing one."""
    data = pd.DataFrame(
        {"aware_est": [0.5714, "x", 1.0], "aware_low": [0.293, "x", math.nan],
         "aware_high": [0.811, "x", math.nan], "aware_n": [14, "x", 9],
         "trained_est": [0.25, 0.5, math.nan], "trained_low": [0.1, 0.3, math.nan],
         "trained_high": [0.5, 0.7, math.nan], "trained_n": [14, 12, math.nan]},
        index=pd.Index(["Austria", "Belgium", "Lithuania"], name="Country"),
    )
    pct = ColumnFormat(digits=1, scale=100)
    count = ColumnFormat(digits=0)
    formats = {f"{item}_{part}": (count if part == "n" else pct)
               for item in ("aware", "trained") for part in ("est", "low", "high", "n")}
    return PublicationTable(
        data, title="Strategies", source="demo", formats=formats,
        merges={f"{item} cell": Merge((f"{item}_est", f"{item}_low", f"{item}_high")) for item in ("aware", "trained")},
        labels={"aware cell": "Estimate (95% CI)", "trained cell": "Estimate (95% CI)", "aware_n": "n",
                "trained_n": "n"},
        spanners={"Aware": ("aware_est", "aware_low", "aware_high", "aware_n"),
                  "Trained": ("trained_est", "trained_low", "trained_high", "trained_n")},
    )


def test_values_are_kept_at_full_precision(estimates):
    assert estimates.data.loc["Austria", "aware_est"] == 0.5714


def test_text_grid_formats_and_merges(estimates):
    grid = estimates.text_grid()
    assert grid.header == ["Country", "Estimate (95% CI)", "n", "Estimate (95% CI)", "n"]
    assert grid.rows[0] == ["Austria", "57.1 (29.3–81.1)", "14", "25.0 (10.0–50.0)", "14"]
    assert grid.rows[1][1:3] == ["x", "x"]  # suppressed: the symbol alone
    assert grid.rows[2][1] == "100.0" and grid.rows[2][3:] == ["..", ".."]  # no interval; missing
    assert grid.spanners == [("Aware", 1, 2), ("Trained", 3, 4)]
    assert grid.numeric == [False, True, True, True, True]


def test_sheet_grid_keeps_separate_numeric_columns_with_number_formats(estimates):
    grid = estimates.sheet_grid()
    assert grid.header[:5] == ["Country", "aware_est", "aware_low", "aware_high", "n"]
    row = grid.rows[0]
    assert row[1] == pytest.approx(57.14) and row[4] == 14 and isinstance(row[4], int)
    assert grid.rows[1][1] == "x" and grid.rows[2][2] == ".."
    assert grid.number_formats[1:5] == ["0.0", "0.0", "0.0", "0"]
    assert grid.spanners == [("Aware", 1, 4), ("Trained", 5, 8)]


def test_record_round_trip_renders_the_same(estimates):
    again = PublicationTable.from_record(estimates.to_record())
    assert again.text_grid() == estimates.text_grid()
    assert again.sheet_grid() == estimates.sheet_grid()


def test_string_tables_still_work_and_split_group_headers():
    data = pd.DataFrame({"Aware: Estimate": ["57.1 (29.3–81.1)", "x"], "Aware: n": ["14", "x"],
                         "Trained: Estimate": ["25.0 (10.0–50.0)", "50.0 (30.0–70.0)"], "Trained: n": ["14", "12"],
                         "Comment": ["long free text here", "more"]},
                        index=pd.Index(["Austria", "Belgium"], name="Country"))
    table = PublicationTable(data.drop(columns="Comment"), title="t", source="s")
    grid = table.text_grid()
    assert grid.header == ["Country", "Estimate", "n", "Estimate", "n"]
    assert grid.spanners == [("Aware", 1, 2), ("Trained", 3, 4)]
    assert table.sheet_grid().rows[0][2] == 14  # a preformatted count is stored as a number
    text = PublicationTable(data[["Comment"]], title="t", source="s").text_grid()
    assert text.numeric == [False, False]  # text columns are left-aligned


def test_numeric_columns_without_a_format_get_a_default():
    data = pd.DataFrame({"n": [3, 12], "share": [0.123456, 0.5]}, index=pd.Index(["a", "b"], name="k"))
    grid = PublicationTable(data, title="t", source="s").text_grid()
    assert grid.rows == [["a", "3", "0.12"], ["b", "12", "0.50"]]


def test_a_format_naming_an_unknown_column_is_refused():
    with pytest.raises(OutputError, match="'nope'") as err:
        PublicationTable(pd.DataFrame({"n": [1]}), title="t", source="s", formats={"nope": ColumnFormat()})
    assert err.value.reason == "missing_column"


def test_a_symbol_column_with_one_remark_stays_right_aligned():
    data = pd.DataFrame({"BE": ["✓²", "?", "?", "?", "means not required³"], "AT": ["✓¹", "?", "?", "?", "?"],
                         "Note": ["a long remark", "more words here", "?", "?", "text"]},
                        index=pd.Index(list("abcde"), name="Indicator"))
    assert PublicationTable(data, title="t", source="s").text_grid().numeric == [False, True, True, False]
