"""What an intruder reads: the published files of a built report, as a reader opens them.

Only files a reader of ``reports/`` can open are read: the tables (CSV, and the XLSX and
DOCX a reader may open instead), the side-cars, the executed notebook pages, the site
and the Word report. Nothing the build keeps for itself (``reports/.ledger``,
``reports/.audit``) and no processed data are read here.

Example
-------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "tables").mkdir()
>>> _ = (folder / "tables" / "tab_a.csv").write_text("Country,A,Total\\nAustria,x,7\\nTotal,9,9\\n")
>>> [t.name for t in read_tables(folder)]
['tab_a']
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from heroes_research.disclosure._validate import TOTAL

__all__ = [
    "HIDDEN", "TOTAL", "ChartWithholding", "PublishedTable", "chart_withholdings", "decimals", "document_texts",
    "fits", "labels_of", "number", "printed_frames", "prose_texts", "published_files", "read_tables",
    "table_cells_in",
]

#: Symbols a reader sees where a value is withheld.
HIDDEN = frozenset({"x", "X", "..", "", "-", "—"})
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?%?$")
_PRIVATE = (".ledger", ".audit", ".cache", ".staging")


@dataclass(frozen=True)
class PublishedTable:
    """One published table as a reader sees it.

    Attributes
    ----------
    name
        Output name (the file stem).
    frame
        The cells as text, index = the label column(s), columns = the header.
    note
        The note and source lines under the table, joined.
    source
        The data source the table states (side-car ``source`` or its "Source:" line).
    """

    name: str
    frame: pd.DataFrame
    note: str
    source: str

    @property
    def has_total(self) -> bool:
        """Whether the table shows a ``Total`` row or column (a margin the LP can use)."""
        return TOTAL in self.frame.columns or any(TOTAL in labels_of(i) for i in self.frame.index)


def labels_of(label: object) -> tuple[str, ...]:
    """A row's labels as text (one per index level)."""
    return tuple(str(v) for v in label) if isinstance(label, tuple) else (str(label),)


def number(text: object) -> float | None:
    """The number a reader reads in a cell (``"57.1"``, ``"12"``, ``"40%"``), or None."""
    value = str(text).strip().replace("\u2212", "-")
    if not _NUMBER.match(value):
        return None
    return float(value.rstrip("%").replace(",", "."))


def decimals(text: str) -> int:
    """Decimals a printed number shows."""
    return len(text.split(".")[1]) if "." in text else 0


def fits(value, printed: str):
    """Whether ``value`` (a number or an array) prints as ``printed`` (either rounding of a half)."""
    return np.abs(np.asarray(value, dtype=float) - float(printed)) <= 0.5 * 10.0 ** -decimals(printed) + 1e-9


def _label_columns(body: pd.DataFrame) -> int:
    """How many leading columns hold labels (no cell reads as a number or a hidden symbol)."""
    count = 0
    for column in body.columns[:-1]:
        values = body[column].astype(str).str.strip()
        if values.map(lambda v: number(v) is not None or v in HIDDEN).any():
            break
        count += 1
    return max(count, 1)


def _parse_csv(text: str) -> tuple[pd.DataFrame, list[str]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    end = next((i for i, r in enumerate(rows) if not any(c.strip() for c in r)), len(rows))
    header, body = rows[0], [r + [""] * (len(rows[0]) - len(r)) for r in rows[1:end]]
    note = [" ".join(r) for r in rows[end + 1:] if any(c.strip() for c in r)]
    return pd.DataFrame(body, columns=header, dtype=str), note


def _sidecar(path: Path) -> dict:
    try:
        return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_tables(reports: Path) -> list[PublishedTable]:
    """Every published table of ``reports/tables`` (its CSV), labels as the index."""
    out = []
    for path in sorted((reports / "tables").glob("*.csv")):
        frame, note = _parse_csv(path.read_text(encoding="utf-8"))
        if frame.empty or frame.shape[1] < 2:
            continue
        labels = list(frame.columns[:_label_columns(frame)])
        frame = frame.set_index(labels)
        meta = _sidecar(path)
        stated = next((line.split("Source:", 1)[1] for line in note if "Source:" in line), "")
        source = str(meta.get("source") or stated).strip().rstrip(".")
        out.append(PublishedTable(path.stem, frame, " ".join(note), source))
    return out


def table_cells_in(path: Path) -> list[list[str]]:
    """The cells of every table in an XLSX sheet or a DOCX document, as text, row by row."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        return [["" if v is None else str(v) for v in row] for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)]
    from docx import Document

    return [[cell.text for cell in row.cells] for table in Document(str(path)).tables for row in table.rows]


@lru_cache(maxsize=16)
def _soup(path: Path, stamp: float):
    """A page parsed once per run (``stamp``: its modification time, so a rewrite is re-read)."""
    from bs4 import BeautifulSoup

    del stamp
    return BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")


def _html_text(path: Path) -> str:
    """The prose of a page: without scripts, styles, tables and code."""
    soup = copy.copy(_soup(path, path.stat().st_mtime))
    for hidden in soup(["script", "style", "table", "pre", "code"]):
        hidden.decompose()
    return soup.get_text(" ", strip=True)


def _html_frame(table) -> pd.DataFrame | None:
    """A printed HTML table as text cells: the first header row names the columns."""
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
    rows = [r for r in rows if r]
    if len(rows) < 2 or any(len(r) != len(rows[0]) for r in rows[1:]):
        return None
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=str)


def _docx_text(path: Path, *, prose: bool = False) -> str:
    """Paragraphs of a Word document, and (unless ``prose``) the cells of its tables."""
    from docx import Document

    document = Document(str(path))
    cells = [] if prose else [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def printed_frames(reports: Path) -> Iterator[tuple[str, pd.DataFrame]]:
    """``(page and cell, frame)`` of every table a notebook page prints in its outputs."""
    for path in sorted((reports / "notebooks").glob("*.html")):
        soup = _soup(path, path.stat().st_mtime)
        for index, cell in enumerate(soup.select("div.jp-Cell")):
            for table in cell.select(".jp-OutputArea-output table"):
                frame = _html_frame(table)
                if frame is not None:
                    yield f"{path.relative_to(reports).as_posix()} cell {index + 1}", frame


_SVG_TEXT = re.compile(r"<!-- (.*?) -->")
_WITHHELD = re.compile(r"x: not shown \((?P<rows>[^)]*)\): fewer than (?P<k>\d+)", re.I)


@dataclass(frozen=True)
class ChartWithholding:
    """Rows a published chart says it does not draw, and why.

    Attributes
    ----------
    figure
        The figure's file name.
    text
        Every text the chart shows (title, labels, notes), joined: what it is about.
    rows
        The rows (countries, groups) not drawn.
    below
        The threshold stated: some category of each such row has fewer respondents.
    """

    figure: str
    text: str
    rows: frozenset[str]
    below: int


def chart_withholdings(reports: Path) -> list[ChartWithholding]:
    """What each published chart (its SVG text) says it withholds: "x: not shown (A, B): fewer than 5"."""
    out = []
    for path in sorted([*(reports / "figures").glob("*.svg"), *(reports / "maps").glob("*.svg")]):
        text = " ".join(_SVG_TEXT.findall(path.read_text(encoding="utf-8", errors="replace")))
        for match in _WITHHELD.finditer(text):
            rows = frozenset(r.strip() for r in match["rows"].split(",") if r.strip())
            out.append(ChartWithholding(path.name, text, rows, int(match["k"])))
    return out


def prose_texts(reports: Path) -> Iterator[tuple[str, str]]:
    """``(relative path, text)`` of the narrative: notebook pages, the site and the Word reports.

    Tables, code and printed frames are left out (they are attacked as tables); what
    remains is what the authors wrote and what the notebooks printed as text.
    """
    pages = [*sorted((reports / "notebooks").glob("*.html")), reports / "index.html"]
    for path in pages:
        if path.is_file():
            yield path.relative_to(reports).as_posix(), _html_text(path)
    for path in sorted(reports.glob("*.docx")):
        yield path.name, _docx_text(path, prose=True)


def published_files(reports: Path) -> list[Path]:
    """Every file a reader of ``reports`` gets (the build's own ``.ledger``, ``.audit``, ... left out)."""
    return [p for p in sorted(reports.rglob("*")) if p.is_file()
            and not any(part in _PRIVATE for part in p.relative_to(reports).parts)]


def document_texts(reports: Path) -> Iterator[tuple[str, str]]:
    """``(relative path, text)`` of every published page and document a reader reads.

    Word documents as paragraphs and table cells; HTML pages (notebooks, site, tables,
    codebooks), side-cars and other text files as they are (markup included: a reader
    can view a page's source).
    """
    for path in published_files(reports):
        relative = path.relative_to(reports).as_posix()
        if path.suffix == ".docx":
            yield relative, _docx_text(path)
        elif path.suffix in {".html", ".htm", ".json", ".csv", ".tex", ".txt", ".md", ".svg"}:
            yield relative, path.read_text(encoding="utf-8", errors="replace")
