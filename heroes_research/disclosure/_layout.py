"""The additive structure of a table: its cells (inner cells and margins) and the equations linking them.

A table is a grid of ``rows x columns`` cells, margins included. The rows may be
hierarchical (sector within country, with country totals and a grand total); the
columns are flat with one ``Total`` column. Every margin equals the sum of its parts;
:meth:`TableLayout.constraints` writes these equations as a sparse matrix ``M`` with
``M @ x == 0`` for every consistent vector of cell values ``x`` (cells numbered
row-major).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.disclosure._validate import (
    TOTAL,
    check_frame,
    check_totals,
    numeric_cells,
)
from heroes_research.errors import DisclosureError

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["Group", "TableLayout", "layout_from_frame", "layout_from_published"]

Group = tuple[int, tuple[int, ...]]  # (position of the total, positions of its parts)


@dataclass(frozen=True)
class TableLayout:
    """Rows, columns and additivity of a table with margins (immutable).

    Attributes
    ----------
    rows, columns
        Labels of every row and column in display order, margins included
        (``"Total"``; ``(country, "Total")`` and ``("Total", "Total")`` when the
        rows are hierarchical).
    row_groups, col_groups
        ``(total, parts)`` positions: row ``total`` is the sum of rows ``parts``
        (in every column), and likewise for columns.
    """

    rows: pd.Index
    columns: pd.Index
    row_groups: tuple[Group, ...]
    col_groups: tuple[Group, ...]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows), len(self.columns)

    @property
    def n_cells(self) -> int:
        return len(self.rows) * len(self.columns)

    @property
    def hierarchical(self) -> bool:
        return isinstance(self.rows, pd.MultiIndex)

    @functools.cached_property
    def is_margin(self) -> np.ndarray:
        """Boolean vector over cells: true for totals and subtotals."""
        row_total = np.zeros(len(self.rows), bool)
        row_total[[t for t, _ in self.row_groups]] = True
        col_total = np.zeros(len(self.columns), bool)
        col_total[[t for t, _ in self.col_groups]] = True
        return (row_total[:, None] | col_total[None, :]).ravel()

    @functools.cached_property
    def constraints(self) -> csr_matrix:  # scipy is imported lazily, inside
        """Sparse matrix ``M`` (equations x cells) with ``M @ x == 0``: each total minus its parts."""
        from scipy import sparse

        cell_number = np.arange(self.n_cells).reshape(self.shape)
        blocks = [
            # one equation per (row group, column): x[total, c] - sum_p x[p, c] == 0
            *_sum_equations(self.row_groups, cell_number.T),
            # one equation per (row, column group): x[r, total] - sum_p x[r, p] == 0
            *_sum_equations(self.col_groups, cell_number),
        ]
        offsets = np.cumsum([0] + [b[3] for b in blocks])
        eqs = np.concatenate([b[0] + off for b, off in zip(blocks, offsets, strict=False)])
        cells = np.concatenate([b[1] for b in blocks])
        vals = np.concatenate([b[2] for b in blocks])
        return sparse.csr_matrix((vals, (eqs, cells)), shape=(offsets[-1], self.n_cells))

    def cells(self) -> pd.DataFrame:
        """One row per cell (row-major): ``row``, ``column``, ``margin``."""
        n_rows, n_cols = self.shape
        return pd.DataFrame({
            "row": np.repeat(np.asarray(self.rows, dtype=object), n_cols),
            "column": np.tile(np.asarray(self.columns, dtype=object), n_rows),
            "margin": self.is_margin,
        })

    def to_frame(self, vector: np.ndarray) -> pd.DataFrame:
        """A cell vector as a rows x columns DataFrame."""
        return pd.DataFrame(np.asarray(vector).reshape(self.shape), index=self.rows,
                            columns=self.columns)

    def inner(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` without its margin rows and columns."""
        return frame.iloc[self._inner_rows, self._inner_columns]

    @functools.cached_property
    def _inner_rows(self) -> np.ndarray:
        return np.setdiff1d(np.arange(len(self.rows)), [t for t, _ in self.row_groups])

    @functools.cached_property
    def _inner_columns(self) -> np.ndarray:
        return np.setdiff1d(np.arange(len(self.columns)), [t for t, _ in self.col_groups])


def _flat_layout(row_labels: pd.Index, col_labels: pd.Index) -> TableLayout:
    n_r, n_c = len(row_labels), len(col_labels)
    return TableLayout(
        rows=row_labels.append(pd.Index([TOTAL], name=row_labels.name)),
        columns=col_labels.append(pd.Index([TOTAL], name=col_labels.name)),
        row_groups=((n_r, tuple(range(n_r))),),
        col_groups=((n_c, tuple(range(n_c))),),
    )


def _hierarchical_layout(row_labels: pd.MultiIndex, col_labels: pd.Index) -> TableLayout:
    parents = row_labels.get_level_values(0)
    order = list(dict.fromkeys(parents))
    labels: list[tuple[object, object]] = []
    groups: list[Group] = []
    for parent in order:
        children = row_labels[parents == parent]
        start = len(labels)
        labels.extend(children.tolist())
        groups.append((len(labels), tuple(range(start, len(labels)))))
        labels.append((parent, TOTAL))
    grand = (len(labels), tuple(t for t, _ in groups))
    labels.append((TOTAL, TOTAL))
    n_c = len(col_labels)
    return TableLayout(
        rows=pd.MultiIndex.from_tuples(labels, names=row_labels.names),
        columns=col_labels.append(pd.Index([TOTAL], name=col_labels.name)),
        row_groups=(*groups, grand),
        col_groups=((n_c, tuple(range(n_c))),),
    )


def _sum_equations(
    groups: tuple[Group, ...], cell_number: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, int]]:
    """``x[total] - sum_p x[p] == 0`` along each line (row) of ``cell_number``, per group.

    Returns one block per group: equation of each entry (0.. lines-1), cell, coefficient
    (+1 for the total, -1 for a part) and the number of equations.
    """
    n_lines = cell_number.shape[0]
    blocks = []
    for total, parts in groups:  # a loop over margin groups, not cells
        members = np.array((total, *parts))
        signs = np.r_[1.0, -np.ones(len(parts))]
        eq = np.repeat(np.arange(n_lines), len(members))
        blocks.append((eq, cell_number[:, members].ravel(), np.tile(signs, n_lines), n_lines))
    return blocks


def layout_from_frame(
    table: pd.DataFrame, step: str, *, counts: bool = True
) -> tuple[TableLayout, np.ndarray]:
    """Check ``table`` and return its layout with the vector of every cell value, margins recomputed.

    The table is 2-D (flat rows) or hierarchical (a 2-level row MultiIndex, e.g.
    ``(country, sector)``). Rows labelled ``"Total"`` (``(country, "Total")`` and
    ``("Total", "Total")`` when hierarchical) and a ``"Total"`` column are taken as
    the caller's margins: they are checked against the inner cells, then rebuilt.

    Raises
    ------
    DisclosureError
        Empty table, duplicate labels, more than two row levels, missing, negative or
        (for counts) fractional cells, or totals that do not add up; the message names
        the first bad cell and ``failures`` lists them all.
    """
    check_frame(table, step)
    total_rows, total_cols, hierarchical = _margin_masks(table, step)
    inner = table.loc[~total_rows, ~total_cols]
    check_frame(inner, step)
    if hierarchical:  # each country's sectors together, countries in order of appearance
        parents = inner.index.get_level_values(0)
        rank = pd.Index(pd.unique(parents)).get_indexer(parents)
        inner = inner.iloc[np.argsort(rank, kind="stable")]
    inner_values = numeric_cells(inner, step, counts=counts)
    layout = _build(inner, hierarchical)
    full = _fill_margins(layout, inner_values)
    given_margins = (table.loc[total_rows], table.loc[~total_rows, total_cols])
    for part in given_margins:
        if part.size:
            numeric_cells(part, step, counts=counts)
            check_totals(part, layout.to_frame(full), step, tolerance=1e-6)
    return layout, full


def layout_from_published(table: pd.DataFrame, step: str) -> tuple[TableLayout, np.ndarray]:
    """Layout and cell vector (NaN where hidden) of a published table showing its margins.

    Hidden cells are missing values or any non-numeric symbol (``"x"``, ``".."``).
    """
    check_frame(table, step)
    total_rows, total_cols, hierarchical = _margin_masks(table, step)
    layout = _build(table.loc[~total_rows, ~total_cols], hierarchical)
    missing = [*layout.rows.difference(table.index), *layout.columns.difference(table.columns)]
    if missing:
        raise DisclosureError(
            f"{step}: the published table lacks the total(s) {missing[:5]}",
            reason="bad_structure",
            hint="attack a table shown with its Total row(s) and column (hidden totals as NA)",
        )
    shown = table.loc[layout.rows, layout.columns].apply(pd.to_numeric, errors="coerce")
    return layout, shown.to_numpy(dtype=float, na_value=np.nan).ravel()


def _margin_masks(table: pd.DataFrame, step: str) -> tuple[np.ndarray, np.ndarray, bool]:
    """Which rows and columns are margins, and whether the rows are hierarchical."""
    if table.index.nlevels > 2:
        raise DisclosureError(
            f"{step}: rows have {table.index.nlevels} levels; at most 2 (e.g. country, sector)",
            reason="bad_structure",
            hint="aggregate to two row levels, or protect one table per top-level group",
        )
    hierarchical = table.index.nlevels == 2
    if hierarchical:
        lvl0, lvl1 = (table.index.get_level_values(i) for i in (0, 1))
        total_rows = np.asarray((lvl0 == TOTAL) | (lvl1 == TOTAL))
    else:
        total_rows = np.asarray(table.index == TOTAL)
    return total_rows, np.asarray(table.columns == TOTAL), hierarchical


def _build(inner: pd.DataFrame, hierarchical: bool) -> TableLayout:
    build = _hierarchical_layout if hierarchical else _flat_layout
    return build(inner.index, inner.columns)


def _fill_margins(layout: TableLayout, inner_values: np.ndarray) -> np.ndarray:
    """Vector of every cell with the margins computed from ``inner_values`` (inner rows x columns)."""
    grid = np.full(layout.shape, np.nan)
    inner_r, inner_c = layout._inner_rows, layout._inner_columns
    grid[np.ix_(inner_r, inner_c)] = inner_values
    # column groups first (row sums for inner rows), then row groups bottom-up: a group's
    # parts always come before its total, so filling in position order is bottom-up.
    for total, parts in layout.col_groups:
        grid[inner_r, total] = grid[np.ix_(inner_r, list(parts))].sum(axis=1)
    for total, parts in sorted(layout.row_groups):
        grid[total, :] = grid[list(parts), :].sum(axis=0)
    return grid.ravel()
