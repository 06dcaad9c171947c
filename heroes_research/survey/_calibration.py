"""Post-stratification and raking (R's ``postStratify`` and ``rake``).

Notes
-----
Post-stratification multiplies the weights of post-stratum *c* by
:math:`N_c / \\hat N_c`. Its variance uses the residuals of the influence values
from their post-stratum means: with old weights :math:`w^0` and new weights :math:`w`,
:math:`z_i \\leftarrow z_i - w_i \\bar u_{c(i)}`, :math:`\\bar u_c = \\sum_{c} w^0_j z_j / w_j
\\,/\\, \\sum_c w^0_j` (R's ``svyrecvar``). Raking post-stratifies on each margin in
turn until the joint table of the margin variables moves by less than ``epsilon``;
its variance removes margin means of :math:`z/w` by 10 backfitting passes, as R.
Reference: Lumley (2010), ch. 7.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from heroes_research.errors import DesignError
from heroes_research.survey._layout import check_columns

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["PostStratification", "Raking", "poststratify", "rake"]

_BACKFITTING_PASSES = 10  # fixed in R's svyrecvar


def _group_mean(
    values: np.ndarray, codes: np.ndarray, weights: np.ndarray | None, k: int
) -> np.ndarray:
    sums = np.bincount(codes, weights=values if weights is None else values * weights, minlength=k)
    sizes = np.bincount(codes, weights=weights, minlength=k)
    return sums / sizes


@dataclass(frozen=True, eq=False)
class PostStratification:
    """One post-stratification: cell codes, weights before and after."""

    variable: str
    codes: np.ndarray
    old_weights: np.ndarray
    new_weights: np.ndarray
    n_cells: int

    def residualise(self, z: np.ndarray) -> np.ndarray:
        means = _group_mean(z / self.new_weights, self.codes, self.old_weights, self.n_cells)
        return z - means[self.codes] * self.new_weights

    def describe(self) -> str:
        return f"post-stratified on '{self.variable}'"


@dataclass(frozen=True, eq=False)
class Raking:
    """The margins of the last raking pass, each with the weights after it."""

    margins: tuple[PostStratification, ...]
    iterations: int

    def residualise(self, z: np.ndarray) -> np.ndarray:
        for _ in range(_BACKFITTING_PASSES):
            for m in self.margins:
                z = (
                    z
                    - m.new_weights
                    * _group_mean(z / m.new_weights, m.codes, None, m.n_cells)[m.codes]
                )
        return z

    def describe(self) -> str:
        names = ", ".join(f"'{m.variable}'" for m in self.margins)
        return f"raked on {names} ({self.iterations} pass(es))"


def _cells(
    design: SurveyDesign, var: str, population: Mapping[Any, float] | pd.Series, step: str
) -> tuple[np.ndarray, np.ndarray]:
    """Cell codes of ``var`` over the population's levels, and the population counts."""
    check_columns(design.data, {"post-stratification": var}, step)
    pop = pd.Series(population)
    counts = pd.to_numeric(pop, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(counts) | (counts <= 0)
    if bad.any():
        shown = ", ".join(f"{level}: {count!r}" for level, count in pop[bad].items())
        raise DesignError(
            f"{step}: population counts must be positive numbers (got {shown})",
            variable=var,
            reason="bad_population",
            hint="give every level its population size, a number greater than 0",
        )
    values = design.data[var]
    if values.isna().any():
        raise DesignError(
            f"{step}: the variable has missing values",
            variable=var,
            rows=list(design.data.index[values.isna().to_numpy()][:50]),
            reason="missing_poststratum",
            hint="every row needs a post-stratum",
        )
    codes = pd.Index(pop.index).get_indexer(values)
    if (codes < 0).any():
        absent = sorted(map(str, pd.unique(values[codes < 0])))
        raise DesignError(
            f"{step}: level(s) {', '.join(absent)} of the sample are not in the population",
            variable=var,
            reason="level_not_in_population",
            hint="add their population counts",
        )
    return codes.astype(np.intp), counts


def _poststratify_weights(
    weights: np.ndarray,
    codes: np.ndarray,
    counts: np.ndarray,
    var: str,
    levels: pd.Index,
    step: str,
) -> np.ndarray:
    sample = np.bincount(codes, weights=weights, minlength=len(counts))
    empty = (sample == 0) & (counts > 0)
    if empty.any():
        raise DesignError(
            f"{step}: population level(s) {', '.join(map(str, levels[empty]))} have no respondent",
            variable=var,
            reason="empty_poststratum",
            hint="collapse them with a neighbouring level",
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(sample > 0, counts / sample, 0.0)
    return weights * factor[codes]


def poststratify(
    design: SurveyDesign, var: str, population: Mapping[Any, float] | pd.Series
) -> SurveyDesign:
    """Post-stratify ``design`` on ``var`` to the population counts ``{level: count}``."""
    step = f"post-stratifying on {var!r}"
    if design.is_replicate:  # each replicate post-stratified too: R's postStratify.svyrep.design
        from heroes_research.survey._calibrate import calibrate

        return calibrate(
            design,
            {var: population},
            calfun="linear",
            bounds=(-np.inf, np.inf),
            maxit=50,
            epsilon=1e-7,
            force=False,
        )
    codes, counts = _cells(design, var, population, step)
    old = design._layout.weights
    new = _poststratify_weights(old, codes, counts, var, pd.Series(population).index, step)
    return design._recalibrated(new, PostStratification(var, codes, old, new, len(counts)))


def rake(
    design: SurveyDesign,
    margins: Mapping[str, Mapping[Any, float] | pd.Series],
    *,
    maxit: int,
    epsilon: float,
) -> SurveyDesign:
    """Rake ``design`` to the margins ``{variable: {level: count}}`` (R's algorithm and stopping rule)."""
    step = f"raking on {', '.join(map(repr, margins))}"
    if not margins:
        raise DesignError(
            f"{step}: no margins given",
            variable="margins",
            reason="no_margins",
            hint="pass {column: {level: population count}} for at least one column",
        )
    cells = {var: _cells(design, var, pop, step) for var, pop in margins.items()}
    joint = np.zeros(len(design.data), dtype=np.int64)
    for codes, counts in cells.values():
        joint = joint * len(counts) + codes
    joint_codes = pd.factorize(joint)[0]
    weights = np.array(design._layout.weights)
    rep = design._layout.replicates
    replicate_weights = None if rep is None else rep.weights(weights)
    tolerance = epsilon * weights.sum() if epsilon < 1 else epsilon
    table = np.bincount(joint_codes, weights=weights)
    iteration, converged = 0, False
    while iteration < maxit:
        steps = []
        for var, (codes, counts) in cells.items():
            new = _poststratify_weights(
                weights, codes, counts, var, pd.Series(margins[var]).index, step
            )
            steps.append(PostStratification(var, codes, weights, new, len(counts)))
            weights = new
            if replicate_weights is not None:  # each replicate by its own cell totals, as R
                _poststratify_replicates(replicate_weights, codes, counts)
        new_table = np.bincount(joint_codes, weights=weights)
        if np.max(np.abs(new_table - table)) < tolerance:
            converged = True
            break
        table = new_table
        iteration += 1
    if not converged:
        warnings.warn(
            f"{step}: raking did not converge after {maxit} passes", RuntimeWarning, stacklevel=3
        )
    raking = Raking(tuple(steps), iteration + 1)
    if replicate_weights is not None:
        from heroes_research.survey._replicate import Replicates, compress

        factors, group = compress(replicate_weights / weights[:, None])
        replicates = Replicates(rep.type, factors, group, rep.scale, rep.rscales, rep.mse, rep.rho)
        return design._recalibrated_replicates(weights, replicates, raking)
    return design._recalibrated(weights, raking)


def _poststratify_replicates(weights: np.ndarray, codes: np.ndarray, counts: np.ndarray) -> None:
    """Post-stratify every replicate column in place (R's ``postStratify.svyrep.design``)."""
    for r in range(weights.shape[1]):  # a loop over replicates, not rows
        sample = np.bincount(codes, weights=weights[:, r], minlength=len(counts))
        with np.errstate(divide="ignore", invalid="ignore"):  # an emptied cell: NaN, as R
            weights[:, r] *= (counts / sample)[codes]
