"""Generalised calibration (R's ``calibrate``: linear, raking and logit, with bounds) and ``trimWeights``.

Why hand-written: the weights and the variance must equal R's ``calibrate()`` to
1e-6, so the Newton iteration is R's ``grake`` step for step (start, generalised
inverse, step halving, stopping rule, rescaling of very small weights).

Notes
-----
Calibrated weights :math:`w_i = d_i\\, F(x_i^T\\lambda)` solve
:math:`\\sum_i w_i x_i = t_x` for the population totals :math:`t_x`, with
:math:`F(u) = 1 + u` (linear, GREG), :math:`e^u` (raking) or the logit
function bounded by :math:`[L, U]` (Deville and Särndal 1992). Bounds truncate
:math:`F` to :math:`[L, U]`. The variance uses the residuals of the influence
values on :math:`x` (R's ``svyrecvar`` for a ``greg_calibration``):
:math:`z_i - w_i x_i^T \\hat\\beta`, :math:`\\hat\\beta = (\\sum d_i x_i x_i^T)^{-1}
\\sum x_i z_i / g_i`, :math:`g_i = w_i/d_i` (Lumley 2010, ch. 7).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from heroes_research.errors import DesignError
from heroes_research.survey._calmatrix import Block, CalibrationMatrix
from heroes_research.survey._layout import check_columns
from heroes_research.survey._variables import categories, is_categorical

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign
    from heroes_research.survey._replicate import Replicates

__all__ = ["CALFUNS", "GregCalibration", "TrimStep", "calibrate", "trim_weights"]

CALFUNS = ("linear", "raking", "logit")
_RESCALE_THRESHOLD = 20  # R's grake SOMETHRESHOLD
_TRIM_PASSES = 100  # strict trimming: R recurses without limit


@dataclass(frozen=True, eq=False)
class GregCalibration:
    """A calibration's model matrix and weights before/after (residualises influence values)."""

    x: CalibrationMatrix
    old_weights: np.ndarray
    new_weights: np.ndarray
    label: str

    @cached_property
    def _inverse_gram(self) -> np.ndarray:
        return np.linalg.pinv(self.x.gram(self.old_weights))

    def residualise(self, z: np.ndarray) -> np.ndarray:
        g = self.new_weights / self.old_weights
        beta = self._inverse_gram @ self.x.rmatvec(z / g)
        return z - self.new_weights * self.x.matvec(beta)

    def describe(self) -> str:
        return self.label


@dataclass(frozen=True, eq=False)
class TrimStep:
    """Trimmed weights: no change to the variance formula (R's ``trimWeights``)."""

    label: str

    def residualise(self, z: np.ndarray) -> np.ndarray:
        return z

    def describe(self) -> str:
        return self.label


@dataclass(frozen=True)
class _Model:
    x: CalibrationMatrix  # R's model.matrix(~a + b + x), kept as codes
    totals: np.ndarray
    names: list[str]  # "(Intercept)", "a=level", "x"


def _categorical_margin(
    design: SurveyDesign, var: str, counts: Mapping[Any, float], step: str
) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """Codes over the sample's levels, the levels, and their population counts."""
    values = design.data[var]
    if values.isna().any():
        raise DesignError(
            f"{step}: the calibration variable has missing values",
            variable=var,
            rows=list(design.data.index[values.isna().to_numpy()][:50]),
            reason="missing_calibration_variable",
            hint="every row needs a value of a calibration variable",
        )
    cats = categories(design.data, var)
    used = np.bincount(cats.codes, minlength=len(cats.levels)) > 0
    levels = cats.levels[used]
    remap = np.cumsum(used) - 1  # observed levels only, as R's model.frame
    codes = cats.codes if used.all() else remap[cats.codes]
    pop = pd.Series(counts, dtype=object)
    absent = [lev for lev in pop.index if lev not in set(levels)]
    if absent:
        raise DesignError(
            f"{step}: population total(s) given for level(s) {', '.join(map(repr, absent))} "
            f"of {var!r}, which no respondent has",
            variable=var,
            reason="level_absent_from_data",
            hint="drop those totals or merge the level with a neighbouring one in the population",
        )
    missing = [lev for lev in levels if lev not in set(pop.index)]
    if missing:
        raise DesignError(
            f"{step}: level(s) {', '.join(map(repr, missing))} of {var!r} have no population total",
            variable=var,
            reason="level_not_in_population",
            hint="give every observed level its population count",
        )
    totals = pd.to_numeric(pop.reindex(levels), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(totals) | (totals < 0)
    if bad.any():
        raise DesignError(
            f"{step}: population counts of {var!r} must be non-negative numbers",
            variable=var,
            reason="bad_population",
            hint="give every level its population size",
        )
    return codes, levels, totals


def _model(
    design: SurveyDesign, population: Mapping[str, Mapping[Any, float] | float], step: str
) -> _Model:
    """R's model matrix of ``~ a + b + x`` and the matching population totals."""
    for var in population:
        check_columns(design.data, {"calibration": var}, step)
    n = design.n
    columns: list[Block] = []
    totals: list[float] = []
    names: list[str] = []
    size: tuple[str, float] | None = None
    for var, spec in population.items():
        if isinstance(spec, Mapping) or is_categorical(design.data[var]):
            if not isinstance(spec, Mapping):
                raise DesignError(
                    f"{step}: {var!r} is categorical, so its population needs a count per level",
                    variable=var,
                    reason="bad_population",
                    hint="pass {level: count, ...} for a categorical variable",
                )
            codes, levels, counts = _categorical_margin(design, var, spec, step)
            if size is None:
                size = (var, float(counts.sum()))
                columns.insert(0, Block())
                totals.insert(0, size[1])
                names.insert(0, "(Intercept)")
            elif not np.isclose(counts.sum(), size[1], rtol=1e-9, atol=0):
                raise DesignError(
                    f"{step}: the margins disagree on the population size: {size[0]!r} sums to "
                    f"{size[1]:,.6g} and {var!r} to {counts.sum():,.6g} "
                    f"(difference {counts.sum() - size[1]:+,.6g}), so both cannot be met",
                    variable=var,
                    reason="inconsistent_margins",
                    hint="give every categorical margin the same population total",
                )
            columns.append(Block(codes=codes, n_levels=len(levels)))  # treatment coding
            for j in range(1, len(levels)):  # first level the reference, as R
                totals.append(float(counts[j]))
                names.append(f"{var}={levels[j]}")
        else:
            values = pd.to_numeric(design.data[var], errors="coerce").to_numpy(dtype=float)
            if np.isnan(values).any():
                raise DesignError(
                    f"{step}: the calibration variable has missing values",
                    variable=var,
                    rows=list(design.data.index[np.isnan(values)][:50]),
                    reason="missing_calibration_variable",
                    hint="every row needs a value of a calibration variable",
                )
            columns.append(Block(values=values))
            totals.append(float(spec))
            names.append(var)
    return _Model(CalibrationMatrix(tuple(columns), n), np.array(totals), names)


# ---------------------------------------------------------------------- calibration functions
def _linear(u: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    return np.clip(u + 1, low, high) - 1, ((u < high - 1) & (u > low - 1)).astype(float)


def _raking(u: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(over="ignore"):
        e = np.exp(u)
    return np.clip(e, low, high) - 1, np.where((u < high - 1) & (u > low - 1), e, 0.0)


def _logit(u: np.ndarray, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    a = (high - low) / ((high - 1) * (1 - low))
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(a * u)
        denominator = high - 1 + (1 - low) * e
        numerator = low * (high - 1) + high * (1 - low) * e
        value = numerator / denominator - 1
        deriv = high * (1 - low) * e * a / denominator - numerator * ((1 - low) * e * a) / (
            denominator**2
        )
    return value, deriv


_FUNCTIONS = {"linear": _linear, "raking": _raking, "logit": _logit}


def _grake(
    x: CalibrationMatrix,
    w: np.ndarray,
    calfun: str,
    bounds: tuple[float, float],
    population: np.ndarray,
    epsilon: float,
    maxit: int,
) -> tuple[np.ndarray, np.ndarray | None]:
    """R's grake: g-weights, and the final misfit when it did not converge (else None)."""
    fm1 = _FUNCTIONS[calfun]
    low, high = bounds
    sample_total = x.rmatvec(w)
    eta = np.zeros(x.width)
    xeta = x.matvec(eta)
    value, deriv = fm1(xeta, low, high)
    iteration = 1
    with np.errstate(divide="ignore", invalid="ignore"):
        scales = population / sample_total
    scale = None
    if np.min(scales) > _RESCALE_THRESHOLD:
        scale = float(np.mean(scales))
        w = w * scale
        sample_total = sample_total * scale
    eps = np.finfo(float).eps
    while True:
        tmat = x.gram(w * deriv)
        misfit = population - sample_total - x.rmatvec(w * value)
        deta = np.linalg.pinv(tmat, rcond=256 * eps) @ misfit  # MASS::ginv(tol = 256 eps)
        eta = eta + deta
        xeta = x.matvec(eta)
        value, deriv = fm1(xeta, low, high)
        while iteration < maxit and not (np.isfinite(value).all() and np.isfinite(deriv).all()):
            iteration += 1  # step halving, as R
            deta = deta / 2
            eta = eta - deta
            xeta = x.matvec(eta)
            value, deriv = fm1(xeta, low, high)
        misfit = population - sample_total - x.rmatvec(w * value)
        if np.all(np.abs(misfit) / (1 + np.abs(population)) < epsilon):
            failed = None
            break
        iteration += 1
        if iteration > maxit:
            failed = misfit
            break
    g = 1 + value
    return (g * scale if scale is not None else g), failed


def _failure(model: _Model, misfit: np.ndarray) -> str:
    """Name each total missed, by how much."""
    worst = np.argsort(-np.abs(misfit) / (1 + np.abs(model.totals)))[:5]
    return "; ".join(
        f"{model.names[j]} misses its total {model.totals[j]:,.6g} by {misfit[j]:+,.6g} "
        f"({misfit[j] / model.totals[j]:+.2%})"
        if model.totals[j]
        else f"{model.names[j]} misses by {misfit[j]:+,.6g}"
        for j in worst
        if misfit[j] != 0
    )


def _check_options(calfun: str, bounds: tuple[float, float], step: str) -> tuple[float, float]:
    if calfun not in CALFUNS:
        raise DesignError(
            f"{step}: unknown calfun {calfun!r}",
            variable="calfun",
            reason="bad_calfun",
            hint=f"use one of {', '.join(CALFUNS)}",
        )
    low, high = (float(b) for b in bounds)
    if not low < 1 < high:
        raise DesignError(
            f"{step}: bounds ({low:g}, {high:g}) must enclose 1 (the g-weight of no change)",
            variable="bounds",
            reason="bad_bounds",
            hint="use bounds such as (0.5, 2): g-weights lie between them",
        )
    if calfun == "logit" and not (np.isfinite(low) and np.isfinite(high)):
        raise DesignError(
            f"{step}: logit calibration needs finite bounds",
            variable="bounds",
            reason="bad_bounds",
            hint="pass bounds=(lower, upper), e.g. (0.5, 2)",
        )
    return low, high


def calibrate(
    design: SurveyDesign,
    population: Mapping[str, Mapping[Any, float] | float],
    *,
    calfun: str,
    bounds: tuple[float, float],
    maxit: int,
    epsilon: float,
    force: bool,
) -> SurveyDesign:
    """Calibrate ``design`` to the population totals (R's ``calibrate``)."""
    step = f"calibrating ({calfun}) on {', '.join(map(repr, population))}"
    low, high = _check_options(calfun, bounds, step)
    if not population:
        raise DesignError(
            f"{step}: no population totals given",
            variable="population",
            reason="no_margins",
            hint="pass {column: {level: count}} or {column: total}",
        )
    model = _model(design, population, step)
    old = np.asarray(design._layout.weights)
    options = (calfun, (low, high), epsilon, maxit)
    g, failed = _g_weights(model, old, *options)
    if failed is not None:
        message = (
            f"{step}: the totals cannot be met within bounds ({low:g}, {high:g}) after "
            f"{maxit} iterations: {_failure(model, failed)}"
        )
        if not force:
            raise DesignError(
                message,
                variable="bounds",
                reason="calibration_failed",
                hint="widen the bounds, merge sparse levels, or pass force=True to keep the "
                "closest weights (R's force=TRUE)",
            )
        warnings.warn(message, RuntimeWarning, stacklevel=3)
    bounded = "" if np.isinf(low) and np.isinf(high) else f", bounds ({low:g}, {high:g})"
    label = f"calibrated ({calfun}{bounded}) on {', '.join(repr(v) for v in population)}"
    new = old * g
    if design.is_replicate:
        replicates = _calibrated_replicates(design, model, new, options, step)
        return design._recalibrated_replicates(new, replicates, _Label(label))
    return design._recalibrated(new, GregCalibration(model.x, old, new, label))


def _g_weights(
    model: _Model,
    weights: np.ndarray,
    calfun: str,
    bounds: tuple[float, float],
    epsilon: float,
    maxit: int,
) -> tuple[np.ndarray, np.ndarray | None]:
    """g-weights and the misfit when they failed: R's regcalibrate (linear, unbounded) or grake."""
    if calfun == "linear" and np.isinf(bounds[0]) and np.isinf(bounds[1]):
        gram = model.x.gram(weights)
        shift = np.linalg.solve(gram, model.totals - model.x.rmatvec(weights))
        return 1 + model.x.matvec(shift), None
    return _grake(model.x, weights, calfun, bounds, model.totals, epsilon, maxit)


def _calibrated_replicates(
    design: SurveyDesign, model: _Model, new: np.ndarray, options: tuple, step: str
) -> Replicates:
    """Every replicate's weights calibrated to the same totals (R's ``calibrate.svyrep.design``)."""
    from heroes_research.survey._replicate import Replicates, compress

    rep = design._layout.replicates
    weights = rep.weights(np.asarray(design._layout.weights))
    failed = []
    for r in range(rep.n_replicates):  # one calibration per replicate, as R
        g, misfit = _g_weights(model, weights[:, r], *options)
        weights[:, r] *= g
        if misfit is not None:
            failed.append(r + 1)
    if failed:
        warnings.warn(
            f"{step}: replicate(s) {', '.join(map(str, failed[:10]))} did not meet the totals "
            "within the bounds (kept, as R)",
            RuntimeWarning,
            stacklevel=4,
        )
    factors, group = compress(weights / new[:, None])
    return Replicates(rep.type, factors, group, rep.scale, rep.rscales, rep.mse, rep.rho)


@dataclass(frozen=True, eq=False)
class _Label:
    """A calibration of a replicate design: its variance comes from the recalibrated replicates."""

    label: str

    def residualise(self, z: np.ndarray) -> np.ndarray:
        return z

    def describe(self) -> str:
        return self.label


def trim_weights(design: SurveyDesign, *, lower: float, upper: float, strict: bool) -> SurveyDesign:
    """R's ``trimWeights``: clip the weights to [lower, upper], spread the excess over the rest."""
    step = f"trimming the weights to [{lower:g}, {upper:g}]"
    if design.is_replicate:
        raise DesignError(
            f"{step}: trimming a replicate design is not supported (R's trimWeights for "
            "replicate designs does not keep the full-sample weights)",
            variable="weights",
            reason="trim_replicates",
            hint="trim the linearisation design, then convert it with to_replicate()",
        )
    if not lower < upper:
        raise DesignError(
            f"{step}: lower must be below upper",
            variable="lower",
            reason="bad_bounds",
            hint="pass lower < upper",
        )
    weights = np.array(design._layout.weights)
    for _ in range(_TRIM_PASSES):
        outside = (weights < lower) | (weights > upper)
        if not outside.any():
            break
        if outside.all():
            raise DesignError(
                f"{step}: every weight is outside the bounds",
                variable="upper",
                reason="bad_bounds",
                hint="widen the bounds around the weights",
            )
        trimmed = np.clip(weights, lower, upper)
        trimmed[~outside] += (weights - trimmed).sum() / np.count_nonzero(~outside)
        weights = trimmed
        if not strict:
            break
    else:
        raise DesignError(
            f"{step}: the weights are still outside the bounds after {_TRIM_PASSES} passes "
            "(spreading the trimmed amount pushes others out again)",
            variable="upper",
            reason="trim_not_converged",
            hint="widen the bounds, or trim once (strict=False)",
        )
    if np.array_equal(weights, design._layout.weights):
        return design
    return design._recalibrated(weights, TrimStep(f"weights trimmed to [{lower:g}, {upper:g}]"))
