"""Groupings of tidy estimates for tables and figures: any column, country the default.

A grouping is one column (or several) of a tidy estimate frame whose values make the
rows, columns or panels of an output. A column called ``country`` holds study
countries: its values are checked, ordered and named as :mod:`heroes_research.countries`
says. Any other column keeps its category order (a categorical) or its order of
appearance (the estimators' sorted domains), and its values are shown as they are.
Headings come from ``labels``: a mapping ``{column: label}`` or a codebook (its
variable labels).

Example
-------
>>> import pandas as pd
>>> frame = pd.DataFrame({"sector": ["police", "ngo"], "estimate": [0.4, 0.6]})
>>> group_order(frame, ["sector"])
[('police',), ('ngo',)]
>>> heading("agency_type", None), heading("country", None)
('Agency type', 'Country')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError
from heroes_research.tables._common import country_order, normalise_countries, require_columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COUNTRY",
    "Labels",
    "as_columns",
    "group_label",
    "group_order",
    "heading",
    "interval_label",
    "item_labels",
    "normalise_groups",
]

COUNTRY = "country"
#: A mapping {column or variable: label}, or a codebook (its variables' labels).
Labels = Mapping[str, str] | Any | None


def as_columns(group: str | Sequence[str] | None, what: str, argument: str) -> list[str]:
    """One grouping column name or a list of them, as a list."""
    if group is None:
        return []
    names = [group] if isinstance(group, str) else list(group)
    if not all(isinstance(name, str) for name in names) or len(set(names)) < len(names):
        raise OutputError(f"{what}: {argument}={group!r} is not a column name or a list of "
                          "distinct column names", reason="bad_argument", variable=argument,
                          hint=f"pass {argument}='country' or {argument}=['country', 'sector']")
    return names


def normalise_groups(frame: pd.DataFrame, columns: Sequence[str], what: str) -> pd.DataFrame:
    """Check the grouping columns exist; study countries become ISO codes."""
    require_columns(frame, columns, what)
    if COUNTRY in columns:
        frame = frame.assign(**{COUNTRY: normalise_countries(frame[COUNTRY], what)})
    return frame


def _value_order(series: pd.Series) -> list[Any]:
    """The display order of one grouping column's values."""
    import pandas as pd

    present = list(dict.fromkeys(series.dropna()))
    if series.name == COUNTRY:
        return sorted(present, key=country_order)
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [c for c in series.cat.categories if c in set(present)]
    return present


def group_order(frame: pd.DataFrame, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """The distinct value combinations of ``columns`` in display order (first column slowest)."""
    if not columns:
        return [()]
    rank = {c: {v: i for i, v in enumerate(_value_order(frame[c]))} for c in columns}
    keys = dict.fromkeys(
        tuple(row) for row in frame[list(columns)].itertuples(index=False, name=None)
    )
    return sorted(
        (k for k in keys if all(v in rank[c] for c, v in zip(columns, k, strict=True))),
        key=lambda k: tuple(rank[c][v] for c, v in zip(columns, k, strict=True)),
    )


def group_label(columns: Sequence[str], key: tuple[Any, ...]) -> str:
    """The displayed name of one group: country names for ``country``, values otherwise."""
    from heroes_research.countries import country_name

    parts = [country_name(v) if c == COUNTRY else str(v) for c, v in zip(columns, key, strict=True)]
    return ": ".join(parts)


def _label(name: str, labels: Labels) -> str | None:
    if labels is None:
        return None
    if isinstance(labels, Mapping):
        return labels.get(name)
    from heroes_research.errors import CodebookError

    try:  # a codebook
        return str(labels.variable(name).label)
    except CodebookError:  # not one of its variables: no label
        return None


def heading(column: str | Sequence[str], labels: Labels) -> str:
    """A heading for a grouping (or a variable): its label, else the name made readable."""
    if not isinstance(column, str):
        return ": ".join(heading(c, labels) for c in column)
    found = _label(column, labels)
    if found:
        return found
    return "Country" if column == COUNTRY else column.replace("_", " ").capitalize()


def _varies(frame: pd.DataFrame, column: str, groups: Sequence[str]) -> bool:
    """True when ``column`` takes several values within one group (or overall, without groups)."""
    if column not in frame.columns:
        return False
    if not groups:
        return frame[column].nunique() > 1
    return bool((frame.groupby(list(groups), observed=True, dropna=False)[column].nunique() > 1).any())


def item_labels(frame: pd.DataFrame, labels: Labels, groups: Sequence[str] = ()) -> pd.Series:
    """One label per row for what was estimated: the variable (labelled) and its level.

    Only the parts that tell apart the estimates of one group are used (a matrix whose
    cells are different variables needs no item); a single estimate is ``"Estimate"``.
    """
    import pandas as pd

    parts = []
    if _varies(frame, "variable", groups):
        names = frame["variable"].astype("string")
        parts.append(names.map(lambda v: _label(v, labels) or v))
    if _varies(frame, "level", groups):
        parts.append(frame["level"].astype("string"))
    if not parts:
        return pd.Series("Estimate", index=frame.index, dtype="string")
    return pd.concat(parts, axis=1).fillna("").agg(": ".join, axis=1).str.strip(": ")


def interval_label(frame: pd.DataFrame, what: str) -> str:
    """``"95% CI"`` from the ``conf_level`` column (one level per output)."""
    if "conf_level" not in frame.columns or frame["conf_level"].isna().all():
        raise OutputError(f"{what}: no 'conf_level' column, so the interval cannot be labelled",
                          reason="missing_column", variable="conf_level",
                          hint="pass the estimator's tidy frame, or add conf_level=0.95 (the "
                               "interval's confidence level) as a column")
    levels = frame["conf_level"].dropna().unique()
    if len(levels) > 1:
        raise OutputError(f"{what}: intervals at several confidence levels "
                          f"({', '.join(f'{v:g}' for v in sorted(levels))})",
                          reason="mixed_conf_level", variable="conf_level",
                          hint="estimate every item at one conf_level")
    return f"{float(levels[0]) * 100:g}% CI"
