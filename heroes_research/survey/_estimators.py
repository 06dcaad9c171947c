"""Means, totals, proportions and ratios, overall and by domain (R's svymean/svytotal/svyratio/svyby)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._grouped import cell_estimates, fast_path
from heroes_research.survey._linear import Column, influence_variance, limits, linear_stats
from heroes_research.survey._tidy import tidy_frame
from heroes_research.survey._variables import (
    Domains,
    categories,
    check_conf_level,
    domains,
    is_categorical,
    numeric,
    require,
    usable,
)
from heroes_research.survey._variance import variance

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = [
    "DomainEstimates",
    "domain_frame",
    "indicator_means",
    "linear_estimate",
    "ratio_estimate",
]


@dataclass(frozen=True)
class _Columns:
    """The data of one request: numeric variables, or the codes of one categorical variable."""

    index: pd.Index  # the numeric variables, or the levels of the categorical one
    values: list[np.ndarray]  # numeric variables (empty for a categorical one)
    codes: np.ndarray | None  # category codes, -1 where missing
    missing: dict[str, np.ndarray]

    def columns(self) -> list[Column]:
        """One data column per output row: the values, or 0/1 indicators of each level."""
        if self.codes is None:
            return [(lambda v=v: v) for v in self.values]
        codes = self.codes
        return [(lambda j=j: (codes == j).astype(float)) for j in range(len(self.index))]

    @property
    def variable(self) -> str | None:
        """The categorical variable's name (None for numeric variables)."""
        return None if self.codes is None else str(next(iter(self.missing)))

    @functools.cached_property
    def binary(self) -> list[bool]:
        """Per numeric variable: are its values 0 and 1 only (its mean is a share)?"""
        return [bool(np.isin(v[~np.isnan(v)], (0.0, 1.0)).all()) for v in self.values]

    def counts(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Respondents who answered (``rows``) and, per output row, those giving the level.

        For a numeric 0/1 variable the "level" is 1: its mean is a share of that many
        respondents (disclosure control needs the count); other numeric variables: NaN.
        """
        answered = np.full(len(self.index), np.count_nonzero(rows))
        if self.codes is None:
            ones = [np.count_nonzero(rows & (v == 1)) if b else np.nan
                    for v, b in zip(self.values, self.binary, strict=True)]
            return answered, np.asarray(ones, dtype=float)
        return answered, np.bincount(self.codes[rows], minlength=len(self.index))


def _columns(design: SurveyDesign, var: str | Sequence[str], step: str) -> _Columns:
    names = [var] if isinstance(var, str) else list(var)
    require(design.data, names, step)
    kinds = [is_categorical(design.data[name]) for name in names]
    if any(kinds):
        if len(names) > 1:
            raise EstimationError(
                f"{step}: estimate a categorical variable on its own",
                variable=names[kinds.index(True)],
                reason="mixed_variables",
                hint="call the estimator once per categorical variable",
            )
        cats = categories(design.data, names[0])
        index = pd.Index(cats.levels, name=names[0])
        return _Columns(index, [], cats.codes, {names[0]: cats.missing})
    values = [numeric(design.data, name, step) for name in names]
    missing = {name: np.isnan(v) for name, v in zip(names, values, strict=True)}
    return _Columns(pd.Index(names, name="variable"), values, None, missing)


def _domain_rows(
    design: SurveyDesign,
    by: str | Sequence[str] | None,
    missing: dict[str, np.ndarray],
    na_rm: bool,
    step: str,
) -> tuple[Domains | None, list[np.ndarray]]:
    """The domains and the usable rows of each (one entry when ``by`` is None)."""
    n = len(design.data)
    if by is None:
        rows = usable(design.data, missing, np.ones(n, dtype=bool), na_rm, step)
        if not rows.any():
            raise EstimationError(
                f"{step}: no row has a value",
                variable=next(iter(missing)),
                reason="all_missing",
                hint="check the variable",
            )
        return None, [rows]
    dom = domains(design.data, by, step)
    rows = usable(design.data, missing, dom.codes >= 0, na_rm, step)
    out = []
    for code in range(len(dom)):
        these = rows & (dom.codes == code)
        if not these.any():
            name, values = dom.labels(np.arange(len(dom)) == code)
            raise EstimationError(
                f"{step}: domain {name}={values[0]!r} has no row with a value",
                variable=next(iter(missing)),
                reason="empty_domain",
                hint="the variable is missing for every respondent of this domain; "
                "drop the domain or choose another variable",
            )
        out.append(these)
    return dom, out


def domain_frame(dom: Domains | None, inner: int) -> pd.DataFrame | None:
    """The ``by`` columns of a domain-major result with ``inner`` rows per domain."""
    if dom is None:
        return None
    return dom.levels.iloc[np.repeat(np.arange(len(dom)), inner)].reset_index(drop=True)


def linear_estimate(
    design: SurveyDesign,
    var: str | Sequence[str],
    by: str | Sequence[str] | None,
    *,
    kind: str,
    na_rm: bool,
    deff: bool,
    conf_level: float,
    covmat: bool = False,
) -> pd.DataFrame:
    """Means or totals of numeric variables, or of the levels of a categorical one.

    With ``covmat`` the frame carries the covariance of all its rows (R's ``svyby(...,
    covmat=TRUE)``; see :mod:`heroes_research.survey._covariance`).
    """
    step = f"estimating the {kind} of {var!r}"
    conf_level = check_conf_level(conf_level, step)
    spec = _columns(design, var, step)
    est = _estimate(design, spec, by, kind, na_rm=na_rm, deff=deff, step=step)
    answered, per_level = zip(*(spec.counts(rows) for rows in est.rows), strict=True)
    low, high = limits(est.estimate, est.se, conf_level)
    k = len(spec.index)
    categorical = spec.codes is not None
    frame = tidy_frame(
        domain_frame(est.domains, k),
        variable=spec.variable if categorical else np.tile(spec.index.to_numpy(object), len(est.rows)),
        level=np.tile(spec.index.to_numpy(object), len(est.rows)) if categorical else None,
        estimate=est.estimate,
        se=est.se,
        ci_low=low,
        ci_high=high,
        conf_level=conf_level,
        n=np.concatenate(answered),
        n_level=np.concatenate(per_level),
        deff=est.deff,
    )
    if not covmat:
        return frame
    from heroes_research.survey._covariance import linear_covariance, with_covariance

    cov = linear_covariance(design, spec.columns(), est.rows, est.estimate, kind)
    return with_covariance(frame, cov)


@dataclass(frozen=True)
class DomainEstimates:
    """Estimates of one request in each domain (domain-major order)."""

    domains: Domains | None  # the domains of ``by``; None without ``by``
    rows: list[np.ndarray]  # the usable rows of each domain
    estimate: np.ndarray
    se: np.ndarray
    deff: np.ndarray | None


def _estimate(
    design: SurveyDesign,
    spec: _Columns,
    by: str | Sequence[str] | None,
    kind: str,
    *,
    na_rm: bool,
    deff: bool,
    step: str,
) -> DomainEstimates:
    dom, domain_rows = _domain_rows(design, by, spec.missing, na_rm, step)
    if fast_path(design) and not deff:
        estimate, se = _grouped_stats(design, spec, domain_rows, kind)
        effects = None
    else:
        parts = [linear_stats(design, spec.columns(), rows, kind, deff) for rows in domain_rows]
        estimate = np.concatenate([p.estimate for p in parts])
        se = np.concatenate([p.se for p in parts])
        effects = np.concatenate([p.deff for p in parts]) if deff else None
    return DomainEstimates(dom, domain_rows, estimate, se, effects)


def indicator_means(
    design: SurveyDesign,
    indicator: np.ndarray,
    missing: np.ndarray,
    var: str,
    by: str | Sequence[str] | None,
    *,
    na_rm: bool,
    step: str,
) -> DomainEstimates:
    """Means of one 0/1 column (``missing`` marks rows without a value), overall or by domain."""
    spec = _Columns(pd.Index([var], name="variable"), [indicator], None, {var: missing})
    return _estimate(design, spec, by, "mean", na_rm=na_rm, deff=False, step=step)


def _grouped_stats(
    design: SurveyDesign, spec: _Columns, domain_rows: list[np.ndarray], kind: str
) -> tuple[np.ndarray, np.ndarray]:
    """Estimates and SEs of every domain from one-pass PSU totals (domain-major order)."""
    n_domains = len(domain_rows)
    domain = None  # every row in the one domain
    if n_domains > 1 or not domain_rows[0].all():
        domain = np.full(len(design.data), -1, dtype=np.intp)
        for d, rows in enumerate(domain_rows):  # a loop over domains, not rows
            domain[rows] = d
    if spec.codes is None:
        per_variable = [
            cell_estimates(design, domain, np.arange(n_domains), v, kind) for v in spec.values
        ]
        estimate = np.column_stack([e for e, _ in per_variable]).ravel()
        totals = np.stack([t for _, t in per_variable], axis=2)  # G x domain x variable
    else:
        n_levels = len(spec.index)
        cell = (
            spec.codes
            if domain is None
            else np.where(domain >= 0, domain * n_levels + spec.codes, -1)
        )
        estimate, flat = cell_estimates(
            design, cell, np.arange(n_domains * n_levels) // n_levels, None, kind
        )
        totals = flat.reshape(len(flat), n_domains, n_levels)
    se = np.concatenate(
        [
            np.sqrt(np.diag(variance(design._layout, totals[:, d, :], design.lonely_psu, rows)))
            for d, rows in enumerate(domain_rows)
        ]
    )
    return estimate, se


def ratio_estimate(
    design: SurveyDesign,
    numerator: str,
    denominator: str,
    by: str | Sequence[str] | None,
    *,
    na_rm: bool,
    conf_level: float,
    covmat: bool = False,
) -> pd.DataFrame:
    """Ratio of two totals, :math:`\\hat R = \\hat Y / \\hat X`.

    Influence values :math:`z_i = w_i (y_i - \\hat R x_i) / \\hat X` (R's ``svyratio``).
    """
    step = f"estimating the ratio {numerator!r}/{denominator!r}"
    conf_level = check_conf_level(conf_level, step)
    require(design.data, [numerator, denominator], step)
    y = numeric(design.data, numerator, step)
    x = numeric(design.data, denominator, step)
    missing = {numerator: np.isnan(y), denominator: np.isnan(x)}
    dom, domain_rows = _domain_rows(design, by, missing, na_rm, step)
    estimates, ses = [], []
    for rows in domain_rows:
        w = np.where(rows, design._layout.weights, 0.0)
        x_total = w @ np.where(rows, x, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):  # a zero total raises below
            ratio = (w @ np.where(rows, y, 0.0)) / x_total
        if not np.isfinite(ratio):
            raise EstimationError(
                f"{step}: the denominator's total is zero",
                variable=denominator,
                reason="zero_denominator",
                hint="choose a denominator with a non-zero total",
            )

        def influence(rows=rows, w=w, ratio=ratio, x_total=x_total) -> np.ndarray:
            return np.where(rows, y - ratio * x, 0.0) * w / x_total

        estimates.append(ratio)
        exact = [lambda rows=rows: np.where(rows, x, 0.0)]  # exact replicate ratios
        ses.append(np.sqrt(influence_variance(design, [influence], rows, None, exact)[0, 0]))
    estimate, se = np.array(estimates), np.array(ses)
    low, high = limits(estimate, se, conf_level)
    frame = tidy_frame(
        domain_frame(dom, 1),
        variable=f"{numerator}/{denominator}",
        estimate=estimate,
        se=se,
        ci_low=low,
        ci_high=high,
        conf_level=conf_level,
        n=[np.count_nonzero(r) for r in domain_rows],
    )
    if not covmat:
        return frame
    from heroes_research.survey._covariance import ratio_covariance, with_covariance

    return with_covariance(frame, ratio_covariance(design, y, x, domain_rows, estimate))
