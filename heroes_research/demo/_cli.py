"""``heroes demo [--out DIR] [--check] [--seed N]``: regenerate or check the demo data."""

from __future__ import annotations

import argparse
from pathlib import Path


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the arguments of ``heroes demo``."""
    del command
    from heroes_research.demo._generate import DEMO_SEED

    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="folder to write (default: data/raw/demo under the project root)")
    parser.add_argument("--check", action="store_true",
                        help="do not write: check the folder against a fresh regeneration and its MANIFEST")
    parser.add_argument("--seed", type=int, default=DEMO_SEED,
                        help=f"generator seed (default {DEMO_SEED}, the committed data)")


def run(args: argparse.Namespace, command: str) -> int:
    """Write or check the demo data; return the exit code (0 ok; errors raise HeroesError)."""
    del command
    from heroes_research.demo._files import check_demo, write_demo

    if args.check:
        table = check_demo(args.out, seed=args.seed)
        counts = table["status"].value_counts()
        print(f"demo data OK: {len(table)} files ({', '.join(f'{n} {s}' for s, n in counts.items())})")
        return 0
    folder = write_demo(args.out, seed=args.seed)
    print(f"wrote the synthetic demo data to {folder}")
    return 0
