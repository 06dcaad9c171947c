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
    _print_table("validation summary (violations by rule):", result.summary())
    report = result.report
    _print_table(f"\nevery violation ({len(report)}):", report)
    errors = report[~report["rule"].isin(WARNING_RULES)]
    if args.strict and len(errors):
        print(f"heroes validate: {len(errors)} violation(s) under --strict", file=sys.stderr)
        return 1
    return 0
