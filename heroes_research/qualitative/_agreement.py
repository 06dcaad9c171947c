"""Per-code intercoder agreement on the double-coded interviews."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.qualitative._schema import require_columns
from heroes_research.reliability import (
    DEFAULT_N_BOOT,
    DEFAULT_SEED,
    cohen_kappa,
    krippendorff_alpha,
)

__all__ = ["AGREEMENT_COLUMNS", "code_agreement"]

AGREEMENT_COLUMNS = (
    "code",
    "unit",
    "n_units",
    "n_coders",
    "n_applied",
    "percent_agreement",
    "kappa",
    "kappa_ci_low",
    "kappa_ci_high",
    "alpha",
    "alpha_ci_low",
    "alpha_ci_high",
)
_STEP = "code_agreement"


def code_agreement(
    segments: pd.DataFrame,
    unit: Literal["passage", "interview"] = "passage",
    *,
    n_boot: int = DEFAULT_N_BOOT,
    seed: int | None = DEFAULT_SEED,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Agreement between coders on each code: Cohen's kappa and Krippendorff's alpha.

    Parameters
    ----------
    segments
        A coded-segments table. Only interviews coded by two or more coders count.
    unit
        ``"passage"``: did each coder apply the code to this passage? ``"interview"``:
        did each coder apply it anywhere in the interview?
    n_boot, seed, confidence
        Bootstrap over units for both coefficients (0: no intervals).

    Returns
    -------
    pandas.DataFrame
        One row per code (sorted), columns ``AGREEMENT_COLUMNS``: units compared,
        coders, units where any coder applied the code, percent agreement, Cohen's kappa
        (first vs second coder of each interview, in sorted coder order) and nominal
        Krippendorff's alpha (all coders) with their intervals. Coefficients are NaN
        where they are undefined (a code nobody, or everybody, applied).

    Raises
    ------
    EstimationError
        Unknown ``unit``, or no interview coded by two coders.

    Notes
    -----
    Units are the passages (or interviews) of the double-coded interviews that any
    coder coded; a coder who coded an interview but not a passage with the code
    contributes an absence (0). Presence/absence per unit is a binary nominal
    variable: kappa from :func:`heroes_research.reliability.cohen_kappa`, alpha from
    :func:`heroes_research.reliability.krippendorff_alpha`.

    Example
    -------
    >>> from heroes_research.qualitative import load_segments
    >>> table = code_agreement(load_segments(), n_boot=0)
    >>> bool((table["n_units"] > 0).all())
    True
    """
    if unit not in ("passage", "interview"):
        raise EstimationError(
            f"{_STEP}: unknown unit {unit!r}",
            variable="unit",
            reason="bad_argument",
            hint="use unit='passage' or unit='interview'",
        )
    require_columns(segments, ("interview_id", "passage", "code", "coder"), step=_STEP)
    presence, codes, first, second = _presence(segments, unit)
    rows = [
        _code_row(code, presence[k], first, second, unit, n_boot, seed, confidence)
        for k, code in enumerate(codes)
    ]  # one row per code seen in the segments
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))


def _presence(
    segments: pd.DataFrame, unit: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Codes × coders × units array (1 applied, 0 not, NaN not coded) and each unit's two coders."""
    n_coders = segments.groupby("interview_id")["coder"].nunique()
    double = segments[segments["interview_id"].isin(n_coders.index[n_coders >= 2])]
    if double.empty:
        raise EstimationError(
            f"{_STEP}: no interview is coded by two or more coders",
            variable="coder",
            reason="no_double_coding",
            hint="double-code a subset of the interviews",
        )
    keys = ["interview_id", "passage"] if unit == "passage" else ["interview_id"]
    unit_of, units = pd.MultiIndex.from_frame(double[keys]).factorize(sort=True)
    coder_of, coders = pd.factorize(double["coder"], sort=True)
    codes = np.sort(segments["code"].unique())
    code_of = np.searchsorted(codes, double["code"].to_numpy())
    interview_of_unit = pd.factorize(units.get_level_values(0))[0]
    interview_of_row = interview_of_unit[unit_of]
    coded = np.zeros((len(coders), interview_of_unit.max() + 1), dtype=bool)
    coded[coder_of, interview_of_row] = True
    presence = np.where(coded[:, interview_of_unit], 0.0, np.nan)
    presence = np.broadcast_to(presence, (len(codes), *presence.shape)).copy()
    presence[code_of, coder_of, unit_of] = 1.0
    # The first and second coder (in sorted order) of each unit's interview, for kappa.
    order = np.argsort(~coded, axis=0, kind="stable")
    return presence, codes, order[0][interview_of_unit], order[1][interview_of_unit]


def _code_row(
    code: str,
    data: np.ndarray,
    first: np.ndarray,
    second: np.ndarray,
    unit: str,
    n_boot: int,
    seed: int | None,
    confidence: float,
) -> dict[str, object]:
    """Agreement statistics of one code from its coders × units presence matrix."""
    columns = np.arange(data.shape[1])
    a, b = data[first, columns], data[second, columns]
    row = {
        "code": code,
        "unit": unit,
        "n_units": data.shape[1],
        "n_coders": int((~np.isnan(data)).any(axis=1).sum()),
        "n_applied": int((data == 1).any(axis=0).sum()),
        "percent_agreement": float(np.mean(a == b)),
    }
    options = {"n_boot": n_boot, "seed": seed, "confidence": confidence}
    for name, compute in (
        ("kappa", lambda: cohen_kappa(a, b, **options)),
        ("alpha", lambda: krippendorff_alpha(data, "nominal", **options)),
    ):
        try:
            result = compute()
            row |= {
                name: result.estimate,
                f"{name}_ci_low": result.ci_low,
                f"{name}_ci_high": result.ci_high,
            }
        except EstimationError as err:
            if err.reason != "no_variation":
                raise
            row |= {name: np.nan, f"{name}_ci_low": np.nan, f"{name}_ci_high": np.nan}
    return row
