"""Tables of counts (respondents, cases) with totals, protected by cell suppression or rounding."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

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


def _protected(table: pd.DataFrame, protect: bool, *, margins: bool, **options) -> tuple[pd.DataFrame, str]:
    """The table to show (protected by ``protect_table`` unless opted out) and its protection note."""
    if protect:
        from heroes_research.disclosure import protect_table

        protected = protect_table(table, margins=margins, **options)
        shown = protected.table.rename_axis(index=table.index.names, columns=table.columns.name)
        return shown, protected.note
    shown = table.copy()
    if margins:
        shown.loc[:, _TOTAL] = shown.sum(axis=1)
        shown.loc[_TOTAL] = shown.sum(axis=0)
    return shown, opt_out_note()


def counts_table(
    data: pd.DataFrame,
    rows: str | None = None,
    cols: str | None = None,
    *,
    title: str,
    source: str,
    margins: bool = True,
    protect: bool = True,
    min_count: int = 5,
    method: Literal["suppress", "round"] = "suppress",
    zeros: str = "safe",
    base: int = 5,
    seed: int = 0,
    labels: Labels = None,
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
) -> PublicationTable:
    """Counts with a Total row and column (unless ``margins=False``), disclosure-controlled by default.

    Parameters
    ----------
    data
        Microdata (one row per respondent or case) when ``rows`` is given; otherwise a
        ready table of counts (index x columns; a two-level row index is a hierarchical
        table, protected with its subtotals), or a
        :class:`~heroes_research.disclosure.ProtectedTable` protected already (e.g. by
        :func:`~heroes_research.disclosure.protect_linked` with the tables it is linked
        to), published as it is. A dimension called ``country`` is checked, ordered and
        labelled as the study countries.
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
        Passed to ``protect_table``.
    labels
        The row heading: ``{column: label}`` or a codebook (its variable labels);
        default the column name made readable (``"Country"`` for countries).
    demo, data_version, note
        Passed to :class:`PublicationTable`.

    Returns
    -------
    PublicationTable

    Raises
    ------
    OutputError
        Empty input, missing columns, unknown countries.

    Example
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"country": ["AT"] * 12 + ["BE"] * 2, "sector": ["police"] * 14})
    >>> counts_table(df, "country", "sector", title="Respondents", source="demo",
    ...              protect=False).data.loc["Belgium", "police"]
    2
    """
    from heroes_research.disclosure import ProtectedTable

    if isinstance(data, ProtectedTable):  # protected with the tables it is linked to: published as it is
        table = shown = data.table
        protection_note, protect, margins = data.note, True, data.margins
        min_count, method = data.min_count, data.method
    else:
        require_rows(data, _WHAT)
        table = _crosstab(data, rows, cols) if rows is not None else data
        require_rows(table, _WHAT)
        shown, protection_note = _protected(table, protect, min_count=min_count, zeros=zeros,
                                            margins=margins, method=method, base=base, seed=seed)
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
        metadata={"kind": "counts", "protected": protect,
                  "margins": margins,
                  "min_count": min_count if protect else None,
                  "method": method if protect else None},
    )
