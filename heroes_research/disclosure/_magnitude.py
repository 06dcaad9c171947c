"""protect_magnitude: tables of sums (case counts per agency) under the dominance or p% rule."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from heroes_research.disclosure._layout import TableLayout, layout_from_frame
from heroes_research.disclosure._protected import SUPPRESSED_SYMBOL, ProtectedTable, assemble
from heroes_research.disclosure._rules import magnitude_rules
from heroes_research.disclosure._secondary import secondary_suppression
from heroes_research.disclosure._validate import check_choice, check_min_count, raise_cell_failures
from heroes_research.errors import DisclosureError

__all__ = ["protect_magnitude"]

_STEP = "protect_magnitude"
_RULES = ("dominance", "p_percent")


def protect_magnitude(
    values: pd.DataFrame,
    contributors: pd.DataFrame,
    *,
    rule: str | Sequence[str] = "dominance",
    n: int = 1,
    k: float = 75,
    p: float = 10,
    margins: bool = True,
) -> ProtectedTable:
    """Protect a magnitude table (sums over contributors) by primary and secondary suppression.

    Parameters
    ----------
    values
        The table of cell sums, shaped as for :func:`protect_table` (flat rows or a
        2-level row MultiIndex; optional ``Total`` row/column, checked then rebuilt).
    contributors
        Microdata: one row per contribution, with the cell's row key(s) (columns named
        as ``values.index.names``, or ``row`` when the index is unnamed), its column
        key (named as ``values.columns.name``, or ``column``) and ``value``. An optional
        ``contributor`` column identifies who contributed: a total then sums each
        contributor's parts before the rules look at the largest contributions.
    rule
        ``"dominance"``, ``"p_percent"`` or both (the stricter protection applies).
    n, k
        (n, k) dominance: a cell is sensitive if its ``n`` largest contributions exceed
        ``k``% of it.
    p
        p% rule: sensitive if the cell minus its two largest contributions is less
        than ``p``% of the largest.
    margins
        Show the totals (see :func:`protect_table`).

    Returns
    -------
    ProtectedTable
        With ``Float64`` values and ``min_count=None``.

    Raises
    ------
    DisclosureError
        Bad table or parameters; missing key or value columns; contributions that are
        missing or negative, that fall outside the table, or that do not add up to the
        cell values (each names the cell).

    Notes
    -----
    Rules and protection levels as in :mod:`heroes_research.disclosure._rules` (ESS
    Handbook on SDC, Hundepool et al. 2010, sec. 4.2): dominance level
    ``100/k * (x_1 + ... + x_n) - X``; p% level ``p/100 * x_1 - (X - x_1 - x_2)``.
    Totals are checked too: their contributions are those of their parts. Secondary
    suppression as in :func:`protect_table`.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.disclosure import protect_magnitude
    >>> micro = pd.DataFrame({
    ...     "row": ["LV", "LV", "LT", "LT", "PT", "PT"] * 2,
    ...     "column": ["police"] * 6 + ["ngo"] * 6,
    ...     "value": [95, 2, 30, 30, 40, 20, 15, 15, 20, 20, 25, 25]})
    >>> cases = micro.pivot_table(index="row", columns="column", values="value", aggfunc="sum")
    >>> audit = protect_magnitude(cases, micro).audit
    >>> audit.loc[audit["rule"] != "secondary", ["row", "column", "rule"]]
      row  column       rule
    3  LV  police  dominance
    """
    rules = (rule,) if isinstance(rule, str) else tuple(rule)
    for name in rules:
        check_choice(name, _RULES, _STEP, "rule")
    n = check_min_count(n, _STEP, "n")
    for name, value, upper in (("k", k, 100), ("p", p, np.inf)):
        if not 0 < value <= upper:
            raise DisclosureError(f"{_STEP}: {name}={value!r} must be in (0, {upper:g}]",
                                  reason="bad_parameter", variable=name,
                                  hint="usual values: n=1..3, k=75..90, p=10..20")
    layout, cell_values = layout_from_frame(values, _STEP, counts=False)
    stats = _cell_statistics(layout, contributors, values, cell_values, n)
    primary = magnitude_rules(stats, rules, n=n, k=k, p=p)
    hidden = secondary_suppression(layout.constraints, cell_values, primary.sensitive,
                                   primary.upper, primary.lower)
    note = (f"{SUPPRESSED_SYMBOL}: not shown because one or a few contributors dominate the "
            "value, or because such a value could be derived from it.")
    return assemble(layout, cell_values, hidden, primary, method="suppress",
                    min_count=None, note=note, margins=margins, integer=False)


def _keys(values: pd.DataFrame) -> tuple[list[str], str]:
    names = list(values.index.names)
    rows = names if all(name is not None for name in names) else ["row"]
    if len(names) > 1 and rows == ["row"]:
        raise DisclosureError(f"{_STEP}: name the row levels of 'values' (e.g. country, sector)",
                              variable="values", reason="bad_structure",
                              hint="values.index.names = [...]")
    return rows, values.columns.name or "column"


def _cell_statistics(
    layout: TableLayout, contributors: pd.DataFrame, values: pd.DataFrame,
    cell_values: np.ndarray, n: int,
) -> pd.DataFrame:
    """Per cell (margins included): total, sum of the ``n`` largest, largest and second largest."""
    row_keys, col_key = _keys(values)
    needed = [*row_keys, col_key, "value"]
    missing = [c for c in needed if c not in contributors.columns]
    if missing:
        raise DisclosureError(f"{_STEP}: contributors lack column(s) {missing}",
                              reason="missing_columns", variable=missing[0],
                              hint=f"contributors need the columns {needed}")
    row_label = (pd.MultiIndex.from_frame(contributors[row_keys]) if len(row_keys) > 1
                 else pd.Index(contributors[row_keys[0]]))
    row_pos = layout.rows.get_indexer(row_label)
    col_pos = layout.columns.get_indexer(contributors[col_key])
    amount = pd.to_numeric(contributors["value"], errors="coerce").to_numpy(float)
    bad = (row_pos < 0) | (col_pos < 0) | np.isnan(amount) | (np.nan_to_num(amount) < 0)
    raise_cell_failures(_STEP, pd.DataFrame({
        "row": np.asarray(row_label, dtype=object)[bad], "column": contributors[col_key][bad],
        "value": contributors["value"][bad],
        "problem": "is a contribution that is missing, negative, or outside the table",
    }), reason="bad_contributions", hint="fix or drop the named contributions")
    who = (contributors["contributor"].to_numpy() if "contributor" in contributors.columns
           else np.arange(len(contributors)))
    # every contribution counts in its cell and in each total above it
    row_levels = [row_pos, *(up[row_pos] for up in _ancestors(layout.row_groups, len(layout.rows)))]
    col_levels = [col_pos, *(up[col_pos] for up in _ancestors(layout.col_groups,
                                                              len(layout.columns)))]
    n_cols = len(layout.columns)
    long = [pd.DataFrame({"cell": r * n_cols + c, "who": who, "x": amount})[(r >= 0) & (c >= 0)]
            for r in row_levels for c in col_levels]
    frame = pd.concat(long).groupby(["cell", "who"], sort=False)["x"].sum().reset_index()
    frame = frame.sort_values(["cell", "x"], ascending=[True, False])
    rank = frame.groupby("cell").cumcount()
    frame = frame.assign(top=np.where(rank < n, frame["x"], 0.0),
                         x1=np.where(rank == 0, frame["x"], 0.0),
                         x2=np.where(rank == 1, frame["x"], 0.0))
    stats = frame.groupby("cell")[["x", "top", "x1", "x2"]].sum().reindex(
        np.arange(layout.n_cells), fill_value=0.0)
    off = np.abs(stats["x"].to_numpy() - cell_values) > 1e-6 * np.maximum(1.0, np.abs(cell_values))
    cells = layout.cells()
    raise_cell_failures(_STEP, pd.DataFrame({
        "row": cells["row"][off], "column": cells["column"][off], "value": cell_values[off],
        "problem": [f"is {v:g} but its contributions add up to {c:g}"
                    for v, c in zip(cell_values[off], stats["x"].to_numpy()[off], strict=True)],
    }), reason="contributions_do_not_add_up", hint="rebuild the table from the contributions")
    return pd.DataFrame({"total": cell_values, "top_n": stats["top"].to_numpy(),
                         "x1": stats["x1"].to_numpy(), "x2": stats["x2"].to_numpy()})


def _ancestors(groups, size: int) -> list[np.ndarray]:
    """``[parent, grandparent, ...]`` position arrays over ``size`` positions (-1: none)."""
    parent = np.full(size, -1)
    for total, parts in groups:
        parent[list(parts)] = total
    chain, current = [], parent
    while (current >= 0).any():
        chain.append(current)
        current = np.where(current >= 0, parent[np.maximum(current, 0)], -1)
    return chain
