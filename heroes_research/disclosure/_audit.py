"""The build-level disclosure audit: every published file, attacked together.

Each table passes its own checks when it is made; the report as a whole can still
leak (a notebook page prints microdata, a sentence names a small count, a side-car
publishes a hash of the unprotected table, a table about people goes out with
``protect=False``). :func:`audit_reports` reads what a reader of ``reports/`` holds
and lists every such finding; ``heroes audit`` runs it and ``heroes build`` ends
with it. The output checker reads the report it writes (``reports/.audit/``, never
linked from the site) and grants exceptions in ``notebooks/disclosure_exceptions.yaml``.

Example
-------
>>> import tempfile, pathlib
>>> empty = pathlib.Path(tempfile.mkdtemp())
>>> audit_reports(empty).ok
True
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research.disclosure._audit_notebook import scan_notebook
from heroes_research.disclosure._audit_rules import (
    RULES,
    Finding,
    apply_exceptions,
    load_exceptions,
)
from heroes_research.disclosure._audit_text import small_counts
from heroes_research.disclosure._register import about_people

if TYPE_CHECKING:
    import pandas as pd

    from heroes_research.disclosure._ledger import LedgerTable

__all__ = ["EXCEPTIONS_FILE", "AuditReport", "audit_build", "audit_reports", "read_ledger", "write_audit_report"]

#: The output checker's exceptions, from the project root (committed, reviewed like code).
EXCEPTIONS_FILE = Path("notebooks") / "disclosure_exceptions.yaml"
_K_OF_N_CELL = re.compile(r"^\d+ (?:out )?of \d+$")
_FINDING_COLUMNS = ["output", "rule", "severity", "location", "detail", "justification"]


@dataclass(frozen=True)
class AuditReport:
    """What the audit found, over which outputs.

    Attributes
    ----------
    findings
        One per problem, after the output checker's exceptions.
    outputs
        Every output looked at (tables, figures, notebook pages), in order.
    """

    findings: tuple[Finding, ...]
    outputs: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no finding is a ``fail`` (``review`` and ``exception`` do not block)."""
        return not any(f.severity == "fail" for f in self.findings)

    def frame(self) -> pd.DataFrame:
        """The findings as a DataFrame (output, rule, severity, location, detail, justification)."""
        import pandas as pd

        return pd.DataFrame([asdict(f) for f in self.findings], columns=_FINDING_COLUMNS)

    def summary(self) -> pd.DataFrame:
        """Per output: pass / fail / needs review / exception, and the rules involved."""
        import pandas as pd

        rows = []
        for name in self.outputs:
            mine = [f for f in self.findings if f.output == name]
            severities = {f.severity for f in mine}
            status = ("fail" if "fail" in severities else "needs review" if "review" in severities
                      else "exception" if mine else "pass")
            rows.append({"output": name, "status": status,
                         "rules": ", ".join(sorted({f.rule for f in mine}))})
        return pd.DataFrame(rows, columns=["output", "status", "rules"])

    def __repr__(self) -> str:
        counts = {s: sum(f.severity == s for f in self.findings) for s in ("fail", "review", "exception")}
        return (f"AuditReport({len(self.outputs)} outputs: {counts['fail']} fail, "
                f"{counts['review']} to review, {counts['exception']} exceptions)")


def _sidecars(reports: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for folder in ("tables", "figures", "maps"):
        for path in sorted((reports / folder).glob("*.json")):
            try:
                yield path, json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue


def _published_hashes(path: Path, meta: dict[str, Any]) -> set[str]:
    """sha256 of each published file of the output (from disk, not from the side-car)."""
    hashes = set()
    for entry in (meta.get("files") or {}).values():
        target = path.parent / str(entry.get("file", ""))
        if target.is_file():
            hashes.add(hashlib.sha256(target.read_bytes()).hexdigest())
    return hashes


def _hash_findings(name: str, path: Path, meta: dict[str, Any]) -> list[Finding]:
    published = _published_hashes(path, meta)
    claimed = {meta.get("data_sha256"), (meta.get("table") or {}).get("data_sha256")} - {None, ""}
    return [
        Finding(name, "hash_oracle", "fail", path.name,
                f"data_sha256 {digest[:12]}... is not the hash of any published file of this output")
        for digest in sorted(claimed - published)
    ]


def _about_people(meta: dict[str, Any]) -> bool:
    unit = (meta.get("disclosure") or {}).get("unit") or (meta.get("table") or {}).get("unit") or meta.get("unit")
    return about_people(str(meta.get("source", "")), unit)


def _small_cells(csv_path: Path, min_count: int) -> list[str]:
    import pandas as pd

    if not csv_path.is_file():
        return []
    table = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    hits = []
    for column in table.columns[1:]:
        for row, value in zip(table.iloc[:, 0], table[column], strict=True):
            text = value.strip()
            small = (0 < int(text) < min_count) if text.isdigit() else (
                _K_OF_N_CELL.match(text) is not None and bool(small_counts(text, min_count)))
            if small:
                hits.append(f"{row} / {column} = {value}")
    return hits


def _table_findings(name: str, path: Path, meta: dict[str, Any], min_count: int) -> list[Finding]:
    if not _about_people(meta):
        return []
    protection = meta.get("table") or {}
    findings = []
    if protection.get("protected") is False:
        findings.append(Finding(name, "unprotected_people_table", "fail", path.name,
                                "published with protect=False; protect it or keep it out of reports/"))
    if protection.get("protected") is not True:
        small = _small_cells(path.with_suffix(".csv"), min_count)
        if small:
            findings.append(Finding(name, "small_cell", "fail", path.with_suffix(".csv").name,
                                    f"{len(small)} cells 1-{min_count - 1}, e.g. {small[0]}"))
    return findings


def _registration_findings(name: str, path: Path, meta: dict[str, Any], min_count: int) -> list[Finding]:
    """An output about people must register its cells; a figure must be drawn from protected values;
    no registered count of people may be small. Side-cars not written by save_table / save_figure
    (no ``kind`` and no ``source``) are not outputs of the library and are left to the other rules."""
    if not {"kind", "source"} & meta.keys() or not _about_people(meta):
        return []
    block = meta.get("disclosure")
    if not block:
        return [Finding(name, "unregistered_output", "fail", path.name,
                        "about people, but its side-car registers no cells in the disclosure ledger; build it "
                        "with counts_table / estimates_table / the figure and map helpers from protected values "
                        "(protect_table, protect_estimates), or register its cells (figures.register_cells, "
                        "PublicationTable(ledger=...))")]
    findings = []
    if path.parent.name != "tables" and block.get("protected") is False:
        findings.append(Finding(name, "unprotected_people_figure", "fail", path.name,
                                "drawn from unprotected values; draw it from protect_estimates(...) output"))
    small = [(entry, key, value) for entry in block.get("ledger") or () if entry.get("method") != "none"
             for key, value in zip(entry["keys"], entry["published"], strict=True)
             if value is not None and 1 <= value < min_count]
    if small:
        entry, key, value = small[0]
        cell = ", ".join(f"{d}={v}" for d, v in key)
        findings.append(Finding(name, "small_cell", "fail", "disclosure ledger",
                                f"{len(small)} registered counts 1-{min_count - 1}, e.g. {cell} = {value:g}"))
    return findings


def read_ledger(reports: Path) -> list[LedgerTable]:
    """Every ledger entry registered by the outputs of a build (their side-cars' ``disclosure`` blocks).

    Example
    -------
    >>> import tempfile, pathlib
    >>> read_ledger(pathlib.Path(tempfile.mkdtemp()))
    []
    """
    from heroes_research.disclosure._ledger import entry_from_record

    return [entry_from_record(entry) for _, meta in _sidecars(reports)
            for entry in (meta.get("disclosure") or {}).get("ledger") or ()]


def _linked_findings(entries: list[LedgerTable], min_count: int) -> list[Finding]:
    from heroes_research.disclosure._ledger import joint_attack, unlink_conflicts
    from heroes_research.errors import DisclosureError

    if not entries:
        return []
    entries, conflicts = unlink_conflicts(entries)
    findings = [Finding(output, "ledger_conflict", "review", "disclosure ledger",
                        f"{cell} differs from {earlier}: not linked with it")
                for output, earlier, cell in conflicts]
    try:
        joint = joint_attack(entries, min_count)
    except DisclosureError as err:
        return [*findings, Finding("build", "ledger_conflict", "review", "disclosure ledger", str(err))]
    for output, cells in joint[joint["disclosed"].astype(bool)].groupby("output", sort=True):
        first = cells.iloc[0]
        via = f" (shown in {first['shown_in']})" if first["shown_in"] else ""
        findings.append(Finding(output, "linked_disclosure", "fail", f"{len(cells)} hidden cells",
                                f"e.g. {first['cell']} is {first['low']:g}-{first['high']:g}{via}; protect "
                                "the linked outputs together (disclosure.protect_linked, then counts_table)"))
    return findings


def audit_reports(
    reports: Path, *, min_count: int = 5, exceptions: Path | None = None
) -> AuditReport:
    """Attack every published file of a build together.

    Parameters
    ----------
    reports
        The built reports folder (tables/, figures/, maps/, notebooks/).
    min_count
        Threshold of the table rules (counts of people 1 .. min_count - 1 are small).
    exceptions
        The output checker's exceptions file (YAML); see
        :func:`~heroes_research.disclosure._audit_rules.load_exceptions`.

    Returns
    -------
    AuditReport
        ``.ok`` is False when any finding is a ``fail``.

    Notes
    -----
    Rules (see ``RULES``): record-level displays and small counts in the executed
    notebooks; unprotected tables about people; unprotected small cells; published
    hashes that are not the hash of a published file (a hash of the unprotected
    table lets a reader confirm a guess of every hidden cell); outputs about people
    that register no cells, figures drawn from unprotected values, registered counts
    of people under the threshold; and one joint LP attack over every cell
    registered by every output (the side-cars' ``disclosure`` blocks,
    :func:`read_ledger`, :func:`~heroes_research.disclosure._ledger.joint_attack`).
    """
    findings: list[Finding] = []
    outputs: list[str] = []
    for path, meta in _sidecars(reports):
        name = path.stem
        outputs.append(name)
        findings += _hash_findings(name, path, meta)
        findings += _registration_findings(name, path, meta, min_count)
        if path.parent.name == "tables":
            findings += _table_findings(name, path, meta, min_count)
    for page in sorted((reports / "notebooks").glob("*.html")):
        outputs.append(page.stem)
        findings += scan_notebook(page, min_count)
    findings += _linked_findings(read_ledger(reports), min_count)
    granted = load_exceptions(exceptions) if exceptions else []
    return AuditReport(tuple(apply_exceptions(findings, granted)), tuple(outputs))


def _report_html(report: AuditReport) -> str:
    def table(frame: pd.DataFrame) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                       for row in frame.itertuples(index=False))
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    rules = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in RULES.items())
    verdict = "clean: no failing finding" if report.ok else "NOT releasable: failing findings"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Disclosure audit</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}</style></head><body>"
        f"<h1>Disclosure audit of the build</h1><p>{html.escape(repr(report))}: {verdict}.</p>"
        f"<h2>Rules applied</h2><ul>{rules}</ul><h2>Per output</h2>{table(report.summary())}"
        f"<h2>Findings</h2>{table(report.frame())}</body></html>\n"
    )


def write_audit_report(report: AuditReport, folder: Path) -> dict[str, Path]:
    """Write the audit for the output checker: ``findings.csv``, ``summary.csv``, ``audit.html``.

    The folder should not be published (the default, ``reports/.audit``, is never
    linked from the site). Writes are atomic.
    """
    from heroes_research.io import atomic_write

    folder.mkdir(parents=True, exist_ok=True)
    written = {
        "findings": folder / "findings.csv",
        "summary": folder / "summary.csv",
        "html": folder / "audit.html",
    }
    with atomic_write(written["findings"]) as handle:
        report.frame().to_csv(handle, index=False, lineterminator="\n")
    with atomic_write(written["summary"]) as handle:
        report.summary().to_csv(handle, index=False, lineterminator="\n")
    with atomic_write(written["html"]) as handle:
        handle.write(_report_html(report))
    return written


def audit_build(
    reports: Path, *, min_count: int = 5, exceptions: Path | None = None, out: Path | None = None
) -> AuditReport:
    """Audit a build and write the output checker's report: what ``heroes build`` ends with.

    ``exceptions`` defaults to :data:`EXCEPTIONS_FILE` under the project root, ``out``
    to ``<reports>/.audit`` (never published).
    """
    from heroes_research import paths

    report = audit_reports(reports, min_count=min_count,
                           exceptions=exceptions or paths.project_root() / EXCEPTIONS_FILE)
    write_audit_report(report, out or reports / ".audit")
    return report
