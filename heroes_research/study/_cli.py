"""``heroes new-study NAME``: scaffold a study (settings, codebook, notebook, registry)."""

from __future__ import annotations

import argparse

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the ``heroes new-study`` arguments."""
    del command
    parser.epilog = (
        "Writes data/raw/NAME/study.yaml, data/raw/NAME/INSTRUMENT/codebook.yaml (a template), "
        "data/raw/NAME/README.md, notebooks/NN_NAME.py and its section in notebooks/registry.yaml. "
        "Then put the raw files beside the codebook (git ignores them), complete the codebook, and run "
        "`heroes validate --raw data/raw/NAME`, `heroes ingest --raw data/raw/NAME`, "
        "`heroes build --only NN_NAME`."
    )
    parser.add_argument("name", help="the study's name: lower-case letters, digits and _")
    parser.add_argument("--title", help="human title (default: from the name)")
    parser.add_argument("--countries", metavar="CODES",
                        help="comma-separated ISO codes in display order, e.g. NO,DE,PL,SE "
                             "(default: the 15 HEROES countries)")
    parser.add_argument("--instrument", metavar="NAME",
                        help="the first instrument's name (default: the study's name)")


def run(args: argparse.Namespace, command: str) -> int:
    """Write the study's files; print them."""
    del command
    from heroes_research.paths import project_root
    from heroes_research.study import new_study

    countries = [c for c in (args.countries or "").split(",") if c.strip()] or None
    made = new_study(args.name, title=args.title, countries=countries, instrument=args.instrument)
    root = project_root()
    for path in made.files():
        print(f"wrote {path.relative_to(root)}")
    print(f"next: put the raw files in {made.codebook.parent.relative_to(root)}/, complete its codebook.yaml, "
          f"then `heroes validate --raw {made.settings.parent.relative_to(root)}`")
    return 0
