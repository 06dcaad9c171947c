"""The report site (reports/index.html) and the DOCX bundle (reports/heroes-report.docx).

Both are made from the registry and the outputs' JSON side-cars, so they list
exactly what the notebooks registered, with caption and provenance.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from heroes_research.build._registry import NotebookSpec, Output, Registry
from heroes_research.io import atomic_path, atomic_write

__all__ = ["write_docx", "write_site"]

_STYLE = """
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f3a5f;color:#fff;padding:1.2em 2em}header h1{margin:0;font-size:1.6em}
header p{margin:.3em 0 0;opacity:.85}main{padding:1em 2em;max-width:1200px}
nav a{margin-right:1em}section{background:#fff;border:1px solid #ddd;border-radius:6px;
padding:1em 1.5em;margin:1.2em 0}h2{margin-top:0;color:#1f3a5f}.status{font-size:.8em;
padding:.15em .5em;border-radius:3px;background:#e3efe3}.status.failed,.status.skipped{background:#f6d5d5}
figure{margin:1em 0;border-top:1px solid #eee;padding-top:1em}figure img{max-width:100%;
border:1px solid #eee}figcaption{font-size:.92em;margin:.4em 0}.prov{font-size:.78em;color:#666}
iframe{width:100%;height:340px;border:1px solid #eee}.demo{background:#fff3cd;
border:1px solid #e0c36c;padding:.6em 1em;border-radius:4px}
"""


def _sidecar(reports: Path, out: Output) -> dict[str, Any]:
    try:
        return json.loads((reports / out.folder / f"{out.name}.json").read_text())
    except (OSError, ValueError):
        return {}


def _provenance_line(meta: dict[str, Any]) -> str:
    """One line of what the output's side-car says about its origin."""
    shown = {"git_commit": "commit", "package": "package", "data_sha256": "data sha256"}
    parts = [f"{label}: {str(meta[key])[:16]}" for key, label in shown.items() if meta.get(key)]
    if meta.get("demo_data"):
        parts.append("synthetic demo data")
    return " · ".join(parts)


def _output_html(reports: Path, out: Output) -> str:
    meta = _sidecar(reports, out)
    files = sorted((reports / out.folder).glob(f"{out.name}.*"))
    links = " ".join(f'<a href="{out.folder}/{f.name}">{f.suffix[1:]}</a>' for f in files)
    if out.kind in {"figure", "map"}:
        body = f'<img src="{out.folder}/{out.name}.png" alt="{html.escape(out.caption)}" loading="lazy">'
    else:
        body = f'<iframe src="{out.folder}/{out.name}.html" title="{html.escape(out.caption)}"></iframe>'
    return (
        f'<figure id="{out.name}">{body}<figcaption><b>{html.escape(out.name)}</b>: '
        f"{html.escape(out.caption)}<br><i>Source:</i> {html.escape(out.source)}</figcaption>"
        f'<div class="prov">{html.escape(_provenance_line(meta))} · files: {links}</div></figure>'
    )


def _notebook_html(reports: Path, spec: NotebookSpec, status: str) -> str:
    outputs = "".join(_output_html(reports, out) for out in spec.outputs)
    return (
        f'<section id="{spec.name}"><h2>{html.escape(spec.title)} '
        f'<span class="status {status}">{status}</span></h2>'
        f'<p><a href="notebooks/{spec.name}.html">Executed notebook</a> '
        f"({spec.name}.py, {len(spec.outputs)} outputs)</p>{outputs}</section>"
    )


def write_site(registry: Registry, reports: Path, report: Any) -> Path:
    """Write ``reports/index.html`` linking every notebook, table and figure."""
    from heroes_research import __version__
    from heroes_research.provenance import DEMO_NOTE, git_commit

    status = {o.name: o.status for o in report.outcomes}
    nav = " ".join(f'<a href="#{nb.name}">{html.escape(nb.name)}</a>' for nb in registry.notebooks)
    sections = "".join(
        _notebook_html(reports, nb, status.get(nb.name, "not built")) for nb in registry.notebooks
    )
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>HEROES research outputs</title>"
        f"<style>{_STYLE}</style></head><body><header><h1>HEROES research outputs</h1>"
        f"<p>heroes_research {__version__} · commit {git_commit()}</p></header><main>"
        f'<p class="demo">{html.escape(DEMO_NOTE)} Built from the committed demo data unless '
        f"a table or figure note says otherwise.</p><nav>{nav}</nav>{sections}</main></body></html>"
    )
    target = reports / "index.html"
    with atomic_write(target) as handle:
        handle.write(page)
    return target


def _add_table(document: Any, reports: Path, out: Output) -> None:
    import pandas as pd

    frame = pd.read_csv(reports / "tables" / f"{out.name}.csv", dtype=str, keep_default_na=False)
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = str(name)
    for values in frame.itertuples(index=False):  # a few dozen rows: one Word row each
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)


def write_docx(registry: Registry, reports: Path) -> Path:
    """Write ``reports/heroes-report.docx``: every registered table and figure with its caption.

    The file is byte-identical across builds of the same outputs (fixed dates).
    """
    from docx import Document
    from docx.shared import Inches

    from heroes_research.provenance import DEMO_NOTE
    from heroes_research.tables._ooxml import normalise_ooxml

    document = Document()
    document.add_heading("HEROES research outputs", level=0)
    document.add_paragraph(DEMO_NOTE)
    for spec in registry.notebooks:
        document.add_heading(spec.title, level=1)
        for out in spec.outputs:
            meta = _sidecar(reports, out)
            if out.kind in {"figure", "map"} and (reports / "figures" / f"{out.name}.png").exists():
                document.add_picture(str(reports / "figures" / f"{out.name}.png"), width=Inches(6.2))
            elif out.kind == "table" and (reports / "tables" / f"{out.name}.csv").exists():
                _add_table(document, reports, out)
            else:
                document.add_paragraph(f"[{out.name} was not built]")
            document.add_paragraph(f"{out.name}: {out.caption}", style="Caption")
            note = meta.get("note") or [f"Source: {out.source}"]
            document.add_paragraph(" ".join(note) if isinstance(note, list) else str(note)).runs[0].italic = True
    target = reports / "heroes-report.docx"
    with atomic_path(target) as tmp:
        document.save(tmp)
        normalise_ooxml(tmp)
    return target
