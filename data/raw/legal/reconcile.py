"""Agreement of the first and the blind second coding, and the reconciliation table.

    python data/raw/legal/reconcile.py [FIRST_FOLDER] [SECOND_FOLDER] [RECONCILIATION_CSV]

Defaults: ``data/raw/legal/codings/``, ``data/raw/legal/second_coding/`` and
``data/raw/legal/reconciliation.csv``. Prints Cohen's kappa and Krippendorff's alpha per
area (``heroes_research.reliability`` through ``legal.agreement``) and writes every
disagreement to the reconciliation table, keeping the ``agreed`` value and ``note``
already written there for disagreements that remain. Fill ``agreed`` and ``note`` after
re-reading the sources; correct the coding files where the agreed value differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from heroes_research.io import atomic_path
from heroes_research.legal import (
    agreement,
    load_codings,
    load_indicators,
    load_reconciliation,
    reconciliation,
)
from heroes_research.paths import raw_dir


def main(first: Path, second: Path, output: Path) -> None:
    indicators = load_indicators()
    recorded = load_reconciliation(output)
    result = agreement(load_codings(first, indicators), load_codings(second, indicators), recorded=recorded)
    table = reconciliation(result, recorded)
    with atomic_path(output) as tmp:
        table.to_csv(tmp, index=False, lineterminator="\n")
    print(f"{result!r}\n")
    print(result.per_area[["area", "n_units", "n_both_known", "percent_agreement", "kappa", "alpha", "note"]]
          .to_string(index=False, float_format="{:.2f}".format))
    print(f"\n{output}: {len(table)} disagreement(s), {int(table['agreed'].ne('').sum())} reconciled")


if __name__ == "__main__":
    args = sys.argv[1:]
    legal = raw_dir() / "legal"
    main(Path(args[0]) if args else legal / "codings", Path(args[1]) if len(args) > 1 else legal / "second_coding",
         Path(args[2]) if len(args) > 2 else legal / "reconciliation.csv")
