"""Code frequencies and code co-occurrence within interviews."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from heroes_research.qualitative._schema import require_columns

__all__ = ["code_frequencies", "collapse_codes", "cooccurrence", "group_keys", "primary_coding"]

_CORE = ("interview_id", "code", "coder")


def primary_coding(segments: pd.DataFrame) -> pd.DataFrame:
    """Keep one coder per interview: the first in sorted order among those who coded it.

    Double-coded interviews must count once in frequencies, co-occurrence and
    saturation; their second coding serves only the agreement statistics.

    Parameters
    ----------
    segments
        A coded-segments table (:func:`load_segments`).

    Returns
    -------
    pandas.DataFrame
        The rows of each interview's first coder (``min`` of ``coder``), index kept.

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"interview_id": ["I1", "I1", "I2"], "code": ["a", "b", "a"],
    ...                       "coder": ["C2", "C1", "C2"]})
    >>> primary_coding(table)["coder"].tolist()
    ['C1', 'C2']
    """
    require_columns(segments, _CORE, step="primary_coding")
    first = segments.groupby("interview_id", sort=False)["coder"].transform("min")
    return segments[segments["coder"] == first]


def collapse_codes(segments: pd.DataFrame, depth: int = 1) -> pd.DataFrame:
    """Move codes up the code-frame hierarchy: keep the first ``depth`` levels of ``a/b/c``.

    Every function of this module then works on categories, e.g.
    ``code_frequencies(collapse_codes(segments))`` counts interviews mentioning any
    barrier, remedy, harmful or good practice.

    Parameters
    ----------
    segments
        A table with a ``code`` column of ``/``-separated paths.
    depth
        How many levels to keep (1: the category).

    Returns
    -------
    pandas.DataFrame
        A copy with ``code`` shortened; codes shorter than ``depth`` are unchanged.

    Example
    -------
    >>> import pandas as pd
    >>> collapse_codes(pd.DataFrame({"code": ["barrier/delays", "remedy/legal_aid"]}))["code"].tolist()
    ['barrier', 'remedy']
    """
    require_columns(segments, ("code",), step="collapse_codes")
    parts = segments["code"].str.split("/")
    return segments.assign(code=parts.str[:depth].str.join("/"))


def group_keys(by: Sequence[str] | str | None) -> list[str]:
    """The grouping columns as a list: ``"country"`` -> ``["country"]``, ``None`` -> ``[]``."""
    return [by] if isinstance(by, str) else list(by or ())


def code_frequencies(
    segments: pd.DataFrame, by: Sequence[str] | str | None = ("country",)
) -> pd.DataFrame:
    """How many interviews mention each code, and how many segments carry it, per group.

    Parameters
    ----------
    segments
        A coded-segments table (:func:`load_segments`). Double-coded interviews count
        once (:func:`primary_coding`).
    by
        Grouping columns, e.g. ``("country",)``, ``("stakeholder",)``,
        ``("country", "stakeholder")`` or ``None`` for all interviews.

    Returns
    -------
    pandas.DataFrame
        Columns ``*by, code, interviews, segments, interviews_in_group,
        share_of_interviews``; every code seen anywhere appears in every group (zeros
        included), codes in sorted order.

    Notes
    -----
    Counts by country are small: protect them with ``heroes_research.disclosure``
    before publishing.

    Example
    -------
    >>> from heroes_research.qualitative import load_segments
    >>> freq = code_frequencies(load_segments(), by=None)
    >>> list(freq.columns)
    ['code', 'interviews', 'segments', 'interviews_in_group', 'share_of_interviews']
    """
    keys = group_keys(by)
    require_columns(segments, (*_CORE, *keys), step="code_frequencies")
    coded = primary_coding(segments)
    grouped = coded.groupby([*keys, "code"], observed=True)
    counts = pd.DataFrame(
        {
            "interviews": grouped["interview_id"].nunique(),
            "segments": grouped.size(),
        }
    ).reset_index()
    # Every group × every code seen anywhere, so that zero counts are rows too.
    codes = pd.DataFrame({"code": np.sort(coded["code"].unique())})
    if keys:
        groups = coded.groupby(keys, observed=True)["interview_id"].nunique()
        grid = groups.rename("interviews_in_group").reset_index().merge(codes, how="cross")
    else:
        grid = codes.assign(interviews_in_group=coded["interview_id"].nunique())
    out = grid.merge(counts, on=[*keys, "code"], how="left").fillna(
        {"interviews": 0, "segments": 0}
    )
    out["share_of_interviews"] = out["interviews"] / out["interviews_in_group"]
    columns = [
        *keys,
        "code",
        "interviews",
        "segments",
        "interviews_in_group",
        "share_of_interviews",
    ]
    return out[columns].astype(
        {"interviews": "int64", "segments": "int64", "interviews_in_group": "int64"}
    )


def cooccurrence(segments: pd.DataFrame, by: Sequence[str] | str | None = None) -> pd.DataFrame:
    """Interviews in which two codes both occur, for every pair of codes, per group.

    Parameters
    ----------
    segments
        A coded-segments table; double-coded interviews count once.
    by
        Grouping columns (``None``: all interviews together).

    Returns
    -------
    pandas.DataFrame
        Columns ``*by, code_a, code_b, interviews``: the full symmetric code × code
        matrix in long form (the diagonal counts interviews mentioning the code), so
        ``pivot(index="code_a", columns="code_b", values="interviews")`` gives the matrix.

    Notes
    -----
    With the interview × code incidence matrix ``X`` (1 if the interview mentions
    the code), the co-occurrence matrix of a group is ``X' X``.

    Example
    -------
    >>> from heroes_research.qualitative import load_segments
    >>> pairs = cooccurrence(load_segments())
    >>> list(pairs.columns)
    ['code_a', 'code_b', 'interviews']
    """
    keys = group_keys(by)
    require_columns(segments, (*_CORE, *keys), step="cooccurrence")
    coded = primary_coding(segments)
    codes = np.sort(coded["code"].unique())
    incidence = (
        pd.crosstab([coded[k] for k in keys] + [coded["interview_id"]], coded["code"])
        .reindex(columns=codes, fill_value=0)
        .clip(upper=1)
    )
    frames = []
    for group, block in incidence.groupby(level=keys, sort=True) if keys else [((), incidence)]:
        x = block.to_numpy(dtype=np.int64)
        matrix = x.T @ x
        frame = pd.DataFrame(
            {
                "code_a": np.repeat(codes, len(codes)),
                "code_b": np.tile(codes, len(codes)),
                "interviews": matrix.ravel(),
            }
        )
        for key, value in zip(keys, group if isinstance(group, tuple) else (group,), strict=True):
            frame.insert(keys.index(key), key, value)
        frames.append(frame)  # one block per group (e.g. 15 countries), not per row
    return pd.concat(frames, ignore_index=True)
