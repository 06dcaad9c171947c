"""Replicate-weight variance (R's ``svrepdesign``, ``as.svrepdesign`` and ``svrVar``).

Why hand-written: a replicate design must give R's variances to 1e-6 for every
estimator of the package without each estimator knowing about replicates. The
estimators hand the variance step their influence values :math:`z_i` (with the
full-sample weights :math:`w_i`); from them the exact replicate estimates follow:

* a total, :math:`z_i = w_i x_i`: :math:`\\hat\\theta_r - \\hat\\theta = \\sum_i a_{ri} z_i - \\sum_i z_i`;
* a ratio :math:`\\hat\\theta = \\sum w y / \\sum w d` (a mean: :math:`d = 1` in the domain),
  :math:`z_i = w_i (y_i - \\hat\\theta d_i) / D`:
  :math:`\\hat\\theta_r - \\hat\\theta = \\frac{D}{D_r} \\sum_i a_{ri} z_i` with :math:`D_r = \\sum_i a_{ri} w_i d_i`,

where :math:`a_{ri} = w_{ri}/w_i` is the replicate factor. Designs converted from a
linearisation design keep one factor per PSU (R's compressed weights), so a
replicate estimate costs a sum over PSU totals, not over rows.

Notes
-----
:math:`\\hat V = s \\sum_r c_r (\\hat\\theta_r - \\bar\\theta)^2` with the design's ``scale``
:math:`s` and ``rscales`` :math:`c_r`; :math:`\\bar\\theta` is the mean of the replicates,
or :math:`\\hat\\theta` with ``mse=True`` (R's ``svrVar``). Types and their scales as
R's ``svrepdesign``: JK1 :math:`(R-1)/R`; JKn :math:`c_r = (n_h - 1)/n_h`; BRR
:math:`1/R`; Fay :math:`1/(R(1-\\rho)^2)`; bootstrap :math:`1/(R-1)`; successive
difference and ACS :math:`4/R` (Wolter 2007, ch. 3-5; Rust and Rao 1996; Lumley 2010, ch. 2.3).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import DesignError

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = [
    "REPLICATE_TYPES",
    "Replicates",
    "check_rho",
    "check_type",
    "compress",
    "from_replicate_weights",
    "replicate_covariance",
    "replicate_logit_se",
]

#: The ``type`` values of R's ``svrepdesign``.
REPLICATE_TYPES = ("JK1", "JKn", "BRR", "Fay", "bootstrap", "successive-difference", "ACS", "other")


@dataclass(frozen=True, eq=False)
class Replicates:
    """Replicate factors of a design and how their spread becomes a variance.

    Attributes
    ----------
    type
        One of :data:`REPLICATE_TYPES`.
    factors
        Replicate weight over full-sample weight, shape (G, R): one row per weight
        group (a PSU for converted designs, a row for user-supplied weights).
    group
        Weight group of each row, shape (n,); None when each row is its own group.
    scale, rscales
        R's ``scale`` and ``rscales`` (shape (R,)).
    mse
        Centre at the full-sample estimate instead of the mean of the replicates.
    rho
        Fay's rho (0 for BRR), None for other types.
    """

    type: str
    factors: np.ndarray
    group: np.ndarray | None
    scale: float
    rscales: np.ndarray
    mse: bool
    rho: float | None = None

    @property
    def n_replicates(self) -> int:
        return self.factors.shape[1]

    def group_sums(self, z: np.ndarray) -> np.ndarray:
        """Sums of a row column within the weight groups, shape (G,)."""
        if self.group is None:
            return np.asarray(z, dtype=float)
        return np.bincount(self.group, weights=z, minlength=self.factors.shape[0])

    def weights(self, full: np.ndarray) -> np.ndarray:
        """The replicate weights, shape (n, R) (R's ``weights(design, "analysis")``)."""
        rows = self.factors if self.group is None else self.factors[self.group]
        return rows * full[:, None]

    def covariance(self, deviations: np.ndarray) -> np.ndarray:
        """R's ``svrVar`` from :math:`\\hat\\theta_r - \\hat\\theta`, shape (R, k) -> (k, k)."""
        if self.mse:
            centred = deviations
        else:
            used = self.rscales > 0
            centred = deviations - deviations[used].mean(axis=0)
        return self.scale * np.einsum("ri,rj->ij", centred * self.rscales[:, None], centred)

    def degrees_of_freedom(self, rows: np.ndarray | None = None) -> int:
        """R's ``degf``: the rank of the replicate weights (of ``rows``) minus one."""
        if rows is None:
            factors = self.factors
        elif self.group is None:
            factors = self.factors[rows]
        else:
            factors = self.factors[np.unique(self.group[rows])]
        return int(np.linalg.matrix_rank(factors)) - 1

    def describe(self) -> str:
        rho = f", rho {self.rho:g}" if self.type == "Fay" else ""
        return (
            f"{self.n_replicates} {self.type} replicates{rho} (scale {self.scale:.6g}"
            f"{', mse' if self.mse else ''})"
        )


def replicate_covariance(
    design: SurveyDesign,
    influences: Sequence[Callable[[], np.ndarray]],
    combine: np.ndarray | None,
    denominators: Sequence[Callable[[], np.ndarray] | None] | None,
) -> np.ndarray:
    """Replicate covariance of statistics given by their influence columns (see module Notes).

    ``denominators[j]`` gives :math:`d` of a ratio-type statistic (restricted to its
    rows), None for a total; without ``denominators`` every statistic is a total.
    ``combine`` maps the columns to the statistics linearly (a one-step replicate).
    """
    rep = design._layout.replicates
    w = design._layout.weights
    columns = [rep.group_sums(make()) for make in influences]
    k = len(columns)
    ratio = [] if denominators is None else [j for j in range(k) if denominators[j] is not None]
    columns += [rep.group_sums(w * denominators[j]()) for j in ratio]
    sums = np.column_stack(columns)
    replicated = rep.factors.T @ sums  # one pass over the replicate factors
    deviations = replicated[:, :k]
    for j in range(k):
        if j not in ratio:
            deviations[:, j] -= sums[:, j].sum()
    for i, j in enumerate(ratio):
        deviations[:, j] *= sums[:, k + i].sum() / replicated[:, k + i]
    if combine is not None:
        deviations = deviations @ combine
    return rep.covariance(deviations)


def replicate_logit_se(design: SurveyDesign, x: np.ndarray, rows: np.ndarray) -> float:
    """Replicate SE of the logit of a share (R's intercept-only quasibinomial ``svyglm`` refit
    per replicate, whose coefficient is the logit of the replicate's weighted share)."""
    from scipy.special import logit

    rep = design._layout.replicates
    w = np.where(rows, design._layout.weights, 0.0)
    ones, hits = rep.group_sums(w), rep.group_sums(w * x)
    with np.errstate(divide="ignore", invalid="ignore"):
        full = logit(hits.sum() / ones.sum())
        replicates = logit((rep.factors.T @ hits) / (rep.factors.T @ ones))
    return float(np.sqrt(rep.covariance((replicates - full)[:, None])[0, 0]))


# ---------------------------------------------------------------------- user weights
def _replicate_columns(data: pd.DataFrame, spec: str | Sequence[str], step: str) -> list[str]:
    if isinstance(spec, str):  # a regular expression, as R's svrepdesign(repweights="...")
        columns = [c for c in data.columns if re.search(spec, str(c))]
        if not columns:
            raise DesignError(
                f"{step}: no column name matches the replicate-weight pattern {spec!r}",
                variable="replicate_weights",
                reason="no_replicate_weights",
                hint="pass a regular expression matching the columns (e.g. '^rep') or a list",
            )
        return columns
    columns = list(spec)
    missing = [c for c in columns if c not in data.columns]
    if missing or not columns:
        raise DesignError(
            f"{step}: replicate-weight column(s) {', '.join(map(repr, missing))} not in the data"
            if missing
            else f"{step}: no replicate-weight columns given",
            variable=missing[0] if missing else "replicate_weights",
            reason="no_replicate_weights",
            hint="pass the names of the replicate-weight columns",
        )
    return columns


def _replicate_matrix(data: pd.DataFrame, columns: list[str], step: str) -> np.ndarray:
    values = data[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        rows = list(data.index[bad.any(axis=1)][:50])
        raise DesignError(
            f"{step}: replicate weights must be finite and non-negative "
            f"(column {columns[col]!r} has {values[row, col]!r}; {int(bad.any(axis=1).sum())} "
            "row(s) affected)",
            variable=columns[col],
            rows=rows,
            reason="bad_replicate_weights",
            hint="fix the replicate-weight columns or drop those rows before building the design",
        )
    return values


def check_rho(rho: float | None, type: str) -> float | None:
    if type != "Fay":
        return 0.0 if type == "BRR" else None
    if rho is None or not (0 <= rho < 1):
        raise DesignError(
            f"building a Fay replicate design: rho must be in [0, 1) (got {rho!r})",
            variable="rho",
            reason="bad_rho",
            hint="Fay's rho is the weight given to the half-sample left out, e.g. 0.5",
        )
    return float(rho)


def check_type(type: str, allowed: Sequence[str]) -> None:
    if type not in allowed:
        raise DesignError(
            f"building a replicate design: unknown type {type!r}",
            variable="type",
            reason="bad_replicate_type",
            hint=f"use one of {', '.join(allowed)}",
        )


def _default_scales(
    type: str, n_rep: int, scale: float | None, rscales: np.ndarray | None, rho: float | None
) -> tuple[float, np.ndarray]:
    """R's svrepdesign defaults of scale and rscales for each type."""
    if rscales is None and type == "JKn":
        raise DesignError(
            "building a JKn replicate design: rscales are needed, (n_h - 1)/n_h for the "
            "replicates of stratum h",
            variable="rscales",
            reason="missing_rscales",
            hint="pass rscales= (one per replicate), as R's svrepdesign requires for JKn",
        )
    if type == "BRR":
        scale = 1 / n_rep
    elif type == "Fay":
        scale = 1 / (n_rep * (1 - rho) ** 2)
    elif type in ("successive-difference", "ACS"):
        scale, rscales = 4 / n_rep, None
    elif type == "bootstrap" and scale is None:
        scale = 1 / (n_rep - 1)
    elif type == "JK1" and scale is None:
        warnings.warn(
            "building a JK1 replicate design: scale (n-1)/n not given; taking n = the number "
            f"of replicates ({n_rep}), as R's svrepdesign",
            RuntimeWarning,
            stacklevel=4,
        )
        scale = (n_rep - 1) / n_rep
    out = (
        np.ones(n_rep)
        if rscales is None
        else np.broadcast_to(np.asarray(rscales, dtype=float), (n_rep,)).copy()
    )
    return (1.0 if scale is None else float(scale)), out


def from_replicate_weights(
    data: pd.DataFrame,
    *,
    weights: str,
    replicate_weights: str | Sequence[str],
    type: str,
    scale: float | None,
    rscales: Sequence[float] | np.ndarray | None,
    rho: float | None,
    mse: bool,
    combined_weights: bool,
) -> SurveyDesign:
    """A replicate design from replicate-weight columns (R's ``svrepdesign``)."""
    from heroes_research.survey._design import SurveyDesign

    step = "building the replicate design"
    check_type(type, REPLICATE_TYPES)
    rho = check_rho(rho, type)
    columns = _replicate_columns(data, replicate_weights, step)
    base = SurveyDesign(data, weights=weights)
    values = _replicate_matrix(data, columns, step)
    w = base._layout.weights
    factors = values / w[:, None] if combined_weights else values
    if rscales is not None and np.size(rscales) not in (1, len(columns)):
        raise DesignError(
            f"{step}: rscales has {np.size(rscales)} values for {len(columns)} replicates",
            variable="rscales",
            reason="bad_rscales",
            hint="give one rscale per replicate-weight column (or one for all)",
        )
    scale, rscales = _default_scales(type, len(columns), scale, rscales, rho)
    factors, group = compress(factors)
    return base._with_replicates(Replicates(type, factors, group, scale, rscales, mse, rho))


def compress(factors: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Identical rows of replicate factors stored once (R's ``compressWeights``).

    Published replicate weights are usually constant within a PSU (or variance
    unit), so 10^6 rows often hold a few thousand distinct factor rows: each
    replicate estimate is then a sum over those. Rows are grouped by a hash and
    the grouping is kept only if it is exact and saves at least half the rows.
    """
    hashes = pd.util.hash_pandas_object(pd.DataFrame(factors), index=False).to_numpy()
    group, first = pd.factorize(hashes)
    if len(first) > len(factors) // 2:
        return factors, None
    representative = np.unique(group, return_index=True)[1]  # first row of each group
    unique = factors[representative]
    if not np.array_equal(unique[group], factors):  # a hash collision: keep every row
        return factors, None
    return unique, group.astype(np.intp)
