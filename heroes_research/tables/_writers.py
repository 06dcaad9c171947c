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

    from heroes_research.tables._table import PublicationTable

__all__ = ["html_fragment", "label_frame", "write_csv", "write_html", "write_latex"]

_CSS = """body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 14px; margin: 1.5em; }
table { border-collapse: collapse; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: .4em; }
th, td { padding: .25em .6em; border-bottom: 1px solid #ccc; }
th { text-align: left; border-bottom: 2px solid #333; }
td { text-align: right; }
td:first-child { text-align: left; }
.heroes-note { font-size: 12px; color: #333; max-width: 60em; }
.heroes-note p { margin: .2em 0; }"""

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


def label_frame(table: PublicationTable) -> pd.DataFrame:
    """The cells with the row labels as the leading column(s) (one header row everywhere).

    A two-level (MultiIndex) row label becomes two label columns, headed by the level names.
    """
    names = [str(name) if name is not None else "" for name in table.data.index.names]
    frame = table.data.reset_index(names=names, allow_duplicates=True)
    return frame.set_axis([str(c) for c in frame.columns], axis=1)


def write_csv(table: PublicationTable, path: Path) -> Path:
    """CSV: header, rows, a blank row, then one note line per row."""
    frame = label_frame(table)
    with atomic_write(path, encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False, name=None))
        writer.writerow([])
        writer.writerows([line] for line in table.note_lines())
    return path


def html_fragment(table: PublicationTable) -> str:
    """The table and its note as an HTML fragment (also the notebook display)."""
    from pandas.io.formats.style import Styler

    styler = Styler(label_frame(table), uuid="heroes", cell_ids=False)
    styler = styler.hide(axis="index").set_caption(html.escape(table.title)).format(escape="html")
    notes = "".join(f"<p>{html.escape(line)}</p>" for line in table.note_lines())
    return f'{styler.to_html()}<div class="heroes-note">{notes}</div>'


def write_html(table: PublicationTable, path: Path) -> Path:
    """A standalone UTF-8 HTML page."""
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(table.title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
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

    frame = label_frame(table)
    frame = frame.rename(columns=latex_text).map(latex_text)
    body = Styler(frame, uuid="heroes", cell_ids=False).hide(axis="index").to_latex(
        environment="table", position="htbp", hrules=True, caption=latex_text(table.title),
        column_format="l" * table.data.index.nlevels + "r" * table.data.shape[1],
    )
    notes = "\n".join(latex_text(line) + r"\par" for line in table.note_lines())
    body = body.replace(r"\end{table}", f"\\begin{{footnotesize}}\n{notes}\n\\end{{footnotesize}}\n\\end{{table}}")
    preamble = "% Needs \\usepackage{booktabs} and \\usepackage{amssymb} in the preamble.\n"
    with atomic_write(path) as handle:
        handle.write(preamble + body)
    return path
