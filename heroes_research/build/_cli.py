"""``heroes build``: execute the notebooks and rebuild every output, cached."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

__all__ = ["configure", "listing", "run"]


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the ``heroes build`` arguments."""
    parser.epilog = (
        "Outputs go to reports/ (figures/, tables/, notebooks/*.html, index.html, heroes-report.docx). "
        "Unchanged notebooks are not re-executed; a failing notebook keeps its previous outputs. "
        "A study's processed data that are missing or older than its raw files or codebook are "
        "ingested first (`heroes ingest --raw data/raw/<study>`)."
    )
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="build only this notebook (and what it depends on); repeatable")
    parser.add_argument("--jobs", "-j", type=int, default=min(2, os.cpu_count() or 1),
                        help="notebooks executed in parallel (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="ignore the cache and re-execute")
    parser.add_argument("--params", type=Path, metavar="FILE",
                        help="YAML file of notebook parameters (global or per notebook)")
    parser.add_argument("--list", action="store_true", help="list the notebooks and their outputs, then stop")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def listing(registry: Any) -> str:
    """Every notebook and, under it, each output it writes: kind, file stem, caption."""
    lines = []
    for spec in registry.notebooks:
        depends = f"  (after {', '.join(spec.depends_on)})" if spec.depends_on else ""
        lines.append(f"{spec.name}: {spec.title}{depends}")
        lines += [f"  {out.kind:<6} {out.folder}/{out.name}.*  {out.caption}" for out in spec.outputs]
    total = sum(len(spec.outputs) for spec in registry.notebooks)
    return "\n".join([*lines, f"{len(registry.notebooks)} notebooks, {total} outputs under reports/"])


def run(args: argparse.Namespace, command: str) -> int:
    """Run the build; exit 1 if any notebook failed."""
    from heroes_research.build import build, load_registry
    from heroes_research.study import refresh_inputs

    if args.list:
        print(listing(load_registry()))
        return 0
    refresh_inputs(load_registry().select(args.only))  # ingest a study whose processed data are stale
    report = build(args.only, jobs=args.jobs, force=args.force, params=args.params,
                   progress=not args.quiet)
    print(report)
    return 0 if report.ok else 1
