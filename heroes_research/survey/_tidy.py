"""The one tidy estimate shape every survey estimator returns.

A flat frame, meaning in columns and none in the index (R's ``svyby`` returns its
``by`` variables as columns too): the domain columns first, in the order asked,
then :data:`TIDY_COLUMNS`. Tables, figures, maps and disclosure read this shape
and guess nothing from an index.

========== ==============================================================
column     meaning
========== ==============================================================
<by ...>   one column per domain variable (absent without ``by``)
variable   the analysis variable (or model term, or row x column cell)
level      the level of a categorical variable; missing for a numeric one
estimate   the point estimate
se         its standard error
ci_low     lower interval limit at ``conf_level``
ci_high    upper interval limit at ``conf_level``
conf_level the interval's confidence level, e.g. 0.95
n          respondents who answered the variable, in the domain (unweighted)
n_level    respondents giving that level (for a 0/1 variable: respondents with 1;
           missing for another numeric variable)
deff       the design effect where R gives one, else missing
========== ==============================================================

Example
-------
>>> import numpy as np
>>> f = tidy_frame(
...     {"country": ["AT", "AT"]}, variable="q1", level=["no", "yes"],
...     estimate=[0.4, 0.6], se=[0.1, 0.1], ci_low=[0.2, 0.4], ci_high=[0.6, 0.8],
...     conf_level=0.95, n=[10, 10], n_level=[4, 6])
>>> list(f.columns)[:3]
['country', 'variable', 'level']
>>> f["n_level"].tolist()
[4, 6]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["TIDY_COLUMNS", "by_columns", "tidy_frame"]

TIDY_COLUMNS: tuple[str, ...] = (
    "variable",
    "level",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "conf_level",
    "n",
    "n_level",
    "deff",
)

ArrayLike = Sequence[object] | np.ndarray | pd.Series | pd.Index


def _column(values: object, length: int, name: str) -> np.ndarray | list[object]:
    """Broadcast a scalar to ``length`` rows; check the length of an array."""
    if values is None or np.isscalar(values):
        return [values] * length
    seq = list(values) if not isinstance(values, np.ndarray) else values
    if len(seq) != length:
        raise ValueError(f"tidy_frame: column {name!r} has {len(seq)} values, expected {length}")
    return seq


def tidy_frame(
    by: Mapping[str, ArrayLike] | pd.DataFrame | None,
    *,
    variable: str | ArrayLike,
    estimate: ArrayLike,
    se: ArrayLike,
    ci_low: ArrayLike,
    ci_high: ArrayLike,
    conf_level: float,
    n: ArrayLike | int,
    level: ArrayLike | None = None,
    n_level: ArrayLike | None = None,
    deff: ArrayLike | None = None,
    extra: Mapping[str, ArrayLike] | None = None,
) -> pd.DataFrame:
    """Assemble an estimator's result in the tidy estimate shape.

    Parameters
    ----------
    by
        Domain columns (name -> values, one per row), or None for no domain.
    variable, level
        The analysis variable and, for a categorical one, the level of each row.
    estimate, se, ci_low, ci_high
        Point estimates, standard errors and interval limits, one per row.
    conf_level
        The confidence level of the interval (a scalar, repeated on every row).
    n, n_level
        Respondents who answered (in the domain) and respondents giving the level.
    deff
        Design effects, where the estimator gives them.
    extra
        Further columns after :data:`TIDY_COLUMNS` (e.g. a model term's ``p``).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns (keeping a categorical's categories), then
        :data:`TIDY_COLUMNS`, then ``extra``, on a fresh ``RangeIndex``. ``n`` and
        ``n_level`` are nullable integers; ``level`` and ``deff`` are missing where
        they do not apply.

    Example
    -------
    >>> tidy_frame(None, variable="age", estimate=[41.2], se=[0.8], ci_low=[39.6],
    ...            ci_high=[42.8], conf_level=0.9, n=[120])["conf_level"].tolist()
    [0.9]
    """
    est = np.asarray(estimate, dtype=float)
    length = len(est)
    columns: dict[str, object] = {}
    if by is not None:
        frame = by if isinstance(by, pd.DataFrame) else pd.DataFrame(dict(by))
        for name in frame.columns:
            values = frame[name].array  # keeps categories and nullable dtypes
            if len(values) != length:
                raise ValueError(f"tidy_frame: by column {name!r} has {len(values)} values, "
                                 f"expected {length}")
            columns[str(name)] = values
    columns["variable"] = _column(variable, length, "variable")
    columns["level"] = _column(level, length, "level")
    columns["estimate"] = est
    columns["se"] = np.asarray(se, dtype=float)
    columns["ci_low"] = np.asarray(ci_low, dtype=float)
    columns["ci_high"] = np.asarray(ci_high, dtype=float)
    columns["conf_level"] = np.full(length, float(conf_level))
    columns["n"] = pd.array(_column(n, length, "n"), dtype="Int64")
    columns["n_level"] = pd.array(_column(n_level, length, "n_level"), dtype="Int64")
    columns["deff"] = np.asarray(_column(deff, length, "deff"), dtype=float)
    for name, values in (extra or {}).items():
        columns[name] = _column(values, length, name)
    return pd.DataFrame(columns)


def by_columns(frame: pd.DataFrame) -> list[str]:
    """The domain columns of a tidy estimate frame (every column before ``variable``).

    Example
    -------
    >>> by_columns(pd.DataFrame(columns=["country", "sex", *TIDY_COLUMNS]))
    ['country', 'sex']
    """
    columns = list(frame.columns)
    if "variable" not in columns:
        raise ValueError("not a tidy estimate frame: it has no 'variable' column")
    return columns[: columns.index("variable")]
