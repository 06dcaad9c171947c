"""Tables of tidy survey estimates: estimate with CI (or SE) and n by any grouping, protected."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from heroes_research.errors import OutputError
from heroes_research.tables._common import (
    NOT_AVAILABLE,
    SUPPRESSED,
    opt_out_note,
    tidy_estimates,
)
from heroes_research.tables._format import ColumnFormat, Merge
from heroes_research.tables._groups import Labels
from heroes_research.tables._table import PublicationTable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["estimates_table", "ranking_table"]

_WHAT = "estimates table"


#: The numeric columns published for each kind of interval (``n`` follows when shown).
_PARTS = {"ci": ("estimate", "ci_low", "ci_high"), "se": ("estimate", "se"), None: ("estimate",)}


def _values(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The published numbers at full precision: ``..`` where not available, ``x`` where suppressed."""
    values = frame[columns].astype(object).where(frame[columns].notna(), NOT_AVAILABLE)
    values.loc[frame["suppressed"].to_numpy(), :] = SUPPRESSED
    return values


@dataclass
class _Layout:
    """Data columns with their formats, merges, labels and spanners, gathered block by block."""

    columns: dict[str, pd.Series] = field(default_factory=dict)
    formats: dict[str, ColumnFormat] = field(default_factory=dict)
    merges: dict[str, Merge] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    spanners: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add_block(self, prefix: str, values: dict[str, pd.Series], head: str, sheet_labels: dict[str, str],
                  number: ColumnFormat, count: ColumnFormat) -> None:
        """One estimate (with its interval and n) under the spanner ``prefix`` (none when empty).

        Data columns ``"prefix: estimate"``, ``"prefix: ci_low"``...; the interval is merged
        into one display column headed ``head`` for the text formats.
        """
        names = {part: f"{prefix}: {part}" if prefix else part for part in values}
        for part, series in values.items():
            self.columns[names[part]] = series
            self.formats[names[part]] = count if part == "n" else number
            self.labels[names[part]] = sheet_labels[part]
        if "ci_low" in values or "se" in values:
            merged = [names[p] for p in values if p != "n"]
            merge_name = f"{prefix}: {head}" if prefix else head
            self.merges[merge_name] = Merge(tuple(merged), "{0} ({1}–{2})" if len(merged) == 3 else "{0} ({1})")
            self.labels[merge_name] = head
        elif "n" not in values:  # one display column per block: its heading is the group itself
            self.labels[names["estimate"]] = prefix or head or "Estimate"
            return
        if prefix:
            self.spanners[prefix] = tuple(names.values())


def estimates_table(
    estimates: pd.DataFrame,
    *,
    title: str,
    source: str,
    rows: str | Sequence[str] = "country",
    cols: str | None = None,
    labels: Labels = None,
    interval: Literal["ci", "se"] | None = "ci",
    show_n: bool = True,
    absent: str = NOT_AVAILABLE,
    digits: int = 1,
    percent: bool = False,
    protect: bool = True,
    min_count: int = 5,
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
    unit: str | None = None,
) -> PublicationTable:
    """A grouping in rows (countries by default), each estimated item as "estimate (interval)" with its n.

    Parameters
    ----------
    estimates
        The tidy estimate frame of :mod:`heroes_research.survey` (read by column name,
        never by index): the grouping columns, ``variable``/``level`` (items where they
        vary), ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``conf_level``, ``n``
        (respondents who answered, in the domain) and ``n_level``.
    title, source
        Table title and data source (stated in the note).
    rows
        Grouping column(s) in the rows (default ``"country"``: study countries in
        display order, by name). Any ``by`` column works, e.g. ``"sector"``; a list
        makes one row per combination.
    cols
        A second grouping spread over the columns (e.g. ``"sector"``), or None.
    labels
        Headings: ``{column or variable: label}`` or a codebook (its variable labels).
    interval
        ``"ci"``: the confidence interval in brackets, labelled from ``conf_level``;
        ``"se"``: the standard error; None: the estimate alone.
    show_n
        A column of ``n`` next to each estimate (default).
    absent
        Shown where a row x column combination has no estimate (default ``..``); e.g.
        ``""`` for the unused triangle of a symmetric matrix.
    digits
        Decimals shown: a column format, applied when a writer renders (text, CSV, the
        workbook's number format); the table keeps the estimates at full precision.
    percent
        Show proportions multiplied by 100 (the workbook stores 57.14, formatted ``0.0``)
        and say so in the note.
    protect
        Apply :func:`heroes_research.disclosure.protect_estimates` to every cell (default):
        ``n`` below ``min_count``, or a share whose count or complement is below it (or
        0 % / 100 %), withholds it. ``False`` is an explicit opt-out and is printed in
        the note.
    min_count
        Minimum unweighted count per published estimate.
    demo, data_version, note
        Passed to :class:`PublicationTable`.
    unit
        Whom the estimates describe, for the build's disclosure ledger (default: the
        ``source``): the counts they imply (``n`` per group, unweighted share x ``n``)
        are linked with count tables of the same unit and dimensions.

    Returns
    -------
    PublicationTable
        Numbers at full precision: per item (and ``cols`` group, the spanner) the
        columns ``estimate``, ``ci_low``/``ci_high`` (or ``se``) and ``n``, with
        formats (``digits``, percentage scale) and a merge: DOCX, HTML and LaTeX show
        "57.1 (29.3–81.1)", the workbook and CSV keep separate numeric columns.
        ``x`` (suppressed) and ``..`` (not available) stay symbols.

    Raises
    ------
    OutputError
        Empty input, missing columns, unknown countries, several confidence levels,
        or duplicate (group, item) rows.

    Example
    -------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"sector": ["NGO", "Police"], "variable": "aware", "level": None,
    ...                     "estimate": [.41, .52], "se": [.03, .04], "ci_low": [.35, .44],
    ...                     "ci_high": [.47, .60], "conf_level": 0.9, "n": [210, 3]})
    >>> t = estimates_table(est, rows="sector", title="Aware of the NRM", source="demo",
    ...                     percent=True)
    >>> list(t.data.columns), t.data.loc["Police"].tolist()
    (['estimate', 'ci_low', 'ci_high', 'n'], ['x', 'x', 'x', 'x'])
    >>> t.text_grid().rows
    [['NGO', '41.0 (35.0–47.0)', '210'], ['Police', 'x', 'x']]
    """
    import pandas as pd

    from heroes_research.disclosure._register import estimates_ledger, is_protected
    from heroes_research.tables._groups import (
        as_columns,
        group_label,
        group_order,
        heading,
        interval_label,
    )

    if interval not in ("ci", "se", None):
        raise OutputError(f"{_WHAT}: interval must be 'ci', 'se' or None, not {interval!r}",
                          reason="bad_argument", variable="interval", hint="use 'ci', 'se' or None")
    row_cols = as_columns(rows, _WHAT, "rows")
    col_cols = as_columns(cols, _WHAT, "cols")
    needed = ["estimate", "n", *{"ci": ("ci_low", "ci_high"), "se": ("se",)}.get(interval, ())]
    frame = tidy_estimates(estimates, groups=[*row_cols, *col_cols], needed=needed, what=_WHAT,
                           protect=protect, min_count=min_count, labels=labels)
    ledger = estimates_ledger(frame, by=[*row_cols, *col_cols], unit=unit or source, show_n=show_n)
    reasons = set(frame["suppression"]) if "suppression" in frame.columns else set()
    ci = interval_label(frame, _WHAT) if interval == "ci" else ""
    row_order, col_order = group_order(frame, row_cols), group_order(frame, col_cols)
    parts = [*_PARTS[interval], *(["n"] if show_n else [])]
    frame = pd.concat([frame[["item"]], _values(frame, parts)], axis=1).assign(
        _row=_positions(frame, row_cols, row_order), _col=_positions(frame, col_cols, col_order))
    items = list(dict.fromkeys(frame["item"]))
    head = {"ci": f"Estimate ({ci})", "se": "Estimate (SE)"}.get(interval, "")
    sheet_labels = {"estimate": "Estimate", "ci_low": f"{ci} lower", "ci_high": f"{ci} upper", "se": "SE",
                    "n": "n"}
    number = ColumnFormat(digits=digits, scale=100.0 if percent else 1.0)
    wide = frame.pivot(index="_row", columns=["_col", "item"], values=parts)
    wide = wide.reindex(range(len(row_order))).astype(object)
    wide = wide.where(wide.notna(), absent)  # a row x column combination without an estimate
    layout = _Layout()
    for j, col_key in enumerate(col_order):
        for item in items:
            if ("estimate", j, item) not in wide.columns:
                continue
            prefix = ([group_label(col_cols, col_key)] if col_cols else []) + ([item] if len(items) > 1 else [])
            layout.add_block(": ".join(prefix), {p: wide[(p, j, item)] for p in parts}, head, sheet_labels,
                             number, ColumnFormat(digits=0))
    table = pd.DataFrame(layout.columns)
    table.index = pd.Index([group_label(row_cols, k) for k in row_order],
                           name=heading(row_cols, labels))
    return PublicationTable(
        data=table, title=title, source=source, demo=demo, data_version=data_version,
        formats=layout.formats, merges=layout.merges, labels=layout.labels, spanners=layout.spanners,
        note=" ".join(filter(None, [note.strip(),
                                    _note(ci, interval, show_n, percent, protect, min_count,
                                          table, reasons)])),
        ledger=(ledger,),
        metadata={"kind": "estimates", "unit": "people", "protected": protect or is_protected(estimates),
                  "min_count": min_count if protect else None},
    )


def _positions(frame: pd.DataFrame, columns: list[str], order: list[tuple]) -> list[int]:
    """The position of each row's group in ``order`` (0 for all without grouping columns)."""
    if not columns:
        return [0] * len(frame)
    where = {key: i for i, key in enumerate(order)}
    return [where[key] for key in frame[columns].itertuples(index=False, name=None)]


def _note(ci: str, interval: str | None, show_n: bool, percent: bool, protect: bool,
          min_count: int, table: pd.DataFrame, reasons: Iterable[str] = ()) -> str:
    kind = "Percentages" if percent else "Estimates"
    what = {"ci": ci.replace("CI", "confidence interval"), "se": "standard error"}.get(interval)
    parts = [f"{kind} with the {what} in brackets" if what else kind]
    parts[0] += "; n = unweighted respondents who answered." if show_n else "."
    if protect:
        from heroes_research.disclosure import suppression_note

        parts.append(suppression_note(reasons, min_count, SUPPRESSED))
    else:
        parts.append(opt_out_note())
    if (table == NOT_AVAILABLE).any().any():
        parts.append(f"{NOT_AVAILABLE}: not available.")
    return " ".join(parts)


def ranking_table(
    estimates: pd.DataFrame,
    *,
    title: str,
    source: str,
    rows: str | Sequence[str] = "country",
    top: int = 3,
    labels: Labels = None,
    digits: int = 2,
    protect: bool = True,
    min_count: int = 5,
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
) -> PublicationTable:
    """The ``top`` items of each group by estimate, as "item (estimate)", highest first.

    Parameters
    ----------
    estimates
        Tidy estimates of several variables by the grouping (``pd.concat`` of
        ``design.mean(item, by=...)``): the ``rows`` column(s), ``variable``,
        ``estimate``, ``n``.
    rows
        Grouping column(s), one table row per group (countries by default).
    top
        Items shown per group.
    labels
        Item and heading labels: ``{variable or column: label}`` or a codebook.
    protect, min_count
        A group with any withheld item (fewer than ``min_count`` respondents) is
        withheld whole: its ranking would be incomplete.
    title, source, digits, demo, data_version, note
        As :func:`estimates_table`.

    Returns
    -------
    PublicationTable
        Per rank ``r`` the columns ``"r: Item"`` (text) and ``"r: Estimate"`` (a number),
        shown merged as "item (estimate)" under the heading "1", "2", ... ``top``.

    Example
    -------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"sector": ["NGO"] * 3, "variable": ["fear", "debt", "isolation"],
    ...                     "estimate": [4.1, 4.4, 3.9], "n": [40, 40, 38]})
    >>> ranking_table(est, rows="sector", top=2, title="t", source="s").text_grid().rows
    [['NGO', 'Debt (4.40)', 'Fear (4.10)']]
    """
    import pandas as pd

    from heroes_research.disclosure._register import estimates_ledger
    from heroes_research.tables._groups import as_columns, group_label, group_order, heading

    what = "ranking table"
    groups = as_columns(rows, what, "rows")
    frame = tidy_estimates(estimates, groups=groups, needed=["variable", "estimate", "n"],
                           what=what, protect=protect, min_count=min_count, labels=labels)
    order = group_order(frame, groups)
    ranks = [str(r) for r in range(1, top + 1)]
    table = {}
    shown = []
    for key in order:
        these = frame[[tuple(r) == key for r in frame[groups].itertuples(index=False, name=None)]]
        if these["suppressed"].any():
            table[group_label(groups, key)] = [SUPPRESSED] * (2 * top)
            continue
        best = these.sort_values("estimate", ascending=False, kind="stable").head(top)
        shown.append(best)
        cells = [x for v, e in zip(best["variable"], best["estimate"], strict=True) for x in (heading(v, labels), e)]
        table[group_label(groups, key)] = cells + [NOT_AVAILABLE] * (2 * top - len(cells))
    columns = [f"{r}: {part}" for r in ranks for part in ("Item", "Estimate")]
    data = pd.DataFrame.from_dict(table, orient="index", columns=columns).astype(object)
    data.index.name = heading(groups, labels)
    symbols = [f"{SUPPRESSED}: not shown to protect respondents (fewer than {min_count} respondents "
               "behind an item of the group)." if protect else opt_out_note()]
    return PublicationTable(
        data=data, title=title, source=source, demo=demo, data_version=data_version,
        formats={f"{r}: Estimate": ColumnFormat(digits=digits) for r in ranks},
        merges={r: Merge((f"{r}: Estimate", f"{r}: Item"), "{1} ({0})") for r in ranks},
        note=" ".join(filter(None, [note.strip(), "Estimates in brackets, highest first.", *symbols])),
        ledger=(estimates_ledger(pd.concat(shown) if shown else frame.iloc[:0], by=groups, unit=source,
                                 show_n=False),),
        metadata={"kind": "ranking", "protected": protect, "unit": "people",
                  "min_count": min_count if protect else None},
    )
