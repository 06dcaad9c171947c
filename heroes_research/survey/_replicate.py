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
    "from_replicate_weights",
    "replicate_covariance",
    "replicate_logit_se",
    "to_replicate",
]

#: The ``type`` values of R's ``svrepdesign``.
REPLICATE_TYPES = ("JK1", "JKn", "BRR", "Fay", "bootstrap", "successive-difference", "ACS", "other")
_CONVERSIONS = ("JK1", "JKn", "BRR", "Fay", "bootstrap")
_MAX_JACKKNIFE = 10_000  # PSUs: a G x G factor matrix beyond this takes gigabytes


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


def _check_rho(rho: float | None, type: str) -> float | None:
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


def _check_type(type: str, allowed: Sequence[str]) -> None:
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
    _check_type(type, REPLICATE_TYPES)
    rho = _check_rho(rho, type)
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
    factors, group = _compress(factors)
    return base._with_replicates(Replicates(type, factors, group, scale, rscales, mse, rho))


def _compress(factors: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
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


# ---------------------------------------------------------------------- conversion
def _jackknife(design: SurveyDesign, type: str) -> tuple[np.ndarray, np.ndarray, float]:
    """Factors (G, R), rscales and scale of R's jk1weights / jknweights."""
    lay = design._layout
    n_units = lay.n_psus
    strata = lay.psu_stratum
    if type == "JK1":
        if design.strata is not None and lay.n_strata > 1:
            raise DesignError(
                "converting to JK1 replicates: the design is stratified",
                variable="type",
                reason="jk1_stratified",
                hint="use type='JKn' for a stratified design (R: 'Can't use JK1 for a stratified design')",
            )
        factors = np.full((n_units, n_units), n_units / (n_units - 1))
        factors[_r_order(design), np.arange(n_units)] = 0.0  # replicate r drops one PSU
        return factors, np.ones(n_units), float(lay.fpc_factor[0] * (n_units - 1) / n_units)
    columns, rscales = [], []
    n_h = lay.n_psu
    for g in _r_order(design):  # one replicate per PSU: a loop over PSUs, each O(G)
        h = strata[g]
        if lay.fpc_factor[h] < 1e-7:  # a census stratum adds no replicate (survey.drop.replicates)
            continue
        if n_h[h] == 1:
            if design.lonely_psu != "adjust":
                continue
            column = np.where(strata == h, 0.0, lay.n_strata / (lay.n_strata - 1))
            columns.append(column)
            rscales.append((lay.n_strata - 1) / lay.n_strata)
            continue
        column = np.where(strata == h, n_h[h] / (n_h[h] - 1), 1.0)
        column[g] = 0.0
        columns.append(column)
        rscales.append(lay.fpc_factor[h] * (n_h[h] - 1) / n_h[h])
    scale = 1.0
    if design.lonely_psu == "average" and len(columns) < n_units:
        scale = n_units / len(columns)
    return np.column_stack(columns), np.array(rscales), scale


def _r_order(design: SurveyDesign) -> np.ndarray:
    """PSUs in R's replicate order: strata, then PSUs, in order of first appearance."""
    lay = design._layout
    unit = lay.psu if lay.psu is not None else np.arange(design.n)
    first_row = np.full(lay.n_psus, design.n)
    np.minimum.at(first_row, unit, np.arange(design.n))
    stratum_first = np.full(lay.n_strata, design.n)
    np.minimum.at(stratum_first, lay.psu_stratum, first_row)
    return np.lexsort((first_row, stratum_first[lay.psu_stratum]))


def sylvester(size: int) -> np.ndarray:
    """A 0/1 Sylvester-Hadamard matrix of at least ``size`` rows (R's ``hadamard`` coding)."""
    order = 1
    while order < size:
        order *= 2
    i = np.arange(order)
    bits = np.bitwise_and.outer(i, i)
    parity = np.zeros_like(bits)
    while bits.any():
        parity ^= bits & 1
        bits >>= 1
    return (parity == 0).astype(int)


def _brr(design: SurveyDesign, rho: float, hadamard: np.ndarray | None) -> np.ndarray:
    """Factors of R's brrweights: two PSUs per stratum, half-samples from a Hadamard matrix."""
    lay = design._layout
    wrong = lay.n_psu != 2
    if design.strata is None or wrong.any():
        shown = ", ".join(
            f"{lab} ({k} PSUs)"
            for lab, k in zip(design._strata_labels[wrong][:10], lay.n_psu[wrong], strict=False)
        )
        raise DesignError(
            "converting to BRR replicates: "
            + (
                f"stratum {shown} does not have exactly two PSUs"
                if design.strata
                else "the design is not stratified"
            ),
            variable=design.strata or "type",
            reason="brr_not_two_psus",
            hint="BRR needs strata of two PSUs each: collapse or split strata, or use "
            "type='JKn' (or JK1/bootstrap without strata)",
        )
    # R orders the strata as text and takes the PSUs of each in order of first appearance.
    order = np.argsort(np.array([str(s) for s in design._strata_labels]), kind="stable")
    rank = np.empty(lay.n_strata, dtype=np.intp)
    rank[order] = np.arange(lay.n_strata)
    if hadamard is None:
        h_matrix = sylvester(lay.n_strata + 1)
    else:
        h_matrix = _check_hadamard(hadamard, lay.n_strata)
    unit = lay.psu if lay.psu is not None else np.arange(design.n)
    first_row = np.full(lay.n_psus, design.n)
    np.minimum.at(first_row, unit, np.arange(design.n))
    stratum_first = np.full(lay.n_strata, design.n)
    np.minimum.at(stratum_first, lay.psu_stratum, first_row)
    is_first = first_row == stratum_first[lay.psu_stratum]
    signs = h_matrix[1 + rank[lay.psu_stratum], :]  # (G, R): 1 keeps the first PSU
    kept = np.where(is_first[:, None], signs == 1, signs == 0)
    return np.where(kept, 2 - rho, rho)


def _check_hadamard(matrix: np.ndarray, n_strata: int) -> np.ndarray:
    """0/1 coding as R's brrweights: the first value (column-major) is 0."""
    h = np.asarray(matrix)
    if h.ndim != 2 or h.shape[0] < n_strata + 1 or len(np.unique(h)) != 2:
        raise DesignError(
            "converting to BRR replicates: hadamard must be a two-valued matrix with at least "
            f"{n_strata + 1} rows (strata + 1)",
            variable="hadamard",
            reason="bad_hadamard",
            hint="pass R's hadamard(n_strata), or leave it out for a Sylvester matrix",
        )
    return (h != h.flatten(order="F")[0]).astype(int)


def _bootstrap(design: SurveyDesign, replicates: int, seed: int | None) -> tuple[np.ndarray, float]:
    """R's bootweights: n_h PSUs drawn with replacement per stratum (without, from N_h copies, with fpc)."""
    lay = design._layout
    rng = np.random.default_rng(seed)
    factors = np.empty((lay.n_psus, replicates))
    for h in range(lay.n_strata):  # a loop over strata
        units = np.flatnonzero(lay.psu_stratum == h)
        n = len(units)
        if design.fpc is None:
            draws = rng.integers(0, n, size=(replicates, n))
        else:
            population = int(round(n / (1 - lay.fpc_factor[h]))) if lay.fpc_factor[h] < 1 else n
            pseudo = np.resize(rng.permutation(n), population)
            draws = np.stack([rng.choice(pseudo, n, replace=False) for _ in range(replicates)])
        counts = np.stack([np.bincount(d, minlength=n) for d in draws], axis=1)
        factors[units] = counts
    per_stratum = 1 / np.mean(1 / lay.n_psu)
    return factors, per_stratum / ((per_stratum - 1) * (replicates - 1))


def to_replicate(
    design: SurveyDesign,
    type: str,
    *,
    rho: float | None,
    replicates: int,
    seed: int | None,
    hadamard: np.ndarray | None,
    mse: bool,
) -> SurveyDesign:
    """A replicate design from a linearisation design (R's ``as.svrepdesign``)."""
    _check_type(type, _CONVERSIONS)
    rho = _check_rho(rho, type)
    if design._calibration:
        raise DesignError(
            "converting to replicates: the design is calibrated",
            variable="type",
            reason="calibrated_conversion",
            hint="convert the design first, then calibrate",
        )
    lay = design._layout
    rscales = None
    if type in ("JK1", "JKn") and lay.n_psus > _MAX_JACKKNIFE:
        raise DesignError(
            f"converting to {type} replicates: one replicate per PSU would make "
            f"{lay.n_psus:,} replicates of {lay.n_psus:,} factors each",
            variable="type",
            reason="too_many_replicates",
            hint="use type='bootstrap' (replicates=...), or pass grouped jackknife weights "
            "to SurveyDesign.from_replicate_weights",
        )
    if lay.stages and type not in ("BRR", "Fay"):
        warnings.warn(
            f"converting to {type} replicates: the finite population corrections after the first "
            "stage are dropped (as R's as.svrepdesign)",
            RuntimeWarning,
            stacklevel=3,
        )
    if type in ("JK1", "JKn"):
        factors, rscales, scale = _jackknife(design, type)
    elif type in ("BRR", "Fay"):
        if design.fpc is not None:
            warnings.warn(
                "converting to BRR/Fay replicates: the finite population correction is dropped "
                "(as R's as.svrepdesign)",
                RuntimeWarning,
                stacklevel=3,
            )
        factors = _brr(design, rho, hadamard)
        scale = 1 / (factors.shape[1] * (1 - rho) ** 2)
    else:
        if replicates < 2:
            raise DesignError(
                f"converting to bootstrap replicates: replicates must be at least 2 (got {replicates})",
                variable="replicates",
                reason="bad_replicates",
                hint="R's default is 50; use several hundred for stable SEs",
            )
        factors, scale = _bootstrap(design, replicates, seed)
    rscales = np.ones(factors.shape[1]) if rscales is None else rscales
    group = lay.psu  # None when each row is its own PSU: then factors are per row
    return design._with_replicates(
        Replicates(type, factors, group, float(scale), rscales, mse, rho)
    )
