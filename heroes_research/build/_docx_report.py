"""Pieces of the Word report: Word fields, numbered captions, contents lists, figures with alt text.

Used by :func:`heroes_research.build._report.write_report`. Fields (TOC, SEQ) are written
with a pre-filled result so the report reads correctly in any viewer; Word refreshes them
(page numbers) when the file is opened (``w:updateFields``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from heroes_research.build._registry import Output, Registry
    from heroes_research.build._report import ReportInfo
    from heroes_research.tables import PublicationTable

__all__ = ["add_front_matter", "add_output"]

_FIGURE_WIDTH_CM, _FIGURE_HEIGHT_CM = 16.0, 10.5


def _run_xml(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _field_char(paragraph: Any, kind: str) -> None:
    run = paragraph.add_run()
    run._r.append(_run_xml("w:fldChar", fldCharType=kind))


def _instruction(paragraph: Any, text: str) -> None:
    run = paragraph.add_run()
    instr = _run_xml("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {text} "
    run._r.append(instr)


def add_field(paragraph: Any, instruction: str, result: str) -> None:
    """A Word field (``SEQ Table``, ``PAGE``...) in ``paragraph`` showing ``result`` until updated."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run(result)
    _field_char(paragraph, "end")


def _field_list(document: Any, heading: str, instruction: str, entries: list[str]) -> None:
    """A heading and a multi-paragraph field (TOC, lists of tables/figures) pre-filled with ``entries``."""
    from docx.shared import Pt

    document.add_paragraph(heading, style="TOC Heading" if "TOC Heading" in document.styles else None) \
        .runs[0].bold = True
    lines = entries or ["(updated when the document is opened in Word)"]
    for k, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if k == 0:
            _field_char(paragraph, "begin")
            _instruction(paragraph, instruction)
            _field_char(paragraph, "separate")
        paragraph.add_run(line).font.size = Pt(9)
        if k == len(lines) - 1:
            _field_char(paragraph, "end")


def _update_on_open(document: Any) -> None:
    """Ask Word to refresh fields (page numbers of the contents) when the file is opened."""
    settings = document.settings.element
    settings.append(_run_xml("w:updateFields", val="true"))


def add_front_matter(document: Any, registry: Registry, items: list[tuple[str, Output]], info: ReportInfo,
                     title: str, banner: list[str]) -> None:
    """Title, banner, provenance, table of contents, list of tables, list of figures."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    document.add_heading(title, level=0)
    for line in banner:
        run = document.add_paragraph().add_run(line)
        run.bold, run.font.color.rgb = True, RGBColor(0x9C, 0x2A, 0x00)
    for line in info.lines():
        document.add_paragraph(line).runs[0].font.size = Pt(8)
    _field_list(document, "Contents", 'TOC \\o "1-1" \\h \\z \\u', [spec.title for spec in registry.notebooks])
    _field_list(document, "List of tables", 'TOC \\h \\z \\c "Table"',
                [f"{number}. {out.caption}" for number, out in items if out.kind == "table"])
    _field_list(document, "List of figures", 'TOC \\h \\z \\c "Figure"',
                [f"{number}. {out.caption}" for number, out in items if out.kind != "table"])
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    _update_on_open(document)


def _caption(document: Any, number: str, text: str) -> Any:
    """``Table 3. text`` with the number as a ``SEQ`` field (so Word's lists of tables find it)."""
    kind, value = number.split(" ")
    paragraph = document.add_paragraph(style="Caption")
    paragraph.add_run(f"{kind} ")
    add_field(paragraph, f"SEQ {kind} \\* ARABIC", value)
    paragraph.add_run(f". {text}")
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _small(document: Any, lines: list[str]) -> None:
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    for k, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(8)
        if k < len(lines) - 1:
            run.add_break()


def _provenance(meta: dict[str, Any]) -> str:
    """The output's own provenance, in full."""
    parts = [f"{label} {meta[key]}" for key, label in
             (("package", ""), ("git_commit", "commit"), ("data_sha256", "data sha256")) if meta.get(key)]
    return " · ".join(p.strip() for p in parts)


def _figure(document: Any, png: Path, caption: str) -> None:
    """The picture, as wide as the text but no taller than half a page, alt text from the caption."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm
    from PIL import Image

    with Image.open(png) as image:
        ratio = image.width / image.height
    width = min(_FIGURE_WIDTH_CM, _FIGURE_HEIGHT_CM * ratio)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    shape = paragraph.add_run().add_picture(str(png), width=Cm(width))
    properties = shape._inline.docPr
    properties.set("descr", caption)
    properties.set("title", caption[:120])


def _landscape(document: Any, paper: str, landscape: bool) -> None:
    """Start a new section when the orientation changes."""
    from docx.enum.section import WD_SECTION

    from heroes_research.tables._docx import set_page

    if (document.sections[-1].page_width > document.sections[-1].page_height) != landscape:
        set_page(document.add_section(WD_SECTION.NEW_PAGE), paper, landscape)


def add_output(document: Any, reports: Path, out: Output, number: str, meta: dict[str, Any],
               table: PublicationTable | None, paper: str) -> None:
    """One numbered table or figure with its notes and provenance (or a line saying it was not built)."""
    from heroes_research.tables._docx import add_table, plan_layout

    png = reports / out.folder / f"{out.name}.png"
    if table is not None:
        layout = plan_layout(table.text_grid(), paper)
        _landscape(document, paper, layout.landscape)
        add_table(document, table, layout, caption=lambda doc, title: _caption(doc, number, title))
        _small(document, [f"{out.name} · {_provenance(meta)}"])
        return
    _landscape(document, paper, False)
    _caption(document, number, out.caption)
    if out.kind != "table" and png.is_file():
        _figure(document, png, out.caption)
        note = meta.get("note") or []
        _small(document, [*(note if isinstance(note, list) else [str(note)]),
                          f"Source: {out.source}", f"{out.name} · {_provenance(meta)}"])
    elif out.kind == "table" and meta:
        _small(document, [f"{out.name}: its side-car holds no table (save it with tables.save_table to "
                          "include it here); see the files under reports/tables."])
    else:
        _small(document, [f"{out.name} was not built in this build."])
