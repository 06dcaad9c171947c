"""Data-quality checks on a harmonised frame; each returns validation-report rows.

Duplicate respondents, straight-lining in item batteries, numeric ranges and
declarative consistency rules. All are vectorised over respondents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.cleaning._report import empty_report, make_report

if TYPE_CHECKING:
    from heroes_research.codebook import Codebook

__all__ = [
    "check_consistency",
    "check_ranges",
    "find_duplicates",
    "flag_straightlining",
    "straightlining_report",
]


def _row_ids(data: pd.DataFrame, id: str | None, row_ids: pd.Series | None) -> pd.Series:
    """Row ids for the report: ``row_ids`` if given, else the id column, else ``#<index>``."""
    if row_ids is not None:
        return pd.Series(row_ids, index=data.index).astype("string")
    fallback = pd.Series("#" + data.index.astype("string"), index=data.index, dtype="string")
    if id is None:
        return fallback
    return data[id].astype("string").fillna(fallback)


def _require(data: pd.DataFrame, columns: Iterable[str | None], step: str) -> None:
    """Raise one ValidationError naming every column ``step`` needs that ``data`` lacks."""
    absent = [c for c in dict.fromkeys(columns) if c is not None and c not in data.columns]
    if absent:
        from heroes_research.errors import ValidationError

        raise ValidationError(
            f"{step}: the frame has no column {', '.join(map(repr, absent))}", reason="missing_variable",
            variable=absent[0],
            hint="pass the harmonised frame (heroes_research.cleaning.harmonise) or correct the name")


def _country(data: pd.DataFrame, mask: np.ndarray, country: str | None):
    return data[country].to_numpy()[mask] if country and country in data else None


def _as_numbers(column: pd.Series, codes: Sequence[int] | None = None) -> np.ndarray:
    """A column as float (NaN = missing): categoricals give their codes (or category positions)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        positions = column.cat.codes.to_numpy()
        table = np.asarray([*(codes if codes is not None else range(len(column.cat.categories))), np.nan],
                           dtype=float)
        return table[positions]
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def find_duplicates(
    data: pd.DataFrame,
    *,
    id: str,
    country: str | None = "country",
    items: Sequence[str] | None = None,
    min_answered: int = 5,
    row_ids: pd.Series | None = None,
    rows: pd.Series | np.ndarray | None = None,
) -> pd.DataFrame:
    """Find repeated respondent ids and identical answer vectors under different ids.

    Parameters
    ----------
    data
        Harmonised (or any) respondent-level frame.
    id
        Respondent id column; ids must be unique within ``country``.
    country
        Column within which ids must be unique (None: the whole frame).
    items
        Columns compared for identical answers (default: all but ``id`` and ``country``).
    min_answered
        Only rows with at least this many answered items can be possible duplicates
        (short, mostly empty answer vectors coincide by chance).
    row_ids
        Row ids for the report (default: the id column).
    rows
        Row numbers named in the messages (default: the index), e.g. rows in the file.

    Returns
    -------
    pandas.DataFrame
        Report rows: rule ``duplicate_respondent`` for every row whose id repeats in
        its country; rule ``possible_duplicate`` for rows whose answers equal another
        row's in the same country while the ids differ.

    Raises
    ------
    ValidationError
        ``missing_variable`` if ``data`` lacks a column it needs (named in the message).

    Notes
    -----
    Candidate identical rows are found by hashing each row
    (``pandas.util.hash_pandas_object``), then confirmed by an exact group-by on
    the candidates only, so the check costs a few column passes on 10^6 rows.

    Example
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["a", "a", "b"], "q": [1, 2, 3]})
    >>> find_duplicates(df, id="id", country=None)["rule"].tolist()
    ['duplicate_respondent', 'duplicate_respondent']
    """
    _require(data, [id, *(items or ())], "find_duplicates")
    keys = [country, id] if country and country in data else [id]
    ids = _row_ids(data, id, row_ids)
    repeated = (data.duplicated(keys, keep=False) & data[id].notna()).to_numpy()
    parts = [empty_report()]
    if repeated.any():
        numbers = pd.Series(data.index if rows is None else rows, index=data.index)[repeated]
        where = (data.loc[repeated, keys].assign(_row=numbers.astype("string"))  # few rows: the repeats
                 .groupby(keys, observed=True)["_row"].transform(", ".join))
        parts.append(make_report(
            row_id=ids[repeated], value=data[id][repeated], variable=id, rule="duplicate_respondent",
            country=_country(data, repeated, country),
            message="respondent id repeated within its country (rows " + where
                    + "); ids must be unique within a country"))
    items = list(items) if items is not None else [c for c in data.columns if c not in (id, country)]
    if items:
        parts.append(_same_answers(data, id, keys[:-1], items, min_answered, ids))
    return pd.concat(parts, ignore_index=True)


def _same_answers(data: pd.DataFrame, id: str, group: list[str], items: list[str], min_answered: int,
                  ids: pd.Series) -> pd.DataFrame:
    answered = np.zeros(len(data), dtype=np.int32)
    for item in items:
        answered += data[item].notna().to_numpy()
    eligible = answered >= min_answered
    hashes = pd.Series(pd.util.hash_pandas_object(data[group + items], index=False).to_numpy()[eligible],
                       index=data.index[eligible])
    candidates = hashes.index[hashes.duplicated(keep=False).to_numpy()]
    if len(candidates) == 0:
        return empty_report()
    subset = data.loc[candidates, group + items + [id]]
    grouped = subset.groupby(group + items, dropna=False, observed=True, sort=False)[id]
    distinct = grouped.transform("nunique")
    first = grouped.transform("first")
    flagged = distinct.index[(distinct > 1).to_numpy()]
    mask = data.index.isin(flagged)
    return make_report(
        row_id=ids[mask], value=data.loc[mask, id], variable=id, rule="possible_duplicate",
        country=_country(data, mask, group[0] if group else None),
        message=f"same answers to all {len(items)} items as respondent '" + first[flagged].astype("string")
                + "' with a different id (possible duplicate)")


def flag_straightlining(
    data: pd.DataFrame,
    items: Sequence[str],
    *,
    min_items: int = 3,
    battery: str | None = None,
    id: str | None = None,
    country: str | None = "country",
    row_ids: pd.Series | None = None,
) -> pd.DataFrame:
    """Flag respondents who gave the same answer to every item of a battery.

    Parameters
    ----------
    data
        Respondent-level frame.
    items
        The battery's item columns (categoricals are compared by category position).
    min_items
        Flag only rows with at least this many answered items.
    battery
        Battery name for the report's ``variable`` column (default: the items joined).

    Returns
    -------
    pandas.DataFrame
        Report rows with rule ``straight_lining`` (a warning: strict harmonisation
        does not fail on it); ``value`` is the number of items answered.

    Raises
    ------
    ValidationError
        ``missing_variable`` if ``data`` lacks a column it needs (named in the message).

    Notes
    -----
    Straight-lining is a property of the answers as the respondent saw them: where a
    country's version reverse-codes an item, ``harmonise`` checks the codes before
    reversal, so a respondent who ticked "5" throughout is flagged in every version.

    Example
    -------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 1], "b": [1, 2], "c": [1, 3]})
    >>> flag_straightlining(df, ["a", "b", "c"])["row_id"].tolist()
    ['#0']
    """
    _require(data, [*items, id], "flag_straightlining")
    return straightlining_report(
        [_as_numbers(data[item]) for item in items], min_items=min_items,
        battery=battery or "+".join(items), row_ids=_row_ids(data, id, row_ids),
        country=data[country].to_numpy() if country and country in data else None)


def straightlining_report(items: Iterable[np.ndarray], *, min_items: int, battery: str,
                          row_ids: pd.Series, country: np.ndarray | None) -> pd.DataFrame:
    """Report rows where every answered item (float arrays, NaN = missing) is equal.

    ``items`` may be a generator: items are consumed one at a time (no n x k matrix).
    """
    n = len(row_ids)
    low, high = np.full(n, np.inf), np.full(n, -np.inf)
    answered = np.zeros(n, dtype=np.int32)
    n_items = 0
    for values in items:
        np.fmin(low, values, out=low)
        np.fmax(high, values, out=high)
        answered += ~np.isnan(values)
        n_items += 1
    flagged = (low == high) & (answered >= max(min_items, 1))
    if not flagged.any():
        return empty_report()
    return make_report(
        row_id=row_ids[flagged], value=answered[flagged], variable=battery, rule="straight_lining",
        country=None if country is None else country[flagged],
        message=f"the same answer to every answered item of battery {battery!r} ({n_items} items)")


def check_ranges(
    data: pd.DataFrame,
    ranges: Mapping[str, tuple[float, float]] | Codebook,
    *,
    id: str | None = None,
    country: str | None = "country",
    row_ids: pd.Series | None = None,
) -> pd.DataFrame:
    """Report values outside their inclusive valid range.

    Parameters
    ----------
    ranges
        Column -> ``(low, high)``, or a Codebook (its numeric variables' ``range``).

    Returns
    -------
    pandas.DataFrame
        Report rows with rule ``out_of_range``.

    Raises
    ------
    ValidationError
        ``missing_variable`` if ``data`` lacks a column it needs (named in the message).

    Example
    -------
    >>> import pandas as pd
    >>> check_ranges(pd.DataFrame({"age": [30, 150]}), {"age": (16, 99)})["value"].tolist()
    ['150']
    """
    if not isinstance(ranges, Mapping):
        ranges = {v.name: v.range for v in ranges.variables if v.range is not None}
    _require(data, [*ranges, id], "check_ranges")
    ids = _row_ids(data, id, row_ids)
    parts = [empty_report()]
    for name, (low, high) in ranges.items():
        values = _as_numbers(data[name])
        outside = (values < low) | (values > high)
        if outside.any():
            parts.append(make_report(
                row_id=ids[outside], value=pd.Series(values[outside]).map("{:g}".format), variable=name,
                rule="out_of_range", country=_country(data, outside, country),
                message=f"{name!r} outside its valid range [{low:g}, {high:g}]"))
    return pd.concat(parts, ignore_index=True)


def check_consistency(
    data: pd.DataFrame,
    codebook: Codebook,
    *,
    id: str | None = None,
    country: str | None = "country",
    row_ids: pd.Series | None = None,
) -> pd.DataFrame:
    """Evaluate the codebook's ``checks`` (e.g. ``years_experience <= age - 16``) on harmonised data.

    Coded variables enter a rule as their harmonised codes; a row is checked only
    where every variable the rule names is known.

    Parameters
    ----------
    data
        Harmonised respondent-level frame (columns named as the codebook's variables).
    codebook
        The codebook whose ``checks`` are evaluated.

    Returns
    -------
    pandas.DataFrame
        Report rows with rule ``inconsistent``; ``value`` lists the values involved.

    Raises
    ------
    ValidationError
        ``missing_variable`` if ``data`` lacks a column it needs (named in the message).

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.codebook import build_codebook
    >>> cb = build_codebook({
    ...     "instrument": "pilot", "version": "1.0.0", "title": "Pilot", "id": "resp_id",
    ...     "variables": [{"name": "resp_id", "label": "Id", "type": "text"},
    ...                   {"name": "age", "label": "Age", "type": "numeric"},
    ...                   {"name": "years", "label": "Years of experience", "type": "numeric"}],
    ...     "checks": [{"rule": "years <= age - 16", "message": "too much experience"}],
    ...     "countries": {"ES": {"file": "es.csv", "variables": {"resp_id": "id"}}}})
    >>> df = pd.DataFrame({"country": ["ES", "ES"], "resp_id": ["a", "b"],
    ...                    "age": [30, 20], "years": [5, 10]})
    >>> check_consistency(df, cb, id="resp_id")[["row_id", "value"]].values.tolist()
    [['b', 'years=10, age=20']]
    """
    from heroes_research.codebook._expr import rule_violations

    _require(data, [*(name for check in codebook.checks for name in check.variables), id],
             "check_consistency")
    ids = _row_ids(data, id, row_ids)
    parts = [empty_report()]
    for check in codebook.checks:
        names = check.variables
        values = {}
        for name in names:
            variable = codebook.variable(name)
            values[name] = _as_numbers(data[name], list(variable.codes) if variable.is_coded else None)
        broken = rule_violations(check.rule, values)
        if broken.any():
            shown = [name + "=" + pd.Series(values[name][broken]).map("{:g}".format) for name in names]
            parts.append(make_report(
                row_id=ids[broken], value=shown[0].str.cat(shown[1:], sep=", "),
                variable=",".join(names), rule="inconsistent", country=_country(data, broken, country),
                message=f"{check.message} (rule: {check.rule})"))
    return pd.concat(parts, ignore_index=True)
