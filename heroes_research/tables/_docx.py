"""Word tables that fit the page: widths from the content, landscape when wide, header rows repeated.

:func:`plan_layout` chooses orientation, font size and column widths so that no column is
narrower than its longest word (text columns wrap at word boundaries, numbers never wrap);
:func:`add_table` writes a :class:`PublicationTable` into a python-docx document with its
notes once, as a caption paragraph. The report (``heroes_research.build._report``) and
single-table files (:func:`write_docx`) share both, so they look the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError
from heroes_research.tables._grid import looks_numeric
from heroes_research.tables._office import save_office

if TYPE_CHECKING:
    from heroes_research.tables._grid import Grid
    from heroes_research.tables._table import PublicationTable

__all__ = ["PAPERS", "TableLayout", "add_table", "plan_layout", "set_page", "setup_document", "write_docx"]

#: Paper sizes (portrait width, height) in twips (1/1440 inch).
PAPERS = {"A4": (11906, 16838), "Letter": (12240, 15840)}
#: Page margins in twips (2 cm; 1.5 cm in landscape sections for wide tables).
MARGIN, WIDE_MARGIN = 1134, 850
FONT = "Arial"  # LibreOffice renders it with the metric-compatible Liberation Sans
_CELL_PAD = 57  # left and right cell margin, twips (0.1 cm)
_CHAR = 0.56  # average character width in em (Arial digits 0.556; bold header 0.61)
_TEXT_CAP = 55  # a text column wider than this many characters wraps


@dataclass(frozen=True)
class TableLayout:
    """Where and how a table is set: orientation, font size (pt) and column widths (twips)."""

    landscape: bool
    font_pt: float
    widths: tuple[int, ...]
    fits: bool


def _page_width(paper: str, landscape: bool) -> int:
    width, height = PAPERS[paper]
    return (height - 2 * WIDE_MARGIN) if landscape else (width - 2 * MARGIN)


def _chars(text: str) -> float:
    """Visual length in characters (superscripts and narrow marks count less)."""
    return sum(0.6 if ch in "⁰¹²³⁴⁵⁶⁷⁸⁹.,:;il()" else 1.0 for ch in text)


def _needs(grid: Grid) -> list[tuple[float, float]]:
    """Per column (minimum, wanted) width in characters."""
    out = []
    for j, head in enumerate(grid.header):
        cells = [str(row[j]) for row in grid.rows]
        head_word = max((_chars(w) for w in head.split()), default=1.0) * 1.1  # bold
        if grid.numeric[j] and j >= grid.n_labels:  # numbers never wrap; a remark among them wraps at words
            widest = max([_chars(c) if looks_numeric(c) else max(map(_chars, c.split() or [""]))
                          for c in cells] + [head_word])
            out.append((widest, max(widest, min(_chars(head) * 1.1, 14))))
        else:
            word = max([_chars(w) for c in cells for w in c.split()] + [head_word])
            lengths = sorted(_chars(c) for c in cells)
            # a few long cells may wrap; row labels (short names) are kept on one line when they can
            typical = lengths[-1 if j < grid.n_labels else int(0.8 * (len(lengths) - 1))] if lengths else 0.0
            out.append((word, max(word, min(typical, _TEXT_CAP))))
    return out


def _fit(needs: list[tuple[float, float]], available: int, font_pt: float) -> tuple[list[int], bool]:
    """Widths in twips: wanted widths if they fit, else minimum plus a fair share of the rest."""
    per_char = _CHAR * font_pt * 20
    pad = 2 * _CELL_PAD + per_char  # margins plus one character of slack
    low = [n * per_char + pad for n, _ in needs]
    want = [w * per_char + pad for _, w in needs]
    if sum(want) <= available:
        return [round(w) for w in want], True
    if sum(low) > available:
        return [round(w) for w in low], False
    spare = (available - sum(low)) / max(sum(w - lo for w, lo in zip(want, low, strict=True)), 1e-9)
    return [int(lo + (w - lo) * spare) for lo, w in zip(low, want, strict=True)], True


#: (landscape, font size) tried in order until the table fits the page.
_STEPS = ((False, 9.0), (False, 8.0), (True, 9.0), (True, 8.0), (True, 7.0), (True, 6.0), (True, 5.5))


def plan_layout(grid: Grid, paper: str = "A4") -> TableLayout:
    """Portrait at 9 or 8 pt if the table fits, else landscape at 9 down to 5.5 pt.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.tables import PublicationTable
    >>> t = PublicationTable(pd.DataFrame({"n": [12]}, index=pd.Index(["Austria"], name="Country")),
    ...                      title="Respondents", source="demo")
    >>> plan_layout(t.text_grid()).landscape
    False
    """
    if paper not in PAPERS:
        raise OutputError(f"Word layout: unknown paper {paper!r}", reason="bad_argument", variable="paper",
                          hint=f"choose from {', '.join(PAPERS)}")
    needs = _needs(grid)
    for landscape, size in _STEPS:
        widths, fits = _fit(needs, _page_width(paper, landscape), size)
        if fits:
            return TableLayout(landscape, size, tuple(widths), fits)
    # Too many columns even at the smallest size: scale the columns to the page, so every
    # column stays on it (the longest words then break) rather than run off its edge.
    available = _page_width(paper, True)
    scale = available / sum(widths)
    return TableLayout(True, _STEPS[-1][1], tuple(int(w * scale) for w in widths), False)


def set_page(section: Any, paper: str, landscape: bool) -> None:
    """Paper size, orientation and margins of a python-docx section."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    width, height = PAPERS[paper]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Twips(height), Twips(width)) if landscape else (
        Twips(width), Twips(height))
    margin = Twips(WIDE_MARGIN if landscape else MARGIN)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin


def setup_document(document: Any) -> None:
    """House fonts: Arial 10 pt body, small italic-free captions."""
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    caption = document.styles["Caption"]
    caption.font.name, caption.font.size, caption.font.italic = FONT, Pt(10), False
    caption.font.bold = True


def _xml(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _table_properties(table: Any, widths: tuple[int, ...]) -> None:
    """Fixed layout, the computed grid widths, narrow cell margins."""
    from docx.shared import Twips

    table.autofit = False
    props = table._tbl.tblPr
    props.append(_xml("w:tblLayout", type="fixed"))
    margins = _xml("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_xml(f"w:{side}", w=str(_CELL_PAD), type="dxa"))
    props.append(margins)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)


def _row_flags(row: Any, header: bool) -> None:
    """Header rows repeat on every page; no row splits across pages."""
    props = row._tr.get_or_add_trPr()
    props.append(_xml("w:cantSplit", val="true"))
    if header:
        props.append(_xml("w:tblHeader", val="true"))


def _fill(cell: Any, text: str, width: int, size: float, *, bold: bool, align: Any) -> None:
    from docx.shared import Pt, Twips

    cell.width = Twips(width)
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold or None


def add_table(document: Any, table: PublicationTable, layout: TableLayout, *,
              caption: Any | None = None) -> Any:
    """Write ``table`` at the end of ``document``: caption, grid, notes once.

    Parameters
    ----------
    document
        A python-docx ``Document``.
    table
        The table.
    layout
        From :func:`plan_layout` (the caller sets the section's orientation).
    caption
        A function ``(document, title) -> paragraph`` writing a numbered caption; default a bold title.

    Example
    -------
    >>> from docx import Document
    >>> import pandas as pd
    >>> from heroes_research.tables import PublicationTable
    >>> t = PublicationTable(pd.DataFrame({"n": [12]}, index=pd.Index(["Austria"], name="Country")),
    ...                      title="Respondents", source="demo")
    >>> document = Document()
    >>> [c.text for c in add_table(document, t, plan_layout(t.text_grid())).rows[1].cells]
    ['Austria', '12']
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    grid = table.text_grid()
    if caption is None:
        heading = document.add_paragraph(style="Caption")
        heading.add_run(table.title)
    else:
        heading = caption(document, table.title)
    heading.paragraph_format.keep_with_next = True
    heads = 2 if grid.spanners else 1
    word = document.add_table(rows=heads + len(grid.rows), cols=len(grid.header))
    word.style = "Table Grid"
    _table_properties(word, layout.widths)
    left, right = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
    size = layout.font_pt
    if grid.spanners:
        top = word.rows[0].cells
        for label, first, last in grid.spanners:
            merged = top[first].merge(top[last]) if last > first else top[first]
            _fill(merged, label, sum(layout.widths[first:last + 1]), size, bold=True,
                  align=WD_ALIGN_PARAGRAPH.CENTER)
    for j, text in enumerate(grid.header):
        _fill(word.rows[heads - 1].cells[j], text, layout.widths[j], size, bold=True,
              align=right if grid.numeric[j] else left)
    for i, row in enumerate(grid.rows, start=heads):
        cells = word.rows[i].cells
        for j, text in enumerate(row):
            _fill(cells[j], str(text), layout.widths[j], size, bold=False,
                  align=right if grid.numeric[j] else left)
    for k, row in enumerate(word.rows):
        _row_flags(row, header=k < heads)
    notes = document.add_paragraph()
    notes.paragraph_format.space_before = Pt(3)
    for k, line in enumerate(table.note_lines()):
        run = notes.add_run(line)
        run.font.size = Pt(8)
        if k < len(table.note_lines()) - 1:
            run.add_break()
    return word


def write_docx(table: PublicationTable, path: Path, *, paper: str = "A4") -> Path:
    """One table in a Word file laid out as in the report (A4 or Letter), byte-identical across runs."""
    from docx import Document

    layout = plan_layout(table.text_grid(), paper)
    document = Document()
    setup_document(document)
    set_page(document.sections[0], paper, layout.landscape)
    add_table(document, table, layout)
    return save_office(document, path, title=table.title)
