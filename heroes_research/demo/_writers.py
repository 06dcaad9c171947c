"""Write a country's raw file as its fieldwork partner would: .sav, .dta or .xlsx.

Every writer is deterministic, so regenerating the demo data reproduces the
committed bytes:

* ``.sav``: pyreadstat stamps the creation date and time into the 176-byte file
  header (``creation_date`` at byte 92, 9 bytes; ``creation_time`` at 101, 8 bytes,
  per the SPSS system-file format); they are overwritten with the fixed stamp
  below, since pyreadstat offers no parameter for it.
* ``.dta``: written by pandas, whose ``time_stamp`` parameter fixes the header
  stamp (pyreadstat's ``write_dta`` cannot). Stata 118 stores UTF-8; the legacy
  format 117 stores latin-1, as old Windows installations of Stata did.
* ``.xlsx``: openpyxl's created/modified properties are fixed and the ZIP entries
  get a fixed date (openpyxl stamps both with the current time).

All writes go through :func:`heroes_research.io.atomic_path`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd

from heroes_research.demo._localise import CountryFile
from heroes_research.io import atomic_path

__all__ = ["FIXED_STAMP", "write_country_file"]

#: The creation time written into every demo file.
FIXED_STAMP = dt.datetime(2026, 3, 1, 0, 0, 0)
_SAV_STAMP = (92, FIXED_STAMP.strftime("%d %b %y").encode("ascii") + FIXED_STAMP.strftime("%H:%M:%S").encode("ascii"))
_CREATOR = "HEROES synthetic demo data generator"


def _write_sav(cf: CountryFile, target: Path) -> None:
    import pyreadstat

    frame = cf.frame.copy()
    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    for column in dates:  # python dates -> SPSS DATE11 rather than DATETIME
        frame[column] = pd.Series(frame[column].dt.date, dtype=object)
    with atomic_path(target) as tmp:
        pyreadstat.write_sav(
            frame, tmp,
            file_label="Synthetic demo data",
            column_labels=cf.variable_labels,
            variable_value_labels=cf.value_labels,
            missing_ranges={k: list(v) for k, v in cf.missing.items()},
            variable_measure=cf.measure,
        )
        data = bytearray(tmp.read_bytes())
        offset, stamp = _SAV_STAMP
        data[offset:offset + len(stamp)] = stamp
        tmp.write_bytes(bytes(data))


def _write_dta(cf: CountryFile, target: Path, legacy: bool) -> None:
    frame = cf.frame.copy()
    labelled = {}
    for column, labels in cf.value_labels.items():
        values = frame[column]
        if not pd.api.types.is_integer_dtype(values):  # numeric with labelled missing codes
            if values.isna().any() or not (values == values.round()).all():
                continue
            frame[column] = values.astype("int64")
        labelled[column] = labels
    dates = {c: "td" for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])}
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
    with atomic_path(target) as tmp:
        frame.to_stata(
            tmp, write_index=False, convert_dates=dates, time_stamp=FIXED_STAMP,
            data_label="Synthetic demo data", variable_labels=cf.variable_labels,
            version=117 if legacy else 118, value_labels=labelled,
        )


def _workbook(cf: CountryFile):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    frame = cf.frame
    sheet.append(list(frame.columns))
    cells = frame.astype(object).where(frame.notna(), None)
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            cells[column] = frame[column].dt.date.astype(object)
    # openpyxl writes cell by cell: a row loop is its API (one small file, BD's few hundred rows)
    for row in cells.itertuples(index=False, name=None):
        sheet.append(list(row))
    variables = book.create_sheet("variables")
    variables.append(["variable", "label"])
    for name, label in cf.variable_labels.items():
        variables.append([name, label])
    values = book.create_sheet("values")
    values.append(["variable", "code", "label"])
    for name, labels in cf.value_labels.items():
        for code, label in labels.items():
            values.append([name, code, label])
    missing = book.create_sheet("missing")
    missing.append(["variable", "code"])
    for name, codes in cf.missing.items():
        for code in codes:
            missing.append([name, code])
    book.properties.creator = _CREATOR
    book.properties.created = FIXED_STAMP
    book.properties.modified = FIXED_STAMP
    return book


def _write_xlsx(cf: CountryFile, target: Path) -> None:
    from openpyxl.writer.excel import ExcelWriter

    book = _workbook(cf)
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would stamp 'modified' with the current time.
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    with atomic_path(target) as tmp, zipfile.ZipFile(buffer) as src, zipfile.ZipFile(
        tmp, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_STAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))


def write_country_file(cf: CountryFile, target: Path, file_format: str, *, legacy: bool = False) -> Path:
    """Write ``cf`` to ``target`` in ``file_format`` (``sav``, ``dta`` or ``xlsx``)."""
    if file_format == "sav":
        _write_sav(cf, target)
    elif file_format == "dta":
        _write_dta(cf, target, legacy)
    elif file_format == "xlsx":
        _write_xlsx(cf, target)
    else:
        raise ValueError(f"unknown demo file format {file_format!r}")
    return target
