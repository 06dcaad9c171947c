"""``heroes ingest`` and ``heroes validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by the commands themselves
    import pandas as pd

_EPILOG = {
    "ingest": "Writes data/processed/<instrument>.parquet (+ .json sidecar) and "
              "<instrument>.validation.csv for every instrument, or nothing if one fails.",
    "validate": "Exit status: 0, or 1 under --strict if there is any violation "
                "(other than the warnings straight_lining and possible_duplicate).",
}


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the arguments of ``heroes ingest`` or ``heroes validate``."""
    parser.epilog = _EPILOG[command]
    parser.add_argument("--raw", type=Path, default=None, metavar="DIR",
                        help="raw-data folder with one sub-folder per instrument holding its "
                             "codebook.yaml and country files (default: data/raw/demo)")
    parser.add_argument("--instrument", action="append", default=None, metavar="NAME",
                        help="only this instrument (repeat for several; default: all)")
    if command == "ingest":
        parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                            help="output folder (default: data/processed)")
        parser.add_argument("--strict", action="store_true",
                            help="write nothing if there is any violation")
    else:
        parser.add_argument("--strict", action="store_true",
                            help="exit with status 1 if there is any violation")
        parser.add_argument("--severity", choices=("error", "warning"), default=None,
                            help="list and write only violations of this severity (default: both)")
        parser.add_argument("--output", type=Path, default=None, metavar="FILE",
                            help="write every violation to FILE (.csv or .xlsx) instead of listing them")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def _print_table(title: str, table: pd.DataFrame) -> None:
    print(title)
    print(table.to_string(index=False) if len(table) else "(none)")


def run(args: argparse.Namespace, command: str) -> int:
    """Run the command; return the exit code (errors raise HeroesError: exit 2)."""
    from heroes_research.cleaning import WARNING_RULES
    from heroes_research.pipeline._ingest import ingest, validate

    progress = False if args.no_progress else None
    if command == "ingest":
        result = ingest(args.raw, out=args.out, instruments=args.instrument, strict=args.strict,
                        progress=progress)
        _print_table("ingest summary (violations by rule; details in <instrument>.validation.csv):",
                     result.summary())
        folders = sorted({str(p.parent) for p in result.written})
        print(f"wrote {len(result.written)} files to {', '.join(folders)}")
        return 0
    result = validate(args.raw, instruments=args.instrument, progress=progress)
    _print_table("validation summary (violations by instrument and rule):", result.summary())
    report = _with_severity(result.report, WARNING_RULES)
    _print_table("\nviolations by rule and severity:", _by_rule(report))
    shown = report if args.severity is None else report[report["severity"] == args.severity]
    if args.output is not None:
        print(f"\nwrote {len(shown)} violation(s) to {_write_report(shown, args.output)}")
    elif len(shown) <= _LISTED:
        _print_table(f"\nevery violation ({len(shown)}):", shown[_LIST_COLUMNS])
    else:
        _print_table(f"\nfirst {_LISTED} of {len(shown)} violations (errors first; every one: --output FILE.csv):",
                     shown.sort_values("severity", kind="stable").head(_LISTED)[_LIST_COLUMNS])
    errors = report[report["severity"] == "error"]
    if args.strict and len(errors):
        print(f"heroes validate: {len(errors)} violation(s) under --strict", file=sys.stderr)
        return 1
    return 0


_LISTED = 25
_LIST_COLUMNS = ["severity", "instrument", "country", "row_id", "variable", "value", "rule"]


def _with_severity(report: pd.DataFrame, warning_rules: frozenset[str] | set[str]) -> pd.DataFrame:
    """The report with a ``severity`` column: ``warning`` for the warning rules, else ``error``."""
    severity = report["rule"].isin(list(warning_rules)).map({True: "warning", False: "error"})
    return report.assign(severity=severity.astype("string"))


def _by_rule(report: pd.DataFrame) -> pd.DataFrame:
    """One row per (severity, rule): count, instruments and countries concerned, a sample message."""
    grouped = report.groupby(["severity", "rule"], observed=True, sort=True)
    return grouped.agg(count=("rule", "size"),
                       instruments=("instrument", lambda s: " ".join(sorted(set(map(str, s))))),
                       countries=("country", lambda s: len(set(s))),
                       example=("message", lambda s: _short(str(s.iloc[0])))).reset_index()


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _write_report(report: pd.DataFrame, target: Path) -> Path:
    """Every violation to CSV or XLSX (through the table writers: formula-safe, byte-identical)."""
    import pandas as pd

    from heroes_research.errors import OutputError
    from heroes_research.tables import PublicationTable

    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise OutputError(f"heroes validate --output {target}: unknown file type {suffix!r}",
                          reason="bad_format", variable="output", hint="name a .csv or .xlsx file")
    if report.empty:
        report = pd.DataFrame([{c: "" for c in report.columns}]).astype("string")
    table = PublicationTable(report.set_index("instrument"), title="heroes validate: violations",
                             source="heroes validate on the raw files")
    return table.to_csv(target) if suffix == ".csv" else table.to_xlsx(target)
