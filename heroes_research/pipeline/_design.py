"""The design declared in a codebook, checked on the harmonised data (rows of the validation report).

Rules: ``design_missing`` (a design role has no value for a whole country: not mapped,
or empty in the file; replicate weight columns too), ``bad_weight`` (a weight that is
missing, zero or negative), ``bad_replicate_weight`` (a replicate weight that is missing,
infinite or negative: R's ``svrepdesign`` cannot use it), ``psu_crosses_strata`` (a PSU
id found in two strata while the codebook does not say ``nest: true``). All four block
the ingest: the design could not be estimated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from heroes_research.codebook import Codebook

__all__ = ["DESIGN_RULES", "design_report"]

DESIGN_RULES: frozenset[str] = frozenset(
    {"design_missing", "bad_weight", "bad_replicate_weight", "psu_crosses_strata"})


def _roles(codebook: Codebook) -> list[tuple[str, str]]:
    """(role, column) of every design column, replicate weights included."""
    extra = [("replicate weight", column) for column in codebook.design.replicate_columns()]
    return [*codebook.design.columns().items(), *extra]


def _missing_roles(codebook: Codebook, data: pd.DataFrame, files: dict[str, str | None]) -> list[pd.DataFrame]:
    from heroes_research.cleaning._report import make_report

    roles = _roles(codebook)
    # one pass: is each design column empty for the whole of each country?
    empty = data[[column for _, column in roles]].isna().groupby(data["country"], observed=True, sort=False).all()
    rows = []
    for position, (role, column) in enumerate(roles):
        for country, is_empty in empty.iloc[:, position].items():
            if is_empty:
                rows.append(make_report(
                    file=files.get(str(country)), country=str(country), variable=column, value=role,
                    rule="design_missing",
                    message=f"design {role} {column!r} has no value for any respondent of {country}: map it "
                            f"under 'countries: {country}: variables' in the codebook (or drop the role)"))
    return rows


def _bad_weights(codebook: Codebook, data: pd.DataFrame, ids: pd.Series,
                 files: dict[str, str | None]) -> list[pd.DataFrame]:
    from heroes_research.cleaning._report import make_report

    column = codebook.design.weights
    if column is None:
        return []
    weights = pd.to_numeric(data[column], errors="coerce")
    bad = (weights.isna() | (weights <= 0)).to_numpy()
    if not bad.any():
        return []
    countries = data["country"].astype("string")[bad]
    return [make_report(file=countries.map(files).astype("string"), country=countries, row_id=ids[bad],
                        value=data[column][bad].astype("string"), variable=column, rule="bad_weight",
                        message=f"design weight {column!r} must be a positive number; correct the raw file "
                                "or drop the respondent")]


def _bad_replicate_weights(codebook: Codebook, data: pd.DataFrame, ids: pd.Series,
                           files: dict[str, str | None]) -> list[pd.DataFrame]:
    import numpy as np

    from heroes_research.cleaning._report import make_report

    rows = []
    for column in codebook.design.replicate_columns():
        values = pd.to_numeric(data[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(values) | (values < 0)
        if not bad.any():
            continue
        countries = data["country"].astype("string")[bad]
        rows.append(make_report(
            file=countries.map(files).astype("string"), country=countries, row_id=ids[bad],
            value=data[column][bad].astype("string"), variable=column, rule="bad_replicate_weight",
            message=f"replicate weight {column!r} must be a finite number >= 0 (R's svrepdesign); correct "
                    "the raw file, or drop the column from 'design: replicates: weights' if it is not one"))
    return rows


def _crossing_psus(codebook: Codebook, data: pd.DataFrame) -> list[pd.DataFrame]:
    from heroes_research.cleaning._report import make_report

    psu, strata = codebook.design.psu, codebook.design.strata
    if psu is None or strata is None or codebook.design.nest:
        return []
    pairs = data[[strata, psu]].dropna().astype("string").drop_duplicates()
    counts = pairs.groupby(psu, sort=True)[strata].agg(list)
    crossing = counts[counts.map(len) > 1]
    return [make_report(
        value=[str(p) for p in crossing.index], variable=psu, rule="psu_crosses_strata",
        message=[f"PSU id {p!r} appears in strata {', '.join(s[:5])}: if PSU ids are only unique within a "
                 "stratum, add 'nest: true' to the codebook's design; otherwise correct the ids"
                 for p, s in crossing.items()])] if len(crossing) else []


def design_report(codebook: Codebook, data: pd.DataFrame, ids: pd.Series,
                  files: dict[str, str | None]) -> pd.DataFrame:
    """Every design violation of a harmonised frame, in the validation-report layout.

    Parameters
    ----------
    codebook
        Its ``design`` (weights, strata, psu, fpc, nest).
    data
        The harmonised frame (with ``country``).
    ids
        Row ids for the report (the respondent id), aligned with ``data``.
    files
        Country -> the raw file its rows came from.

    Returns
    -------
    pandas.DataFrame
        Report rows with rules :data:`DESIGN_RULES`; empty if the design fits.

    Example
    -------
    >>> design_report(codebook, harmonised.data, ids, {"NO": "no.sav"})  # doctest: +SKIP
    """
    from heroes_research.cleaning._report import empty_report

    if not codebook.design:
        return empty_report()
    parts = [empty_report(), *_missing_roles(codebook, data, files), *_bad_weights(codebook, data, ids, files),
             *_bad_replicate_weights(codebook, data, ids, files), *_crossing_psus(codebook, data)]
    return pd.concat(parts, ignore_index=True)
