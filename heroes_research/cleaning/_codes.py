"""Code-level cleaning: user-missing codes, recoding and reverse-coding, vectorised.

Every function works on the *distinct* values of a column (``pandas.factorize``),
then spreads the result back with one ``numpy.take``: the Python work grows with
the number of codes, not the number of respondents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["apply_missing", "map_unique", "map_unique_many", "recode", "reverse_code"]


def map_unique(values: pd.Series, func: Callable[[Any], Any], fill: Any, dtype: Any) -> np.ndarray:
    """Apply ``func`` to each distinct non-missing value; return the per-row results.

    Missing values (NA) get ``fill``. This is the vectorisation used throughout:
    ``factorize`` once, compute a lookup table over the uniques, ``take`` it by code.
    """
    return map_unique_many(values, lambda u: (func(u),), (fill,), (dtype,))[0]


def map_unique_many(values: pd.Series, func: Callable[[Any], tuple], fills: tuple,
                    dtypes: tuple) -> tuple[np.ndarray, ...]:
    """Like :func:`map_unique` for a ``func`` returning a tuple: one per-row array per item."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = [func(u) for u in uniques.tolist()]
    tables = (
        np.array([*(r[i] for r in results), fill], dtype=dtype)  # code -1 (NA) takes the last entry
        for i, (fill, dtype) in enumerate(zip(fills, dtypes, strict=True))
    )
    return tuple(table[codes] for table in tables)


def apply_missing(values: pd.Series, missing: Mapping[Any, str]) -> tuple[pd.Series, pd.Series]:
    """Turn user-missing codes into NA and say which missing reason each row had.

    Parameters
    ----------
    values
        Stored codes, e.g. ``[1, 2, 98, 99]``.
    missing
        Missing code -> its label, e.g. ``{98: "Don't know", 99: "Refused"}``.

    Returns
    -------
    (values, reasons)
        ``values`` with the missing codes set to NA (same dtype where possible), and
        ``reasons``: a categorical Series holding the missing label (NA elsewhere).

    Example
    -------
    >>> import pandas as pd
    >>> v, why = apply_missing(pd.Series([1, 98, 2]), {98: "Don't know"})
    >>> v.tolist(), why.tolist()
    ([1.0, nan, 2.0], [nan, "Don't know", nan])
    """
    labels = list(dict.fromkeys(missing.values()))
    position = {code: labels.index(label) for code, label in missing.items()}
    reason_codes = map_unique(values, lambda u: position.get(u, -1), -1, np.int16)
    reasons = pd.Series(pd.Categorical.from_codes(reason_codes, categories=labels),
                        index=values.index, name=values.name)
    return values.mask(reason_codes >= 0), reasons


def recode(values: pd.Series, mapping: Mapping[Any, Any]) -> pd.Series:
    """Map codes through ``mapping``; codes not in it keep their value.

    Parameters
    ----------
    values
        Stored codes of one variable.
    mapping
        Old code -> new code, e.g. ``{0: 1, 4: 5}`` for a 0-4 scale coded 1-5.

    Returns
    -------
    pandas.Series
        Same index and name; float where every result is a number (NA as NaN),
        else object.

    Example
    -------
    >>> import pandas as pd
    >>> recode(pd.Series([0, 4, None]), {0: 1, 4: 5}).tolist()
    [1.0, 5.0, nan]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    new = [mapping.get(u, u) for u in uniques.tolist()]
    numeric = all(isinstance(x, int | float | np.number) and not isinstance(x, bool) for x in new)
    table = np.array([*new, np.nan if numeric else None], dtype=float if numeric else object)
    return pd.Series(table[codes], index=values.index, name=values.name)


def reverse_code(values: pd.Series, codes: Iterable[int]) -> pd.Series:
    """Reverse a scale: code ``c`` becomes ``min + max - c`` over the valid ``codes``.

    Values outside ``codes`` (missing codes such as 98, 99) are left unchanged.

    Parameters
    ----------
    values
        Stored codes of one variable (text that is not a number becomes NaN).
    codes
        The scale's valid codes, e.g. ``range(1, 6)``.

    Returns
    -------
    pandas.Series
        Float codes, same index and name.

    Raises
    ------
    ValidationError
        ``no_codes`` if ``codes`` is empty (the message names the variable).

    Notes
    -----
    For a 1-5 Likert item, 1 <-> 5, 2 <-> 4 and 3 stays. The valid codes should be
    symmetric (the codebook checks this for ``reverse: true``).

    Example
    -------
    >>> import pandas as pd
    >>> reverse_code(pd.Series([1, 2, 5, 99]), range(1, 6)).tolist()
    [5.0, 4.0, 1.0, 99.0]
    """
    valid = sorted(codes)
    if not valid:
        from heroes_research.errors import ValidationError

        raise ValidationError("reverse_code: no valid codes given, so the scale has no ends",
                              reason="no_codes", variable=None if values.name is None else str(values.name),
                              hint="pass the scale's codes, e.g. reverse_code(values, range(1, 6))")
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    inside = numeric.isin(valid)
    return numeric.where(~inside, valid[0] + valid[-1] - numeric)
