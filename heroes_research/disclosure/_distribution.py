"""rarest_count: how small the rarest answer of a few-valued variable is, per domain.

A mean of a 5-point item is not a count, but with its SE and ``n`` it may be: the
distributions of ``n`` answers over five levels with that mean and variance are few,
often one (Lithuania's 1/7/5/3/0 in the demo, issue 13 finding 4). So a mean of a
variable with few levels is published only where the variable's distribution would
be: the column this function returns feeds :func:`protect_estimates` (``n_rarest``),
which then withholds the mean, the share and the chart of the same domain alike.

Example
-------
>>> import pandas as pd
>>> data = pd.DataFrame({"country": ["LT"] * 6 + ["ES"] * 12,
...                      "rating": ["low"] * 5 + ["high"] + ["low"] * 6 + ["high"] * 6})
>>> rarest_count(data, "rating", by="country")
  country variable  n_rarest
0      ES   rating         6
1      LT   rating         1
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from heroes_research.errors import DisclosureError

__all__ = ["rarest_count"]

_STEP = "rarest_count"


def rarest_count(
    data: pd.DataFrame,
    variable: str,
    *,
    by: str | Sequence[str],
    levels: Sequence[object] | None = None,
    name: str | None = None,
) -> pd.DataFrame:
    """The smallest count, or complement, among the levels of ``variable`` in each domain.

    Parameters
    ----------
    data
        Microdata, one row per respondent.
    variable
        A variable with few levels (a Likert item, or its levels merged as a chart
        shows them). Missing values are left out, as the estimators leave them out.
    by
        The domain columns (as in the estimator's ``by``).
    levels
        Every level a reader knows the variable has (default: its categories if it
        is categorical, else the values seen anywhere in ``data``). A level nobody in
        a domain chose counts 0 there.
    name
        The ``variable`` value of the result rows, to merge onto estimates of another
        column (e.g. the 1-5 score of the item whose merged levels are counted).

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``variable`` and ``n_rarest``: the minimum over levels of
        ``min(count, n - count)``, with ``n`` the domain's answers. Merge it onto
        the estimates (on ``by`` and ``variable``) before they are published.

    Raises
    ------
    DisclosureError
        ``variable`` or a ``by`` column missing from ``data``.
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [variable, *by] if c not in data.columns]
    if missing:
        raise DisclosureError(f"{_STEP}: no column(s) {missing} in the data", reason="missing_columns",
                              variable=missing[0], hint=f"use columns of the data: {list(data.columns)[:12]}")
    values = data[variable]
    if levels is None:
        levels = (list(values.cat.categories) if isinstance(values.dtype, pd.CategoricalDtype)
                  else sorted(values.dropna().unique().tolist()))
    answered = data.loc[values.notna(), [*by, variable]]
    counts = (pd.crosstab([answered[c] for c in by], answered[variable])
              .reindex(columns=list(levels), fill_value=0))
    total = counts.sum(axis=1)
    rest = -counts.sub(total, axis=0)
    rarest = counts.where(counts <= rest, rest)
    return (rarest.min(axis=1).astype("int64").rename("n_rarest").reset_index()
            .assign(variable=name or variable)[[*by, "variable", "n_rarest"]])
