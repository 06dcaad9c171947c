"""From a PublicationTable to the grid a writer renders: text cells, or values with number formats.

Two views of one table: :func:`text_grid` (every cell formatted; merged columns joined
for DOCX, HTML and LaTeX, kept apart with ``merged=False`` for the CSV) and :func:`sheet_grid` (one column per data column,
numbers kept with an Excel number format, for XLSX). Both carry the column groups
(spanners) and whether each column holds numbers (right-aligned) or text (left-aligned,
wrapping). :func:`table_record` / :func:`table_from_record` store a table in its JSON
side-car so the report can rebuild it without re-running a notebook.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from heroes_research.tables._format import ColumnFormat, Merge, formats_from_dict, is_number

if TYPE_CHECKING:
    from heroes_research.tables._table import PublicationTable

__all__ = ["Grid", "looks_numeric", "mostly_numeric", "sheet_grid", "table_from_record", "table_record",
           "text_grid"]

# A text cell that reads as a number or a table symbol: right-aligned, never wrapped.
_NUMERIC_TEXT = re.compile(
    r"^(?:[-–+−]?\d[\d.,]*\s?%?(?:\s?\([^()]*\))?|x|\.\.|–|—|✓|✗|◐|\?|n/a)[⁰¹²³⁴⁵⁶⁷⁸⁹,]*$"
)
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class Grid:
    """What a writer renders: one header row, the rows, column groups, alignment.

    Attributes
    ----------
    header
        Column headings, row-label columns first.
    rows
        Cells: strings in a text grid; numbers, strings or ``None`` in a sheet grid.
    n_labels
        How many leading columns are row labels.
    spanners
        ``(heading, first, last)``: a heading over columns ``first..last`` (inclusive).
    numeric
        Per column: True for numbers and symbols (right-aligned), False for text (left, wraps).
    number_formats
        Per column: the Excel number format (sheet grids), else ``None``.
    """

    header: list[str]
    rows: list[list[Any]]
    n_labels: int
    spanners: list[tuple[str, int, int]]
    numeric: list[bool]
    number_formats: list[str | None]


def looks_numeric(text: str) -> bool:
    """True for a number (with or without its interval) or a table symbol."""
    return bool(_NUMERIC_TEXT.match(text))


def mostly_numeric(texts: list[str], others: int = 0) -> bool:
    """A column of numbers and symbols (right-aligned) with at most a few words among them (1 in 5).

    ``others`` counts cells that are numbers already. A symbol column with a short remark
    in one cell stays a number column, aligned like its neighbours.
    """
    filled = [t for t in texts if t]
    numeric = sum(looks_numeric(t) for t in filled) + others
    total = len(filled) + others
    return total == 0 or numeric >= 0.8 * total


def column_format(table: PublicationTable, column: str) -> ColumnFormat | None:
    """The column's format: the given one, else a default when the column holds numbers."""
    if column in table.formats:
        return table.formats[column]
    numbers = [v for v in table.data[column].tolist() if is_number(v)]
    if not numbers:
        return None
    return ColumnFormat(digits=0 if all(float(v).is_integer() for v in numbers) else 2)


def _label_rows(table: PublicationTable) -> tuple[list[str], list[list[str]]]:
    names = [str(n) if n is not None else "" for n in table.data.index.names]
    values = [list(v) if isinstance(v, tuple) else [v] for v in table.data.index.tolist()]
    return names, [["" if _missing(x) else str(x) for x in row] for row in values]


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plan(table: PublicationTable, merged: bool = True) -> list[tuple[str, Merge | None]]:
    """Display columns in order: a merge sits where its first column was; its others vanish.

    ``merged=False``: every data column on its own (the CSV).
    """
    if not merged:
        return [(column, None) for column in table.data.columns]
    members = {c: name for name, m in table.merges.items() for c in m.columns}
    firsts = {m.columns[0]: name for name, m in table.merges.items()}
    plan: list[tuple[str, Merge | None]] = []
    for column in table.data.columns:
        if column in firsts:
            plan.append((firsts[column], table.merges[firsts[column]]))
        elif column not in members:
            plan.append((column, None))
    return plan


def _text_cell(value: Any, fmt: ColumnFormat | None) -> str:
    if fmt is not None:
        return fmt.text(value)
    return "" if _missing(value) else str(value)


def _spanners(table: PublicationTable, columns: list[str], headers: list[str],
              offset: int) -> tuple[list[str], list[tuple[str, int, int]]]:
    """Headings and spanner runs; ``"group: column"`` headers split when no spanners are given."""
    owner = {c: label for label, cols in table.spanners.items() for c in cols}
    for name, merge in table.merges.items():
        owner.setdefault(name, owner.get(merge.columns[0], ""))
    groups = [owner.get(c, "") for c in columns]
    if not table.spanners and all(": " in h for h in headers):
        pairs = [h.rsplit(": ", 1) for h in headers]
        if len({p[1] for p in pairs}) < len(pairs):
            groups, headers = [p[0] for p in pairs], [p[1] for p in pairs]
    runs: list[tuple[str, int, int]] = []
    for i, group in enumerate(groups):
        if not group:
            continue
        if runs and runs[-1][0] == group and runs[-1][2] == offset + i - 1:
            runs[-1] = (group, runs[-1][1], offset + i)
        else:
            runs.append((group, offset + i, offset + i))
    return headers, runs


def text_grid(table: PublicationTable, merged: bool = True) -> Grid:
    """Every cell as the reader sees it (see :meth:`PublicationTable.text_grid`)."""
    names, labels = _label_rows(table)
    plan = _plan(table, merged)
    records = table.data.to_dict(orient="list")
    columns, numeric = [], []
    for name, merge in plan:
        if merge is None:
            fmt = column_format(table, name)
            cells = [_text_cell(v, fmt) for v in records[name]]
            is_num = fmt is not None or mostly_numeric(cells)
        else:
            fmts = [column_format(table, c) or ColumnFormat() for c in merge.columns]
            cells = [merge.text(list(vals), fmts) for vals in zip(*(records[c] for c in merge.columns), strict=True)]
            is_num = True
        columns.append(cells)
        numeric.append(bool(is_num))
    keys = [name for name, _ in plan]
    headers, runs = _spanners(table, keys, [table.labels.get(k, k) for k in keys], len(names))
    rows = [label + [col[i] for col in columns] for i, label in enumerate(labels)]
    return Grid([*names, *headers], rows, len(names), runs, [False] * len(names) + numeric,
                [None] * (len(names) + len(keys)))


def _sheet_cell(value: Any, fmt: ColumnFormat | None) -> Any:
    if fmt is not None:
        stored = fmt.value(value)
        return fmt.missing if stored is None else stored
    if _missing(value):
        return None
    text = str(value)
    if _PLAIN_NUMBER.match(text):  # a preformatted number string: store the number
        return float(text) if "." in text else int(text)
    return text


def sheet_grid(table: PublicationTable) -> Grid:
    """Values for a spreadsheet (see :meth:`PublicationTable.sheet_grid`)."""
    names, labels = _label_rows(table)
    keys = list(table.data.columns)
    records = table.data.to_dict(orient="list")
    columns, numeric, formats = [], [], []
    for key in keys:
        fmt = column_format(table, key)
        cells = [_sheet_cell(v, fmt) for v in records[key]]
        columns.append(cells)
        formats.append(fmt.excel if fmt is not None else None)
        numeric.append(fmt is not None or mostly_numeric(
            [c for c in cells if isinstance(c, str)], others=sum(c is not None and not isinstance(c, str) for c in cells)))
    headers, runs = _spanners(table, keys, [table.labels.get(k, k) for k in keys], len(names))
    rows = [label + [col[i] for col in columns] for i, label in enumerate(labels)]
    return Grid([*names, *headers], rows, len(names), runs, [False] * len(names) + numeric,
                [None] * len(names) + formats)


def _json_value(value: Any) -> Any:
    if _missing(value):
        return None
    if is_number(value):
        return int(value) if isinstance(value, int) or type(value).__name__.startswith("int") else float(value)
    return str(value)


def table_record(table: PublicationTable) -> dict[str, Any]:
    """The table as JSON-ready data (see :meth:`PublicationTable.to_record`)."""
    names, labels = _label_rows(table)
    return {
        "title": table.title, "source": table.source, "note": table.note,
        "footnotes": list(table.footnotes), "demo": table.demo, "data_version": table.data_version,
        "index_names": names, "index": labels, "columns": list(table.data.columns),
        "values": [[_json_value(v) for v in row] for row in table.data.itertuples(index=False, name=None)],
        "formats": {k: f.to_dict() for k, f in table.formats.items()},
        "merges": {k: m.to_dict() for k, m in table.merges.items()},
        "labels": dict(table.labels), "spanners": {k: list(v) for k, v in table.spanners.items()},
    }


def table_from_record(cls: type[PublicationTable], record: Mapping[str, Any]) -> PublicationTable:
    """Inverse of :func:`table_record`."""
    import pandas as pd

    names = record["index_names"]
    if len(names) == 1:
        index = pd.Index([row[0] for row in record["index"]], name=names[0] or None, dtype=object)
    else:
        index = pd.MultiIndex.from_tuples([tuple(r) for r in record["index"]], names=names)
    data = pd.DataFrame(record["values"], columns=record["columns"], index=index, dtype=object)
    return cls(
        data=data, title=record["title"], source=record["source"], note=record["note"],
        footnotes=tuple(record["footnotes"]), demo=record["demo"], data_version=record["data_version"],
        formats=formats_from_dict(record["formats"]),
        merges={k: Merge(tuple(m["columns"]), m["pattern"]) for k, m in record["merges"].items()},
        labels=record["labels"], spanners={k: tuple(v) for k, v in record["spanners"].items()},
    )
