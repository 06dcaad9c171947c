"""Print the coverage of the legal coding against the targets of issue 11.

    python data/raw/legal/coverage.py [CODINGS_FOLDER] [DATE]

Defaults: ``data/raw/legal/codings/`` and today's law (the latest coded state).
Prints: cells coded with a citation, the share of those cited to the article or
section, the share per area (target: every area above 40 %), the status and source
types of the coded cells, the number of distinct documents cited, and the
jurisdictions whose coverage allows a composite score.
"""

from __future__ import annotations

import sys
from pathlib import Path

from heroes_research.legal import coverage, load_codings, share_text
from heroes_research.paths import raw_dir


def main(folder: Path, date: str | None) -> None:
    codings = load_codings(folder)
    cov = coverage(codings, date=date)
    cells = cov.cells
    known = cells[cells["known"]]
    snapshot = codings.as_of(cov.date).data
    documents = snapshot.loc[snapshot["status"] != "unknown", "document"].nunique()
    print(f"{cov!r}\n")
    print(cov.targets().to_string(index=False, formatters={"value": "{:.1%}".format, "goal": "{:.0%}".format}))
    print(f"\n{len(known)} coded cells of {len(cells)}: {int(known['cited_to_article'].sum())} cited to the article; "
          f"{int(known['status'].eq('verified').sum())} verified, {int(known['status'].eq('draft').sum())} draft; "
          f"{int(known['source_type'].eq('primary').sum())} from primary texts, "
          f"{int(known['source_type'].eq('secondary').sum())} from secondary reports; {documents} distinct documents")
    print("\nShare of cells coded, by area:")
    print(cov.area_shares().map("{:.0%}".format).to_string())
    print("\nBy jurisdiction (share of all cells coded; share of scored indicators known):")
    table = cov.by_jurisdiction.set_index("jurisdiction")[["share_known", "scored_coverage", "publishable"]]
    print(table.to_string(formatters={"share_known": share_text, "scored_coverage": share_text}))


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else raw_dir() / "legal" / "codings", args[1] if len(args) > 1 else None)
