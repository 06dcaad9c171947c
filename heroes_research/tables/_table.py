"""PublicationTable: a finished table (values, per-column formats, title, note, source) that exports itself."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError
from heroes_research.tables._format import ColumnFormat, Merge

if TYPE_CHECKING:
    import pandas as pd

    from heroes_research.disclosure import LedgerTable
    from heroes_research.tables._grid import Grid

__all__ = ["PublicationTable"]


@dataclass(frozen=True, eq=False, repr=False)
class PublicationTable:
    """A cross-country table ready for a report, immutable.

    Parameters
    ----------
    data
        The values (numbers at full precision, or text and symbols such as ``x``;
        index = row labels, ``index.name`` = the stub heading). Builders such as
        :func:`estimates_table` make it. Tables of preformatted strings still work.
    title
        One-line title.
    source
        Where the data come from, e.g. ``"HEROES practitioner survey 2026"``.
    note
        Sentences explaining the table: symbols, disclosure control, method.
    footnotes
        Numbered footnotes (e.g. legal citations), shown in order above the note.
    demo
        True when the table derives from the synthetic demo data: the note then
        carries :data:`heroes_research.provenance.DEMO_NOTE`.
    data_version
        Version or checksum of the data, stated in the note.
    metadata
        Provenance written to the JSON side-car (data sha256, disclosure settings).
    formats
        Column -> :class:`ColumnFormat` (decimals, scale). Numeric columns without one
        get a default (0 decimals for integers, 2 otherwise). Each writer formats:
        numbers stay numbers in the workbook, with the matching number format.
    merges
        Display column -> :class:`Merge`: columns joined in text formats (DOCX, HTML,
        LaTeX), e.g. ``{"Estimate (95% CI)": Merge(("estimate", "ci_low", "ci_high"))}``;
        the workbook and the CSV keep them as separate numeric columns.
    labels
        Column -> header text (default: the column name).
    spanners
        Spanner heading -> the data columns under it (column groups). Without it,
        headers shaped ``"group: column"`` with repeated columns are split into spanners.
    ledger
        The cells the table reveals, for the build's disclosure ledger
        (:class:`~heroes_research.disclosure.LedgerTable` entries, named when saved):
        the builders (:func:`counts_table`, :func:`estimates_table`...) register them;
        :func:`save_table` writes them into the side-car's ``disclosure`` block.

    Example
    -------
    >>> import pandas as pd
    >>> t = PublicationTable(pd.DataFrame({"n": ["12"]}, index=pd.Index(["Austria"], name="Country")),
    ...                      title="Respondents", source="demo")
    >>> t.note_lines()
    ['Source: demo.']
    """

    data: pd.DataFrame
    title: str
    source: str
    note: str = ""
    footnotes: tuple[str, ...] = ()
    demo: bool = False
    data_version: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    formats: Mapping[str, ColumnFormat] = field(default_factory=dict)
    merges: Mapping[str, Merge] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    spanners: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ledger: tuple[LedgerTable, ...] = ()

    def __post_init__(self) -> None:
        import pandas as pd

        if not isinstance(self.data, pd.DataFrame) or self.data.empty:
            raise OutputError(
                f"table {self.title!r}: no rows or columns to publish",
                reason="empty_data", variable="data",
                hint="check the filter that produced the table; an empty table is not published",
            )
        if not str(self.source).strip():
            raise OutputError(f"table {self.title!r}: no source given", reason="no_source",
                              variable="source", hint="say where the data come from (source=...)")
        data = self.data.copy()
        data.columns = [str(c) for c in data.columns]
        object.__setattr__(self, "data", data)
        object.__setattr__(self, "footnotes", tuple(self.footnotes))
        object.__setattr__(self, "ledger", tuple(self.ledger))
        object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))
        object.__setattr__(self, "formats", MappingProxyType(dict(self.formats)))
        object.__setattr__(self, "merges", MappingProxyType(dict(self.merges)))
        object.__setattr__(self, "labels", MappingProxyType(dict(self.labels)))
        object.__setattr__(self, "spanners", MappingProxyType(
            {str(k): tuple(v) for k, v in self.spanners.items()}))
        self._check_columns()

    def _check_columns(self) -> None:
        """Every column a format, merge or spanner names must exist."""
        named = [*self.formats, *self.labels,
                 *(c for m in self.merges.values() for c in m.columns),
                 *(c for cols in self.spanners.values() for c in cols)]
        unknown = [c for c in dict.fromkeys(named) if c not in self.data.columns and c not in self.merges]
        if unknown:
            raise OutputError(
                f"table {self.title!r}: column(s) {', '.join(map(repr, unknown))} named in formats, "
                f"merges, labels or spanners are not in the data (columns: {', '.join(self.data.columns)})",
                reason="missing_column", variable=unknown[0],
                hint="spell the data column names exactly",
            )

    # -- what the writers render -----------------------------------------------------
    def text_grid(self, *, merged: bool = True) -> Grid:
        """The table as text cells: what DOCX, HTML and LaTeX show (merged columns joined).

        ``merged=False`` keeps every data column apart, each number formatted with its
        column's digits and scale and no symbol but ``x``/``..``: what the CSV holds.
        """
        from heroes_research.tables._grid import text_grid

        return text_grid(self, merged)

    def sheet_grid(self) -> Grid:
        """The table as values with Excel number formats (merges kept apart): what XLSX stores."""
        from heroes_research.tables._grid import sheet_grid

        return sheet_grid(self)

    def to_record(self) -> dict[str, Any]:
        """The whole table as JSON-ready data (stored in the side-car; see :meth:`from_record`)."""
        from heroes_research.tables._grid import table_record

        return table_record(self)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> PublicationTable:
        """Rebuild a table from :meth:`to_record` (the report reads tables back this way).

        Example
        -------
        >>> import pandas as pd
        >>> t = PublicationTable(pd.DataFrame({"n": [12]}, index=pd.Index(["Austria"], name="Country")),
        ...                      title="Respondents", source="demo")
        >>> PublicationTable.from_record(t.to_record()).text_grid().rows
        [['Austria', '12']]
        """
        from heroes_research.tables._grid import table_from_record

        return table_from_record(cls, record)

    # -- the words under the table -------------------------------------------------
    def note_lines(self) -> list[str]:
        """Lines printed under the table: footnotes, note, source and version, demo notice."""
        from heroes_research.provenance import DEMO_NOTE

        lines = [f"[{i}] {text}" for i, text in enumerate(self.footnotes, start=1)]
        if self.note.strip():
            lines.append(self.note.strip())
        version = f" Data version: {self.data_version}." if self.data_version else ""
        lines.append(f"Source: {self.source.rstrip('.')}.{version}")
        if self.demo:
            lines.append(DEMO_NOTE)
        return lines

    def replace(self, **changes: Any) -> PublicationTable:
        """A copy with some fields changed (e.g. ``title=``)."""
        return dataclasses.replace(self, **changes)

    # -- exports ---------------------------------------------------------------------
    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write UTF-8 CSV (with BOM, so Excel shows ✓ correctly); notes follow a blank row.

        Merged columns stay apart (estimate, ci_low, ci_high, n each a column of plain
        numbers), rounded to the column's digits after its scale (percentages as shown
        in the report); the workbook holds full precision.
        """
        from heroes_research.tables._writers import write_csv

        return write_csv(self, Path(path))

    def to_xlsx(self, path: str | os.PathLike[str]) -> Path:
        """Write an Excel workbook (numbers with number formats, legend, print set-up), byte-identical."""
        from heroes_research.tables._xlsx import write_xlsx

        return write_xlsx(self, Path(path))

    def to_docx(self, path: str | os.PathLike[str], *, paper: str = "A4") -> Path:
        """Write a Word document to paste into a report (A4 or ``"Letter"``), byte-identical across runs."""
        from heroes_research.tables._docx import write_docx

        return write_docx(self, Path(path), paper=paper)

    def to_html(self, path: str | os.PathLike[str]) -> Path:
        """Write a standalone HTML page (pandas Styler)."""
        from heroes_research.tables._writers import write_html

        return write_html(self, Path(path))

    def to_latex(self, path: str | os.PathLike[str]) -> Path:
        """Write a LaTeX ``table`` environment (needs booktabs and amssymb)."""
        from heroes_research.tables._writers import write_latex

        return write_latex(self, Path(path))

    # -- display -----------------------------------------------------------------------
    def __repr__(self) -> str:
        rows, cols = self.data.shape
        flags = ", demo data" if self.demo else ""
        return f"PublicationTable({self.title!r}, {rows} rows x {cols} columns{flags})"

    def _repr_html_(self) -> str:
        from heroes_research.tables._writers import html_fragment

        return html_fragment(self)
