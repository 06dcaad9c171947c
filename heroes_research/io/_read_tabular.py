"""CSV files and workbooks in the HEROES Excel layout.

HEROES Excel layout
-------------------
A country file exported to Excel keeps its labels in named sheets beside the data:

=============  ==========================  ==============================================
sheet          columns (header row)        meaning
=============  ==========================  ==============================================
first sheet    one column per variable     the data: stored codes, one row per respondent
``variables``  ``variable``, ``label``     variable labels (optional sheet)
``values``     ``variable``, ``code``,     value labels: one row per (variable, code)
               ``label``                   (optional sheet)
``missing``    ``variable``, ``code``      declared user-missing codes, one row per code
                                           (optional sheet)
=============  ==========================  ==============================================

Sheet names are matched case-insensitively; other sheets are ignored. Codes are
matched to the data as Excel stores them (a code typed as ``99`` matches the
number 99 in the data). Every variable named in a metadata sheet must be a column
of the data sheet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from heroes_research.errors import InputFileError
from heroes_research.io._read_stat import ENCODING_HINT, codec_name

__all__ = ["EXCEL_SHEETS", "read_csv", "read_xlsx"]

#: metadata sheet -> its required columns
EXCEL_SHEETS: dict[str, tuple[str, ...]] = {
    "variables": ("variable", "label"),
    "values": ("variable", "code", "label"),
    "missing": ("variable", "code"),
}


def read_csv(path: Path, encoding: str | None) -> dict[str, Any]:
    """Read a CSV file (comma-separated, header row) as UTF-8 unless ``encoding`` says otherwise."""
    used = encoding or "utf-8"
    codec_name(used, path)
    try:
        data = pd.read_csv(path, encoding=used)
    except UnicodeDecodeError as error:
        raise _csv_decode_error(path, used) from error
    except pd.errors.ParserError as error:
        raise InputFileError(
            f"the CSV file is malformed: {error}", file=path, reason="corrupt_file",
            hint="check the quoting and the number of fields on the line named",
        ) from error
    except pd.errors.EmptyDataError as error:
        raise InputFileError("the CSV file has no header row", file=path, reason="empty_file",
                             hint="export it again with a header row of variable names") from error
    return {"data": data, "encoding": used}


def _csv_decode_error(path: Path, encoding: str) -> InputFileError:
    """Name the first undecodable byte by file offset and line (pandas reports chunk offsets)."""
    raw = path.read_bytes()
    try:
        raw.decode(encoding)
        where = "somewhere in the file"
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        where = f"byte {raw[error.start:error.start + 1]!r} at offset {error.start} (line {line})"
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Excel's "Unicode text" export
    return InputFileError(
        f"cannot decode the CSV file as {encoding}: {where}", file=path, reason="bad_encoding",
        hint='it starts with a UTF-16 byte-order mark: pass encoding="utf-16"' if utf16
        else ENCODING_HINT,
    )


def read_xlsx(path: Path) -> dict[str, Any]:
    """Read the first sheet as data and the optional metadata sheets of the HEROES Excel layout."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise InputFileError(
            f"the workbook is damaged or not an .xlsx file: {error}", file=path,
            reason="corrupt_file",
            hint="open it in Excel or LibreOffice and save it again as .xlsx",
        ) from error
    if not sheets:
        raise InputFileError("the workbook has no sheets", file=path, reason="empty_file",
                             hint="put the data on the first sheet")
    names = list(sheets)
    data = sheets[names[0]]
    _check_header(path, names[0], data)
    if data.isna().to_numpy().any():
        _check_formulas(path, names[0], data)
    meta = {name.lower(): frame for name, frame in list(sheets.items())[1:]}
    for sheet, columns in EXCEL_SHEETS.items():
        if sheet in meta:
            meta[sheet] = _check_sheet(path, sheet, meta[sheet], columns, data.columns, names[0])
    labels = meta.get("variables")
    values = meta.get("values")
    missing = meta.get("missing")
    return {
        "data": data,
        "variable_labels": {} if labels is None
        else dict(zip(labels["variable"], labels["label"], strict=True)),
        "value_labels": {} if values is None else {
            variable: dict(zip(group["code"], group["label"], strict=True))
            for variable, group in values.groupby("variable", sort=False)
        },
        "missing": {} if missing is None else {
            variable: group["code"].tolist()
            for variable, group in missing.groupby("variable", sort=False)
        },
    }


def _check_header(path: Path, sheet: str, data: pd.DataFrame) -> None:
    """The first row of the data sheet must name the variables (not a merged title row)."""
    unnamed = [str(c) for c in data.columns if str(c).startswith("Unnamed: ")]
    if len(data.columns) > 1 and len(unnamed) * 2 >= len(data.columns):
        raise InputFileError(
            f"row 1 of the data sheet '{sheet}' is not a header row: {len(unnamed)} of "
            f"{len(data.columns)} columns have no name (a merged title row or notes above the data?)",
            file=path, reason="bad_sheet",
            hint=f"delete the rows above the variable names, so that row 1 of sheet '{sheet}' holds "
                 "them (HEROES Excel layout: the data on the first sheet, one column per variable)")


def _check_formulas(path: Path, sheet: str, data: pd.DataFrame) -> None:
    """Raise if empty data cells are formulas without a saved result (they would read as NA)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    book = load_workbook(path, read_only=True, data_only=False)
    try:
        formulas = [(cell.row, cell.column) for row in book[sheet].iter_rows(min_row=2)
                    for cell in row if cell.data_type == "f"]
    finally:
        book.close()
    empty = data.isna().to_numpy()
    lost = [f"{get_column_letter(col)}{row}" for row, col in formulas
            if row - 2 < empty.shape[0] and col - 1 < empty.shape[1] and empty[row - 2, col - 1]]
    if lost:
        raise InputFileError(
            f"sheet '{sheet}' has {len(lost)} formula cell(s) without a saved result "
            f"({', '.join(lost[:10])}{' ...' if len(lost) > 10 else ''}): they would be read as missing",
            file=path, reason="formula_without_value",
            hint="open the file in Excel or LibreOffice, let it calculate, and save it again "
                 "(or replace the formulas by their values)")


def _check_sheet(path: Path, sheet: str, frame: pd.DataFrame, columns: tuple[str, ...],
                 variables: pd.Index, data_sheet: str) -> pd.DataFrame:
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise InputFileError(
            f"sheet '{sheet}' lacks the column(s) {absent} (it has {list(frame.columns)})",
            file=path, reason="bad_metadata",
            hint=f"give sheet '{sheet}' the header row {', '.join(columns)} (HEROES Excel layout)",
        )
    frame = frame.dropna(how="all", subset=list(columns)).astype({"variable": str})
    unknown = frame.loc[~frame["variable"].isin(variables)]
    if len(unknown):
        if unknown["variable"].nunique() == frame["variable"].nunique():  # none matches
            raise InputFileError(
                f"none of the variables that sheet '{sheet}' names is a column of the first sheet "
                f"'{data_sheet}', which the HEROES Excel layout takes as the data",
                file=path, reason="bad_sheet",
                hint=f"move the data sheet to the front of the workbook (it is not '{data_sheet}'?)")
        raise InputFileError(
            f"sheet '{sheet}' names variable(s) that are not columns of the data sheet "
            f"'{data_sheet}': {sorted(set(unknown['variable']))}",
            file=path, reason="bad_metadata", rows=(unknown.index + 2).tolist(),
            hint="fix the variable names (rows are Excel row numbers) "
            "or add the columns to the data sheet",
        )
    return frame
