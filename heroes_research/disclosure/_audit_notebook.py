"""What an executed notebook page publishes beyond its registered outputs.

A notebook's HTML is published beside its tables: a ``segments.head(3)`` left in a
cell prints microdata, a sentence prints a small count. :func:`scan_notebook` reads
the page as a reader would (the rendered HTML, not the source) and returns one
:class:`~heroes_research.disclosure._audit_rules.Finding` per problem.

Rules
-----
``record_level_display``
    An output table with a column or index named like an identifier (``id``,
    ``*_id``, ``respondent``, ``interview``, ``case``), with cells shaped like record
    ids (``AT-I01``), or printed by a cell that calls ``.head()``, ``.tail()`` or
    ``.sample()``.
``small_count_in_text``
    Markdown or printed output stating a count of people below the threshold
    (:func:`~heroes_research.disclosure._audit_text.small_counts`).

Example
-------
>>> page = ('<div class="jp-Cell jp-MarkdownCell"><p>Two of whom said yes.</p></div>')
>>> [f.rule for f in scan_notebook_html(page, "nb")]
['small_count_in_text']
"""

from __future__ import annotations

import re
from pathlib import Path

from heroes_research.disclosure._audit_rules import Finding
from heroes_research.disclosure._audit_text import small_counts

__all__ = ["scan_notebook", "scan_notebook_html"]

_ID_NAME = re.compile(r"^(?:\w+_)?(?:id|uuid)$|^(?:respondent|interview|interviewee|case|record)(?:_id)?$", re.I)
_ID_VALUE = re.compile(r"^[A-Z]{2}(?:-[A-Z]{2,3})?-[A-Z]{0,2}\d{1,5}$")
_MICRODATA_CALL = re.compile(r"\.(head|tail|sample)\s*\(")


def _cell_label(index: int, cell) -> str:
    prompt = cell.select_one(".jp-InputPrompt")
    text = prompt.get_text(strip=True) if prompt else ""
    return f"cell {index + 1}" + (f" ({text})" if text else "")


def _table_findings(name: str, where: str, code: str, table) -> list[Finding]:
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th, tbody th")]
    cells = [td.get_text(" ", strip=True) for td in table.select("tbody td, tbody th")]
    reasons = []
    id_headers = sorted({h for h in headers if _ID_NAME.search(h)})
    if id_headers:
        reasons.append(f"identifier column(s) {', '.join(id_headers)}")
    id_values = [c for c in cells if _ID_VALUE.match(c)]
    if id_values:
        reasons.append(f"record ids such as {id_values[0]!r}")
    if _MICRODATA_CALL.search(code):
        reasons.append("printed by .head()/.tail()/.sample()")
    if not reasons:
        return []
    return [Finding(name, "record_level_display", "fail", where, "; ".join(reasons))]


def _text_findings(name: str, where: str, text: str, min_count: int) -> list[Finding]:
    return [
        Finding(name, "small_count_in_text", "review", where, f"{hit.text!r}: {hit.reason}")
        for hit in small_counts(text, min_count)
    ]


def scan_notebook_html(page: str, name: str, min_count: int = 5) -> list[Finding]:
    """Findings for one executed notebook page (nbconvert HTML).

    Parameters
    ----------
    page
        The HTML text of the executed notebook.
    name
        The output name used in findings (the notebook's name).
    min_count
        Threshold of the table rules.

    Returns
    -------
    list of Finding
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    findings: list[Finding] = []
    for index, cell in enumerate(soup.select("div.jp-Cell")):
        where = _cell_label(index, cell)
        classes = cell.get("class") or []
        if "jp-MarkdownCell" in classes:
            findings += _text_findings(name, where, cell.get_text(" ", strip=True), min_count)
            continue
        source = cell.select_one(".jp-InputArea pre")
        code = source.get_text() if source else ""
        for output in cell.select(".jp-OutputArea-output"):
            for table in output.select("table"):
                findings += _table_findings(name, where, code, table)
                table.decompose()
            findings += _text_findings(name, where, output.get_text(" ", strip=True), min_count)
    return findings


def scan_notebook(path: Path, min_count: int = 5) -> list[Finding]:
    """Findings for an executed notebook page on disk (see :func:`scan_notebook_html`)."""
    return scan_notebook_html(path.read_text(encoding="utf-8"), path.stem, min_count)
