"""The summary table printed by ``heroes ingest`` and ``heroes validate``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = ["summary_table"]


def summary_table(results: Iterable[Any]) -> pd.DataFrame:
    """One row per instrument: countries, respondents, then the number of violations per rule.

    Columns: ``instrument``, ``countries``, ``respondents``, ``violations`` (all
    rules) and one column per rule found, in alphabetical order.
    """
    rows = []
    for result in results:
        data, report = result.data, result.report
        counts = report["rule"].value_counts()
        rows.append({"instrument": result.instrument,
                     "countries": int(data["country"].nunique()),
                     "respondents": len(data),
                     "violations": len(report),
                     **{str(rule): int(n) for rule, n in counts.items()}})
    fixed = ["instrument", "countries", "respondents", "violations"]
    rules = sorted({key for row in rows for key in row} - set(fixed))
    table = pd.DataFrame(rows, columns=fixed + rules)
    table[rules] = table[rules].fillna(0).astype("int64")
    return table
