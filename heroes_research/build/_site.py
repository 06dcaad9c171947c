"""The report site (reports/index.html) and the build's deliverables (report, workbook, zip).

Made from the registry and the outputs' JSON side-cars, so it lists exactly what the
notebooks registered, with caption and full provenance. The page works on any screen
(a contents sidebar that folds above the content on a phone; tables scroll inside their
box with their notes always visible) and searches titles and captions with a few lines
of inline JavaScript (no network).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from heroes_research.build._registry import NotebookSpec, Output, Registry
from heroes_research.build._report import (
    REPORT_FILES,
    ReportInfo,
    banner,
    numbered,
    report_info,
    sidecar,
    write_bundle,
    write_report,
    write_workbook,
)
from heroes_research.build._site_pages import (
    SITE_CSS,
    SITE_SCRIPT,
    write_codebook_pages,
)
from heroes_research.io import atomic_write

__all__ = ["write_docx", "write_site"]


def _provenance(meta: dict[str, Any]) -> str:
    """Everything the side-car says about the output's origin, in full."""
    shown = (("package", "package"), ("git_commit", "commit"), ("data_sha256", "data sha256"))
    parts = [f"{label} <code>{html.escape(str(meta[key]))}</code>" for key, label in shown if meta.get(key)]
    if meta.get("demo_data"):
        parts.append("synthetic demo data")
    return " · ".join(parts) if parts else "not built in this build"


def _body(reports: Path, out: Output, meta: dict[str, Any]) -> str:
    from heroes_research.tables import PublicationTable
    from heroes_research.tables._writers import html_fragment

    if out.kind in {"figure", "map"}:
        return (f'<img src="{out.folder}/{out.name}.png" alt="{html.escape(out.caption)}" '
                'loading="lazy">')
    record = meta.get("publication")
    if record:
        return html_fragment(PublicationTable.from_record(record))
    return f'<p><a href="{out.folder}/{out.name}.html">Open the table</a></p>'


def _output_html(reports: Path, out: Output, number: str) -> str:
    meta = sidecar(reports, out)
    files = sorted((reports / out.folder).glob(f"{out.name}.*"))
    links = " ".join(f'<a href="{out.folder}/{f.name}">{f.suffix[1:]}</a>' for f in files)
    search = html.escape(f"{number} {out.name} {out.caption}".lower())
    return (
        f'<figure class="output" id="{out.name}" data-search="{search}">'
        f"<figcaption><b>{number}.</b> {html.escape(out.caption)}</figcaption>{_body(reports, out, meta)}"
        f'<p class="source"><i>Source:</i> {html.escape(out.source)}</p>'
        f'<p class="prov"><code>{out.name}</code> · {_provenance(meta)} · files: {links}</p></figure>'
    )


def _parameters_html(spec: NotebookSpec, given: Mapping[str, Any]) -> str:
    from heroes_research.build._params import declared_parameters

    try:
        declared = declared_parameters(spec.source_path())
    except OSError:
        declared = {}
    values = {**declared, **given}
    if not values:
        return "<p class=\"params\">No parameters.</p>"
    rows = "".join(
        f"<tr><th scope=\"row\">{html.escape(k)}</th><td><code>{html.escape(repr(v))}</code></td>"
        f"<td>{'set for this build' if k in given else 'default'}</td></tr>"
        for k, v in values.items())
    return (f'<details class="params"><summary>Parameters this notebook ran with</summary>'
            f"<table><tbody>{rows}</tbody></table></details>")


def _notebook_html(reports: Path, spec: NotebookSpec, status: str, numbers: dict[str, str],
                   given: Mapping[str, Any]) -> str:
    outputs = "".join(_output_html(reports, out, numbers[out.name]) for out in spec.outputs)
    return (
        f'<section id="{spec.name}"><h2>{html.escape(spec.title)} '
        f'<span class="status {status}">{status}</span></h2>'
        f'<p><a href="notebooks/{spec.name}.html">Executed notebook</a> '
        f"(<code>notebooks/{spec.name}.py</code>, {len(spec.outputs)} outputs)</p>"
        f"{_parameters_html(spec, given)}{outputs}</section>"
    )


def _nav(registry: Registry, numbers: dict[str, str], codebooks: list[tuple[str, str]]) -> str:
    items = []
    for spec in registry.notebooks:
        sub = "".join(
            f'<li data-search="{html.escape(f"{numbers[o.name]} {o.name} {o.caption}".lower())}">'
            f'<a href="#{o.name}">{numbers[o.name]}. {html.escape(o.caption)}</a></li>' for o in spec.outputs)
        items.append(f'<li><a href="#{spec.name}"><b>{html.escape(spec.title)}</b></a><ul>{sub}</ul></li>')
    dictionaries = "".join(f'<li><a href="{href}">{html.escape(name)}</a></li>' for name, href in codebooks)
    files = (("Word report (DOCX)", "docx"), ("Annex: reference tables (DOCX)", "annex"),
             ("All tables (XLSX workbook)", "xlsx"), ("All outputs (ZIP)", "zip"))
    downloads = "".join(f'<li><a href="{REPORT_FILES[key]}" download>{label}</a></li>'
                        for label, key in files if key != "annex" or registry.has_annex)
    return (
        '<nav class="toc" aria-label="Contents"><label for="q">Search titles and captions</label>'
        '<input id="q" type="search" placeholder="e.g. referral, Spain, Figure 3" autocomplete="off">'
        '<p id="hits" aria-live="polite"></p>'
        f"<h3>Downloads</h3><ul class=\"downloads\">{downloads}</ul>"
        f"<h3>Contents</h3><ul class=\"contents\">{''.join(items)}</ul>"
        f"<h3>Data dictionaries</h3><ul>{dictionaries}</ul></nav>"
    )


def write_site(registry: Registry, reports: Path, report: Any,
               params: Mapping[str, Mapping[str, Any]] | None = None) -> Path:
    """Write ``reports/index.html`` (and the codebook pages) linking every notebook, table and figure.

    ``params`` are the per-notebook parameters the build passed (shown with the declared defaults).

    Example
    -------
    >>> write_site(load_registry(), reports_dir(), report, {"05_early_identification": {"min_count": 10}})  # doctest: +SKIP
    """
    info = report_info(registry, reports)
    status = {o.name: o.status for o in report.outcomes}
    numbers = {out.name: number for number, out in numbered(registry)}
    codebooks = write_codebook_pages(reports)
    sections = "".join(
        _notebook_html(reports, nb, status.get(nb.name, "not built"), numbers, (params or {}).get(nb.name, {}))
        for nb in registry.notebooks
    )
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>HEROES research outputs</title><style>{SITE_CSS}</style></head><body>"
        f"<header><h1>HEROES research outputs</h1>{_header_lines(info)}</header>"
        f'<div class="layout">{_nav(registry, numbers, codebooks)}<main>{sections}</main></div>'
        f"<script>{SITE_SCRIPT}</script></body></html>\n"
    )
    target = reports / "index.html"
    with atomic_write(target) as handle:
        handle.write(page)
    return target


def _header_lines(info: ReportInfo) -> str:
    warnings = "".join(f'<p class="banner">{html.escape(line)}</p>' for line in banner(info))
    lines = " · ".join(html.escape(line) for line in info.lines())
    return f'<p class="prov-head">{lines}</p>{warnings}'


def write_docx(registry: Registry, reports: Path, *, paper: str = "A4") -> Path:
    """Write the deliverables: ``heroes-report.docx``, ``heroes-tables.xlsx`` and ``heroes-outputs.zip``.

    Returns the report's path. All three are byte-identical across builds of the same outputs.

    Example
    -------
    >>> write_docx(load_registry(), reports_dir(), paper="Letter").name  # doctest: +SKIP
    'heroes-report.docx'
    """
    info = report_info(registry, reports)
    target = write_report(registry, reports, info, paper=paper)
    annex = reports / REPORT_FILES["annex"]
    if registry.has_annex:
        write_report(registry, reports, info, paper=paper, annex=True)
    else:
        annex.unlink(missing_ok=True)  # no annex in this build: none left from an earlier one
    write_workbook(registry, reports, info)
    write_bundle(registry, reports)
    return target
