"""The covariance of the estimates of one result, carried with its tidy frame (R's ``vcov``).

An estimator asked for ``covmat=True`` computes the joint covariance of every row of
its result and leaves it in ``frame.attrs["vcov"]``: an :class:`EstimateCovariance`
that knows each row by its ``by`` values, ``variable`` and ``level``. Filtering or
reordering the frame keeps it (pandas copies ``attrs``): :func:`vcov` and
:func:`~heroes_research.survey.contrast` look the rows up by those keys, so they
always use the covariance of the rows the frame still has.

Notes
-----
Between domains (R's ``svyby(..., covmat=TRUE)``): on a linearisation design the
influence values of every (domain, estimate) pair are stacked, zero outside the
domain, and their PSU totals give the covariance over the whole design (R's
``svyrecvar`` of the stacked influence functions; Binder 1983; Lumley 2010, sec. 2.4);
a calibrated design takes the residuals of the influence values first. On a replicate
design the exact replicate estimates of every pair give it (R's ``svrVar`` of the
stacked replicates). The influence values are those of :mod:`heroes_research.survey._linear`
(mean and total) and of R's ``svyratio``, :math:`w_i (y_i - \\hat R x_i) / \\hat X`.

Example
-------
>>> import pandas as pd
>>> from heroes_research.survey import SurveyDesign, vcov
>>> df = pd.DataFrame({"y": [1.0, 2, 4, 3], "g": list("abab"), "psu": [1, 1, 2, 2]})
>>> v = vcov(SurveyDesign(df, psu="psu").mean("y", by="g", covmat=True))
>>> list(v.columns)
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._linear import Column, influence_variance
from heroes_research.survey._tidy import by_columns

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = [
    "EstimateCovariance",
    "estimate_names",
    "linear_covariance",
    "ratio_covariance",
    "row_covariance",
    "vcov",
    "with_covariance",
]

Key = tuple[Any, ...]


def _plain(value: object) -> object:
    """A hashable, comparable form of a cell: None for missing, Python scalars for numpy."""
    if value is None or (np.isscalar(value) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def row_keys(frame: pd.DataFrame) -> list[Key]:
    """Each row's identity: its ``by`` values, ``variable`` and ``level``."""
    columns = [*by_columns(frame), "variable", "level"]
    return [tuple(_plain(v) for v in row) for row in frame[columns].itertuples(index=False)]


def estimate_names(frame: pd.DataFrame) -> list[str]:
    """R's names of the rows of a tidy estimate frame (``names(coef(x))``).

    ``variable`` (numeric) or ``variable`` + ``level`` (categorical, R's ``sexmale``);
    with ``by``, the domain's values joined by ``.`` (R's ``svyby``), alone when the
    result has one numeric variable, else ``domain:inner``.

    Example
    -------
    >>> from heroes_research.survey import TIDY_COLUMNS
    >>> f = pd.DataFrame({"g": ["a", "b"], "variable": "y", "level": None,
    ...                   **{c: 0.0 for c in TIDY_COLUMNS[2:]}})
    >>> estimate_names(f)
    ['a', 'b']
    """
    inner = [
        str(v) if pd.isna(lv) else f"{v}{lv}"
        for v, lv in zip(frame["variable"], frame["level"], strict=True)
    ]
    by = by_columns(frame)
    if not by:
        return inner
    domain = frame[by].astype(str).agg(".".join, axis=1).tolist()
    single = frame["level"].isna().all() and frame["variable"].nunique() == 1
    return domain if single else [f"{d}:{i}" for d, i in zip(domain, inner, strict=True)]


@dataclass(frozen=True, eq=False)
class EstimateCovariance:
    """The covariance matrix of a result's rows, each known by its key (see :func:`row_keys`).

    Immutable (the matrix is read-only), so pandas shares it between copies of the
    frame instead of copying it, and compares it by identity (two results concatenated
    have no joint covariance: the concatenation drops it).
    """

    keys: tuple[Key, ...]
    matrix: np.ndarray

    def __deepcopy__(self, memo: dict) -> EstimateCovariance:
        return self

    def positions(self, keys: Sequence[Key], step: str) -> np.ndarray:
        """Positions of ``keys`` in the matrix; a row the matrix does not know raises."""
        index = {key: i for i, key in enumerate(self.keys)}
        unknown = [key for key in keys if key not in index]
        if unknown:
            raise EstimationError(
                f"{step}: the row {unknown[0]!r} (by values, variable, level) has no "
                "covariance: it was added or relabelled after estimation",
                variable="estimates",
                reason="no_covariance",
                hint="use the frame the estimator returned (filtering or reordering its "
                "rows is fine), or estimate again with covmat=True",
            )
        return np.array([index[key] for key in keys], dtype=np.intp)


def with_covariance(frame: pd.DataFrame, matrix: np.ndarray) -> pd.DataFrame:
    """``frame`` with the covariance of its rows in ``frame.attrs["vcov"]``."""
    matrix = np.array(matrix, dtype=float)
    matrix.setflags(write=False)
    frame.attrs["vcov"] = EstimateCovariance(tuple(row_keys(frame)), matrix)
    return frame


def row_covariance(frame: pd.DataFrame, step: str) -> np.ndarray:
    """The covariance of the rows ``frame`` has now, in its order."""
    stored = frame.attrs.get("vcov")
    if not isinstance(stored, EstimateCovariance):
        raise EstimationError(
            f"{step}: the result carries no covariance of its estimates",
            variable="estimates",
            reason="no_covariance",
            hint="estimate with covmat=True (R's svyby(..., covmat=TRUE)), e.g. "
            "design.mean('y', by='country', covmat=True)",
        )
    where = stored.positions(row_keys(frame), step)
    return stored.matrix[np.ix_(where, where)]


def vcov(estimates: pd.DataFrame) -> pd.DataFrame:
    """The covariance matrix of a result's estimates, labelled with R's names (R's ``vcov``).

    Parameters
    ----------
    estimates
        A tidy estimate frame from an estimator called with ``covmat=True``
        (:meth:`SurveyDesign.mean`, :meth:`~SurveyDesign.total`,
        :meth:`~SurveyDesign.ratio`) or from :func:`contrast`; its rows may have been
        filtered or reordered since.

    Returns
    -------
    pandas.DataFrame
        Square, rows and columns in the frame's row order, labelled by
        :func:`estimate_names` (R's ``names(coef(x))``: ``"E"``, ``"E:api00"``, ...).

    Raises
    ------
    EstimationError
        The frame carries no covariance (estimate with ``covmat=True``), or has a row
        the covariance does not know.

    Notes
    -----
    Matches ``vcov(svyby(~y, ~g, design, svymean, covmat=TRUE))`` and
    ``vcov(svymean(~y1 + y2, design))``; see :mod:`heroes_research.survey._covariance`.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.survey import SurveyDesign
    >>> d = SurveyDesign(pd.DataFrame({"y": [1.0, 2, 4, 3], "x": [2.0, 2, 3, 5]}))
    >>> vcov(d.mean(["y", "x"], covmat=True)).shape
    (2, 2)
    """
    names = estimate_names(estimates)
    return pd.DataFrame(
        row_covariance(estimates, "reading the covariance"), index=names, columns=names
    )


def _covariance(
    design: SurveyDesign, influences: list[Column], denominators: list[Column | None]
) -> np.ndarray:
    """Joint covariance of statistics with these influence columns, over the whole design."""
    ratio_type = None if all(d is None for d in denominators) else denominators
    return influence_variance(design, influences, None, denominators=ratio_type)


def linear_covariance(
    design: SurveyDesign,
    columns: Sequence[Column],
    domain_rows: Sequence[np.ndarray],
    estimate: np.ndarray,
    kind: str,
) -> np.ndarray:
    """Covariance of means or totals of ``columns`` in each domain (domain-major order)."""
    w = np.asarray(design._layout.weights)
    influences: list[Column] = []
    denominators: list[Column | None] = []
    k = len(columns)
    for d, rows in enumerate(domain_rows):
        w_d = np.where(rows, w, 0.0)
        w_sum = w_d.sum()
        for j, column in enumerate(columns):
            theta = estimate[d * k + j]
            if not rows.any():  # a domain without respondents: no variance (R: SE 0)
                influences.append(lambda: np.zeros(len(w)))
                denominators.append(None)
            elif kind == "mean":
                influences.append(
                    lambda c=column, r=rows, t=theta, wd=w_d, s=w_sum: (
                        (np.where(r, c(), 0.0) - t) * wd / s
                    )
                )
                denominators.append(lambda r=rows: r.astype(float))
            else:
                influences.append(lambda c=column, r=rows, wd=w_d: np.where(r, c(), 0.0) * wd)
                denominators.append(None)
    return _covariance(design, influences, denominators)


def ratio_covariance(
    design: SurveyDesign,
    y: np.ndarray,
    x: np.ndarray,
    domain_rows: Sequence[np.ndarray],
    estimate: np.ndarray,
) -> np.ndarray:
    """Covariance of the ratios :math:`\\hat Y_d / \\hat X_d` of the domains."""
    w = np.asarray(design._layout.weights)
    influences: list[Column] = []
    denominators: list[Column | None] = []
    for rows, ratio in zip(domain_rows, estimate, strict=True):
        if not rows.any() or not np.isfinite(ratio):
            influences.append(lambda: np.zeros(len(w)))
            denominators.append(None)
            continue
        w_d = np.where(rows, w, 0.0)
        x_total = w_d @ np.where(rows, x, 0.0)
        influences.append(
            lambda r=rows, wd=w_d, q=ratio, t=x_total: np.where(r, y - q * x, 0.0) * wd / t
        )
        denominators.append(lambda r=rows: np.where(r, x, 0.0))
    return _covariance(design, influences, denominators)
