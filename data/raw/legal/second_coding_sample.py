"""Draw the blind second-coding sample and write it as CSV (jurisdiction, indicator).

    python data/raw/legal/second_coding_sample.py [CODINGS_FOLDER] [OUTPUT_CSV]

Defaults: ``data/raw/legal/codings/`` and ``data/raw/legal/second_coding_sample.csv``.
A seeded 20 % of the coded (draft or verified) cells, stratified by area; while fewer
than ``NEARLY_EMPTY`` of all (jurisdiction x indicator) cells are coded, a seeded 25 %
of *all* cells instead (the second coder can start before the first coding is done).
The script says which rule it used; the legal README records the sample actually used.
"""

from __future__ import annotations

import sys
from pathlib import Path

from heroes_research.errors import LegalDataError
from heroes_research.io import atomic_path
from heroes_research.legal import load_indicators
from heroes_research.legal._files import read_coding_files
from heroes_research.legal._sample import all_cells, coded_cells, second_coding_sample
from heroes_research.paths import raw_dir

SHARE_CODED = 0.20
SHARE_ALL = 0.25
NEARLY_EMPTY = 0.20


def main(folder: Path, output: Path) -> None:
    indicators = load_indicators()
    grid = all_cells(indicators)
    try:
        coded = coded_cells(read_coding_files(folder), indicators)
    except LegalDataError as err:
        if err.reason != "no_codings":
            raise
        coded = grid.iloc[:0]
    if len(coded) < NEARLY_EMPTY * len(grid):
        sample = second_coding_sample(grid, indicators, share=SHARE_ALL)
        rule = (f"{len(coded)} of {len(grid)} cells coded (< {NEARLY_EMPTY:.0%}): "
                f"{SHARE_ALL:.0%} of ALL cells, stratified by area")
    else:
        sample = second_coding_sample(coded, indicators, share=SHARE_CODED)
        rule = f"{SHARE_CODED:.0%} of the {len(coded)} coded cells, stratified by area"
    with atomic_path(output) as tmp:
        sample[["jurisdiction", "indicator"]].to_csv(tmp, index=False, lineterminator="\n")
    print(f"{output}: {len(sample)} cells ({rule}); by area:")
    print(sample["area"].value_counts().reindex(list(indicators.areas), fill_value=0).to_string())


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else raw_dir() / "legal" / "codings",
         Path(args[1]) if len(args) > 1 else raw_dir() / "legal" / "second_coding_sample.csv")
