"""An independent, deliberately plain LP attack used as the reference in the disclosure tests.

It reads only the published frame (margins included): one variable per hidden cell,
one equation per total written out from the labels, and one ``linprog`` per cell and
direction, with no upper bound (an unbounded cell reports ``inf``). It shares no code
with heroes_research.disclosure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linprog

TOTAL = "Total"


def equations(published: pd.DataFrame) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """``(total cell, part cells)`` positions of every additivity equation of the frame."""
    n_rows, n_cols = published.shape
    cols = list(published.columns)
    tc = cols.index(TOTAL)
    inner_c = [j for j in range(n_cols) if j != tc]
    eqs = [((i, tc), [(i, j) for j in inner_c]) for i in range(n_rows)]
    labels = list(published.index)
    if isinstance(published.index, pd.MultiIndex):
        countries = [c for c in dict.fromkeys(lab[0] for lab in labels) if c != TOTAL]
        grand = labels.index((TOTAL, TOTAL))
        subtotal_rows = [labels.index((c, TOTAL)) for c in countries]
        groups = [(labels.index((c, TOTAL)),
                   [i for i, lab in enumerate(labels) if lab[0] == c and lab[1] != TOTAL])
                  for c in countries]
        groups.append((grand, subtotal_rows))
    else:
        tr = labels.index(TOTAL)
        groups = [(tr, [i for i in range(n_rows) if i != tr])]
    for total, parts in groups:
        for j in range(n_cols):
            eqs.append(((total, j), [(i, j) for i in parts]))
    return eqs


def reference_ranges(published: pd.DataFrame, *, integer: bool = True) -> pd.DataFrame:
    """``row, column, low, high`` for every hidden (NA) cell of ``published``."""
    values = published.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    hidden = [tuple(ij) for ij in np.argwhere(np.isnan(values))]
    var = {cell: k for k, cell in enumerate(hidden)}
    a_eq, b_eq = [], []
    for total, parts in equations(published):
        row = np.zeros(len(hidden))
        rhs = 0.0
        for cell, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if cell in var:
                row[var[cell]] += sign
            else:
                rhs -= sign * values[cell]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    out = []
    for cell, k in var.items():
        bounds = []
        for sense in (1.0, -1.0):
            c = np.zeros(len(hidden))
            c[k] = -sense
            res = linprog(c, A_eq=np.array(a_eq), b_eq=np.array(b_eq), bounds=(0, None),
                          method="highs")
            if res.status == 3:
                bounds.append(np.inf)
            else:
                assert res.status == 0, res.message
                bounds.append(res.x[k])
        high, low = bounds
        if integer:
            low, high = np.ceil(low - 1e-6), np.floor(high + 1e-6)
        out.append((published.index[cell[0]], published.columns[cell[1]], max(low, 0.0), high))
    return pd.DataFrame(out, columns=["row", "column", "low", "high"])


def with_margins(table: pd.DataFrame) -> pd.DataFrame:
    """The unprotected table laid out like ``ProtectedTable.table`` (margins added)."""
    inner = table.astype(float)
    if isinstance(inner.index, pd.MultiIndex):
        parts = []
        for country, block in inner.groupby(level=0, sort=False):
            total = block.sum().to_frame().T
            total.index = pd.MultiIndex.from_tuples([(country, TOTAL)], names=inner.index.names)
            parts += [block, total]
        grand = inner.sum().to_frame().T
        grand.index = pd.MultiIndex.from_tuples([(TOTAL, TOTAL)], names=inner.index.names)
        full = pd.concat([*parts, grand])
    else:
        full = pd.concat([inner, inner.sum().to_frame(TOTAL).T])
    full[TOTAL] = full.sum(axis=1)
    return full
