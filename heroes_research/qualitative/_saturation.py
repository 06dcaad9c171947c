"""Code saturation: new codes discovered as interviews accumulate."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from heroes_research.errors import ValidationError
from heroes_research.qualitative._counts import group_keys, primary_coding
from heroes_research.qualitative._schema import require_columns
from heroes_research.reliability import DEFAULT_SEED

__all__ = ["SATURATION_COLUMNS", "saturation"]

SATURATION_COLUMNS = (
    "interview_index",
    "interview_id",
    "new_codes",
    "cumulative_codes",
    "share_of_codes",
)


def saturation(
    segments: pd.DataFrame,
    by: Sequence[str] | str | None = None,
    *,
    order: Sequence[str] | None = None,
    seed: int | None = DEFAULT_SEED,
    published: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Distinct codes found after 1, 2, ... interviews, overall or per group.

    Parameters
    ----------
    segments
        A coded-segments table; double-coded interviews count once.
    by
        Grouping columns such as ``"country"`` (``None``: all interviews).
    order
        Interview ids in the order they were analysed (e.g. by date). Default: a
        random order fixed by ``seed``, so the curve does not depend on file order.
    seed
        Seed of the default order.
    published
        With one ``by`` column: which code x group counts a published table shows
        (index the codes, columns the groups, true where shown; e.g.
        ``protected.notna()`` of the protected table of interviews mentioning each
        code). Only those codes count as found in a group, so the curve is drawn from
        the protected table: a group's plateau is the number of codes the table shows
        for it. Without it the plateau is the number of codes mentioned at all, which
        tells a reader how many of the group's hidden counts are zero (issue 13).

    Returns
    -------
    pandas.DataFrame
        Columns ``*by`` and ``SATURATION_COLUMNS``: position of the interview in its
        group (1, 2, ...), its id, the codes it mentions first, the distinct codes so
        far, and their share of the group's final count.

    Raises
    ------
    ValidationError
        ``order`` misses interviews or names unknown ones; ``published`` without exactly
        one ``by`` column, or lacking a code or group of the segments.

    Notes
    -----
    A flat tail (no new codes over the last interviews) is the usual operational
    sign of code saturation (Guest, Bunce and Johnson 2006).

    Example
    -------
    >>> from heroes_research.qualitative import load_segments
    >>> curve = saturation(load_segments())
    >>> int(curve["cumulative_codes"].iloc[-1]) == load_segments()["code"].nunique()
    True
    """
    keys = group_keys(by)
    require_columns(segments, ("interview_id", "code", "coder", *keys), step="saturation")
    coded = primary_coding(segments)
    interviews = coded.drop_duplicates("interview_id")[["interview_id", *keys]]
    if published is not None:
        coded = coded[_shown(coded, keys, published)]
    position = _positions(interviews["interview_id"], order, seed)
    interviews = interviews.assign(position=position).sort_values("position", kind="stable")
    interviews["interview_index"] = (
        interviews.groupby(keys).cumcount() + 1 if keys else np.arange(1, len(interviews) + 1)
    )
    first_seen = (
        coded.merge(interviews[["interview_id", "interview_index"]], on="interview_id")
        .groupby([*keys, "code"])["interview_index"]
        .min()
        .rename("interview_index")
        .reset_index()
    )
    new = first_seen.groupby([*keys, "interview_index"]).size().rename("new_codes").reset_index()
    out = interviews.merge(new, on=[*keys, "interview_index"], how="left").fillna({"new_codes": 0})
    out = out.sort_values([*keys, "interview_index"], kind="stable", ignore_index=True)
    out["new_codes"] = out["new_codes"].astype("int64")
    cumulative = out.groupby(keys)["new_codes"].cumsum() if keys else out["new_codes"].cumsum()
    final = out.groupby(keys)["new_codes"].transform("sum") if keys else out["new_codes"].sum()
    out["cumulative_codes"] = cumulative.astype("int64")
    out["share_of_codes"] = out["cumulative_codes"] / final
    return out[[*keys, *SATURATION_COLUMNS]]


def _shown(coded: pd.DataFrame, keys: list[str], published: pd.DataFrame) -> np.ndarray:
    """Per coded segment: is its code x group count shown in the ``published`` table?"""
    if len(keys) != 1:
        raise ValidationError("saturation: published= needs exactly one by column (the table's columns)",
                              variable="by", reason="bad_argument",
                              hint="pass by='stakeholder' with the code x stakeholder table it protects")
    codes, groups = coded["code"], coded[keys[0]]
    lacking = sorted(set(map(str, codes[~codes.isin(published.index)])) |
                     set(map(str, groups[~groups.isin(published.columns)])))
    if lacking:
        raise ValidationError(f"saturation: published= lacks codes or groups of the segments: {lacking[:5]}",
                              variable="published", reason="bad_argument",
                              hint="index the table by code and name its columns by the group values")
    mask = published.astype(bool).to_numpy()
    return mask[published.index.get_indexer(codes), published.columns.get_indexer(groups)]


def _positions(ids: pd.Series, order: Sequence[str] | None, seed: int | None) -> np.ndarray:
    """Position of each interview id in the analysis order."""
    if order is None:
        ranked = np.sort(ids.to_numpy(dtype=str))
        order = ranked[np.random.default_rng(seed).permutation(len(ranked))]
    index = pd.Index(list(order))
    missing = ids[~ids.isin(index)].tolist()
    unknown = index[~index.isin(ids)].tolist()
    repeated = index[index.duplicated()].tolist()
    if missing or unknown or repeated:
        failures = pd.DataFrame(
            {
                "interview_id": [*missing, *unknown, *repeated],
                "check": ["not_in_order"] * len(missing)
                + ["not_in_segments"] * len(unknown)
                + ["repeated"] * len(repeated),
            }
        )
        raise ValidationError(
            "saturation: order must list every interview of the segments exactly once",
            variable="order",
            failures=failures,
            reason="bad_order",
            hint="pass order=list of all interview ids, each once",
        )
    return index.get_indexer(ids)
