"""Build and validate a design's sampling structure (weights, strata, PSUs, fpc)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from heroes_research.errors import DesignError
from heroes_research.survey._variance import Layout, Stage

__all__ = ["LONELY_PSU_RULES", "build_layout", "check_columns"]

#: The values of R's ``options(survey.lonely.psu)``.
LONELY_PSU_RULES = ("fail", "remove", "adjust", "certainty", "average")


def check_columns(data: pd.DataFrame, columns: dict[str, str | None], step: str) -> None:
    """Raise DesignError when a named design column is not in ``data``."""
    for role, name in columns.items():
        if name is not None and name not in data.columns:
            raise DesignError(
                f"{step}: the {role} column is not in the data",
                variable=name,
                reason="unknown_column",
                hint=f"pass one of the data's columns as {role}= ({_some(data.columns)})",
            )


def _some(names: pd.Index) -> str:
    shown = ", ".join(map(repr, list(names[:8])))
    return shown + (", ..." if len(names) > 8 else "")


def _rows(data: pd.DataFrame, mask: np.ndarray) -> list:
    return list(data.index[mask][:50])


def _codes(data: pd.DataFrame, name: str | None, role: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and sorted labels of a design column (one code when ``name`` is None)."""
    n = len(data)
    if name is None:
        return np.zeros(n, dtype=np.intp), np.array([None], dtype=object)
    values = data[name]
    missing = values.isna().to_numpy()
    if missing.any():
        raise DesignError(
            f"building the survey design: the {role} column has missing values",
            variable=name,
            rows=_rows(data, missing),
            reason=f"missing_{role}",
            hint=f"give every row a {role}, or drop those rows before building the design",
        )
    codes, labels = pd.factorize(values, sort=True)
    return codes.astype(np.intp, copy=False), np.asarray(labels, dtype=object)


def _weights(data: pd.DataFrame, name: str) -> np.ndarray:
    values = pd.to_numeric(data[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~(values > 0) | ~np.isfinite(values)
    if bad.any():
        raise DesignError(
            "building the survey design: weights must be positive and finite",
            variable=name,
            rows=_rows(data, bad),
            reason="bad_weights",
            hint="drop the rows without a valid weight, or fix the weight column",
        )
    with np.errstate(over="ignore"):
        overflow = not np.isfinite(np.sum(values * values))
    if overflow:  # the estimate would come out 0.0 with a NaN SE
        raise DesignError(
            f"building the survey design: weights up to {values.max():.3g} are too large to compute "
            "with (their squares overflow)", variable=name, reason="bad_weights",
            hint="rescale the weights (e.g. divide by their mean): estimates do not change")
    return values


def _population_sizes(
    data: pd.DataFrame,
    name: str,
    stratum: np.ndarray,
    n_psu: np.ndarray,
    labels: np.ndarray,
    where: str = "stratum",
) -> np.ndarray:
    """Population number of units per stratum (or per unit of the stage above: ``where``)
    from an fpc column (sizes or fractions)."""
    values = pd.to_numeric(data[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~(values > 0)
    if bad.any():
        raise DesignError(
            "building the survey design: the fpc must be a positive number in every row",
            variable=name,
            rows=_rows(data, bad),
            reason="bad_fpc",
            hint="give population sizes (>= the sample) or sampling fractions (<= 1)",
        )
    n_strata = len(n_psu)
    low = np.full(n_strata, np.inf)
    high = np.full(n_strata, -np.inf)
    np.minimum.at(low, stratum, values)
    np.maximum.at(high, stratum, values)
    varying = ~np.isclose(low, high, rtol=1e-12, atol=0)
    if varying.any():
        raise DesignError(
            f"building the survey design: the fpc differs within a {where} "
            f"({', '.join(map(str, labels[varying][:10]))})",
            variable=name,
            reason="fpc_not_constant",
            hint=f"the fpc must be one population size (or fraction) per {where}",
        )
    # As R's as.fpc: any value > 1 makes them population sizes (1 is then a size of one).
    sizes = bool((values > 1).any())
    fractions = values < 1 if sizes else np.ones(len(values), dtype=bool)
    if sizes and fractions.any():
        raise DesignError(
            "building the survey design: the fpc mixes sampling fractions (< 1) and "
            "population sizes (> 1)",
            variable=name,
            rows=_rows(data, fractions),
            reason="fpc_mixed",
            hint="give population sizes in every row, or sampling fractions in every row",
        )
    population = low if sizes else n_psu / low
    too_small = population < n_psu * (1 - 1e-12)
    if too_small.any():
        which = ", ".join(
            f"{lab}: {pop:g} < {k} sampled {'PSUs' if where == 'stratum' else 'units'}"
            for lab, pop, k in zip(
                labels[too_small][:10], population[too_small], n_psu[too_small], strict=False
            )
        )
        raise DesignError(
            f"building the survey design: the fpc is smaller than the sample in {where} {which}",
            variable=name,
            reason="fpc_below_sample",
            hint=f"the fpc is the population number of units in the {where} (or the sampling "
            "fraction), so it cannot be below the number sampled",
        )
    return population


def _psu_codes(
    data: pd.DataFrame, psu: str, stratum: np.ndarray, strata: str | None, nest: bool
) -> tuple[np.ndarray, np.ndarray]:
    """First-stage PSU code of each row and stratum of each PSU (PSUs nested in strata)."""
    within, labels = _codes(data, psu, "psu")
    pair = stratum.astype(np.int64) * len(labels) + within
    psu_codes, first = pd.factorize(pair, sort=True)
    psu_stratum = (np.asarray(first) // len(labels)).astype(np.intp)
    if strata is not None and not nest:
        shared = np.bincount(np.asarray(first) % len(labels), minlength=len(labels)) > 1
        if shared.any():
            raise DesignError(
                "building the survey design: PSU id(s) "
                f"{', '.join(map(str, labels[shared][:10]))} occur in more than one stratum, "
                "so the PSUs are not nested in the strata",
                variable=psu,
                reason="psu_not_nested",
                hint="pass nest=True if the PSU ids are only unique within a stratum "
                "(R's svydesign(nest=TRUE)), or fix the ids",
            )
    return psu_codes.astype(np.intp, copy=False), psu_stratum


def _later_stage(
    data: pd.DataFrame,
    columns: tuple[str, str],
    fpc: str,
    parent_unit: np.ndarray,
    n_parents: int,
    multiplier: np.ndarray,
    stage: int,
) -> tuple[Stage, np.ndarray]:
    """Units of stage ``stage`` nested in the units above, their fpc; and the rows' N/n factor."""
    parent_column, column = columns
    within, labels = _codes(data, column, f"stage-{stage} unit")
    pair = parent_unit.astype(np.int64) * len(labels) + within
    unit, first = pd.factorize(pair, sort=True)
    parent = (np.asarray(first) // len(labels)).astype(np.intp)
    n_units = np.bincount(parent, minlength=n_parents)
    where = f"'{parent_column}' unit"
    first_rows = np.unique(parent_unit, return_index=True)[1]
    parent_labels = np.asarray(data[parent_column].to_numpy()[first_rows], dtype=object)
    population = _population_sizes(data, fpc, parent_unit, n_units, parent_labels, where=where)
    fraction = n_units / population
    stage_info = Stage(unit.astype(np.intp), parent, n_units, 1 - fraction, multiplier)
    return stage_info, (population / n_units)[parent_unit]


def _stages(
    data: pd.DataFrame,
    psu: tuple[str, ...],
    fpc: tuple[str, ...],
    psu_codes: np.ndarray,
    first_fraction: np.ndarray,
) -> tuple[tuple[Stage, ...], np.ndarray]:
    """Later stages with an fpc, and the product of their N/n factors per row (R's weights)."""
    if len(fpc) < 2:
        return (), np.ones(len(data))
    if len(fpc) != len(psu):
        raise DesignError(
            f"building the survey design: {len(fpc)} fpc columns for {len(psu)} sampling stages",
            variable=fpc[-1],
            reason="fpc_stages",
            hint="give one fpc column per psu column, or one for the first stage only "
            "(then the variance is the ultimate-cluster one)",
        )
    stages, factor = [], np.ones(len(data))
    parent, n_parents, multiplier = psu_codes, len(first_fraction), first_fraction
    for k in range(1, len(psu)):
        stage, stage_factor = _later_stage(
            data, (psu[k - 1], psu[k]), fpc[k], parent, n_parents, multiplier, k + 1
        )
        stages.append(stage)
        factor = factor * stage_factor
        parent, n_parents = stage.unit, len(stage.parent)
        multiplier = ((1 - stage.fpc_factor) * stage.multiplier)[stage.parent]
    return tuple(stages), factor


def _check_lonely(layout: Layout, labels: np.ndarray, strata: str | None, psu: tuple) -> None:
    """R's lonely_psu='fail': a stratum (or a unit of a later stage) with one sampled unit."""
    if layout.lonely.any():
        lonely = labels[layout.lonely]
        raise DesignError(
            "building the survey design: stratum "
            f"{', '.join(map(str, lonely[:10]))} has only one PSU, so its variance cannot be estimated",
            variable=strata,
            reason="lonely_psu",
            hint="merge it with a similar stratum, or choose lonely_psu='adjust', 'average', "
            "'remove' or 'certainty'",
        )
    for k, stage in enumerate(layout.stages, start=2):
        if stage.lonely.any():
            count = int(np.count_nonzero(stage.lonely))
            raise DesignError(
                f"building the survey design: {count} stage-{k - 1} unit(s) have a single "
                f"sampled stage-{k} unit and fewer than all in their fpc",
                variable=psu[k - 1],
                reason="lonely_psu",
                hint="choose lonely_psu='adjust', 'average', 'remove' or 'certainty', as R's "
                "options(survey.lonely.psu) for later stages",
            )


def _as_tuple(names: str | Sequence[str] | None) -> tuple[str, ...]:
    if names is None:
        return ()
    return (names,) if isinstance(names, str) else tuple(names)


def build_layout(
    data: pd.DataFrame,
    weights: str | None,
    strata: str | None,
    psu: str | Sequence[str] | None,
    fpc: str | Sequence[str] | None,
    lonely_psu: str,
    nest: bool = True,
) -> tuple[Layout, np.ndarray]:
    """Validate the design columns and encode them.

    ``psu`` and ``fpc`` may name one column per sampling stage (R's
    ``id=~psu+ssu, fpc=~fpc1+fpc2``). Without ``nest``, PSU ids that occur in
    more than one stratum raise, as R's ``svydesign(nest=FALSE)``.

    Returns
    -------
    (Layout, numpy.ndarray)
        The structure and the stratum labels.
    """
    if lonely_psu not in LONELY_PSU_RULES:
        raise DesignError(
            f"building the survey design: unknown lonely_psu rule {lonely_psu!r}",
            variable="lonely_psu",
            reason="bad_lonely_psu",
            hint=f"use one of {', '.join(LONELY_PSU_RULES)}",
        )
    psus, fpcs = _as_tuple(psu), _as_tuple(fpc)
    check_columns(
        data,
        {"weights": weights, "strata": strata}
        | {f"psu (stage {k + 1})": name for k, name in enumerate(psus)}
        | {f"fpc (stage {k + 1})" if len(fpcs) > 1 else "fpc": n for k, n in enumerate(fpcs)},
        "building the survey design",
    )
    if len(data) == 0:
        raise DesignError(
            "building the survey design: the data have no rows",
            reason="empty_data",
            hint="check the filter or file that produced the data frame",
        )
    if len(fpcs) > 1 and not psus:
        raise DesignError(
            "building the survey design: several fpc columns need one psu column per stage",
            variable=fpcs[1],
            reason="fpc_stages",
            hint="pass psu=[first stage, second stage, ...]",
        )
    stratum, labels = _codes(data, strata, "strata")
    n_strata = len(labels)
    if not psus:
        psu_codes = None
        psu_stratum = stratum
    else:
        psu_codes, psu_stratum = _psu_codes(data, psus[0], stratum, strata, nest)
    n_psu = np.bincount(psu_stratum, minlength=n_strata)
    stages: tuple[Stage, ...] = ()
    stage_factor = np.ones(len(data))
    if not fpcs:
        fpc_factor = np.ones(n_strata)
        population = None
    else:
        population = _population_sizes(data, fpcs[0], stratum, n_psu, labels)
        fpc_factor = (population - n_psu) / population
        stages, stage_factor = _stages(
            data, psus, fpcs, psu_codes, (n_psu / population)[psu_stratum]
        )
    if weights is not None:
        w = _weights(data, weights)
    elif population is not None:  # R derives the weights from the fpc: product of N / n
        w = (population / n_psu)[stratum] * stage_factor
    else:
        w = np.ones(len(data))
    layout = Layout(w, stratum, psu_codes, psu_stratum, n_psu, fpc_factor, stages)
    for array in (w, stratum, psu_stratum, n_psu, fpc_factor, psu_codes):
        if array is not None:
            array.setflags(write=False)
    if lonely_psu == "fail":
        _check_lonely(layout, labels, strata, psus)
    return layout, labels
