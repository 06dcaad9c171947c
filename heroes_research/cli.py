"""The ``heroes`` command: one dispatcher, one module per subcommand.

Each subcommand module exposes ``configure(parser)`` (adds its arguments) and
``run(args) -> int`` (does the work, returns the exit code). Modules are imported
only for the subcommand that runs, so ``heroes --help`` is fast.

Example
-------
$ heroes --help
$ heroes ingest --help
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from heroes_research import __version__
from heroes_research.errors import HeroesError

__all__ = ["main"]

# name -> (module, one-line help). The module defines configure(parser) and run(args).
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("heroes_research.pipeline._cli", "read raw survey files and write harmonised data to data/processed/"),
    "validate": ("heroes_research.pipeline._cli", "check raw files against their codebooks and report every violation"),
    "demo": ("heroes_research.demo._cli", "regenerate the synthetic demo data under data/raw/demo/"),
    "audit": ("heroes_research.disclosure._cli", "attack every published output of a build together (disclosure audit)"),
    "build": ("heroes_research.build._cli", "execute the notebooks and build every table, figure, map and the report"),
    "new-study": ("heroes_research.study._cli", "scaffold a study: settings, codebook template, notebook, registry"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="heroes",
        description="HEROES research: ingest, validate, and build the reports from the study data.",
    )
    parser.add_argument("--version", action="version", version=f"heroes_research {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (_module, help_text) in SUBCOMMANDS.items():
        subparsers.add_parser(name, help=help_text, description=help_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``heroes`` command; return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in SUBCOMMANDS:
        _parser().parse_args(argv)  # prints help, version or a usage error, and exits
        return 2
    command = argv[0]
    module = importlib.import_module(SUBCOMMANDS[command][0])
    sub = argparse.ArgumentParser(prog=f"heroes {command}", description=SUBCOMMANDS[command][1])
    module.configure(sub, command)
    args = sub.parse_args(argv[1:])
    try:
        return int(module.run(args, command) or 0)
    except HeroesError as err:
        print(f"heroes {command}: error: {err}", file=sys.stderr)
        return 2

if __name__ == "__main__":
    sys.exit(main())
