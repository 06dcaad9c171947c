"""What a published output reveals, as ledger entries: estimates, shown counts, protection marks.

Every table, figure and map builder registers the cells it publishes, so the build's
joint attack (:func:`~heroes_research.disclosure._ledger.joint_attack`) sees them all.
A count table registers its cells and margins (:func:`ledger_table`). An estimate
registers the counts it implies: ``n`` per group is the *denominator* (respondents
who answered the variable, in the group), and an unweighted share times ``n`` is the
*numerator* (respondents giving the level). So a share table and a count table of the
same people and dimensions land on the same ledger cells.

Keys of implied counts
----------------------
For a row with group columns ``g`` (e.g. ``country=AT``), variable ``v`` and level ``l``:

- denominator ``(g, answered=v)``: published as ``n`` when the output shows ``n``;
  withheld (a target of the attack) with the row;
- numerator ``(g, v=l)`` (``v=1`` for the mean of a 0/1 variable): published when the
  share is unweighted (``estimate == n_level / n``) and ``n`` is shown; when ``n`` is
  not shown, the equation ``numerator = share x denominator`` links them instead;
- the rest of the distribution ``(g, v=not{l1|l2})`` (``v=0`` for a 0/1 mean):
  ``denominator = sum of numerators + rest``; the rest is published as 0 when the
  shown shares of the group add up to 1 (the whole distribution is shown).

Example
-------
>>> import pandas as pd
>>> est = pd.DataFrame({"country": ["AT"], "variable": ["aware"], "level": [pd.NA], "estimate": [0.5],
...                     "n": [12], "n_level": [6], "suppressed": [False]})
>>> entry = estimates_ledger(est, by=["country"], unit="people")
>>> [dict(k) for k in entry.keys]
[{'answered': 'aware', 'country': 'AT'}, {'aware': '1', 'country': 'AT'}, {'aware': '0', 'country': 'AT'}]
>>> entry.published.tolist()
[12.0, 6.0, nan]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from heroes_research.disclosure._ledger import Key, LedgerTable
from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PROTECTED_ATTR",
    "about_people",
    "counts_ledger",
    "estimates_ledger",
    "is_protected",
    "mark_protected",
    "require_protected",
]

#: ``DataFrame.attrs`` key set on frames that passed disclosure control (the method used).
PROTECTED_ATTR = "heroes_protected"
_LAW_SOURCE = re.compile(r"legal cod", re.I)
_PEOPLE_SOURCE = re.compile(r"survey|interview|questionnaire|respondent|ingest", re.I)
_UNWEIGHTED_TOL = 1e-9


def about_people(source: str, unit: str | None = None) -> bool:
    """True when an output describes people (respondents, interviews), not the law.

    ``unit`` decides when given (``"people"`` or not); otherwise the source does: a
    source citing legal codings and no survey, interview or questionnaire is about law.

    Example
    -------
    >>> about_people("HEROES legal coding, DRAFT"), about_people("HEROES practitioner survey")
    (False, True)
    """
    if unit:
        return unit == "people"
    return not (_LAW_SOURCE.search(source) and not _PEOPLE_SOURCE.search(source))


def mark_protected(frame: pd.DataFrame, method: str) -> pd.DataFrame:
    """``frame`` with ``attrs[PROTECTED_ATTR] = method``: it passed disclosure control."""
    frame.attrs[PROTECTED_ATTR] = method
    return frame


def is_protected(frame: pd.DataFrame) -> bool:
    """Did ``frame`` pass disclosure control?

    Marked by :func:`mark_protected`, or carrying the ``suppressed`` and ``suppression``
    columns :func:`~heroes_research.disclosure.protect_estimates` adds (they survive
    filtering and concatenation, where ``attrs`` may not).
    """
    return bool(frame.attrs.get(PROTECTED_ATTR)) or {"suppressed", "suppression"} <= set(frame.columns)


def require_protected(frame: pd.DataFrame, *, what: str, title: str, source: str) -> None:
    """Refuse to draw estimates about people that did not pass disclosure control.

    Raises
    ------
    OutputError
        ``reason="unprotected_estimates"`` naming the output and the fix.
    """
    if about_people(source) and not is_protected(frame):
        raise OutputError(
            f"{what} {title!r}: drawn from estimates about people that did not pass disclosure control "
            "(protect=False and the frame is not the output of protect_estimates)",
            reason="unprotected_estimates", variable="protect",
            hint="pass protect=True (the default), or draw from disclosure.protect_estimates(estimates, "
                 "min_count=...) first",
        )


class _Cells:
    """Ledger cells and equations gathered one by one (a key registered twice is one cell)."""

    def __init__(self) -> None:
        self.index: dict[Key, int] = {}
        self.values: list[float] = []
        self.withheld: list[bool] = []
        self.equations: list[tuple[int, int, float]] = []
        self.n_equations = 0

    def cell(self, pairs: Sequence[tuple[str, str]], value: float = np.nan, *, withheld: bool = False) -> int:
        """The cell of key ``pairs`` (added if new); a value publishes it, ``withheld`` makes it a target."""
        key = tuple(sorted(pairs))
        position = self.index.setdefault(key, len(self.index))
        if position == len(self.values):
            self.values.append(np.nan)
            self.withheld.append(False)
        if not np.isnan(value):
            self.values[position] = float(value)
        self.withheld[position] |= withheld
        return position

    def equation(self, terms: Sequence[tuple[int, float]]) -> None:
        self.equations += [(self.n_equations, cell, coef) for cell, coef in terms]
        self.n_equations += 1

    def entry(self, unit: str, method: str) -> LedgerTable:
        return LedgerTable("", unit, tuple(self.index), np.array(self.values, dtype=float),
                           tuple(self.equations), method, np.array(self.withheld, dtype=bool))


def _number(value: object) -> float:
    import pandas as pd

    return np.nan if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def estimates_ledger(
    frame: pd.DataFrame, *, by: Sequence[str], unit: str, show_n: bool = True, complete: bool = False
) -> LedgerTable:
    """The counts a protected tidy estimate frame reveals (see the module notes).

    Parameters
    ----------
    frame
        Tidy estimates after :func:`protect_estimates` (``suppressed``; withheld
        values NA): the ``by`` columns, ``variable``, ``level``, ``estimate``, ``n``
        and, for shares, ``n_level``.
    by
        The group columns (dimensions of every cell).
    unit
        What is counted (the population; outputs of one population are linked).
    show_n
        The output shows ``n`` next to each estimate (tables, forest plots).
    complete
        Each group's levels are the whole distribution (the output draws them to 100 %).

    Returns
    -------
    LedgerTable
        Named ``""``; :func:`save_table` / :func:`save_figure` name it.
    """
    cells = _Cells()
    domains: dict[tuple[Key, str], list[tuple[int, str, float, bool]]] = {}
    for row in frame.to_dict("records"):
        group = tuple((str(c), str(row[c])) for c in by)
        variable = str(row.get("variable", "estimate"))
        n, n_level, share = (_number(row.get(c)) for c in ("n", "n_level", "estimate"))
        withheld = bool(row.get("suppressed", False))
        shown = not withheld and not np.isnan(share)
        denominator = cells.cell([*group, ("answered", variable)], n if shown and show_n else np.nan,
                                 withheld=withheld)
        level = _level(row.get("level"))
        if level is None and np.isnan(n_level):
            continue  # the mean of a numeric variable (or a withheld 0/1 mean): its denominator only
        unweighted = shown and n > 0 and abs(share - n_level / n) < _UNWEIGHTED_TOL
        numerator = cells.cell([*group, (variable, level or "1")], n_level if unweighted and show_n else np.nan,
                               withheld=withheld)
        if unweighted and not show_n:
            cells.equation([(numerator, 1.0), (denominator, -share)])
        if level is None:  # a 0/1 variable: ones and zeros make the denominator
            rest = cells.cell([*group, (variable, "0")], withheld=withheld)
            cells.equation([(denominator, 1.0), (numerator, -1.0), (rest, -1.0)])
        else:
            domains.setdefault((group, variable), []).append((numerator, level, share, shown))
    for (group, variable), levels in domains.items():
        whole = complete or (all(s for *_, s in levels) and abs(sum(v for *_, v, _ in levels) - 1.0) < 1e-6)
        names = "|".join(sorted(name for _, name, _, _ in levels))
        rest = cells.cell([*group, (variable, f"not{{{names}}}")], 0.0 if whole else np.nan)
        denominator = cells.cell([*group, ("answered", variable)])
        cells.equation([(denominator, 1.0), *((c, -1.0) for c, *_ in levels), (rest, -1.0)])
    return cells.entry(unit, "estimates")


def _level(value: object) -> str | None:
    """The level of a share's row as text; None for a row without one (a mean)."""
    import pandas as pd

    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def counts_ledger(frame: pd.DataFrame, *, unit: str, method: str) -> LedgerTable:
    """The counts a figure or hand-made table shows, cell by cell (NaN where withheld).

    Rows and columns are the two dimensions (their names, else ``row``/``column``); no
    equation links them (a heat map of co-occurrences does not add up).

    Example
    -------
    >>> import pandas as pd
    >>> shown = pd.DataFrame({"a": [12.0, None]}, index=pd.Index(["a", "b"], name="code"))
    >>> counts_ledger(shown, unit="interviews", method="threshold").published.tolist()
    [12.0, nan]
    """
    row_dim, col_dim = frame.index.name or "row", frame.columns.name or "column"
    cells = _Cells()
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    for i, row in enumerate(frame.index):
        for j, column in enumerate(frame.columns):
            cells.cell([(str(row_dim), str(row)), (str(col_dim), str(column))], values[i, j],
                       withheld=bool(np.isnan(values[i, j])))
    return cells.entry(unit, method)
