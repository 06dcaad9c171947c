"""Country-level values from differing legal systems (the least-protective rule)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.countries import LEGAL_SYSTEMS
from heroes_research.legal._indicators import IndicatorSet, score_values

__all__ = ["merge_systems"]


def merge_systems(systems: pd.DataFrame, indicators: IndicatorSet) -> pd.DataFrame:
    """Merge legal-system rows of one snapshot into one row per (country, indicator).

    Parameters
    ----------
    systems
        Snapshot rows whose ``country`` is a legal system (GB-EAW, ...), with ``iso2``.
    indicators
        The codebook (goalposts decide which system is least protective).

    Returns
    -------
    pandas.DataFrame
        Same columns, ``country`` = ``iso2``; see :meth:`Codings.country_level` for the rule.
    """
    rows = systems.assign(score=score_values(indicators, systems["indicator"], systems["value"]).to_numpy())
    rows["shown"] = rows["country"] + "=" + rows["value"].mask(rows["status"].eq("unknown"), "unknown")
    rows["cited"] = rows["country"] + ": " + rows["source"]
    rows["is_unknown"] = rows["status"].eq("unknown")
    rows["is_verified"] = rows["status"].eq("verified")
    # Least protective first (NaN scores last), so the first row per group is the candidate.
    rows = rows.sort_values(["iso2", "indicator", "score"], na_position="last", kind="stable")
    keys = ["iso2", "indicator"]
    out = rows.groupby(keys, sort=False).agg(
        area=("area", "first"), value=("value", "first"), as_of=("as_of", "max"),
        source=("cited", "; ".join), source_url=("source_url", "; ".join), n_values=("value", "nunique"),
        any_unknown=("is_unknown", "max"), all_verified=("is_verified", "min"), shown=("shown", ", ".join),
    )
    out["n_systems"] = rows.groupby(keys, sort=False).size()
    coders = rows.drop_duplicates([*keys, "coder"]).groupby(keys, sort=False)["coder"].agg("; ".join)
    out = out.assign(coder=coders).reset_index()
    out["source_url"] = out["source_url"].str.replace(r"(; )+", "; ", regex=True).str.strip("; ")
    scored = out["indicator"].map({i.id: i.scored for i in indicators}).astype(bool)
    expected = out["iso2"].map(pd.Series([c for c, _name in LEGAL_SYSTEMS.values()]).value_counts())
    incomplete = out["n_systems"].lt(expected)
    unknown = out["any_unknown"] | incomplete | (~scored & out["n_values"].gt(1))
    out["status"] = np.where(unknown, "unknown", np.where(out["all_verified"], "verified", "draft"))
    out["value"] = out["value"].where(~unknown, "")
    rule = np.where(incomplete, "not every legal system coded:", np.where(
        scored, "least protective of", np.where(out["n_values"].gt(1), "systems differ:", "common value of")))
    out["note"] = "country value derived by rule: " + pd.Series(rule, index=out.index) + " " + out["shown"]
    out["country"] = out["iso2"]
    return _carry(out, rows, keys)[systems.columns.tolist()]


def _carry(out: pd.DataFrame, rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The remaining columns of the systems' rows: text joined (distinct, "; "), dates by their rule.

    ``valid_to`` is the earliest end (the merged value holds until any system changes);
    other dates the latest; ``line`` is dropped (the merged row is in no file).
    """
    done = set(out.columns)
    grouped = rows.groupby(keys, sort=False)
    extra = {}
    for col in rows.columns.difference([*done, "shown", "cited", "is_unknown", "is_verified", "score", "line"]):
        if pd.api.types.is_datetime64_any_dtype(rows[col]):
            extra[col] = grouped[col].min() if col == "valid_to" else grouped[col].max()
        else:
            extra[col] = grouped[col].agg(lambda s: "; ".join(dict.fromkeys(v for v in s.astype(str) if v)))
    carried = pd.DataFrame(extra).reset_index()
    merged = out.merge(carried, on=keys, how="left")
    return merged.assign(line=pd.NA) if "line" in rows.columns else merged
