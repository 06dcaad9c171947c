"""Legal codings: one cited value per (country or legal system, indicator, as_of date).

A row states that from ``as_of`` on, the law of ``country`` answers ``indicator``
with ``value``, citing ``source``; the value holds until a later row for the same
(country, indicator) replaces it. :meth:`Codings.as_of` gives the state of the law
at a date; :meth:`Codings.country_level` merges legal systems (GB-EAW, GB-SCT,
GB-NIR) into one country value by the least-protective rule.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from heroes_research.countries import COUNTRY_CODES, LEGAL_SYSTEMS
from heroes_research.errors import LegalDataError
from heroes_research.legal._indicators import IndicatorSet, load_indicators, score_values
from heroes_research.legal._validate import validate_codings
from heroes_research.paths import raw_dir

__all__ = ["Codings", "codings_from_frame", "load_codings", "place_order"]


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
        Long table: country, iso2, indicator, area, value, as_of, source,
        source_url, coder, status, note (one row per coded value).
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
        """The state of the law at ``date``: for each (country, indicator) the latest row with ``as_of <= date``.

        Pairs with no row on or before ``date`` are absent (not coded for that date).

        Example
        -------
        >>> from heroes_research.legal import load_codings
        >>> c = load_codings()
        >>> c.as_of("2014-06-01").value("ES", "age_of_consent"), c.as_of("2016-01-01").value("ES", "age_of_consent")
        ('13', '16')
        """
        when = _parse_date(date)
        held = self.data[self.data["as_of"] <= when].sort_values("as_of", kind="stable")
        snap = held.groupby(["country", "indicator"], sort=False).tail(1)
        return replace(self, data=self._ordered(snap), date=when)

    def latest(self) -> Codings:
        """The state at the latest ``as_of`` date in the codings."""
        return self.as_of(self.data["as_of"].max())

    def select(self, countries: list[str] | None = None, indicators: list[str] | None = None) -> Codings:
        """Keep only some countries (codes or legal systems) and/or indicators."""
        keep = pd.Series(True, index=self.data.index)
        if countries is not None:
            keep &= self.data["country"].isin(countries) | self.data["iso2"].isin(countries)
        if indicators is not None:
            keep &= self.data["indicator"].isin(indicators)
        return replace(self, data=self.data[keep].reset_index(drop=True))

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
        """Counts of coded values by country and status (verified, draft, unknown)."""
        table = pd.crosstab(self.data["country"], self.data["status"])
        table = table.reindex(index=self.countries, columns=["verified", "draft", "unknown"], fill_value=0)
        return table.rename_axis(index="country", columns=None)

    def __repr__(self) -> str:
        status = self.data["status"].value_counts()
        when = f"as of {self.date.date()}" if self.date is not None else (
            f"history {self.data['as_of'].min().date()} to {self.data['as_of'].max().date()}")
        return (f"Codings({len(self.data)} values, {len(self.countries)} countries/systems x "
                f"{self.data['indicator'].nunique()} indicators, {when}; "
                + ", ".join(f"{s} {int(status.get(s, 0))}" for s in ("verified", "draft", "unknown")) + ")")

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self.summary().to_html()


def codings_from_frame(frame: pd.DataFrame, indicators: IndicatorSet | None = None, *,
                       file: str | None = None) -> Codings:
    """Validate a DataFrame of codings (columns as in codings.csv) and wrap it.

    Parameters
    ----------
    frame
        Columns ``country, indicator, value, as_of, source, source_url, coder,
        status, note`` (strings; one row per cited value).
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
    >>> row = {"country": "AT", "indicator": "thb_offence", "value": "yes",
    ...        "as_of": "2024-01-01", "source": "StGB § 104a", "source_url": "",
    ...        "coder": "A", "status": "draft", "note": ""}
    >>> codings_from_frame(pd.DataFrame([row])).data.shape
    (1, 11)
    """
    indicators = indicators if indicators is not None else load_indicators()
    data = validate_codings(frame, indicators, file=file)
    shell = Codings(data, indicators, None, file)
    return replace(shell, data=shell._ordered(data))


def load_codings(path: str | os.PathLike[str] | None = None,
                 indicators: IndicatorSet | str | os.PathLike[str] | None = None) -> Codings:
    """Read and validate legal codings.

    Parameters
    ----------
    path
        CSV file; default ``data/raw/legal/codings.csv`` under the project root.
    indicators
        The codebook (an :class:`IndicatorSet` or a path); default the project's.

    Returns
    -------
    Codings
        Full history; take ``.as_of(date)`` for the state of the law at a date.

    Raises
    ------
    LegalDataError
        If the file cannot be read, or any row is invalid (``failures`` lists all).

    Example
    -------
    >>> from heroes_research.legal import load_codings
    >>> load_codings().as_of("2024-01-01").value("GB-EAW", "non_punishment")
    'statutory_provision'
    """
    file = Path(path) if path is not None else raw_dir() / "legal" / "codings.csv"
    if not isinstance(indicators, IndicatorSet):
        indicators = load_indicators(indicators)
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise LegalDataError(f"load_codings: cannot read the codings ({err})", file=file,
                             reason="unreadable_codings", hint="check the path and that it is UTF-8 CSV") from err
    return codings_from_frame(frame, indicators, file=str(file))
