"""Shared by the table builders (and figures): country codes, symbols, notes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from heroes_research.errors import HeroesError, OutputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NOT_AVAILABLE",
    "SUPPRESSED",
    "SYMBOL_MEANINGS",
    "country_order",
    "normalise_countries",
    "opt_out_note",
    "require_columns",
    "require_rows",
    "spreadsheet_text",
    "tidy_estimates",
]

#: Shown where disclosure control withholds a value; the same symbol as
#: ``heroes_research.disclosure.SUPPRESSED_SYMBOL`` (a test keeps them equal).
SUPPRESSED = "x"
#: Shown where no value exists (not collected, not applicable): the OECD/UN "..".
NOT_AVAILABLE = ".."
#: What each table symbol means: the legend sheet of a workbook and the list of symbols in the report.
SYMBOL_MEANINGS: dict[str, str] = {
    SUPPRESSED: "not shown: disclosure control (too few respondents, or derivable from a total)",
    NOT_AVAILABLE: "not available (not collected or not applicable)",
    "✓": "provided for in law (standard met)",
    "◐": "partially provided for (standard partly met)",
    "✗": "not provided for (standard not met)",
    "?": "unknown or not yet coded",
    "n/a": "not applicable",
}


def require_rows(frame: pd.DataFrame, what: str) -> None:
    """Raise ``OutputError(reason="empty_data")`` when ``frame`` has no rows."""
    if frame is None or len(frame) == 0:
        raise OutputError(
            f"{what}: the input has no rows", reason="empty_data", variable="data",
            hint="check the filter or estimation step that produced it",
        )


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise ``OutputError(reason="missing_column")`` naming the first absent column."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise OutputError(
            f"{what}: column(s) {', '.join(map(repr, missing))} not found "
            f"(found: {', '.join(map(str, frame.columns))})",
            reason="missing_column", variable=missing[0],
            hint="rename the columns or pass the right column names",
        )


def normalise_countries(values: pd.Series, what: str) -> pd.Series:
    """Map names/codes to ISO alpha-2 (``GB-EAW``-style legal systems kept); list every unknown.

    Raises
    ------
    OutputError
        ``reason="unknown_country"`` with ``failures`` (row, value) for every unknown value.
    """
    import pandas as pd

    from heroes_research.countries import LEGAL_SYSTEMS, to_iso2

    def code(value: object) -> str | None:
        text = str(value).strip()
        if text.upper() in LEGAL_SYSTEMS:
            return text.upper()
        try:
            return to_iso2(text)
        except HeroesError:
            return None

    unique = pd.unique(values.astype("string").fillna(""))
    mapping = {v: code(v) for v in unique}  # one lookup per distinct value, not per row
    codes = values.astype("string").fillna("").map(mapping)
    bad = codes.isna()
    if bad.any():
        failures = pd.DataFrame({"row": values.index[bad], "value": values[bad].astype("string")})
        first = failures["value"].iloc[0]
        raise OutputError(
            f"{what}: {bad.sum()} row(s) with a country that is not an ISO 3166 country",
            reason="unknown_country", variable=str(values.name), rows=list(failures["row"]),
            country=str(first), failures=failures,
            hint="use ISO 3166 codes or English country names (heroes_research.countries.to_iso2)",
        )
    return codes.astype("string")


def country_order(code: str) -> float:
    """Sort key: the display order of countries.py (the 15 first, then any ISO country by name);
    legal systems right after their country."""
    from heroes_research.countries import sort_key

    return sort_key(code)


def opt_out_note() -> str:
    """The sentence a table carries when its author switched disclosure control off."""
    return ("Disclosure control was NOT applied (protect=False): small cells are shown; "
            "do not publish outside the project.")


def tidy_estimates(
    estimates: pd.DataFrame,
    *,
    groups: list[str],
    needed: list[str],
    what: str,
    protect: bool,
    min_count: int,
    labels: object = None,
) -> pd.DataFrame:
    """Tidy survey estimates ready to publish: one row per (group, item), protected.

    Reads columns only (the index is dropped): the grouping columns ``groups``
    (``country`` checked and turned into ISO codes), and an ``item`` label made
    from ``variable``/``level`` where they vary within a group (variable labels
    from ``labels``).
    ``suppressed`` (bool) comes from :func:`heroes_research.disclosure.protect_estimates`
    (threshold on ``n``, and on ``n_level`` within a published distribution) unless
    ``protect`` is false, which keeps the flags of an already protected frame.
    """
    from heroes_research.tables._groups import item_labels, normalise_groups

    require_rows(estimates, what)
    frame = estimates.reset_index(drop=True)
    require_columns(frame, needed, what)
    frame = normalise_groups(frame, groups, what)
    frame = frame.assign(item=item_labels(frame, labels, groups))
    dupes = frame.duplicated([*groups, "item"], keep=False)
    if dupes.any():
        raise OutputError(f"{what}: more than one estimate per {' x '.join([*groups, 'item'])}",
                          reason="duplicate_rows", rows=list(frame.index[dupes]),
                          hint="group by every by-column of the estimates (rows=, cols=), or "
                               "filter to one variable/level before tabulating")
    if protect:
        from heroes_research.disclosure import protect_estimates

        frame = protect_estimates(frame, n="n", min_count=min_count)
    elif "suppressed" not in frame.columns:  # flags of an already protected frame are kept
        frame = frame.assign(suppressed=False)
    return frame.assign(suppressed=frame["suppressed"].fillna(False).astype(bool))


def spreadsheet_text(value: str) -> str:
    """Text as written to a CSV or XLSX cell: the one place formula-injection protection applies.

    MERGE (faults worker): return ``heroes_research.tables._injection.neutralise_formula(value)``
    here; every CSV and XLSX text cell, title and note goes through this function.

    Example
    -------
    >>> spreadsheet_text("Austria")
    'Austria'
    """
    return value
