"""ProtectedTable: a table safe to publish, with what was hidden and why."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from heroes_research.disclosure._layout import TableLayout
from heroes_research.disclosure._rules import Primary

__all__ = ["AUDIT_COLUMNS", "SUPPRESSED_SYMBOL", "ProtectedTable", "assemble", "frame_of"]

#: Symbol for a suppressed cell in published tables (see :attr:`ProtectedTable.note`).
SUPPRESSED_SYMBOL = "x"

AUDIT_COLUMNS = ["row", "column", "rule", "reason"]
_SECONDARY_REASON = "hidden so that no primary cell can be derived"


@dataclass(frozen=True, eq=False)
class ProtectedTable:
    """A table made safe to publish, with the record of what was hidden and why (immutable).

    Attributes
    ----------
    table
        The publishable values: ``pd.NA`` where suppressed; ``Total`` row(s) and
        column when ``margins=True``. Counts are ``Int64``, magnitudes ``Float64``.
    primary, secondary
        Boolean frames of ``table``'s shape: cells hidden by a sensitivity rule, and
        cells hidden so that those cannot be derived.
    audit
        One row per suppressed cell (margins included): ``row``, ``column``, ``rule``
        (``"threshold"``, ``"dominance"``, ``"p_percent"`` or ``"secondary"``),
        ``reason``. The hidden values are not shown; :func:`attack` adds the interval a
        reader can derive for each. The audit tells primary from secondary cells: it is
        for the analyst and the output checker, not for publication.
    method
        ``"suppress"``, ``"round"`` (controlled) or ``"random_round"``.
    min_count
        Threshold of the frequency rule (``None`` for magnitude tables).
    note
        One sentence for the table note explaining the symbol or the rounding.
    layout, published, integer, margins
        What :func:`attack` needs: the additive structure, every published cell value
        (NaN where hidden; margins included even when not shown), counts or not,
        and whether margins are shown.
    """

    table: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    audit: pd.DataFrame
    method: str
    min_count: int | None
    note: str
    layout: TableLayout = field(repr=False)
    published: np.ndarray = field(repr=False)
    integer: bool = True
    margins: bool = True

    @property
    def n_hidden(self) -> int:
        """Number of suppressed cells (margins included)."""
        return int(np.isnan(self.published).sum())

    def __post_init__(self) -> None:
        self.published.setflags(write=False)

    def _display(self) -> pd.DataFrame:
        shown = self.table.astype(object).where(self.table.notna(), "")
        shown = shown.mask(self.primary, "[p]").mask(self.secondary, "[s]")
        return shown.astype(str)

    def _summary(self) -> str:
        n_p, n_s = int(self.primary.to_numpy().sum()), int(self.secondary.to_numpy().sum())
        rows, cols = self.layout.shape
        what = "counts" if self.integer else "magnitudes"
        head = f"ProtectedTable: {rows - len(self.layout.row_groups)} x " \
               f"{cols - len(self.layout.col_groups)} {what}"
        head += " with margins" if self.margins else " (margins hidden, assumed known)"
        head += f"; method={self.method!r}"
        if self.min_count is not None:
            head += f", min_count={self.min_count}"
        if self.method == "suppress":
            head += f"; hidden: {n_p} primary [p], {n_s} secondary [s]"
        return head

    def __repr__(self) -> str:
        text = [self._summary(), self._display().to_string()]
        if len(self.audit):
            text.append("Why (audit):")
            text.append(self.audit.to_string(index=False, max_rows=20))
        text.append(f"Note: {self.note}")
        return "\n".join(text)

    def _repr_html_(self) -> str:
        why = {(r, c): f"{rule}: {reason}" for r, c, rule, reason in
               self.audit[["row", "column", "rule", "reason"]].itertuples(index=False)}
        style = {"p": "background:#f4c7c3", "s": "background:#fce8b2"}
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.table.columns)
        body = []
        shown = self._display()
        for r_pos, r_label in enumerate(self.table.index):
            tds = []
            for c_pos, c_label in enumerate(self.table.columns):
                value = shown.iat[r_pos, c_pos]
                kind = "p" if self.primary.iat[r_pos, c_pos] else \
                    "s" if self.secondary.iat[r_pos, c_pos] else ""
                if kind:
                    tip = html.escape(why.get((r_label, c_label), ""), quote=True)
                    tds.append(f'<td style="{style[kind]}" title="{tip}">'
                               f"{SUPPRESSED_SYMBOL} [{kind}]</td>")
                else:
                    tds.append(f"<td>{html.escape(value)}</td>")
            name = " / ".join(map(str, r_label)) if isinstance(r_label, tuple) else str(r_label)
            body.append(f"<tr><th>{html.escape(name)}</th>{''.join(tds)}</tr>")
        legend = ('<span style="background:#f4c7c3">[p] primary</span> '
                  '<span style="background:#fce8b2">[s] secondary</span> '
                  "(hover a hidden cell for the reason)")
        return (f"<div><p><b>{html.escape(self._summary())}</b></p>"
                f"<table><thead><tr><th></th>{head}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>"
                f"<p>{legend}</p><p><i>{html.escape(self.note)}</i></p></div>")


def frame_of(layout: TableLayout, vector: np.ndarray, margins: bool) -> pd.DataFrame:
    """A cell vector as the shown frame (without the margins when ``margins`` is false)."""
    frame = layout.to_frame(vector)
    return frame if margins else layout.inner(frame)


def assemble(
    layout: TableLayout, values: np.ndarray, hidden: np.ndarray, primary: Primary, *,
    method: str, min_count: int | None, note: str, margins: bool, integer: bool,
) -> ProtectedTable:
    """Build the ProtectedTable (published frame, masks, audit of what was hidden and why)."""
    published = np.where(hidden, np.nan, values)
    is_primary = hidden & primary.sensitive
    is_secondary = hidden & ~primary.sensitive
    dtype = "Int64" if integer else "Float64"
    table = frame_of(layout, published, margins).astype(dtype)
    cells = layout.cells()
    audit = pd.DataFrame({
        "row": cells["row"],
        "column": cells["column"],
        "rule": np.where(is_primary, primary.rule, "secondary"),
        "reason": np.where(is_primary, primary.reason, _SECONDARY_REASON),
    }).loc[hidden].reset_index(drop=True)
    return ProtectedTable(
        table=table,
        primary=frame_of(layout, is_primary, margins),
        secondary=frame_of(layout, is_secondary, margins),
        audit=audit[AUDIT_COLUMNS],
        method=method,
        min_count=min_count,
        note=note,
        layout=layout,
        published=published,
        integer=integer,
        margins=margins,
    )
