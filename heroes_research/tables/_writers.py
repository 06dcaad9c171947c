"""Plain-text exports of a PublicationTable: CSV, HTML (pandas Styler) and LaTeX."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING

from heroes_research.io import atomic_write

if TYPE_CHECKING:
    import pandas as pd

    from heroes_research.tables._grid import Grid
    from heroes_research.tables._table import PublicationTable

__all__ = ["TABLE_CSS", "flat_header", "html_fragment", "label_frame", "write_csv", "write_html", "write_latex"]

#: Styles of a table fragment (also used by the report site).
TABLE_CSS = """.heroes-scroll { overflow: auto; max-width: 100%; max-height: 70vh; border: 1px solid #eee; }
.heroes-table table { border-collapse: collapse; font-size: 13px; }
.heroes-table caption { caption-side: top; text-align: left; font-weight: bold; padding: .3em; }
.heroes-table th, .heroes-table td { padding: .25em .6em; border-bottom: 1px solid #ddd; vertical-align: top; }
.heroes-table thead th { border-bottom: 2px solid #333; background: #f4f4f4; position: sticky; top: 0; }
.heroes-table thead th.spanner { text-align: center; border-bottom: 1px solid #333; }
.heroes-table .num { text-align: right; white-space: nowrap; }
.heroes-table .text { text-align: left; min-width: 8em; }
.heroes-table tbody th { font-weight: normal; }
.heroes-note { font-size: 12px; color: #333; max-width: 60em; }
.heroes-note p { margin: .2em 0; }"""

_PAGE_CSS = 'body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 14px; margin: 1.5em; }'

# LaTeX: characters to escape, then the symbols the builders use.
_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_LATEX_SYMBOLS = {
    "✓": r"\checkmark{}", "✗": r"$\times$", "◐": r"($\checkmark$)", "–": "--", "≥": r"$\geq$",
    "<": r"$<$", ">": r"$>$",
}
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def flat_header(grid: Grid) -> list[str]:
    """One header row: a column under a spanner reads ``"spanner: column"`` (CSV, LaTeX)."""
    header = list(grid.header)
    for label, first, last in grid.spanners:
        for j in range(first, last + 1):
            header[j] = f"{label}: {header[j]}"
    return header


def label_frame(table: PublicationTable) -> pd.DataFrame:
    """The text cells with the row labels as the leading column(s), one flat header row.

    A two-level (MultiIndex) row label becomes two label columns, headed by the level names.
    """
    import pandas as pd

    grid = table.text_grid()
    return pd.DataFrame(grid.rows, columns=pd.Index(flat_header(grid)), dtype=object)


def write_csv(table: PublicationTable, path: Path) -> Path:
    """CSV: header, rows, a blank row, then one note line per row.

    One column per data column (no merged ``"57.1 (29.3–81.1)"`` cells): plain numbers
    with the table's digits (and percentage scale), ``x`` and ``..`` as symbols.
    """
    grid = table.text_grid(merged=False)
    with atomic_write(path, encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(flat_header(grid))
        writer.writerows(grid.rows)
        writer.writerow([])
        writer.writerows([line] for line in table.note_lines())
    return path


def _header_html(grid: Grid) -> str:
    """One or two header rows; spanners over their columns, other headings span both rows."""
    def cell(j: int, extra: str = "") -> str:
        kind = "num" if grid.numeric[j] else "text"
        return f'<th class="{kind}" scope="col"{extra}>{html.escape(grid.header[j])}</th>'

    if not grid.spanners:
        return "<tr>" + "".join(cell(j) for j in range(len(grid.header))) + "</tr>"
    starts = {first: (label, last) for label, first, last in grid.spanners}
    under = {j for _, first, last in grid.spanners for j in range(first, last + 1)}
    top, j = [], 0
    while j < len(grid.header):
        if j in starts:
            label, last = starts[j]
            top.append(f'<th class="spanner" scope="colgroup" colspan="{last - j + 1}">'
                       f"{html.escape(label)}</th>")
            j = last + 1
        else:
            top.append(cell(j, ' rowspan="2"'))
            j += 1
    bottom = "".join(cell(j) for j in sorted(under))
    return f"<tr>{''.join(top)}</tr><tr>{bottom}</tr>"


def html_fragment(table: PublicationTable) -> str:
    """The table (scrolling in its own box) and its notes below, always visible, as HTML."""
    grid = table.text_grid()
    body = "".join(
        "<tr>" + "".join(
            (f'<th scope="row" class="text">{html.escape(v)}</th>' if j < grid.n_labels else
             f'<td class="{"num" if grid.numeric[j] else "text"}">{html.escape(v)}</td>')
            for j, v in enumerate(row)) + "</tr>"
        for row in grid.rows
    )
    notes = "".join(f"<p>{html.escape(line)}</p>" for line in table.note_lines())
    return (f'<div class="heroes-table"><div class="heroes-scroll"><table>'
            f"<caption>{html.escape(table.title)}</caption><thead>{_header_html(grid)}</thead>"
            f'<tbody>{body}</tbody></table></div><div class="heroes-note">{notes}</div></div>')


def write_html(table: PublicationTable, path: Path) -> Path:
    """A standalone UTF-8 HTML page, readable on a phone (the table scrolls in its box)."""
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(table.title)}</title>\n<style>\n{_PAGE_CSS}\n{TABLE_CSS}\n</style>\n</head>\n<body>\n"
        f"{html_fragment(table)}\n</body>\n</html>\n"
    )
    with atomic_write(path) as handle:
        handle.write(page)
    return path


def latex_text(text: str) -> str:
    """Escape ``text`` for LaTeX and spell the table symbols as LaTeX commands."""
    out = "".join(_LATEX_ESCAPES.get(ch, ch) for ch in str(text))
    for symbol, command in _LATEX_SYMBOLS.items():
        out = out.replace(symbol, command)
    return _SUPERSCRIPT_RUN.sub(
        lambda m: "\\textsuperscript{" + m.group().translate(_SUPERSCRIPTS) + "}", out
    )


def write_latex(table: PublicationTable, path: Path) -> Path:
    """A ``table`` float: booktabs rules, caption, notes in footnote size under the tabular."""
    from pandas.io.formats.style import Styler

    grid = table.text_grid()
    frame = label_frame(table)
    frame = frame.rename(columns=latex_text).map(latex_text)
    body = Styler(frame, uuid="heroes", cell_ids=False).hide(axis="index").to_latex(
        environment="table", position="htbp", hrules=True, caption=latex_text(table.title),
        column_format="".join("r" if num else "l" for num in grid.numeric),
    )
    notes = "\n".join(latex_text(line) + r"\par" for line in table.note_lines())
    body = body.replace(r"\end{table}", f"\\begin{{footnotesize}}\n{notes}\n\\end{{footnotesize}}\n\\end{{table}}")
    preamble = "% Needs \\usepackage{booktabs} and \\usepackage{amssymb} in the preamble.\n"
    with atomic_write(path) as handle:
        handle.write(preamble + body)
    return path
