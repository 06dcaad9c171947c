"""Workbooks for analysts: numbers as numbers with number formats, a legend of symbols, print set-up.

:func:`fill_sheet` lays one :class:`PublicationTable` on a worksheet (title, spanners,
header, values, notes; frozen header, filter, column widths, landscape fit-to-width);
:func:`write_xlsx` writes one table, :func:`write_workbook` a whole report (a contents
sheet, a sheet per table, a legend sheet). Both are byte-identical across runs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research.tables._common import SYMBOL_MEANINGS, spreadsheet_text
from heroes_research.tables._office import save_office
from heroes_research.tables._ooxml import FIXED_DATE

if TYPE_CHECKING:
    from heroes_research.tables._table import PublicationTable

__all__ = ["fill_sheet", "sheet_title", "write_workbook", "write_xlsx"]

_SHEET_BAD = re.compile(r"[\\/*?:\[\]]")
_MAX_WIDTH, _MIN_WIDTH = 45, 6
_LINE_PT, _NOTE_PT = 15.0, 12.0  # row height per line of 11 pt cells and 9 pt notes


def _value(value: Any) -> Any:
    return spreadsheet_text(value) if isinstance(value, str) else value


def _symbols(rows: list[list[Any]], numeric: list[bool]) -> set[str]:
    """Table symbols used in the numeric columns (for the legend)."""
    found = set()
    for row in rows:
        for value, is_num in zip(row, numeric, strict=True):
            if is_num and isinstance(value, str):
                found.update(s for s in SYMBOL_MEANINGS if value == s or value.startswith(s))
    return found


def _width(header: str, values: list[Any], numeric: bool) -> float:
    """Column width in characters: numbers fit, text wraps at words but never below its longest word."""
    texts = [str(v) for v in values if v is not None]
    longest_word = max((len(w) for t in [header, *texts] for w in t.split()), default=4)
    if numeric:
        return float(min(_MAX_WIDTH, max(_MIN_WIDTH, longest_word + 2, *(len(t) + 2 for t in texts))))
    longest = max((len(t) for t in [header, *texts]), default=4)
    return float(min(_MAX_WIDTH, max(_MIN_WIDTH + 4, longest_word + 2, min(longest, 30) + 2)))


def fill_sheet(sheet: Any, table: PublicationTable) -> set[str]:
    """Lay ``table`` on an empty openpyxl worksheet; return the symbols it uses.

    Title in A1; column-group headings (if any) on row 3; the header on the next row
    (frozen with the row labels, with a filter); values below with their number
    formats; the notes after a blank row. Printed landscape, one page wide, header repeated.

    Example
    -------
    >>> from openpyxl import Workbook
    >>> import pandas as pd
    >>> from heroes_research.tables import PublicationTable
    >>> t = PublicationTable(pd.DataFrame({"n": [12, "x"]}, index=pd.Index(["Austria", "Belgium"], name="Country")),
    ...                      title="Respondents", source="demo")
    >>> sheet = Workbook().active
    >>> sorted(fill_sheet(sheet, t)), sheet["B4"].value, sheet.freeze_panes
    (['x'], 12, 'B4')
    """
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    grid = table.sheet_grid()
    ncol = len(grid.header)
    sheet["A1"] = spreadsheet_text(table.title)
    sheet["A1"].font = Font(bold=True, size=12)
    head = 3
    if grid.spanners:
        for label, first, last in grid.spanners:
            cell = sheet.cell(row=3, column=first + 1, value=spreadsheet_text(label))
            cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
            cell.border = Border(bottom=Side(style="thin"))
            if last > first:
                sheet.merge_cells(start_row=3, start_column=first + 1, end_row=3, end_column=last + 1)
        head = 4
    rule = Border(bottom=Side(style="thin"))
    for j, name in enumerate(grid.header, start=1):
        cell = sheet.cell(row=head, column=j, value=spreadsheet_text(name))
        cell.font, cell.border = Font(bold=True), rule
        cell.alignment = Alignment(horizontal="right" if grid.numeric[j - 1] else "left",
                                   vertical="bottom", wrap_text=True)
    for i, row in enumerate(grid.rows, start=head + 1):
        for j, value in enumerate(row, start=1):
            cell = sheet.cell(row=i, column=j, value=_value(value))
            if grid.number_formats[j - 1] and not isinstance(value, str):
                cell.number_format = grid.number_formats[j - 1]
            cell.alignment = (Alignment(horizontal="right", vertical="top") if grid.numeric[j - 1]
                              else Alignment(horizontal="left", vertical="top", wrap_text=True))
    last_row = head + len(grid.rows)
    widths = [_width(grid.header[j], [row[j] for row in grid.rows], grid.numeric[j]) for j in range(ncol)]
    for j, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(j + 1)].width = width
    for i, row in enumerate(grid.rows, start=head + 1):  # rows of wrapped text get their height
        lines = max([_lines(str(v), widths[j] * 1.2) for j, v in enumerate(row) if not grid.numeric[j]] + [1])
        if lines > 1:
            sheet.row_dimensions[i].height = _LINE_PT * lines
    sheet.row_dimensions[head].height = _LINE_PT * max(_lines(h, w) for h, w in zip(grid.header, widths, strict=True))
    total = max(sum(widths), 60.0)
    for k, line in enumerate(table.note_lines()):
        row = last_row + 2 + k
        cell = sheet.cell(row=row, column=1, value=spreadsheet_text(line))
        cell.font, cell.alignment = Font(italic=True, size=9), Alignment(wrap_text=True, vertical="top")
        if ncol > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        sheet.row_dimensions[row].height = _NOTE_PT * _lines(line, total * 1.15)
    sheet.freeze_panes = f"{get_column_letter(grid.n_labels + 1)}{head + 1}"
    sheet.auto_filter.ref = f"A{head}:{get_column_letter(ncol)}{last_row}"
    _print_setup(sheet, head, f"A1:{get_column_letter(ncol)}{last_row + 1 + len(table.note_lines())}")
    return _symbols(grid.rows, grid.numeric)


def _lines(text: str, width: float) -> int:
    """Lines ``text`` takes when wrapped at words in a column ``width`` characters wide."""
    import textwrap

    return max(1, len(textwrap.wrap(text, max(1, int(width - 1)), break_long_words=False)))


def _print_setup(sheet: Any, head: int, area: str) -> None:
    """Landscape A4, ``area`` one page wide (as many pages down as needed), header rows on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{head}"
    sheet.print_area = area


def _legend(workbook: Any, symbols: set[str]) -> None:
    """A sheet listing each symbol used and what it means."""
    from openpyxl.styles import Font

    sheet = workbook.create_sheet("Legend")
    sheet["A1"] = "Symbols used in the tables"
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([])
    sheet.append(["Symbol", "Meaning"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for symbol in SYMBOL_MEANINGS:  # fixed order: byte-identical files
        if symbol in symbols:
            sheet.append([symbol, SYMBOL_MEANINGS[symbol]])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 10, 80


def write_xlsx(table: PublicationTable, path: Path) -> Path:
    """One table: its sheet, and a legend sheet when it uses symbols."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Table"
    symbols = fill_sheet(sheet, table)
    if symbols:
        _legend(workbook, symbols)
    return save_office(workbook, path, title=table.title)


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters) for output ``name``."""
    base = _SHEET_BAD.sub("_", name.removeprefix("tab_"))[:31]
    title, k = base, 2
    while title.lower() in taken:
        suffix = f"~{k}"
        title, k = base[: 31 - len(suffix)] + suffix, k + 1
    taken.add(title.lower())
    return title


def write_workbook(entries: Sequence[tuple[str, str, PublicationTable]], path: Path, *,
                   title: str, provenance: Sequence[str] = (), date: str = FIXED_DATE,
                   properties: Mapping[str, str] | None = None) -> Path:
    """One workbook for a report: a contents sheet, a sheet per table, a legend sheet.

    Parameters
    ----------
    entries
        ``(number, name, table)`` per table, in report order (``number`` such as ``"Table 3"``).
    path
        The ``.xlsx`` file to write (atomically).
    title
        The workbook's title (contents sheet and document properties).
    provenance
        Lines printed under the contents (version, commit, data).
    date, properties
        Document date (from the data, never the clock) and further properties, as
        :func:`heroes_research.tables._office.save_office` takes them.

    Example
    -------
    >>> write_workbook([("Table 1", "tab_respondents", table)], path, title="HEROES tables")  # doctest: +SKIP
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    workbook = Workbook()
    contents = workbook.active
    contents.title = "Contents"
    contents["A1"] = spreadsheet_text(title)
    contents["A1"].font = Font(bold=True, size=14)
    contents.append([])
    contents.append(["Table", "Sheet", "Title"])
    for cell in contents[3]:
        cell.font = Font(bold=True)
    taken, symbols = {"contents", "legend"}, set()
    for number, name, table in entries:
        name_of_sheet = sheet_title(name, taken)
        symbols |= fill_sheet(workbook.create_sheet(name_of_sheet), table)
        contents.append([number, name_of_sheet, spreadsheet_text(table.title)])
        link = contents.cell(row=contents.max_row, column=2)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name_of_sheet}'!A1")
        link.font = Font(color="0563C1", underline="single")
    contents.append([])
    for line in provenance:
        contents.append([spreadsheet_text(line)])
    for column, width in zip("ABC", (10, 32, 90), strict=True):
        contents.column_dimensions[column].width = width
    contents.freeze_panes = "A4"
    _print_setup(contents, 3, f"A1:C{contents.max_row}")
    _legend(workbook, symbols)
    return save_office(workbook, path, title=title, date=date, properties=properties)
