"""Ordinal answers made analysable: Likert scores, grouped levels and 0/1 indicators.

Missing answers stay missing (NaN or a missing category), never zero: an analysis
decides what to do with them (``na_rm=True`` in :mod:`heroes_research.survey`).

Example
-------
>>> import pandas as pd
>>> answers = pd.Series(pd.Categorical(["Agree", None, "Disagree"],
...                                    categories=["Disagree", "Neutral", "Agree"]))
>>> likert_scores(pd.DataFrame({"q1": answers}))["q1"].tolist()
[3.0, nan, 1.0]
>>> level_indicator(answers, ["Agree"]).tolist()
[1.0, nan, 0.0]
>>> collapse_levels(answers, {"Disagree": "No", "Neutral": "No", "Agree": "Yes"}).tolist()
['Yes', nan, 'No']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.errors import ValidationError

__all__ = ["collapse_levels", "level_indicator", "likert_scores"]


def likert_scores(data: pd.DataFrame, items: Iterable[str] | None = None, *,
                  start: int = 1) -> pd.DataFrame:
    """Score ordinal answers by their position in the answer scale: ``start``, ``start + 1``, ...

    Parameters
    ----------
    data
        Harmonised frame whose items are categoricals with the answer levels in order
        (as :func:`heroes_research.io.read_processed` returns coded variables).
    items
        The columns to score; default every column of ``data``.
    start
        Score of the first (lowest) level; 1 gives the usual 1-5 scale.

    Returns
    -------
    pandas.DataFrame
        One float column per item, on the index of ``data``; NaN where the answer is missing.

    Raises
    ------
    ValidationError
        An item that is not a column, or not categorical (its order would be a guess).

    Example
    -------
    >>> import pandas as pd
    >>> q = pd.Categorical(["Low", "High"], categories=["Low", "Mid", "High"])
    >>> likert_scores(pd.DataFrame({"q": q}), start=0)["q"].tolist()
    [0.0, 2.0]
    """
    names = list(data.columns if items is None else items)
    scores = {}
    for name in names:
        if name not in data.columns:
            raise ValidationError(f"Likert scores: item {name!r} is not a column of the data",
                                  variable=name, reason="unknown_variable",
                                  hint="check the item names (codebook batteries give them)")
        column = data[name]
        if not isinstance(column.dtype, pd.CategoricalDtype):
            raise ValidationError(
                f"Likert scores: item {name!r} is {column.dtype}, not an ordered answer scale",
                variable=name, reason="not_categorical",
                hint="score the harmonised item (a categorical with its levels in order), or "
                     "make it one with pd.Categorical(values, categories=[lowest, ..., highest])")
        codes = column.cat.codes.to_numpy(dtype=float)
        scores[name] = np.where(codes < 0, np.nan, codes + start)
    return pd.DataFrame(scores, index=data.index)


def level_indicator(values: pd.Series, levels: Collection[Any]) -> pd.Series:
    """1.0 where the answer is one of ``levels``, 0.0 for another answer, NaN where missing.

    Example
    -------
    >>> import pandas as pd
    >>> level_indicator(pd.Series(["Often", "Never", None]), {"Often", "Always"}).tolist()
    [1.0, 0.0, nan]
    """
    return values.isin(list(levels)).astype(float).mask(values.isna())


def collapse_levels(values: pd.Series, mapping: Mapping[Any, str]) -> pd.Series:
    """Group answer levels into fewer (e.g. five confidence levels into three), in order.

    The new levels are categories in the order they first appear in ``mapping``;
    answers not in ``mapping`` and missing answers become missing.

    Example
    -------
    >>> import pandas as pd
    >>> merged = collapse_levels(pd.Series(["Very", "Not", "Slightly"]),
    ...                          {"Not": "Low", "Slightly": "Low", "Very": "High"})
    >>> merged.tolist(), list(merged.cat.categories)
    (['High', 'Low', 'Low'], ['Low', 'High'])
    """
    levels = list(dict.fromkeys(mapping.values()))
    grouped = values.astype("string").map(dict(mapping))
    return pd.Series(pd.Categorical(grouped, categories=levels), index=values.index, name=values.name)
