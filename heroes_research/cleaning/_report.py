"""The validation report: one row per violation, fixed columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["REPORT_COLUMNS", "WARNING_RULES", "empty_report", "make_report"]

#: Columns of every validation report, in this order.
REPORT_COLUMNS: tuple[str, ...] = ("file", "country", "row_id", "variable", "value", "rule", "message")

#: Rules that flag data for a look but are not errors: strict mode does not raise on them.
WARNING_RULES: frozenset[str] = frozenset({"straight_lining", "possible_duplicate", "all_missing"})


def empty_report() -> pd.DataFrame:
    """A report with no rows and the fixed columns (all string dtype)."""
    return pd.DataFrame({col: pd.Series([], dtype="string") for col in REPORT_COLUMNS})


def make_report(
    *,
    row_id: Sequence[Any] | np.ndarray | pd.Series | None = None,
    value: Sequence[Any] | np.ndarray | pd.Series | None = None,
    variable: Any = None,
    rule: Any,
    message: Any,
    file: Any = None,
    country: Any = None,
) -> pd.DataFrame:
    """Build report rows; scalars are broadcast over the rows given by ``row_id`` or ``value``.

    Every column is converted to pandas' string dtype (NA where unknown).
    """
    n = next((len(x) for x in (row_id, value) if x is not None and not np.isscalar(x)), 1)
    columns = {"file": file, "country": country, "row_id": row_id, "variable": variable,
               "value": value, "rule": rule, "message": message}
    out = {}
    for name, col in columns.items():
        if col is None or np.isscalar(col):
            out[name] = pd.Series(pd.array([col] * n, dtype="string"))
        else:
            series = pd.Series(np.asarray(col, dtype=object) if not isinstance(col, pd.Series) else col)
            out[name] = series.reset_index(drop=True).astype("string")
    return pd.DataFrame(out, columns=list(REPORT_COLUMNS))
