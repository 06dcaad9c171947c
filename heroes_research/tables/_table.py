"""PublicationTable: a finished table (display cells, title, note, source) that exports itself."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PublicationTable"]


@dataclass(frozen=True, eq=False, repr=False)
class PublicationTable:
    """A cross-country table ready for a report, immutable.

    Parameters
    ----------
    data
        The cells as they are published (strings; index = row labels, ``index.name`` =
        the stub heading). Builders such as :func:`estimates_table` make it.
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
        cells = self.data.astype("string").fillna("")
        object.__setattr__(self, "data", cells)
        object.__setattr__(self, "footnotes", tuple(self.footnotes))
        object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))

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
        """Write UTF-8 CSV (with BOM, so Excel shows ✓ correctly); notes follow a blank row."""
        from heroes_research.tables._writers import write_csv

        return write_csv(self, Path(path))

    def to_xlsx(self, path: str | os.PathLike[str]) -> Path:
        """Write an Excel workbook (title, table, notes), byte-identical across runs."""
        from heroes_research.tables._office import write_xlsx

        return write_xlsx(self, Path(path))

    def to_docx(self, path: str | os.PathLike[str]) -> Path:
        """Write a Word document to paste into a report, byte-identical across runs."""
        from heroes_research.tables._office import write_docx

        return write_docx(self, Path(path))

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
