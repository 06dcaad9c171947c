"""Read analysis variables from a design's data: numeric values, categories, domains, missing rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError

__all__ = ["Categories", "categories", "domains", "is_categorical", "numeric", "require", "usable"]


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


def categories(data: pd.DataFrame, name: str) -> Categories:
    """Levels in category order for categoricals, sorted otherwise (as R sorts factor levels)."""
    series = data[name]
    if isinstance(series.dtype, pd.CategoricalDtype):
        return Categories(series.cat.codes.to_numpy(dtype=np.intp), pd.Index(series.cat.categories))
    codes, levels = pd.factorize(series, sort=True)
    return Categories(codes.astype(np.intp, copy=False), pd.Index(levels))


def domains(data: pd.DataFrame, by: str) -> Categories:
    """Domain codes of ``by``: observed levels only (as R's ``svyby``); -1 outside every domain."""
    cats = categories(data, by)
    if not (cats.codes >= 0).any():
        raise EstimationError(f"by={by!r}: the column has no value (every row is missing), so there "
                              "is no domain to estimate in", reason="all_missing", variable=by,
                              hint="choose another by= column, or fill in this one")
    used = np.bincount(cats.codes[cats.codes >= 0], minlength=len(cats.levels)) > 0
    if used.all():
        return cats
    remap = np.full(len(cats.levels) + 1, -1, dtype=np.intp)
    remap[:-1][used] = np.arange(np.count_nonzero(used))
    return Categories(remap[cats.codes], cats.levels[used])


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
