"""A linearisation design as a replicate design (R's ``as.svrepdesign``): JK1, JKn, BRR, Fay, bootstrap.

Notes
-----
JKn: replicate *r* drops PSU *r* of stratum *h* and multiplies the weights of the
other PSUs of *h* by :math:`n_h/(n_h-1)`, :math:`c_r = (1-f_h)(n_h-1)/n_h`; JK1 the
same without strata, scale :math:`(1-f)(G-1)/G` (Wolter 2007, ch. 4). BRR and Fay:
the two PSUs of each stratum get factors :math:`2-\\rho` and :math:`\\rho` following
the rows of a Hadamard matrix (Judkins 1990). Bootstrap: R's ``bootweights``, the
PSUs of each stratum drawn :math:`n_h` times with replacement, scale
:math:`\\bar n/((\\bar n - 1)(R-1))` with :math:`\\bar n` the harmonic mean of the
:math:`n_h` (Canty and Davison 1999). Replicates and PSUs are in R's order (first
appearance), so the replicate weights equal R's column for column.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from heroes_research.errors import DesignError
from heroes_research.survey._replicate import Replicates, check_rho, check_type

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["CONVERSIONS", "sylvester", "to_replicate"]

#: The ``type`` values of R's ``as.svrepdesign`` that are implemented.
CONVERSIONS = ("JK1", "JKn", "BRR", "Fay", "bootstrap")
_MAX_JACKKNIFE = 10_000  # PSUs: a G x G factor matrix beyond this takes gigabytes


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
    check_type(type, CONVERSIONS)
    rho = check_rho(rho, type)
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
