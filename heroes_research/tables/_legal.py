"""Legal-framework matrix: indicators x countries with ✓ / ◐ / ✗ / ? and footnoted citations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError
from heroes_research.tables._common import (
    country_order,
    normalise_countries,
    require_columns,
    require_rows,
)
from heroes_research.tables._table import PublicationTable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LEGAL_SYMBOLS", "STANDARD_STATUS", "legal_matrix_table", "legal_symbol", "standard_status",
           "standard_values"]

_WHAT = "legal matrix table"

#: Coded value -> symbol. Anything else is printed as it is (ordinal scores, short text).
LEGAL_SYMBOLS: dict[str, str] = {
    "yes": "✓", "true": "✓", "1": "✓", "1.0": "✓",
    "partial": "◐", "partly": "◐", "0.5": "◐",
    "no": "✗", "false": "✗", "0": "✗", "0.0": "✗",
    "unknown": "?", "": "?", "<na>": "?", "nan": "?", "none": "?",
    "not applicable": "n/a", "not_applicable": "n/a", "n/a": "n/a",
}
_KEY = "✓ provided for in law; ◐ partially; ✗ not provided; ? unknown or not yet coded; n/a not applicable."
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def legal_symbol(value: Any) -> str:
    """The matrix symbol of one coded value (``True`` -> ✓, ``"partial"`` -> ◐, missing -> ?).

    Parameters
    ----------
    value
        A coded value: bool, ``"yes"``/``"no"``/``"partial"``, a number, or missing.

    Returns
    -------
    str
        The symbol of :data:`LEGAL_SYMBOLS`, else the value as text (``_`` -> space).

    Example
    -------
    >>> [legal_symbol(v) for v in (True, False, "partial", None, 16)]
    ['✓', '✗', '◐', '?', '16']
    """
    text = str(value).strip()
    return LEGAL_SYMBOLS.get(text.casefold(), text.replace("_", " "))


#: Distance to the international standard, best first, and the coded value that shows it.
STANDARD_STATUS: dict[str, str] = {"met": "yes", "partly met": "partial", "not met": "no"}


def standard_status(score: pd.Series) -> pd.Series:
    """``"met"`` (score 1), ``"partly met"`` (0 < score < 1), ``"not met"`` (0); NA where unscored.

    ``score`` is the 0-1 indicator score against the codebook's goalposts, as
    :meth:`heroes_research.legal.Codings.to_long` gives it (NA: unknown value or a
    descriptive indicator). The same rule as :func:`heroes_research.legal.gaps`.

    Example
    -------
    >>> import pandas as pd
    >>> standard_status(pd.Series([1.0, 0.5, 0.0, None])).tolist()
    ['met', 'partly met', 'not met', <NA>]
    """
    import pandas as pd

    status = pd.Series(pd.NA, index=score.index, dtype="string")
    return status.mask(score.eq(1), "met").mask(score.gt(0) & score.lt(1), "partly met").mask(score.eq(0), "not met")


def standard_values(codings: Any) -> pd.DataFrame:
    """Long codings whose scored values are replaced by their distance to the standard (yes/partial/no).

    Values without a score (unknown, or descriptive indicators such as an age of consent)
    stay as coded. ``codings`` is a :class:`heroes_research.legal.Codings` or a long frame
    with a ``score`` column (e.g. its ``to_long()``).
    """
    frame = _codings_frame(codings)
    require_columns(frame, ["score"], _WHAT + " (scored against the standard)")
    met = standard_status(frame["score"]).map(STANDARD_STATUS)
    return frame.assign(value=met.astype("object").fillna(frame["value"].astype("object")))


def _codings_frame(codings: Any) -> pd.DataFrame:
    """Long codings from a frame or a :class:`heroes_research.legal.Codings` (latest snapshot)."""
    if hasattr(codings, "to_long"):
        if getattr(codings, "date", "snapshot") is None:
            codings = codings.latest()
        codings = codings.to_long()
    if "status" in codings.columns:
        codings = codings.assign(value=codings["value"].mask(codings["status"].eq("unknown")))
    return codings


def _indicator_frame(indicators: Any) -> pd.DataFrame:
    """``id``/``question`` from a frame or an :class:`heroes_research.legal.IndicatorSet`."""
    if hasattr(indicators, "to_wide"):
        return indicators.to_wide().rename(columns={"indicator": "id"})
    return indicators


def _level_labels(indicators: Any, frame: pd.DataFrame, cells: pd.Series) -> pd.Series:
    """Cells that are not symbols get the codebook's label of their level (``16`` stays ``16``).

    A level without a label keeps :func:`legal_symbol`'s text (``means_not_required`` ->
    ``means not required``).
    """
    if not hasattr(indicators, "to_long"):
        return cells
    levels = indicators.to_long()
    # the codebook falls back to the level code where it has no label: keep legal_symbol's text then
    levels = levels[levels["label"].astype(str) != levels["level"].astype(str)]
    keys = levels["indicator"].astype(str) + "\x1f" + levels["level"].astype(str)
    label = dict(zip(keys, levels["label"].astype(str), strict=True))
    looked_up = (frame["indicator"] + "\x1f" + frame["value"].astype("string")).map(label)
    is_symbol = cells.isin(list(LEGAL_SYMBOLS.values()))
    return cells.where(is_symbol | looked_up.isna(), looked_up)


def _row_labels(indicators: Any, ids: list[str], with_question: bool) -> dict[str, str]:
    """``id`` -> ``"id. question"`` (or ``id``), in the indicator codebook's order when given."""
    if indicators is None:
        return {i: i for i in ids}
    frame = _indicator_frame(indicators)
    require_columns(frame, ["id", "question"], _WHAT + " (indicators)")
    known = dict(zip(frame["id"].astype(str), frame["question"].astype(str), strict=True))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise OutputError(f"{_WHAT}: indicator(s) not in the indicator codebook: {', '.join(unknown)}",
                          reason="unknown_indicator", variable="indicator",
                          hint="add them to the indicators or correct the codings")
    return {i: f"{i}. {q}" if with_question else i for i, q in known.items() if i in ids}


def legal_matrix_table(
    codings: Any,
    indicators: Any = None,
    *,
    title: str,
    source: str,
    cite: bool = True,
    questions: bool = True,
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
) -> PublicationTable:
    """Indicators in rows, countries (ISO codes, display order) in columns.

    Parameters
    ----------
    codings
        A :class:`heroes_research.legal.Codings` (its latest snapshot unless it is one
        already; legal systems such as GB-EAW get their own column) or a long frame with
        ``country``, ``indicator``, ``value`` and, for citations, ``source`` and ``as_of``.
        Values with ``status == "unknown"`` show as ``?``.
    indicators
        Indicator codebook (:class:`IndicatorSet` or a frame with ``id`` and ``question``)
        for the row labels and order; default: the one attached to ``codings``.
    title, source
        Table title and data source.
    cite
        Footnote each cell's legal source (one numbered footnote per distinct citation).
    questions
        Label rows "id. question" (default) or by indicator id only.
    demo, data_version, note
        Passed to :class:`PublicationTable`.

    Returns
    -------
    PublicationTable

    Raises
    ------
    OutputError
        Empty input, missing columns, unknown countries or indicators, duplicate codings.

    Notes
    -----
    Legal codings describe public law, not respondents: no disclosure control applies.

    Example
    -------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"country": ["AT", "BE"], "indicator": ["L1", "L1"],
    ...                   "value": ["yes", "partial"], "source": ["StGB §104a", "Code pénal art. 433"],
    ...                   "as_of": ["2026-01-01", "2026-01-01"]})
    >>> legal_matrix_table(c, title="Criminalisation", source="HEROES legal coding").data.iloc[0].tolist()
    ['✓¹', '◐²']
    """
    import pandas as pd

    frame = _codings_frame(codings)
    if indicators is None:
        indicators = getattr(codings, "indicators", None)
    require_rows(frame, _WHAT)
    require_columns(frame, ["country", "indicator", "value", *(("source",) if cite else ())], _WHAT)
    frame = frame.assign(country=normalise_countries(frame["country"], _WHAT),
                         indicator=frame["indicator"].astype(str))
    dupes = frame.duplicated(["country", "indicator"], keep=False)
    if dupes.any():
        raise OutputError(f"{_WHAT}: more than one coding per country and indicator",
                          reason="duplicate_rows", rows=list(frame.index[dupes]), variable="indicator",
                          hint="take one snapshot of the law: codings.as_of(date) or codings.latest()")
    ids = list(dict.fromkeys(frame["indicator"]))
    labels = _row_labels(indicators, ids, questions)
    countries = sorted(frame["country"].unique(), key=country_order)
    frame = frame.assign(
        row=pd.Categorical(frame["indicator"], categories=list(labels)),
        col=pd.Categorical(frame["country"], categories=countries),
    ).sort_values(["row", "col"])
    cells = _level_labels(indicators, frame, frame["value"].map(legal_symbol))
    footnotes: tuple[str, ...] = ()
    if cite:
        cells, footnotes = _cite(frame, cells)
    wide = frame.assign(cell=cells).pivot(index="row", columns="col", values="cell")
    wide = wide.reindex(index=list(labels), columns=countries).fillna("?")
    wide.index = pd.Index([labels[i] for i in wide.index], name="Indicator")
    wide.columns = pd.Index(list(countries))
    text = " ".join(filter(None, [note.strip(), _KEY,
                                  "Countries by ISO 3166-1 alpha-2 code.",
                                  "Superscript numbers refer to the legal sources listed above." if cite else ""]))
    return PublicationTable(
        data=wide, title=title, source=source, note=text, footnotes=footnotes, demo=demo,
        data_version=data_version,
        metadata={"kind": "legal_matrix", "protected": False},
    )


def _cite(frame: pd.DataFrame, cells: pd.Series) -> tuple[pd.Series, tuple[str, ...]]:
    """Number the distinct citations in reading order and append the numbers to the cells."""
    from heroes_research.countries import country_name

    as_of = frame["as_of"].astype("string") if "as_of" in frame.columns else None
    text = frame["country"].map(country_name) + ": " + frame["source"].astype("string").str.strip()
    if as_of is not None:
        text = text + (" (as of " + as_of + ")").fillna("")
    has_source = (frame["source"].notna() & (frame["source"].astype("string").str.strip() != "")
                  & (cells != "?"))
    distinct = list(dict.fromkeys(text[has_source]))
    number = {t: str(i).translate(_SUPERSCRIPT) for i, t in enumerate(distinct, start=1)}
    # string dtype before the blanks go in: with no citation at all, map() gives float NaN
    marks = text.map(number).astype("string").where(has_source, "")  # an unknown value cites nothing
    return cells + marks, tuple(distinct)
