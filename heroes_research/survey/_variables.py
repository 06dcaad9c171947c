"""Read analysis variables from a design's data: numeric values, categories, domains, missing rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError

__all__ = [
    "Categories",
    "Domains",
    "by_names",
    "categories",
    "check_conf_level",
    "domains",
    "is_categorical",
    "numeric",
    "require",
    "usable",
]


def require(data: pd.DataFrame, names: list[str], step: str) -> None:
    """Raise EstimationError naming the first variable that is not in ``data``."""
    for name in names:
        if name not in data.columns:
            close = [c for c in data.columns if str(c).lower() == str(name).lower()]
            raise EstimationError(
                f"{step}: the variable is not in the design's data",
                variable=name,
                reason="unknown_variable",
                hint=f"did you mean {close[0]!r}?"
                if close
                else "check the spelling of the column name",
            )


def is_categorical(series: pd.Series) -> bool:
    """True for strings, objects and categoricals (estimated as one row per level)."""
    return not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series))


def numeric(data: pd.DataFrame, name: str, step: str) -> np.ndarray:
    """Float values of a numeric variable, NaN where missing."""
    series = data[name]
    if is_categorical(series):
        raise EstimationError(
            f"{step}: the variable must be numeric",
            variable=name,
            reason="not_numeric",
            hint="recode it to numbers (e.g. 0/1), or estimate its categories with design.mean()",
        )
    return series.to_numpy(dtype=float, na_value=np.nan)


@dataclass(frozen=True)
class Categories:
    """Integer codes (-1 where missing) and the ordered levels of a categorical variable."""

    codes: np.ndarray
    levels: pd.Index

    @property
    def missing(self) -> np.ndarray:
        return self.codes < 0


def categories(data: pd.DataFrame, name: str, memo: dict | None = None) -> Categories:
    """Levels in category order for categoricals, sorted otherwise (as R sorts factor levels).

    ``memo`` (a design's private cache) keeps the result per column for as long as the
    column is the same array: factorising a million strings costs more than a
    domain estimate itself, and notebooks ask for many estimates by the same domain.
    """
    values = data[name].array
    if memo is not None and (hit := memo.get(name)) is not None and hit[0] is values:
        return hit[1]
    series = data[name]
    if isinstance(series.dtype, pd.CategoricalDtype):
        out = Categories(series.cat.codes.to_numpy(dtype=np.intp), pd.Index(series.cat.categories))
    else:
        codes, levels = pd.factorize(series, sort=True)
        out = Categories(codes.astype(np.intp, copy=False), pd.Index(levels))
    if memo is not None:
        out.codes.setflags(write=False)
        memo[name] = (values, out)
    return out


def by_names(by: str | Sequence[str] | None) -> list[str]:
    """The domain variables of ``by``: one name or a list of names (R's ``~a+b``)."""
    if by is None:
        return []
    names = [by] if isinstance(by, str) else list(by)
    if not names or not all(isinstance(name, str) for name in names) or len(set(names)) < len(names):
        raise EstimationError(
            f"by={by!r} is not a column name or a list of distinct column names",
            variable="by",
            reason="bad_by",
            hint="pass by='country' or by=['country', 'sector']",
        )
    return names


def check_conf_level(conf_level: object, step: str) -> float:
    """``conf_level`` as a float strictly between 0 and 1, or an EstimationError naming it."""
    try:
        level = float(conf_level)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        level = np.nan
    if not 0 < level < 1:
        raise EstimationError(
            f"{step}: conf_level={conf_level!r} is not a probability between 0 and 1",
            variable="conf_level",
            reason="bad_conf_level",
            hint="pass a confidence level such as conf_level=0.95 (not 95)",
        )
    return level


@dataclass(frozen=True)
class Domains:
    """Domain code of each row (-1 outside every domain) and one row of ``by`` values per domain."""

    codes: np.ndarray
    levels: pd.DataFrame

    def __len__(self) -> int:
        return len(self.levels)

    def labels(self, mask: np.ndarray | None = None) -> tuple[str, list[object]]:
        """A name for the domains (``"stype"`` or ``"(country, sector)"``) and their values."""
        shown = self.levels if mask is None else self.levels[mask]
        names = list(shown.columns)
        if len(names) == 1:
            return names[0], shown[names[0]].tolist()
        return f"({', '.join(names)})", list(shown.itertuples(index=False, name=None))


def _level_values(data: pd.DataFrame, name: str, cats: Categories, codes: np.ndarray) -> object:
    """The level of each domain, keeping a categorical variable's categories."""
    if isinstance(data[name].dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=data[name].dtype)
    return cats.levels.take(codes)


def domains(
    data: pd.DataFrame, by: str | Sequence[str], step: str = "estimating", memo: dict | None = None
) -> Domains:
    """Domains of the ``by`` variables: observed combinations only (as R's ``svyby``).

    Domains are ordered by the first variable, then the next (category order for
    categoricals, sorted otherwise); rows missing any ``by`` variable are in no domain.
    ``memo``: a design's cache, as :func:`categories`.
    """
    names = by_names(by)
    arrays = [data[name].array if name in data.columns else None for name in names]
    entry = ("by", *names)
    if memo is not None and (hit := memo.get(entry)) is not None \
            and all(a is b for a, b in zip(hit[0], arrays, strict=True)):
        return hit[1]
    for name in names:
        if name not in data.columns:
            close = [c for c in data.columns if str(c).lower() == name.lower()]
            raise EstimationError(
                f"{step}: the by variable {name!r} is not in the design's data",
                variable=name,
                reason="unknown_variable",
                hint=(f"did you mean by={close[0]!r}?" if close else "pass by= one of the design's "
                      "columns (or a list of them)"),
            )
    parts = [categories(data, name, memo) for name in names]
    for name, cats in zip(names, parts, strict=True):
        if not (cats.codes >= 0).any():
            raise EstimationError(
                f"{step}: the by variable {name!r} has no value (every row is missing)",
                variable=name,
                reason="empty_by",
                hint="choose a by variable that is recorded, or fill its missing values first",
            )
    sizes = [max(len(cats.levels), 1) for cats in parts]
    key = np.zeros(len(data), dtype=np.int64)
    outside = np.zeros(len(data), dtype=bool)
    for cats, size in zip(parts, sizes, strict=True):
        key = key * size + cats.codes
        outside |= cats.codes < 0
    key[outside] = -1
    observed, row_codes = _observed(key, outside, int(np.prod(sizes, dtype=np.int64)))
    digits = np.unravel_index(observed, sizes) if len(observed) else [observed] * len(names)
    levels = pd.DataFrame(
        {
            name: _level_values(data, name, cats, np.asarray(d, dtype=np.intp))
            for name, cats, d in zip(names, parts, digits, strict=True)
        }
    )
    out = Domains(row_codes, levels)
    if memo is not None:
        row_codes.setflags(write=False)
        memo[entry] = (arrays, out)
    return out


def _observed(key: np.ndarray, outside: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The observed keys, sorted, and each row's rank among them (-1 outside).

    One ``np.bincount`` pass when the key space is no larger than the data (the
    usual case: a few domains), instead of sorting every row's key.
    """
    if size > max(len(key), 1):
        observed, codes = np.unique(key[~outside], return_inverse=True)
        row_codes = np.full(len(key), -1, dtype=np.intp)
        row_codes[~outside] = codes
        return observed, row_codes
    counts = np.bincount(key[~outside], minlength=size) if outside.any() else np.bincount(key, minlength=size)
    observed = np.flatnonzero(counts)
    rank = np.full(size + 1, -1, dtype=np.intp)  # the last slot: key -1, outside every domain
    rank[observed] = np.arange(len(observed))
    return observed, rank[key]


def usable(
    data: pd.DataFrame, missing: dict[str, np.ndarray], rows: np.ndarray, na_rm: bool, step: str
) -> np.ndarray:
    """Rows to use: ``rows`` without missing values; raise on missing values unless ``na_rm``.

    Parameters
    ----------
    missing
        Variable name -> boolean mask of its missing values.
    rows
        Rows in scope (the union of the domains).
    """
    keep = rows
    for name, mask in missing.items():
        if not mask.any():
            continue
        hit = mask & rows
        if hit.any():
            if not na_rm:
                raise EstimationError(
                    f"{step}: the variable has missing values",
                    variable=name,
                    rows=list(data.index[hit][:50]),
                    reason="missing_values",
                    hint="pass na_rm=True to drop them (R's na.rm=TRUE: the rows stay in the "
                    "design with zero weight), or impute them first",
                )
            keep = keep & ~mask
    return keep
