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
        f"cannot decode the CSV file as {encoding}: {where}", file=path, reason="encoding",
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
    meta = {name.lower(): frame for name, frame in list(sheets.items())[1:]}
    for sheet, columns in EXCEL_SHEETS.items():
        if sheet in meta:
            meta[sheet] = _check_sheet(path, sheet, meta[sheet], columns, data.columns)
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


def _check_sheet(path: Path, sheet: str, frame: pd.DataFrame, columns: tuple[str, ...],
                 variables: pd.Index) -> pd.DataFrame:
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
        raise InputFileError(
            f"sheet '{sheet}' names variable(s) that are not columns of the data sheet: "
            f"{sorted(set(unknown['variable']))}",
            file=path, reason="bad_metadata", rows=(unknown.index + 2).tolist(),
            hint="fix the variable names (rows are Excel row numbers) "
            "or add the columns to the data sheet",
        )
    return frame
