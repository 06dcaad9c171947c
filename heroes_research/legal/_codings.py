"""Legal codings: one cited value per (jurisdiction, indicator, validity interval).

A row states that on the days ``[valid_from, valid_to)`` (``valid_from`` empty: from
``attested_on``, the day a source describes the law as in force; ``valid_to`` empty:
still in force) the law of a jurisdiction answers ``indicator`` with ``value``, with
its citation (statute, article, document, URL, excerpt). The rows of one
(jurisdiction, indicator) never overlap, so :meth:`Codings.as_of` returns exactly
the rule in force on a date; :meth:`Codings.country_level` merges legal systems
(GB-EAW, GB-SCT, GB-NIR) into one country value by the least-protective rule.
The files and columns are those of ``data/raw/legal/CODING_PROTOCOL.md``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from heroes_research.countries import COUNTRY_CODES, LEGAL_SYSTEMS
from heroes_research.errors import LegalDataError
from heroes_research.legal._files import read_coding_files
from heroes_research.legal._indicators import IndicatorSet, load_indicators, score_values
from heroes_research.legal._validate import validate_codings
from heroes_research.paths import raw_dir

__all__ = ["Codings", "codings_from_frame", "default_codings_path", "load_codings", "place_order"]


def place_order() -> list[str]:
    """Countries in display order, each followed by its legal systems (GB, GB-EAW, ...)."""
    return [code for c in COUNTRY_CODES for code in (c, *(k for k, v in LEGAL_SYSTEMS.items() if v[0] == c))]


def _parse_date(date: str | pd.Timestamp) -> pd.Timestamp:
    try:
        return pd.Timestamp(date)
    except (ValueError, TypeError) as err:
        raise LegalDataError(f"Codings.as_of: {date!r} is not a date", reason="bad_date", variable="date",
                             hint="give a date such as '2024-01-01'") from err


@dataclass(frozen=True, slots=True, eq=False)
class Codings:
    """Immutable, validated legal codings.

    Attributes
    ----------
    data
        Long table, one row per (jurisdiction, indicator, validity interval): ``country``
        (the jurisdiction), iso2, indicator, area, value, ``as_of`` (first day in force),
        ``valid_to`` (first day no longer in force; NaT = still in force), status,
        ``source`` ("statute article"), ``source_url``, coder, note and the protocol's
        citation columns (statute, article, source_type, document, consulted, excerpt,
        searched, valid_from, attested_on) with ``file`` and ``line``.
    indicators
        The codebook.
    date
        The snapshot date after :meth:`as_of` (``None`` for the full history).
    file
        Where the codings were read from, if from a file.
    """

    data: pd.DataFrame
    indicators: IndicatorSet
    date: pd.Timestamp | None = None
    file: str | None = None

    # -- views ------------------------------------------------------------------------------
    def to_long(self) -> pd.DataFrame:
        """One row per coded value (a copy), with its score against the goalposts."""
        out = self.data.copy()
        out["score"] = score_values(self.indicators, out["indicator"], out["value"]).to_numpy()
        return out

    def to_wide(self, column: str = "value") -> pd.DataFrame:
        """Country x indicator matrix of ``column`` ("value", "status", "source", "score") at the snapshot date.

        Without a snapshot date the latest state (:meth:`latest`) is shown. Unknown values are NA.
        """
        snap = self if self.date is not None else self.latest()
        long = snap.to_long()
        if column == "value":
            long["value"] = long["value"].mask(long["status"].eq("unknown"))
        wide = long.pivot(index="country", columns="indicator", values=column)
        order = [p for p in place_order() if p in wide.index]
        return wide.reindex(index=order, columns=[i for i in self.indicators.ids if i in wide.columns])

    @property
    def countries(self) -> list[str]:
        """Coded countries and legal systems, in display order."""
        present = set(self.data["country"])
        return [p for p in place_order() if p in present]

    # -- operations (each returns a new Codings) ------------------------------------------
    def as_of(self, date: str | pd.Timestamp) -> Codings:
        """The state of the law at ``date``: the one row per (jurisdiction, indicator) in force that day.

        A row is in force on ``[as_of, valid_to)``; an undated ``unknown`` row always.
        Pairs with no row in force are absent (not coded for that date).

        Example
        -------
        >>> from heroes_research.legal import load_codings
        >>> c = load_codings()  # doctest: +SKIP
        >>> c.as_of("2014-06-01").value("ES", "age_of_consent")  # doctest: +SKIP
        '13'
        """
        when = _parse_date(date)
        start, end = self.data["as_of"], self.data["valid_to"]
        held = self.data[(start.isna() | (start <= when)) & (end.isna() | (when < end))]
        return replace(self, data=self._ordered(held), date=when)

    def latest(self) -> Codings:
        """The state at the latest date on which a row takes effect (today's law, as far as coded)."""
        last = self.data["as_of"].max()
        return self.as_of(last if pd.notna(last) else pd.Timestamp.today().normalize())

    def select(self, countries: list[str] | None = None, indicators: list[str] | None = None) -> Codings:
        """Keep only some countries (codes or legal systems) and/or indicators.

        Selecting indicators also narrows the codebook, so that coverage, scores and
        ranks of the result are over the selected indicators only.
        """
        keep = pd.Series(True, index=self.data.index)
        if countries is not None:
            keep &= self.data["country"].isin(countries) | self.data["iso2"].isin(countries)
        codebook = self.indicators
        if indicators is not None:
            keep &= self.data["indicator"].isin(indicators)
            codebook = codebook.select(list(indicators))
        return replace(self, data=self.data[keep].reset_index(drop=True), indicators=codebook)

    def value(self, country: str, indicator: str) -> str | None:
        """The coded value of one (country, indicator) in a snapshot; ``None`` if unknown."""
        if self.date is None:
            raise LegalDataError("Codings.value: take a snapshot first", reason="no_snapshot",
                                 hint="call .as_of(date) or .latest() first")
        hit = self.data[(self.data["country"] == country) & (self.data["indicator"] == indicator)]
        if hit.empty or hit["status"].iloc[0] == "unknown":
            return None
        return str(hit["value"].iloc[0])

    def country_level(self) -> Codings:
        """Merge legal systems into their country by the least-protective rule.

        Notes
        -----
        For each country with legal systems (GB: GB-EAW, GB-SCT, GB-NIR) and indicator:
        if any system is ``unknown``, the country is ``unknown``; a scored indicator
        takes the value with the lowest score (the least protective system, so a
        country is never credited with a protection part of it lacks); a descriptive
        indicator takes the common value, or ``unknown`` if the systems differ. The
        note lists every system's value; the source lists every system's source.
        """
        snap = self if self.date is not None else self.latest()
        data = snap.data
        systems = data["country"].isin(list(LEGAL_SYSTEMS))
        if not systems.any():
            return snap
        from heroes_research.legal._merge import merge_systems

        merged = merge_systems(data[systems], self.indicators)
        return replace(snap, data=self._ordered(pd.concat([data[~systems], merged], ignore_index=True)))

    def _ordered(self, frame: pd.DataFrame) -> pd.DataFrame:
        rank = {p: k for k, p in enumerate(place_order())}
        ind_rank = {i: k for k, i in enumerate(self.indicators.ids)}
        keys = pd.DataFrame({"c": frame["country"].map(rank), "i": frame["indicator"].map(ind_rank),
                             "d": frame["as_of"]})
        return frame.loc[keys.sort_values(["c", "i", "d"], kind="stable").index].reset_index(drop=True)

    # -- display ---------------------------------------------------------------------------
    def summary(self) -> pd.DataFrame:
        """Counts of rows by jurisdiction and status (verified, draft, unknown)."""
        table = pd.crosstab(self.data["country"], self.data["status"])
        table = table.reindex(index=self.countries, columns=["verified", "draft", "unknown"], fill_value=0)
        return table.rename_axis(index="country", columns=None)

    def __repr__(self) -> str:
        status = self.data["status"].value_counts()
        first, last = self.data["as_of"].min(), self.data["as_of"].max()
        when = f"as of {self.date.date()}" if self.date is not None else (
            f"history {first.date()} to {last.date()}" if pd.notna(first) else "undated")
        return (f"Codings({len(self.data)} values, {len(self.countries)} countries/systems x "
                f"{self.data['indicator'].nunique()} indicators, {when}; "
                + ", ".join(f"{s} {int(status.get(s, 0))}" for s in ("verified", "draft", "unknown")) + ")")

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self.summary().to_html()


def codings_from_frame(frame: pd.DataFrame, indicators: IndicatorSet | None = None, *,
                       file: str | None = None) -> Codings:
    """Validate a DataFrame of codings (the protocol's columns) and wrap it.

    Parameters
    ----------
    frame
        The columns of ``CODING_PROTOCOL.md`` (``jurisdiction, indicator, value,
        valid_from, valid_to, attested_on, status, statute, article, source_type,
        document, url, consulted, excerpt, coder, searched, note``); strings.
    indicators
        The codebook the indicators and values must come from; default the project's.
    file
        Named in errors, when the frame came from a file.

    Returns
    -------
    Codings
        The full history, rows in display order (countries, then indicators).

    Raises
    ------
    LegalDataError
        With ``failures`` listing every problem (see :func:`validate_codings`).

    Notes
    -----
    The same checks as :func:`load_codings`; use it for codings built in a
    notebook or read from another source.

    Example
    -------
    >>> import pandas as pd
    >>> row = {"jurisdiction": "AT", "indicator": "thb_offence", "value": "yes", "valid_from": "2004-05-01",
    ...        "attested_on": "2020-06-10", "status": "draft", "statute": "StGB", "article": "§ 104a",
    ...        "source_type": "secondary", "document": "GRETA report on Austria (2020)",
    ...        "url": "https://rm.coe.int/", "consulted": "2026-12-06", "excerpt": "§ 104a of the CC",
    ...        "coder": "A"}
    >>> codings_from_frame(pd.DataFrame([row])).latest().value("AT", "thb_offence")
    'yes'
    """
    indicators = indicators if indicators is not None else load_indicators()
    data = validate_codings(frame, indicators, file=file)
    shell = Codings(data, indicators, None, file)
    return replace(shell, data=shell._ordered(data))


def load_codings(path: str | os.PathLike[str] | None = None,
                 indicators: IndicatorSet | str | os.PathLike[str] | None = None) -> Codings:
    """Read and validate legal codings: one CSV per jurisdiction in a folder, or one CSV.

    Parameters
    ----------
    path
        A folder of ``<JURISDICTION>.csv`` files or one CSV in the protocol's columns;
        default ``data/raw/legal/codings/`` under the project root.
    indicators
        The codebook (an :class:`IndicatorSet` or a path); default the project's.

    Returns
    -------
    Codings
        Full history; take ``.as_of(date)`` for the state of the law at a date.

    Raises
    ------
    LegalDataError
        If no file can be read, or any row of any file is invalid: one error whose
        ``failures`` lists every problem with its file and line.

    Example
    -------
    >>> from heroes_research.legal import load_codings
    >>> load_codings().as_of("2024-01-01").value("GB-EAW", "non_punishment")  # doctest: +SKIP
    'statutory_provision'
    """
    source = Path(path) if path is not None else default_codings_path()
    if not isinstance(indicators, IndicatorSet):
        indicators = load_indicators(indicators)
    return codings_from_frame(read_coding_files(source), indicators, file=str(source))


def default_codings_path() -> Path:
    """``<root>/data/raw/legal/codings/`` (one CSV per jurisdiction)."""
    return raw_dir() / "legal" / "codings"
