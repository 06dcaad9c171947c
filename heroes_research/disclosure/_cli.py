"""``heroes audit [--reports DIR] [--min-count N] [--exceptions FILE] [--out DIR] [--intruder]``.

Attack every published file of a build together and write the disclosure report for
the output checker. Exit code 0 when no finding fails, 1 otherwise. ``--intruder`` also
attacks the published files as an outsider would and checks what it derives against
the processed data (:func:`~heroes_research.disclosure._intruder.intrude`).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the arguments of ``heroes audit``."""
    del command
    parser.add_argument("--reports", type=Path, default=None, metavar="DIR",
                        help="built reports folder to attack (default: reports/ under the project root)")
    parser.add_argument("--min-count", type=int, default=5, metavar="N",
                        help="threshold: counts of people from 1 to N-1 are disclosive (default 5)")
    parser.add_argument("--exceptions", type=Path, default=None, metavar="FILE",
                        help="output checker's exceptions (default: notebooks/disclosure_exceptions.yaml)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where to write the audit report (default: <reports>/.audit, never published)")
    parser.add_argument("--intruder", action="store_true",
                        help="also attack the published files as an intruder and check against the processed data")


def run(args: argparse.Namespace, command: str) -> int:
    """Audit the build; print the verdict and where the report is; 0 clean, 1 failing findings."""
    del command
    from heroes_research import paths
    from heroes_research.disclosure._audit import audit_build

    reports = args.reports or paths.reports_dir()
    out = args.out or reports / ".audit"
    report = audit_build(reports, min_count=args.min_count, exceptions=args.exceptions, out=out)
    print(report)
    for finding in report.findings:
        if finding.severity != "exception":
            print(f"  {finding.severity:6} {finding.output}: {finding.rule} ({finding.location}): {finding.detail}")
    print(f"disclosure report for the output checker: {out / 'audit.html'}")
    if args.intruder:
        from heroes_research.disclosure._intruder import print_intrusion

        return max(int(not report.ok), print_intrusion(reports, min_count=args.min_count))
    return 0 if report.ok else 1
