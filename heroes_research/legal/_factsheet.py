"""Fact sheets: every indicator of a jurisdiction with its value and the citation a reader can check."""

from __future__ import annotations

import pandas as pd

from heroes_research.legal._codings import Codings
from heroes_research.legal._coverage import coverage

__all__ = ["FACT_COLUMNS", "fact_sheet"]

FACT_COLUMNS = ["jurisdiction", "indicator", "question", "value", "status", "statute_article", "excerpt",
                "document", "url", "valid_from", "valid_to", "searched"]


def _day(dates: pd.Series) -> pd.Series:
    return dates.dt.strftime("%Y-%m-%d").astype("string").fillna("")


def fact_sheet(codings: Codings, jurisdictions: list[str] | None = None, *,
               date: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per (jurisdiction, indicator) of the codebook: value, statute and article, excerpt, source, dates.

    Parameters
    ----------
    codings
        Legal codings; the snapshot at ``date`` (default: the snapshot's, else the latest).
    jurisdictions
        Which jurisdictions (countries expand to their legal systems); default every study
        jurisdiction, coded or not.

    Returns
    -------
    pandas.DataFrame
        ``FACT_COLUMNS``; ``value`` is ``unknown`` where nothing is coded (with what was
        searched, when recorded); ``valid_from`` is the entry into force where the source
        states it, else "attested <date>" (the date a source describes the law as in force).

    Example
    -------
    >>> from heroes_research.legal import fact_sheet, load_codings
    >>> fact_sheet(load_codings(), ["AT"]).columns[:4].tolist()  # doctest: +SKIP
    ['jurisdiction', 'indicator', 'question', 'value']
    """
    snap = codings.as_of(date) if date is not None else (codings if codings.date is not None else codings.latest())
    cells = coverage(snap, jurisdictions=jurisdictions).cells[["jurisdiction", "indicator"]]
    rows = snap.data.rename(columns={"country": "jurisdiction"})
    sheet = cells.merge(rows, on=["jurisdiction", "indicator"], how="left")
    known = sheet["status"].isin(["draft", "verified"])
    question = {i.id: i.question for i in snap.indicators}
    text = sheet[["statute", "article", "excerpt", "document", "source_url", "searched"]].astype("string").fillna("")
    entry = _day(sheet["valid_from"])
    attested = "attested " + _day(sheet["attested_on"])
    return pd.DataFrame({
        "jurisdiction": sheet["jurisdiction"], "indicator": sheet["indicator"],
        "question": sheet["indicator"].map(question),
        "value": sheet["value"].astype("string").where(known, "unknown"),
        "status": sheet["status"].astype("string").fillna("unknown"),
        "statute_article": (text["statute"] + " " + text["article"]).str.strip(),
        "excerpt": text["excerpt"], "document": text["document"], "url": text["source_url"],
        "valid_from": entry.where(entry.ne("") | ~known, attested), "valid_to": _day(sheet["valid_to"]),
        "searched": text["searched"],
    })[FACT_COLUMNS]
