"""Input checks for tables of counts or magnitudes: every problem named by its cell.

Errors are :class:`~heroes_research.errors.DisclosureError` whose ``failures`` table
has one row per bad cell (columns ``row``, ``column``, ``value``, ``problem``), so a
notebook shows every bad cell at once, not only the first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.errors import DisclosureError

__all__ = [
    "TOTAL",
    "check_choice",
    "check_frame",
    "check_min_count",
    "check_totals",
    "numeric_cells",
    "raise_cell_failures",
]

#: Label of margin rows and columns, in the input (optional) and in every output.
TOTAL = "Total"

_FAILURE_COLUMNS = ["row", "column", "value", "problem"]


def _cell_name(row: object, column: object) -> str:
    return f"row {row!r}, column {column!r}"


def raise_cell_failures(step: str, failures: pd.DataFrame, *, reason: str, hint: str) -> None:
    """Raise one DisclosureError listing every bad cell (no-op when ``failures`` is empty)."""
    if failures.empty:
        return
    first = failures.iloc[0]
    more = f" and {len(failures) - 1} more cell(s)" if len(failures) > 1 else ""
    raise DisclosureError(
        f"{step}: {_cell_name(first['row'], first['column'])} {first['problem']}{more}",
        reason=reason,
        variable=str(first["column"]),
        rows=list(dict.fromkeys(failures["row"])),
        hint=hint,
        failures=failures.reset_index(drop=True),
    )


def check_frame(table: object, step: str) -> pd.DataFrame:
    """Check ``table`` is a non-empty DataFrame with unique labels; return it."""
    if not isinstance(table, pd.DataFrame):
        raise DisclosureError(
            f"{step}: expected a pandas DataFrame of cells, got {type(table).__name__}",
            reason="not_a_table",
            hint="pass a DataFrame with one row per category and one column per category",
        )
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise DisclosureError(
            f"{step}: the table is empty ({table.shape[0]} rows x {table.shape[1]} columns)",
            reason="empty_table",
            hint="check the filter that built the table; there is nothing to publish",
        )
    for axis, labels in (("row", table.index), ("column", table.columns)):
        if labels.has_duplicates:
            dup = labels[labels.duplicated()].unique().tolist()
            raise DisclosureError(
                f"{step}: {axis} labels {dup} occur more than once",
                reason="duplicate_labels",
                rows=dup if axis == "row" else None,
                variable=None if axis == "row" else str(dup[0]),
                hint=f"aggregate duplicate {axis}s before protecting the table",
            )
    return table


def numeric_cells(table: pd.DataFrame, step: str, *, counts: bool) -> np.ndarray:
    """The cells of ``table`` as a float array; missing, negative or (for counts) fractional cells raise.

    Parameters
    ----------
    table
        Cells to check (rows x columns).
    step
        Name of the calling step, for the message.
    counts
        If true, cells must be whole numbers.
    """
    frame = table.apply(pd.to_numeric, errors="coerce")
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    original_missing = table.isna().to_numpy()
    problems = {
        "is missing": original_missing,
        "is not a number": np.isnan(values) & ~original_missing,
        "is negative": np.nan_to_num(values) < 0,
    }
    if counts:
        finite = np.nan_to_num(values)
        problems["is not a whole number (counts must be integers)"] = finite != np.round(finite)
    parts = []
    for problem, mask in problems.items():
        r, c = np.nonzero(mask)
        if len(r):
            parts.append(pd.DataFrame({
                "row": table.index[r].tolist(),
                "column": table.columns[c].tolist(),
                "value": table.to_numpy()[r, c].tolist(),
                "problem": problem,
            }))
    failures = pd.concat(parts) if parts else pd.DataFrame(columns=_FAILURE_COLUMNS)
    raise_cell_failures(
        step, failures, reason="bad_cells",
        hint="cells must be complete non-negative numbers" + (" (whole counts)" if counts else "")
        + "; fill or drop the named cells before protecting the table",
    )
    return values


def check_totals(
    given: pd.DataFrame, computed: pd.DataFrame, step: str, *, tolerance: float
) -> None:
    """Check the totals a caller supplied equal the totals recomputed from the inner cells."""
    common = computed.reindex(index=given.index, columns=given.columns)
    given_values = given.to_numpy(dtype=float)
    bad = np.abs(given_values - common.to_numpy(dtype=float)) > tolerance
    r, c = np.nonzero(bad)
    failures = pd.DataFrame({
        "row": given.index[r].tolist(),
        "column": given.columns[c].tolist(),
        "value": given_values[r, c].tolist(),
        "problem": [
            f"is {g:g} but its cells add up to {s:g}"
            for g, s in zip(given_values[r, c], common.to_numpy(dtype=float)[r, c], strict=True)
        ],
    }, columns=_FAILURE_COLUMNS)
    raise_cell_failures(
        step, failures, reason="margins_do_not_add_up",
        hint="fix the totals or pass the table without its Total row/column; they are recomputed",
    )


def check_min_count(min_count: object, step: str, name: str = "min_count") -> int:
    """``min_count`` must be a whole number >= 1."""
    if isinstance(min_count, bool) or not isinstance(min_count, int | np.integer) or min_count < 1:
        raise DisclosureError(
            f"{step}: {name} must be a whole number >= 1, got {min_count!r}",
            reason="bad_parameter",
            variable=name,
            hint="the HEROES default is 5 unweighted respondents per published cell",
        )
    return int(min_count)


def check_choice(value: object, allowed: tuple[str, ...], step: str, name: str) -> str:
    """``value`` must be one of ``allowed``."""
    if value not in allowed:
        raise DisclosureError(
            f"{step}: {name}={value!r} is not one of {', '.join(map(repr, allowed))}",
            reason="bad_parameter",
            variable=name,
            hint=f"choose {name} from {', '.join(map(repr, allowed))}",
        )
    return str(value)
