"""Double coding: agreement between two coders per indicator and per area, and the reconciliation list.

As in the Comparative Constitutions Project, a subset of (country, indicator)
units is coded twice; agreement is summarised by Cohen's kappa and
Krippendorff's alpha (from :mod:`heroes_research.reliability`), and every
disagreement is listed with both coders' citations for reconciliation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError, LegalDataError
from heroes_research.legal._codings import Codings
from heroes_research.legal._indicators import Indicator
from heroes_research.reliability import cohen_kappa, krippendorff_alpha

__all__ = ["Agreement", "agreement", "value_codes"]

_KAPPA_WEIGHTS = {"binary": None, "categorical": None, "ordinal": "linear", "numeric": None}
_ALPHA_LEVEL = {"binary": "nominal", "categorical": "nominal", "ordinal": "ordinal", "numeric": "interval"}
STAT_COLUMNS = ["n_units", "n_both_known", "percent_agreement", "kappa", "kappa_method", "alpha",
                "alpha_level", "note"]


def value_codes(codings: Codings, frame: pd.DataFrame) -> pd.Series:
    """Numeric code of each value: level position (binary no=0, yes=1), or the number; NaN if unknown."""
    levels = codings.indicators.to_long()
    numeric_ids = [i.id for i in codings.indicators if i.type == "numeric"]
    levels = levels[~levels["indicator"].isin(numeric_ids)]
    position = levels.groupby("indicator").cumcount().to_numpy(float)
    index = pd.MultiIndex.from_frame(levels[["indicator", "level"]])
    key = pd.MultiIndex.from_frame(frame[["indicator", "value"]])
    by_level = pd.Series(position, index=index).reindex(key).to_numpy()
    number = pd.to_numeric(frame["value"], errors="coerce").to_numpy(float)
    code = np.where(frame["indicator"].isin(numeric_ids), number, by_level)
    return pd.Series(np.where(frame["status"].eq("unknown"), np.nan, code), index=frame.index)


def _stats(a: np.ndarray, b: np.ndarray, kind: str, n_levels: int | None) -> dict[str, object]:
    """Percent agreement, kappa and alpha of two code vectors (NaN = missing)."""
    both = ~np.isnan(a) & ~np.isnan(b)
    out: dict[str, object] = {"n_units": len(a), "n_both_known": int(both.sum()),
                              "percent_agreement": float(np.mean(a[both] == b[both])) if both.any() else np.nan,
                              "kappa_method": _KAPPA_WEIGHTS[kind] or "unweighted",
                              "alpha_level": _ALPHA_LEVEL[kind], "kappa": np.nan, "alpha": np.nan}
    scale = list(range(n_levels)) if n_levels else None
    notes = []
    for name, compute in (
        ("kappa", lambda: cohen_kappa(a, b, _KAPPA_WEIGHTS[kind], categories=scale, n_boot=0)),
        ("alpha", lambda: krippendorff_alpha(np.vstack([a, b]), _ALPHA_LEVEL[kind],
                                             values=scale if kind == "ordinal" else None, n_boot=0)),
    ):
        try:
            out[name] = float(compute())
        except EstimationError as err:  # undefined (e.g. a single category): reported, not hidden
            notes.append(f"{name} undefined ({err.reason})")
    out["note"] = "; ".join(dict.fromkeys(notes))
    return out


@dataclass(frozen=True, slots=True, eq=False)
class Agreement:
    """Agreement of two coders (tidy, immutable).

    Attributes
    ----------
    per_indicator
        indicator, area, type, n_units, n_both_known, percent_agreement, kappa, kappa_method, alpha, alpha_level, note.
    per_area
        area (and ``all``), pooled over the area's units with nominal statistics on (indicator, value) codes.
    disagreements
        The reconciliation report: every unit whose values differ, with both citations.
    """

    per_indicator: pd.DataFrame
    per_area: pd.DataFrame
    disagreements: pd.DataFrame
    coders: tuple[str, str]
    unknown_as: str

    def to_long(self) -> pd.DataFrame:
        """Per-indicator and per-area statistics stacked: level, name, statistic, value."""
        parts = [self.per_indicator.rename(columns={"indicator": "name"}).assign(level="indicator"),
                 self.per_area.rename(columns={"area": "name"}).assign(level="area")]
        stats = ["n_units", "n_both_known", "percent_agreement", "kappa", "alpha"]
        long = pd.concat([p[["level", "name", *stats]] for p in parts], ignore_index=True)
        return long.melt(id_vars=["level", "name"], var_name="statistic", value_name="value")

    def to_wide(self) -> pd.DataFrame:
        """Per-area table (one row per area plus ``all``)."""
        return self.per_area.copy()

    def __repr__(self) -> str:
        overall = self.per_area[self.per_area["area"] == "all"].iloc[0]
        return (f"Agreement(coders {self.coders[0]} vs {self.coders[1]}: {overall['n_units']} double-coded units, "
                f"{overall['n_both_known']} known to both, agreement {overall['percent_agreement']:.2f}, "
                f"kappa {overall['kappa']:.2f}; {len(self.disagreements)} disagreement(s) to reconcile)")

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self.per_area.round(3).to_html(index=False)


def _pairs(first: Codings, second: Codings, date: pd.Timestamp | None) -> pd.DataFrame:
    """Units coded by both coders at the snapshot date, side by side."""
    starts = pd.concat([first.data["as_of"], second.data["as_of"]]).dropna()
    # default: the latest day a row of either coding takes effect (undated unknown rows hold at every date)
    when = date if date is not None else (starts.max() if len(starts) else pd.Timestamp.today().normalize())
    a, b = first.as_of(when), second.as_of(when)
    cols = ["country", "indicator", "area", "value", "status", "source", "source_url", "coder", "note"]
    left = a.data[cols].assign(code=value_codes(a, a.data).to_numpy())
    right = b.data[cols].assign(code=value_codes(b, b.data).to_numpy())
    pairs = left.merge(right, on=["country", "indicator", "area"], suffixes=("_first", "_second"))
    if pairs.empty:
        places = {side: sorted(c.data["country"].unique())[:10] for side, c in (("first", a), ("second", b))}
        raise LegalDataError("agreement: the two codings share no (country, indicator) unit "
                             f"(first coder: {places['first']}; second coder: {places['second']})",
                             file=second.file, reason="no_overlap",
                             hint="give the second coder's codings of a subset of the first's countries")
    return pairs


def agreement(first: Codings, second: Codings, *, date: str | pd.Timestamp | None = None,
              unknown_as: str = "missing", recorded: pd.DataFrame | None = None) -> Agreement:
    """Agreement between two coders on the units both coded, and the reconciliation list.

    Parameters
    ----------
    first, second
        The two coders' codings (same codebook).
    date
        Snapshot to compare (default: the latest date in either).
    unknown_as
        ``"missing"``: an ``unknown`` leaves the unit out of kappa/alpha;
        ``"category"``: ``unknown`` is a code of its own (agreeing that nothing was found counts).
    recorded
        The reconciliation record (:func:`load_reconciliation`): for every cell it lists, the
        first coding's value *as it was compared* (column ``first``) replaces today's value, so
        the statistics measure the blind comparison, not the codings after reconciliation
        (which adopted agreed values and would agree with the second coder by construction).

    Returns
    -------
    Agreement

    Notes
    -----
    Per indicator: Cohen's kappa (unweighted; linear weights for ordinal
    indicators, over the full list of levels) and Krippendorff's alpha (nominal,
    ordinal or interval by indicator type). Per area, units are pooled and coded
    nominally as (indicator, value) pairs. Statistics that are undefined (e.g. both
    coders used one category) are NaN with a note; percent agreement is still given.
    Reconciliation lists every unit where the values (``unknown`` included) differ.

    Example
    -------
    >>> from heroes_research.legal import agreement, load_codings
    >>> from heroes_research.paths import raw_dir
    >>> res = agreement(load_codings(), load_codings(raw_dir() / "legal" / "codings_second_coder.csv"))
    >>> list(res.disagreements.columns[:4])
    ['country', 'indicator', 'area', 'value_first']
    """
    if unknown_as not in ("missing", "category"):
        raise LegalDataError(f"agreement: unknown_as={unknown_as!r} is not 'missing' or 'category'",
                             variable="unknown_as", reason="bad_option", hint="use 'missing' or 'category'")
    pairs = _pairs(first, second, None if date is None else pd.Timestamp(date))
    if recorded is not None and not recorded.empty:
        pairs = _as_compared(pairs, first, recorded)
    ind = {i.id: i for i in first.indicators}
    pairs["type"] = pairs["indicator"].map({k: v.type for k, v in ind.items()})
    if unknown_as == "category":  # unknown becomes one more nominal code, below every level
        pairs[["code_first", "code_second"]] = pairs[["code_first", "code_second"]].fillna(-1.0)
    return Agreement(
        _per_indicator(pairs, ind, unknown_as), _per_area(pairs), _disagreements(pairs),
        (str(first.data["coder"].iloc[0]), str(second.data["coder"].iloc[0])), unknown_as,
    )


def _as_compared(pairs: pd.DataFrame, first: Codings, recorded: pd.DataFrame) -> pd.DataFrame:
    """The first coding's values as recorded when the two codings were compared."""
    then = recorded.rename(columns={"jurisdiction": "country"}).drop_duplicates(["country", "indicator"], keep="last")
    then = then.set_index(["country", "indicator"])["first"].astype(str)
    key = pd.MultiIndex.from_frame(pairs[["country", "indicator"]])
    was = pd.Series(then.reindex(key).to_numpy(), index=pairs.index)
    at = was.notna()
    if not at.any():
        return pairs
    out = pairs.copy()
    unknown = at & was.eq("unknown")
    out.loc[at, "value_first"] = was[at].mask(unknown[at], "")
    out.loc[at, "status_first"] = np.where(unknown[at], "unknown", out.loc[at, "status_first"].replace("unknown", "draft"))
    frame = out.loc[at, ["indicator", "value_first", "status_first"]].set_axis(["indicator", "value", "status"], axis=1)
    out.loc[at, "code_first"] = value_codes(first, frame).to_numpy()
    return out


def _per_indicator(pairs: pd.DataFrame, ind: dict[str, Indicator], unknown_as: str) -> pd.DataFrame:
    """Statistics per indicator (ordinal: over the indicator's full list of level positions)."""
    rows = []
    for i, g in pairs.groupby("indicator", sort=False):  # one coefficient per indicator
        kind = "categorical" if unknown_as == "category" else ind[i].type
        n_levels = len(ind[i].levels) if kind == "ordinal" else None
        rows.append({"indicator": i, "area": ind[i].area, "type": ind[i].type,
                     **_stats(g["code_first"].to_numpy(), g["code_second"].to_numpy(), kind, n_levels)})
    return pd.DataFrame(rows)[["indicator", "area", "type", *STAT_COLUMNS]]


def _per_area(pairs: pd.DataFrame) -> pd.DataFrame:
    """Statistics per area and overall, units pooled as nominal (indicator, value) codes."""
    labels = pd.concat([pairs["indicator"] + "=" + pairs[f"code_{s}"].astype(str) for s in ("first", "second")])
    codes = pd.factorize(labels)[0].astype(float)
    n = len(pairs)
    pooled = pairs.assign(pa=np.where(pairs["code_first"].isna(), np.nan, codes[:n]),
                          pb=np.where(pairs["code_second"].isna(), np.nan, codes[n:]))
    groups = [*pooled.groupby("area", sort=False), ("all", pooled)]
    rows = [{"area": a, **_stats(g["pa"].to_numpy(), g["pb"].to_numpy(), "categorical", None)} for a, g in groups]
    return pd.DataFrame(rows)[["area", *STAT_COLUMNS]]


def _disagreements(pairs: pd.DataFrame) -> pd.DataFrame:
    """Every unit whose values differ (``unknown`` counts as a value), with both citations."""
    shown = {s: pairs[f"value_{s}"].mask(pairs[f"status_{s}"].eq("unknown"), "unknown") for s in ("first", "second")}
    first, second = pairs["code_first"], pairs["code_second"]  # codes: "16" and "16.0" agree
    differ = ~((first == second) | (first.isna() & second.isna()))
    out = pairs.loc[differ].assign(value_first=shown["first"][differ], value_second=shown["second"][differ])
    out["kind"] = np.where(out["value_first"].eq("unknown") | out["value_second"].eq("unknown"),
                           "one coder unknown", "values differ")
    out["resolution"] = ""
    cols = ["country", "indicator", "area", "value_first", "value_second", "kind", "source_first",
            "source_second", "source_url_first", "source_url_second", "note_first", "note_second",
            "coder_first", "coder_second", "resolution"]
    return out[cols].reset_index(drop=True)
