"""The deliverables of a build: the Word report, the workbook of every table and a zip of all outputs.

All three are made from the registry and the outputs' JSON side-cars (each table's side-car
holds the table itself, see :meth:`PublicationTable.to_record`), in registry order, so they
hold exactly what the notebooks registered. They are byte-identical across builds of the
same outputs: dates come from the data (:func:`build_date`), never from the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heroes_research.build._registry import Output, Registry
from heroes_research.io import atomic_path

__all__ = ["REPORT_FILES", "ReportInfo", "build_date", "published_registry", "report_info", "write_bundle", "write_report",
           "write_workbook"]

#: The files a build hands over, under reports/.
REPORT_FILES = {"docx": "heroes-report.docx", "annex": "heroes-report-annex.docx", "xlsx": "heroes-tables.xlsx",
                "zip": "heroes-outputs.zip"}
_TITLE = "HEROES research outputs"
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ReportInfo:
    """What the deliverables state about themselves (shown in full, never truncated)."""

    version: str
    commit: str
    data_sha256: str
    date: str
    demo: bool
    draft: bool

    def lines(self) -> list[str]:
        """Provenance lines for the title page, the contents sheet and the site."""
        return [f"heroes_research version {self.version}", f"Git commit {self.commit}",
                f"Data sha256 {self.data_sha256}", f"Data date {self.date[:10]}"]


def build_date(root: Path) -> str:
    """The date the deliverables carry: ``SOURCE_DATE_EPOCH`` if set, else the last commit of data/raw.

    Never the clock, so two builds of the same data write the same bytes.

    Example
    -------
    >>> from heroes_research.paths import project_root
    >>> build_date(project_root())[:2]
    '20'
    """
    from heroes_research.tables._ooxml import FIXED_DATE

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "data/raw"], cwd=root,
                               capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return FIXED_DATE
    if not stamp.isdigit():
        return FIXED_DATE
    return dt.datetime.fromtimestamp(int(stamp), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sidecar(reports: Path, out: Output) -> dict[str, Any]:
    """The output's JSON side-car, or ``{}`` when it was not built."""
    try:
        return json.loads((reports / out.folder / f"{out.name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def published_registry(registry: Registry, reports: Path) -> Registry:
    """The registry narrowed to the notebooks that have outputs in ``reports``.

    A study's site and report list its own notebooks, not every notebook of the
    registry: a notebook none of whose outputs was ever built here (the demo notebooks
    in a real study's build) is left out rather than shown as "not built" with broken
    images.
    """
    from dataclasses import replace

    present = tuple(spec for spec in registry.notebooks
                    if any((reports / out.folder / f"{out.name}.json").is_file() for out in spec.outputs))
    return replace(registry, notebooks=present)


def report_info(registry: Registry, reports: Path) -> ReportInfo:
    """Version, commit, a hash over every output's data hash, the data date, demo/DRAFT flags."""
    from heroes_research import paths
    from heroes_research.provenance import git_commit, package_version

    digest = hashlib.sha256()
    demo = draft = False
    for spec in registry.notebooks:
        for out in spec.outputs:
            meta = sidecar(reports, out)
            digest.update(f"{out.name}\0{meta.get('data_sha256') or ''}\n".encode())
            demo = demo or bool(meta.get("demo_data"))
            draft = draft or "DRAFT" in out.source
    return ReportInfo(package_version(), git_commit(), digest.hexdigest(), build_date(paths.project_root()),
                      demo, draft)


def banner(info: ReportInfo) -> list[str]:
    """The warnings a reader must see first: synthetic data, DRAFT codings (only where they apply)."""
    from heroes_research.provenance import DEMO_NOTE

    lines = []
    if info.demo:
        lines.append(f"SYNTHETIC DATA. {DEMO_NOTE} Outputs whose note says so are built from the demo data.")
    if info.draft:
        lines.append("DRAFT legal codings: mostly from secondary sources and not yet verified against the statute "
                     "texts (each cell says which); read them as cited drafts, not findings.")
    return lines


def numbered(registry: Registry) -> list[tuple[str, Output]]:
    """``("Table 3", output)`` / ``("Figure 2", output)`` in report order.

    Example
    -------
    >>> from heroes_research.build import load_registry
    >>> numbered(load_registry())[0][0]
    'Table 1'
    """
    counts = {"Table": 0, "Figure": 0}
    out = []
    for spec in registry.notebooks:
        for item in spec.outputs:
            kind = "Table" if item.kind == "table" else "Figure"
            counts[kind] += 1
            out.append((f"{kind} {counts[kind]}", item))
    return out


def _publication(reports: Path, out: Output) -> Any:
    from heroes_research.tables import PublicationTable

    record = sidecar(reports, out).get("publication")
    return PublicationTable.from_record(record) if record else None


def write_workbook(registry: Registry, reports: Path, info: ReportInfo) -> Path:
    """``reports/heroes-tables.xlsx``: a contents sheet, a sheet per table, a legend sheet."""
    from heroes_research.tables._xlsx import write_workbook as write

    entries = [(number, out.name, table) for number, out in numbered(registry)
               if out.kind == "table" and (table := _publication(reports, out)) is not None]
    return write(entries, reports / REPORT_FILES["xlsx"], title=f"{_TITLE}: tables",
                 provenance=[*banner(info), *info.lines()], date=info.date, properties=_properties(info))


def write_bundle(registry: Registry, reports: Path) -> Path:
    """``reports/heroes-outputs.zip``: every output file, the report and the workbook (fixed dates)."""
    files = [reports / name for key, name in REPORT_FILES.items() if key != "zip"]
    for spec in registry.notebooks:
        for out in spec.outputs:
            files += sorted((reports / out.folder).glob(f"{out.name}.*"))
    target = reports / REPORT_FILES["zip"]
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w") as archive:
        for path in files:
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(reports).as_posix(), date_time=_ZIP_DATE)
                info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
                archive.writestr(info, path.read_bytes())
    return target


def write_report(registry: Registry, reports: Path, info: ReportInfo, *, paper: str = "A4",
                 annex: bool = False) -> Path:
    """``reports/heroes-report.docx``: every registered table and figure, numbered, with contents.

    Outputs registered with ``annex: true`` (long reference tables such as the legal fact
    sheets) go into ``heroes-report-annex.docx`` instead (``annex=True`` writes that one),
    so the report stays readable; both keep the outputs' numbers.

    A4 (or ``"Letter"``); wide tables in landscape sections; a table of contents and lists of
    tables and figures (Word fields, pre-filled so they read before Word updates them); alt
    text on every figure from its caption; title, version, commit and data hash in the
    document properties; dated from the data, so rebuilds are byte-identical.

    Example
    -------
    >>> registry = load_registry()  # doctest: +SKIP
    >>> write_report(registry, reports, report_info(registry, reports), paper="Letter")  # doctest: +SKIP
    """
    from docx import Document

    from heroes_research.build._docx_report import add_front_matter, add_output
    from heroes_research.tables._docx import set_page, setup_document
    from heroes_research.tables._office import save_office

    document = Document()
    setup_document(document)
    set_page(document.sections[0], paper, landscape=False)
    numbers = {out.name: number for number, out in numbered(registry)}
    items = [(number, out) for number, out in numbered(registry) if out.annex == annex]
    title = f"{_TITLE}: annex" if annex else _TITLE
    add_front_matter(document, registry, items, info, title, banner(info))
    elsewhere = [number for number, out in numbered(registry) if out.annex != annex]
    if elsewhere:
        where = "the report" if annex else "the annex"
        document.add_paragraph(f"{', '.join(elsewhere)} are in {where} "
                               f"({REPORT_FILES['docx' if annex else 'annex']}).")
    for spec in registry.notebooks:
        outputs = [out for out in spec.outputs if out.annex == annex]
        if not outputs:
            continue
        document.add_heading(spec.title, level=1)
        for out in outputs:
            add_output(document, reports, out, numbers[out.name], sidecar(reports, out),
                       _publication(reports, out) if out.kind == "table" else None, paper)
    target = reports / REPORT_FILES["annex" if annex else "docx"]
    return save_office(document, target, title=title, date=info.date,
                       properties={**_properties(info),
                                   "content_status": "DRAFT" if info.draft or info.demo else "Final"})


def _properties(info: ReportInfo) -> dict[str, str]:
    """Document properties of the report and the workbook: version, commit, data hash and date."""
    return {"subject": "Tables and figures of the HEROES studies (THB and CSA/CSE, 15 countries)",
            "keywords": "HEROES; trafficking in human beings; child sexual abuse; "
                        + ("synthetic demo data" if info.demo else "study data"),
            "version": info.version, "identifier": f"commit {info.commit}",
            "comments": " · ".join(info.lines())}
