"""Linearisation variance: influence functions -> PSU totals -> stratified variance.

Why hand-written: the variance has to equal R's ``svyrecvar`` (ultimate-cluster
formula, lonely-PSU rules, calibration residuals) to 1e-6, and must run on 10^6
rows with group sums (``np.bincount``) rather than loops over PSUs or strata.

Notes
-----
For a statistic with influence values :math:`z_i` (already weighted), PSU totals
:math:`z_{hi} = \\sum_{j \\in (h,i)} z_j` and stratum means :math:`\\bar z_h`,

.. math:: \\hat V = \\sum_h (1 - f_h) \\frac{n_h}{n_h - 1} \\sum_i (z_{hi} - \\bar z_h)(z_{hi} - \\bar z_h)^T

with :math:`n_h` the number of PSUs of stratum *h* in the whole design and
:math:`f_h = n_h / N_h` (Wolter 2007, ch. 6; Lumley 2010, sec. 2.2). Strata with
one PSU follow ``lonely_psu`` exactly as R's ``onestrat``/``onestage``:
``"remove"``/``"certainty"`` drop them, ``"adjust"`` centres them at the overall
mean (zero) instead of the stratum mean, ``"average"`` scales the variance by the
number of strata over the number of strata with more than one PSU.

Multistage designs with an fpc at every stage add, as R's ``multistage``, the
variance of the stage-*k* units within each unit of stage *k-1*, each multiplied
by the product of the sampling fractions :math:`n/N` of the stages above it:

.. math:: \\hat V = \\hat V_1 + \\sum_{g} \\frac{n_{h(g)}}{N_{h(g)}} (1 - f_g) \\frac{n_g}{n_g - 1}
          \\sum_{k \\in g} (z_{gk} - \\bar z_g)(z_{gk} - \\bar z_g)^T + \\dots

(Särndal, Swensson and Wretman 1992, sec. 4.3; Lumley 2010, sec. 3.2).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from heroes_research.survey._replicate import Replicates

__all__ = [
    "CalibrationStep",
    "Layout",
    "Stage",
    "degrees_of_freedom",
    "domain_degrees_of_freedom",
    "multistage_variance",
    "stage_variance",
    "unit_totals",
    "variance",
]

# R's onestrat treats a stratum as fully enumerated when 1 - n_h/N_h < 1e-7.
_CENSUS_TOLERANCE = 1e-7


class CalibrationStep(Protocol):
    """A calibration applied to the weights; it residualises influence values."""

    def residualise(self, z: np.ndarray) -> np.ndarray:
        """Return the influence values with the calibration's fitted part removed."""
        ...

    def describe(self) -> str:
        """One phrase for the design's repr."""
        ...


@dataclass(frozen=True, eq=False)
class Stage:
    """A later sampling stage (2, 3, ...): units sampled within the units of the stage above.

    Attributes
    ----------
    unit
        Code of the row's unit at this stage (nested in its parent), shape (n,).
    parent
        Code of each unit's parent (the unit of the stage above), shape (G_k,).
    n_units
        Sampled units in each parent, shape (G_{k-1},).
    fpc_factor
        :math:`1 - n_g/N_g` for each parent, shape (G_{k-1},).
    multiplier
        Product of the sampling fractions :math:`n/N` of the stages above, per parent.
    """

    unit: np.ndarray
    parent: np.ndarray
    n_units: np.ndarray
    fpc_factor: np.ndarray
    multiplier: np.ndarray

    @property
    def lonely(self) -> np.ndarray:
        """Parents with a single sampled unit that are not fully enumerated."""
        return (self.n_units == 1) & (self.fpc_factor >= _CENSUS_TOLERANCE)


@dataclass(frozen=True, eq=False)
class Layout:
    """The sampling structure of a design as integer codes (read-only arrays).

    Attributes
    ----------
    weights
        Row weights, shape (n,).
    stratum
        Stratum code of each row, shape (n,).
    psu
        PSU code of each row (PSUs nested in strata), shape (n,); ``None`` when
        each row is its own PSU.
    psu_stratum
        Stratum code of each PSU, shape (G,).
    n_psu
        Number of PSUs in each stratum, shape (H,).
    fpc_factor
        :math:`1 - f_h` for each stratum (1 without fpc), shape (H,).
    stages
        Later stages with an fpc (multistage variance); empty for ultimate clusters.
    replicates
        Replicate weights of a replicate design (its variance replaces the linearised one).
    """

    weights: np.ndarray
    stratum: np.ndarray
    psu: np.ndarray | None
    psu_stratum: np.ndarray
    n_psu: np.ndarray
    fpc_factor: np.ndarray
    stages: tuple[Stage, ...] = field(default=())
    replicates: Replicates | None = field(default=None)

    @cached_property
    def psu_weights(self) -> np.ndarray:
        """Sum of the weights in each PSU, shape (G,)."""
        if self.psu is None:
            return self.weights
        return np.bincount(self.psu, weights=self.weights, minlength=self.n_psus)

    @cached_property
    def replicate_degf(self) -> int:
        """R's ``degf`` of a replicate design."""
        return self.replicates.degrees_of_freedom()

    @property
    def n_strata(self) -> int:
        return len(self.n_psu)

    @property
    def n_psus(self) -> int:
        return len(self.psu_stratum)

    @property
    def lonely(self) -> np.ndarray:
        """Strata with a single PSU that are not census strata."""
        return (self.n_psu == 1) & (self.fpc_factor >= _CENSUS_TOLERANCE)


def unit_totals(
    layout: Layout, columns: Iterable[np.ndarray], calibration: Sequence[CalibrationStep] = ()
) -> list[np.ndarray]:
    """Sum influence columns within the units of every stage after removing the calibration fit.

    Columns are processed one at a time so memory stays at a few row vectors.

    Returns
    -------
    list of numpy.ndarray
        PSU totals, shape (G, k), then the totals of each later stage's units.
    """
    out: list[list[np.ndarray]] = [[] for _ in range(1 + len(layout.stages))]
    for z in columns:
        for step in calibration:
            z = step.residualise(z)
        if layout.psu is None:
            out[0].append(np.asarray(z, dtype=float))
        else:
            out[0].append(np.bincount(layout.psu, weights=z, minlength=layout.n_psus))
        for k, stage in enumerate(layout.stages, start=1):
            out[k].append(np.bincount(stage.unit, weights=z, minlength=len(stage.parent)))
    return [np.column_stack(totals) for totals in out]


def stage_variance(stage: Stage, totals: np.ndarray, lonely_psu: str) -> np.ndarray:
    """Variance of a later stage's unit totals within their parents, as R's ``multistage``.

    A parent with one sampled unit follows ``lonely_psu`` as R's ``onestrat``:
    ``"adjust"`` does not centre it, ``"average"`` makes the variance NaN (R's
    ``nstrat/nokstrat`` within the parent), the others give it no variance.
    """
    n_parents = len(stage.n_units)
    sums = np.column_stack(
        [np.bincount(stage.parent, weights=col, minlength=n_parents) for col in totals.T]
    )
    n = stage.n_units.astype(float)
    centred = totals - (sums / n[:, None])[stage.parent]
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n > 1, stage.fpc_factor * n / (n - 1), stage.fpc_factor)
    scale[stage.fpc_factor < _CENSUS_TOLERANCE] = 0.0
    scale *= stage.multiplier
    lonely = stage.lonely
    if lonely.any() and lonely_psu == "average":
        return np.full((totals.shape[1], totals.shape[1]), np.nan)
    if lonely.any() and lonely_psu == "adjust":
        rows = lonely[stage.parent]
        centred[rows] = totals[rows]
    return np.einsum("gi,gj->ij", centred * scale[stage.parent][:, None], centred)


def multistage_variance(
    layout: Layout, totals: Sequence[np.ndarray], lonely_psu: str, present: np.ndarray | None = None
) -> np.ndarray:
    """Covariance from :func:`unit_totals`: the first stage plus every later stage (R's ``svyrecvar``)."""
    cov = variance(layout, totals[0], lonely_psu, present)
    for stage, stage_totals in zip(layout.stages, totals[1:], strict=True):
        cov = cov + stage_variance(stage, stage_totals, lonely_psu)
    return cov


def variance(
    layout: Layout,
    totals: np.ndarray,
    lonely_psu: str,
    present: np.ndarray | None = None,
) -> np.ndarray:
    """Covariance matrix of statistics from their PSU totals, as R's ``svyrecvar``.

    Parameters
    ----------
    layout
        The design structure.
    totals
        PSU totals of the influence values, shape (G, k).
    lonely_psu
        ``"remove"``, ``"certainty"``, ``"adjust"`` or ``"average"`` (``"fail"``
        is enforced when the design is built).
    present
        Rows of the (sub)design R would keep; only used by ``"average"``, which
        counts the strata present.

    Returns
    -------
    numpy.ndarray
        Shape (k, k).
    """
    strata = layout.psu_stratum
    sums = np.column_stack(
        [np.bincount(strata, weights=col, minlength=layout.n_strata) for col in totals.T]
    )
    centred = totals - (sums / layout.n_psu[:, None])[strata]
    n_h = layout.n_psu.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n_h > 1, layout.fpc_factor * n_h / (n_h - 1), 0.0)
    scale[layout.fpc_factor < _CENSUS_TOLERANCE] = 0.0
    lonely = layout.lonely
    if lonely.any() and lonely_psu == "adjust":
        scale[lonely] = layout.fpc_factor[lonely]
        lonely_rows = lonely[strata]
        centred[lonely_rows] = totals[lonely_rows]
    psu_scale = scale[strata]
    # einsum, not BLAS: a threaded BLAS is erratic for these small products on a busy machine.
    cov = np.einsum("gi,gj->ij", centred * psu_scale[:, None], centred)
    if lonely.any() and lonely_psu == "average":
        in_data = np.ones(layout.n_strata, dtype=bool)
        if present is not None:
            in_data = np.bincount(layout.stratum[present], minlength=layout.n_strata) > 0
        n_ok = np.count_nonzero(in_data & ~lonely)
        cov = cov * (np.count_nonzero(in_data) / n_ok if n_ok else np.nan)
    return cov


def degrees_of_freedom(layout: Layout, rows: np.ndarray | None = None) -> int:
    """Design degrees of freedom: PSUs minus strata among ``rows`` (R's ``degf``).

    A replicate design has R's replicate ``degf``: the rank of the replicate weights
    of ``rows`` minus one (R recomputes it for a subset of a ``svyrep.design``).
    """
    if layout.replicates is not None:
        if rows is None or rows.all():
            return layout.replicate_degf
        return layout.replicates.degrees_of_freedom(rows)
    if rows is None:
        return layout.n_psus - layout.n_strata
    if layout.psu is None:
        n_psu = np.count_nonzero(rows)
    else:
        n_psu = np.count_nonzero(np.bincount(layout.psu[rows], minlength=layout.n_psus))
    n_strata = np.count_nonzero(np.bincount(layout.stratum[rows], minlength=layout.n_strata))
    return int(n_psu - n_strata)


def domain_degrees_of_freedom(layout: Layout, domain: np.ndarray, n_domains: int) -> np.ndarray:
    """Degrees of freedom of each domain's subset design: its PSUs minus its strata.

    This is R's ``degf(design[domain == d, ])``, what ``svyby`` hands to each call of
    ``FUN``. ``domain`` is the domain code of each row (-1: in no domain); shape (n_domains,).
    """
    if layout.replicates is not None:
        return np.array(
            [layout.replicates.degrees_of_freedom(domain == d) for d in range(n_domains)]
        )
    inside = domain >= 0
    codes = domain[inside]
    if layout.psu is None:
        n_psu = np.bincount(codes, minlength=n_domains)
    else:
        n_psu = _distinct(codes, layout.psu[inside], layout.n_psus, n_domains)
    return n_psu - _distinct(codes, layout.stratum[inside], layout.n_strata, n_domains)


def _distinct(group: np.ndarray, code: np.ndarray, n_codes: int, n_groups: int) -> np.ndarray:
    """Number of distinct ``code`` values within each group (one sort, no loop over groups)."""
    pairs = np.unique(group.astype(np.int64) * n_codes + code)
    return np.bincount(pairs // n_codes, minlength=n_groups)
