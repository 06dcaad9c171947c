"""Build and validate a design's sampling structure (weights, strata, PSUs, fpc)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.errors import DesignError
from heroes_research.survey._variance import Layout

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
    data: pd.DataFrame, name: str, stratum: np.ndarray, n_psu: np.ndarray, labels: np.ndarray
) -> np.ndarray:
    """Population number of PSUs per stratum from an fpc column (sizes or fractions)."""
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
            "building the survey design: the fpc differs within a stratum "
            f"({', '.join(map(str, labels[varying][:10]))})",
            variable=name,
            reason="fpc_not_constant",
            hint="the fpc must be one population size (or fraction) per stratum",
        )
    fractions = values <= 1
    if fractions.any() and not fractions.all():
        raise DesignError(
            "building the survey design: the fpc mixes sampling fractions (<= 1) and "
            "population sizes (> 1)",
            variable=name,
            rows=_rows(data, fractions),
            reason="fpc_mixed",
            hint="give population sizes in every row, or sampling fractions in every row",
        )
    # Values <= 1 are sampling fractions, as R's svydesign reads them.
    population = n_psu / low if fractions.all() else low
    too_small = population < n_psu * (1 - 1e-12)
    if too_small.any():
        which = ", ".join(
            f"{lab}: {pop:g} < {k} sampled PSUs"
            for lab, pop, k in zip(
                labels[too_small][:10], population[too_small], n_psu[too_small], strict=False
            )
        )
        raise DesignError(
            f"building the survey design: the fpc is smaller than the sample in stratum {which}",
            variable=name,
            reason="fpc_below_sample",
            hint="the fpc is the population number of PSUs in the stratum (or the sampling fraction)",
        )
    return population


def build_layout(
    data: pd.DataFrame,
    weights: str | None,
    strata: str | None,
    psu: str | None,
    fpc: str | None,
    lonely_psu: str,
) -> tuple[Layout, np.ndarray]:
    """Validate the design columns and encode them.

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
    check_columns(
        data,
        {"weights": weights, "strata": strata, "psu": psu, "fpc": fpc},
        "building the survey design",
    )
    if len(data) == 0:
        raise DesignError(
            "building the survey design: the data have no rows",
            reason="empty_data",
            hint="check the filter or file that produced the data frame",
        )
    stratum, labels = _codes(data, strata, "strata")
    n_strata = len(labels)
    if psu is None:
        psu_codes = None
        psu_stratum = stratum
    else:
        within, _ = _codes(data, psu, "psu")
        # PSUs are nested in strata (R's nest=TRUE): a PSU is a (stratum, psu) pair.
        pair = stratum.astype(np.int64) * (within.max() + 1) + within
        psu_codes, first = pd.factorize(pair, sort=True)
        psu_codes = psu_codes.astype(np.intp, copy=False)
        psu_stratum = (np.asarray(first) // (within.max() + 1)).astype(np.intp)
    n_psu = np.bincount(psu_stratum, minlength=n_strata)
    if fpc is None:
        fpc_factor = np.ones(n_strata)
        population = None
    else:
        population = _population_sizes(data, fpc, stratum, n_psu, labels)
        fpc_factor = (population - n_psu) / population
    if weights is not None:
        w = _weights(data, weights)
    elif population is not None:  # R derives the weights from the fpc: N_h / n_h
        w = (population / n_psu)[stratum]
    else:
        w = np.ones(len(data))
    layout = Layout(w, stratum, psu_codes, psu_stratum, n_psu, fpc_factor)
    for array in (w, stratum, psu_stratum, n_psu, fpc_factor, psu_codes):
        if array is not None:
            array.setflags(write=False)
    if lonely_psu == "fail" and layout.lonely.any():
        lonely = labels[layout.lonely]
        raise DesignError(
            "building the survey design: stratum "
            f"{', '.join(map(str, lonely[:10]))} has only one PSU, so its variance cannot be estimated",
            variable=strata,
            reason="lonely_psu",
            hint="merge it with a similar stratum, or choose lonely_psu='adjust', 'average', "
            "'remove' or 'certainty'",
        )
    return layout, labels
