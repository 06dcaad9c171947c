"""Office exports of a PublicationTable: XLSX (openpyxl) and DOCX (python-docx), reproducible."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research.io import atomic_path
from heroes_research.tables._ooxml import normalise_ooxml
from heroes_research.tables._writers import label_frame

if TYPE_CHECKING:
    from heroes_research.tables._table import PublicationTable

__all__ = ["write_docx", "write_xlsx"]

_FIXED = dt.datetime(2000, 1, 1)
_AUTHOR = "heroes_research"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_WIDE = 8  # tables with more columns than this go landscape in Word


def _cell_value(text: str) -> Any:
    """Plain numbers become numbers in Excel; everything else stays text."""
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text


def write_xlsx(table: PublicationTable, path: Path) -> Path:
    """Title in A1, header on row 3, cells below, notes after a blank row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    frame = label_frame(table)
    header, labels = list(frame.columns), table.data.index.nlevels
    wb = Workbook()
    ws = wb.active
    ws.title = "Table"
    ws["A1"] = table.title
    ws["A1"].font = Font(bold=True, size=12)
    rule = Border(bottom=Side(style="thin"))
    for j, name in enumerate(header, start=1):
        cell = ws.cell(row=3, column=j, value=name)
        cell.font, cell.border = Font(bold=True), rule
        cell.alignment = Alignment(horizontal="left" if j <= labels else "right", wrap_text=True)
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=4):
        for j, text in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j, value=_cell_value(str(text)))
            cell.alignment = Alignment(horizontal="left" if j <= labels else "right")
    first_note = 4 + len(frame) + 1
    for k, line in enumerate(table.note_lines()):
        ws.cell(row=first_note + k, column=1, value=line).font = Font(italic=True, size=9)
    for j, name in enumerate(header, start=1):
        longest = max([len(name), *(len(str(v)) for v in frame.iloc[:, j - 1])])
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, longest + 2))
    ws.freeze_panes = f"{get_column_letter(labels + 1)}4"
    props = wb.properties
    props.creator = props.lastModifiedBy = _AUTHOR
    props.title = table.title
    props.created = props.modified = _FIXED
    return _save(wb, path)


def write_docx(table: PublicationTable, path: Path) -> Path:
    """A caption paragraph, a Word table (header row repeats across pages), the notes."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    frame = label_frame(table)
    header, labels = list(frame.columns), table.data.index.nlevels
    doc = Document()
    if len(header) > _WIDE:
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    size = Pt(8 if len(header) > _WIDE else 9)
    caption = doc.add_paragraph()
    caption.add_run(table.title).bold = True
    grid = doc.add_table(rows=1 + len(frame), cols=len(header))
    grid.style = "Table Grid"
    rows = [header, *(list(map(str, r)) for r in frame.itertuples(index=False, name=None))]
    for i, values in enumerate(rows):
        for j, text in enumerate(values):
            paragraph = grid.rows[i].cells[j].paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size, run.bold = size, (i == 0) or None
            if j >= labels:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(grid.rows[0])
    for line in table.note_lines():
        run = doc.add_paragraph().add_run(line)
        run.font.size = Pt(8)
    core = doc.core_properties
    core.author = core.last_modified_by = _AUTHOR
    core.title = table.title
    core.created = core.modified = core.last_printed = _FIXED
    core.revision = 1
    return _save(doc, path)


def _save(document: Any, path: Path) -> Path:
    """Save an openpyxl workbook or python-docx document atomically, with fixed dates."""
    with atomic_path(path) as tmp:
        document.save(str(tmp))
        normalise_ooxml(tmp)
    return path


def _repeat_header(row: Any) -> None:
    """Mark a Word table row as a header row (repeated on each page); python-docx has no API."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)
