"""Tables of counts (respondents, cases) with totals, protected by cell suppression or rounding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from heroes_research.errors import OutputError
from heroes_research.tables._common import (
    SUPPRESSED,
    country_order,
    normalise_countries,
    opt_out_note,
    require_columns,
    require_rows,
)
from heroes_research.tables._format import ColumnFormat
from heroes_research.tables._groups import Labels, heading
from heroes_research.tables._table import PublicationTable

if TYPE_CHECKING:
    import pandas as pd

    from heroes_research.disclosure import LedgerTable, ProtectedTable

__all__ = ["counts_table"]

_WHAT = "counts table"
_TOTAL = "Total"


def _crosstab(data: pd.DataFrame, rows: str, cols: str | None) -> pd.DataFrame:
    """Unweighted counts of ``rows`` x ``cols`` (or one column ``n``)."""
    import pandas as pd

    require_columns(data, [rows, *([cols] if cols else [])], _WHAT)
    if "country" in (rows, cols):  # "España" and "ES" must count as one country
        data = data.assign(country=normalise_countries(data["country"], _WHAT))
    if cols is None:
        return data.groupby(rows, observed=True).size().to_frame("n")
    return pd.crosstab(data[rows], data[cols])


def _display_countries(table: pd.DataFrame) -> pd.DataFrame:
    """Check, order and name the countries when a dimension is called ``country``; Total last."""
    import pandas as pd

    from heroes_research.countries import country_name

    for axis in ("index", "columns"):
        labels = getattr(table, axis)
        if labels.name != "country":
            continue
        body = [label for label in labels if label != _TOTAL]
        codes = normalise_countries(pd.Series(body, name="country"), _WHAT)
        order = sorted(range(len(body)), key=lambda i: country_order(codes[i]))
        table = table.reindex(**{axis: [body[i] for i in order] + [_TOTAL] * (_TOTAL in labels)})
        names = [country_name(codes[i]) for i in order] + [_TOTAL] * (_TOTAL in labels)
        setattr(table, axis, pd.Index(names, name="Country"))
    return table


def _named(table: pd.DataFrame) -> pd.DataFrame:
    """Unnamed dimensions called ``row`` / ``column`` (a ledger cell names its dimensions)."""
    names = [n if n is not None else ("row" if table.index.nlevels == 1 else f"row{i}")
             for i, n in enumerate(table.index.names)]
    return table.rename_axis(index=names, columns=table.columns.name or "column")


def _ledger(protected: ProtectedTable | None, table: pd.DataFrame, unit: str) -> LedgerTable:
    """The table's cells for the build's disclosure ledger (margins and additivity included)."""
    from dataclasses import replace

    from heroes_research.disclosure import ledger_table
    from heroes_research.disclosure._register import counts_ledger

    if protected is None:  # protect=False: the true counts are what a reader holds
        return counts_ledger(_named(table), unit=unit, method="none")
    return ledger_table("", unit, replace(protected, table=_named(protected.table)))


def counts_table(
    data: pd.DataFrame | ProtectedTable,
    rows: str | None = None,
    cols: str | None = None,
    *,
    title: str,
    source: str,
    margins: bool = True,
    protect: bool = True,
    min_count: int = 5,
    method: Literal["suppress", "round"] = "suppress",
    zeros: str = "disclosive",
    base: int = 5,
    seed: int = 0,
    labels: Labels = None,
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
    unit: str | None = None,
) -> PublicationTable:
    """Counts with a Total row and column (unless ``margins=False``), disclosure-controlled by default.

    Parameters
    ----------
    data
        Microdata (one row per respondent or case) when ``rows`` is given; otherwise a
        ready table of counts (index x columns; a two-level row index is a hierarchical
        table, protected with its subtotals), or a table protected already
        (:func:`~heroes_research.disclosure.protect_table`, one result of
        :func:`~heroes_research.disclosure.protect_linked`), published as it is. A
        dimension called ``country`` is checked, ordered and labelled as the study countries.
    rows, cols
        Columns of ``data`` to cross-tabulate (any grouping: ``country``, ``sector``...);
        ``cols=None`` counts ``rows`` alone.
    margins
        Show the ``Total`` row and column (default). ``False`` for counts whose totals are
        not sums, e.g. interviews mentioning each code when one interview can mention
        several codes; the protection still assumes a reader knows every total.
    title, source
        Table title and data source.
    protect
        Apply :func:`heroes_research.disclosure.protect_table` (default): primary
        suppression below ``min_count`` plus secondary suppression so no suppressed
        cell can be derived from the totals, or rounding to ``base``
        (``method="round"``). ``False`` is an explicit opt-out printed in the note.
    min_count, method, zeros, base, seed
        Passed to ``protect_table``: zeros are disclosive by default (a table of people
        that shows a zero tells every member of the group that no one answered so);
        ``zeros="safe"`` is the explicit opt-out for zeros that describe no one.
    labels
        The row heading: ``{column: label}`` or a codebook (its variable labels);
        default the column name made readable (``"Country"`` for countries).
    demo, data_version, note
        Passed to :class:`PublicationTable`.
    unit
        Whom the cells count, for the build's disclosure ledger: tables of the same
        unit and dimensions share cells in the joint attack. Default: the ``source``.

    Returns
    -------
    PublicationTable
        With its ledger entry (every cell and margin, published or hidden, and how the
        cells add up), written by :func:`save_table` into the side-car.

    Raises
    ------
    OutputError
        Empty input, missing columns, unknown countries, a protected table of magnitudes.

    Example
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"country": ["AT"] * 12 + ["BE"] * 2, "sector": ["police"] * 14})
    >>> counts_table(df, "country", "sector", title="Respondents", source="demo",
    ...              protect=False).data.loc["Belgium", "police"]
    2
    """
    from heroes_research.disclosure import ProtectedTable, protect_table

    given = data if isinstance(data, ProtectedTable) else None
    if given is not None and not given.integer:
        raise OutputError(f"{_WHAT} {title!r}: the protected table holds magnitudes (protect_magnitude), not counts",
                          reason="bad_argument", variable="data",
                          hint="publish counts protected by protect_table or protect_linked")
    if given is not None:
        table = given.layout.inner(given.table) if given.margins else given.table
        protect, margins, method = True, given.margins, given.method
        min_count = given.min_count or min_count
    else:
        require_rows(data, _WHAT)
        table = _crosstab(data, rows, cols) if rows is not None else data
    require_rows(table, _WHAT)
    protected = None
    if protect:
        protected = given or protect_table(table, min_count=min_count, zeros=zeros, margins=margins,
                                           method=method, base=base, seed=seed)
        shown, protection_note = protected.table, protected.note
        shown = shown.rename_axis(index=table.index.names, columns=table.columns.name)
    else:
        shown = table.copy()
        if margins:
            shown.loc[:, _TOTAL] = shown.sum(axis=1)
            shown.loc[_TOTAL] = shown.sum(axis=0)
        protection_note = opt_out_note()
    ledger = _ledger(protected, table, unit or source)
    if table.shape[1] == 1:  # a one-way count: its Total column would repeat it
        shown = shown.drop(columns=_TOTAL, errors="ignore")
    shown = _display_countries(shown)
    counts = shown.astype("Int64")
    cells = counts.astype(object).where(counts.notna(), SUPPRESSED)
    cells.columns = cells.columns.astype(str)
    if cells.index.nlevels == 1:  # a hierarchical table keeps its level names
        name = shown.index.name or rows
        cells.index = cells.index.astype(str).rename(
            heading(name, labels) if name and name != "Country" else name or "")
    return PublicationTable(
        data=cells, title=title, source=source, demo=demo, data_version=data_version,
        formats=dict.fromkeys(cells.columns, ColumnFormat(digits=0)),
        note=" ".join(filter(None, [note.strip(), "Unweighted counts.", protection_note])),
        ledger=(ledger,),
        metadata={"kind": "counts", "protected": protect, "unit": "people",
                  "margins": margins,
                  "min_count": min_count if protect else None,
                  "method": method if protect else None},
    )
