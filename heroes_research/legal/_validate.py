"""Validation of legal codings: every problem in every row of every file, collected into one error.

The rules are those of ``data/raw/legal/CODING_PROTOCOL.md``: a known jurisdiction
and indicator; a value inside the indicator's levels or range; a coded row cites
statute, source type, document, http(s) URL, consultation date, a short verbatim
excerpt, coder and the date the source attests the law; an ``unknown`` row records
what was searched; dates are ISO; validity intervals ``[start, valid_to)`` of one
(jurisdiction, indicator) do not overlap. Modelled on pandera's lazy validation:
the whole table is checked before anything is raised.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.countries import COUNTRY_CODES, LEGAL_SYSTEMS
from heroes_research.errors import LegalDataError
from heroes_research.legal._files import COLUMNS, REQUIRED
from heroes_research.legal._indicators import LIFE, IndicatorSet

__all__ = ["DATA_COLUMNS", "EXCERPT_MAX", "STATUSES", "validate_codings"]

STATUSES = ("verified", "draft", "unknown")
SOURCE_TYPES = ("primary", "secondary")
#: Longest excerpt accepted (characters, whitespace normalised): the protocol's "at most ~300" plus a margin
#: for quotation marks and ellipses.
EXCERPT_MAX = 320
#: Citation fields a coded (draft or verified) row must fill.
CITATION = ("statute", "source_type", "document", "url", "consulted", "excerpt", "attested_on")
FAILURE_COLUMNS = ["file", "line", "jurisdiction", "indicator", "column", "value", "problem"]
#: Columns of the validated long table (``country`` is the jurisdiction; ``as_of`` the day the row takes effect).
DATA_COLUMNS = ["country", "iso2", "indicator", "area", "value", "as_of", "valid_to", "status", "source",
                "source_url", "coder", "note", "valid_from", "attested_on", "statute", "article", "source_type",
                "document", "consulted", "excerpt", "searched", "file", "line"]


def _dates(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column.where(column.ne("")), format="%Y-%m-%d", errors="coerce")


def _value_problems(frame: pd.DataFrame, indicators: IndicatorSet) -> pd.Series:
    """Per row: a message if a coded value does not fit its indicator, else NA."""
    wide = indicators.to_wide().set_index("indicator")
    kind = frame["indicator"].map(wide["type"])
    has_value = frame["value"].ne("")
    allowed = indicators.to_long()
    allowed = allowed[~allowed["indicator"].map(wide["type"]).eq("numeric")]
    pairs = pd.MultiIndex.from_frame(allowed[["indicator", "level"]])
    in_levels = pd.MultiIndex.from_frame(frame[["indicator", "value"]]).isin(pairs)
    number = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    low = frame["indicator"].map(wide["range_low"]).astype(float)
    high = frame["indicator"].map(wide["range_high"]).astype(float)
    life = frame["value"].eq(LIFE) & frame["indicator"].map(wide["allows_life"]).eq(True)
    levels = frame["indicator"].map(wide["levels"]).fillna("")
    message = pd.Series(pd.NA, index=frame.index, dtype="string")
    bad_level = has_value & kind.notna() & kind.ne("numeric") & ~in_levels
    message[bad_level] = "value is not a level of the indicator (levels: " + levels[bad_level].str.replace("|", ", ") + ")"
    bad_number = has_value & kind.eq("numeric") & ~number.between(low, high) & ~life
    message[bad_number] = ("value is not a number in the indicator's range [" + low[bad_number].astype(str)
                           + ", " + high[bad_number].astype(str) + "]")
    return message


def _overlaps(frame: pd.DataFrame, start: pd.Series, end: pd.Series) -> pd.Series:
    """Both rows of every pair of consecutive, overlapping validity intervals of one (jurisdiction, indicator)."""
    key = frame["jurisdiction"] + "\x1f" + frame["indicator"]
    ns = "datetime64[ns]"
    order = pd.DataFrame({"key": key, "start": start.astype(ns).fillna(pd.Timestamp.min),
                          "end": end.astype(ns).fillna(pd.Timestamp.max)}).sort_values(["key", "start"], kind="stable")
    prev_end = order.groupby("key")["end"].shift()
    clash = (order["start"] < prev_end).to_numpy()
    previous = np.roll(clash, -1)  # the row before a clashing one (same key: shift() gave NaT across keys)
    return pd.Series(frame.index.isin(order.index[clash | previous]), index=frame.index)


def _checks(frame: pd.DataFrame, indicators: IndicatorSet) -> list[tuple[str, pd.Series, str]]:
    """(column, failing rows, problem) for every rule except the value's fit."""
    places = set(COUNTRY_CODES) | set(LEGAL_SYSTEMS)
    coded = frame["status"].isin(["verified", "draft"])
    unknown = frame["status"].eq("unknown")
    dates = {c: _dates(frame[c]) for c in ("valid_from", "valid_to", "attested_on", "consulted")}
    start = dates["valid_from"].fillna(dates["attested_on"])
    iso2 = frame["jurisdiction"].replace({code: c for code, (c, _name) in LEGAL_SYSTEMS.items()})
    is_system = frame["jurisdiction"].isin(list(LEGAL_SYSTEMS))
    mixed = is_system.groupby([iso2, frame["indicator"]]).transform("nunique").gt(1) & ~is_system
    stem = frame["file"].str.replace(r"\.csv$", "", regex=True)
    checks = [
        ("jurisdiction", ~frame["jurisdiction"].isin(places),
         "unknown jurisdiction (use ISO alpha-2, or GB-EAW / GB-SCT / GB-NIR)"),
        ("jurisdiction", frame["from_file"] & frame["jurisdiction"].isin(places) & frame["jurisdiction"].ne(stem),
         "jurisdiction differs from the file name (one file per jurisdiction: <JURISDICTION>.csv)"),
        ("jurisdiction", mixed, "coded both for the whole country and per legal system: code one or the other"),
        ("indicator", ~frame["indicator"].isin(indicators.ids), "indicator id is not in indicators.yaml"),
        ("status", ~frame["status"].isin(STATUSES), f"status must be one of {', '.join(STATUSES)}"),
        ("value", unknown & frame["value"].ne(""), "status is unknown but a value is given"),
        ("value", coded & frame["value"].eq(""), "no value: code status 'unknown' with 'searched' instead"),
        ("coder", frame["coder"].eq(""), "no coder"),
        ("searched", unknown & frame["searched"].eq(""), "an unknown row must record what was searched"),
        ("source_type", coded & frame["source_type"].ne("") & ~frame["source_type"].isin(SOURCE_TYPES),
         f"source_type must be one of {', '.join(SOURCE_TYPES)}"),
        ("status", frame["status"].eq("verified") & frame["source_type"].eq("secondary"),
         "verified needs the primary text: a secondary source is 'draft'"),
        ("url", coded & frame["url"].ne("") & ~frame["url"].str.match(r"https?://[^\s/$.?#][^\s]*$"),
         "url is not an http(s) URL"),
        ("excerpt", frame["excerpt"].str.replace(r"\s+", " ", regex=True).str.len().gt(EXCERPT_MAX),
         f"excerpt longer than {EXCERPT_MAX} characters: quote only the words that support the value"),
        ("valid_to", dates["valid_to"].notna() & start.notna() & dates["valid_to"].le(start),
         "valid_to is not after the row's start (valid_from, else attested_on)"),
        ("valid_from", _overlaps(frame, start, dates["valid_to"]),
         "validity interval overlaps another row of this jurisdiction and indicator (set valid_to on the old rule)"),
    ]
    checks += [(c, coded & frame[c].eq(""), f"a coded row needs '{c}' (see CODING_PROTOCOL.md)") for c in CITATION]
    checks += [(c, frame[c].ne("") & dates[c].isna(), f"{c} is not a date in YYYY-MM-DD form") for c in dates]
    return checks


def _problems(frame: pd.DataFrame, indicators: IndicatorSet) -> pd.DataFrame:
    """One row per (row, problem), columns ``FAILURE_COLUMNS``."""
    keep = ["file", "line", "jurisdiction", "indicator"]
    parts = [frame.loc[mask, keep].assign(column=column, value=frame.loc[mask, column], problem=text)
             for column, mask, text in _checks(frame, indicators) if mask.any()]
    bad_value = _value_problems(frame, indicators)
    if bad_value.notna().any():
        hit = bad_value.notna()
        parts.append(frame.loc[hit, keep].assign(column="value", value=frame.loc[hit, "value"],
                                                 problem=bad_value[hit]))
    if not parts:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[FAILURE_COLUMNS]
    return out.sort_values(["file", "line", "column"], kind="stable").reset_index(drop=True)


def _tidy(clean: pd.DataFrame, indicators: IndicatorSet) -> pd.DataFrame:
    """The validated long table (``DATA_COLUMNS``)."""
    valid_from, attested = _dates(clean["valid_from"]), _dates(clean["attested_on"])
    cited = (clean["statute"] + " " + clean["article"]).str.strip()
    return pd.DataFrame({
        "country": clean["jurisdiction"],
        "iso2": clean["jurisdiction"].replace({code: iso2 for code, (iso2, _name) in LEGAL_SYSTEMS.items()}),
        "indicator": clean["indicator"], "area": clean["indicator"].map({i.id: i.area for i in indicators}),
        "value": clean["value"], "as_of": valid_from.fillna(attested), "valid_to": _dates(clean["valid_to"]),
        "status": clean["status"], "source": cited, "source_url": clean["url"], "coder": clean["coder"],
        "note": clean["note"], "valid_from": valid_from, "attested_on": attested, "statute": clean["statute"],
        "article": clean["article"], "source_type": clean["source_type"], "document": clean["document"],
        "consulted": _dates(clean["consulted"]), "excerpt": clean["excerpt"].str.replace(r"\s+", " ", regex=True),
        "searched": clean["searched"], "file": clean["file"], "line": clean["line"],
    })[DATA_COLUMNS]


def validate_codings(frame: pd.DataFrame, indicators: IndicatorSet, *, file: str | None = None) -> pd.DataFrame:
    """Check codings; return the validated long table or raise one error listing every problem.

    Parameters
    ----------
    frame
        Rows with the protocol's columns (``jurisdiction, indicator, value, status, coder``
        at least; others default to empty), strings. ``file``/``line`` columns, when present
        (as :func:`read_coding_files` gives them), locate each row; otherwise the row's
        position is its line (2 = first row under a header) in ``file``.
    indicators
        The codebook the codings refer to.
    file
        Named in the error when the rows came from one file or frame.

    Returns
    -------
    pandas.DataFrame
        Columns ``DATA_COLUMNS``: ``country`` is the jurisdiction, ``as_of`` the day the
        row takes effect (``valid_from``, else ``attested_on``; NaT for an undated unknown),
        ``valid_to`` the day it stops (NaT = still in force), ``source`` "statute article".

    Raises
    ------
    LegalDataError
        ``reason="missing_columns"`` if required columns are absent; otherwise
        ``reason="invalid_codings"`` with ``failures`` (columns file, line, jurisdiction,
        indicator, column, value, problem) listing every problem in every row.
    """
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise LegalDataError(f"legal codings: missing column(s) {', '.join(missing)}", file=file,
                             reason="missing_columns", hint=f"the codings need the columns {', '.join(COLUMNS)}")
    clean = frame.reindex(columns=list(COLUMNS)).astype("string").fillna("").apply(lambda col: col.str.strip())
    from_file = "file" in frame.columns
    clean["file"] = frame["file"].astype(str).to_numpy() if from_file else (file or "<frame>")
    clean["line"] = (frame["line"].astype(int).to_numpy() if "line" in frame.columns
                     else np.arange(2, 2 + len(clean)))
    clean["from_file"] = from_file
    failures = _problems(clean, indicators)
    if len(failures):
        lines = (failures["file"] + ":" + failures["line"].astype(str)).drop_duplicates().tolist()
        shown = ", ".join(lines[:8]) + (f" and {len(lines) - 8} more" if len(lines) > 8 else "")
        raise LegalDataError(
            f"legal codings: {len(failures)} problem(s) in {len(lines)} row(s): {shown}", file=file,
            rows=failures["line"].drop_duplicates().tolist(), failures=failures, reason="invalid_codings",
            hint="fix every listed row (the error's .failures table names file, line, column and problem)",
        )
    return _tidy(clean, indicators)
