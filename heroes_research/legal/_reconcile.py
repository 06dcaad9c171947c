"""The reconciliation table of a blind double coding: every disagreement, the agreed value and a note.

``data/raw/legal/reconciliation.csv`` has one row per (jurisdiction, indicator) on which
the first and the blind second coding differ (``unknown`` counts as a value): columns
``jurisdiction, indicator, first, second, agreed, note``. The two coders fill ``agreed``
and ``note`` after re-reading the sources; regenerating the table from new codings keeps
what they wrote for the disagreements that remain.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from heroes_research.errors import LegalDataError
from heroes_research.legal._agreement import Agreement
from heroes_research.paths import raw_dir

__all__ = ["RECONCILIATION_COLUMNS", "load_reconciliation", "reconciliation"]

RECONCILIATION_COLUMNS = ["jurisdiction", "indicator", "first", "second", "agreed", "note"]


def default_reconciliation_path() -> Path:
    """``<root>/data/raw/legal/reconciliation.csv``."""
    return raw_dir() / "legal" / "reconciliation.csv"


def load_reconciliation(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The reconciliation table (``RECONCILIATION_COLUMNS``, strings); empty if the file does not exist yet.

    Raises
    ------
    LegalDataError
        If the file exists but cannot be read or lacks a column.
    """
    file = Path(path) if path is not None else default_reconciliation_path()
    if not file.exists():
        return pd.DataFrame(columns=RECONCILIATION_COLUMNS, dtype="string")
    try:
        table = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise LegalDataError(f"load_reconciliation: cannot read {file.name} ({err})", file=file,
                             reason="unreadable_reconciliation", hint="check that it is a UTF-8 CSV") from err
    missing = [c for c in RECONCILIATION_COLUMNS if c not in table.columns]
    if missing:
        raise LegalDataError(f"load_reconciliation: {file.name} lacks the column(s) {', '.join(missing)}",
                             file=file, reason="missing_columns",
                             hint=f"the columns are {', '.join(RECONCILIATION_COLUMNS)}")
    return table[RECONCILIATION_COLUMNS]


def reconciliation(result: Agreement, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every disagreement of a double coding, with the agreed value and note already recorded.

    Parameters
    ----------
    result
        :func:`agreement` of the first and the blind second coding.
    previous
        An earlier reconciliation table (e.g. :func:`load_reconciliation`): its ``agreed``
        and ``note`` are kept where the same (jurisdiction, indicator, first, second) recurs.

    Returns
    -------
    pandas.DataFrame
        ``RECONCILIATION_COLUMNS``; ``agreed`` and ``note`` empty where not yet reconciled.

    Example
    -------
    >>> from heroes_research.legal import agreement, load_codings
    >>> table = reconciliation(agreement(first, second))  # doctest: +SKIP
    """
    d = result.disagreements
    table = pd.DataFrame({"jurisdiction": d["country"], "indicator": d["indicator"],
                          "first": d["value_first"], "second": d["value_second"]}).astype("string")
    if previous is None or previous.empty:
        return table.assign(agreed="", note="")[RECONCILIATION_COLUMNS]
    keys = ["jurisdiction", "indicator", "first", "second"]
    kept = previous[[*keys, "agreed", "note"]].astype("string").drop_duplicates(keys, keep="last")
    out = table.merge(kept, on=keys, how="left")
    return out.fillna({"agreed": "", "note": ""})[RECONCILIATION_COLUMNS]
