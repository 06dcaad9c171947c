"""Means, totals, proportions and ratios, overall and by domain (R's svymean/svytotal/svyratio/svyby)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._grouped import cell_estimates, fast_path
from heroes_research.survey._linear import (
    Column,
    check_deff,
    influence_variance,
    limits,
    linear_stats,
)
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
        def zero_one(v: np.ndarray) -> bool:
            return bool(((v == 0) | (v == 1) | np.isnan(v)).all())

        # the first values settle it for most continuous variables, without a full pass
        return [zero_one(v[:1024]) and zero_one(v) for v in self.values]

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
        cats = categories(design.data, names[0], design._memo)
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
    keep_empty: bool = False,
) -> tuple[Domains | None, list[np.ndarray], np.ndarray]:
    """The domains, the usable rows of each (one entry when ``by`` is None) and each
    row's domain code (-1 where unusable or in no domain).

    A domain whose rows all miss the variable raises, unless ``keep_empty``: then its
    rows are all False and the estimator reports it as R's ``svyby(..., na.rm=TRUE)``.
    """
    n = len(design.data)
    if by is None:
        rows = usable(design.data, missing, np.ones(n, dtype=bool), na_rm, step)
        if not rows.any():
            _all_missing(step, missing, "no row has a value")
        return None, [rows], np.where(rows, 0, -1)
    dom = domains(design.data, by, step, design._memo)
    rows = usable(design.data, missing, dom.codes >= 0, na_rm, step)
    codes = np.where(rows, dom.codes, -1)
    sizes = np.bincount(codes + 1, minlength=len(dom) + 1)[1:]  # code -1 counted in slot 0
    out = []
    for code in range(len(dom)):
        these = codes == code
        if not sizes[code] and not keep_empty:
            name, values = dom.labels(np.arange(len(dom)) == code)
            raise EstimationError(
                f"{step}: domain {name}={values[0]!r} has no row with a value",
                variable=next(iter(missing)),
                reason="empty_domain",
                hint="the variable is missing for every respondent of this domain; "
                "drop the domain or choose another variable",
            )
        out.append(these)
    if not rows.any():
        _all_missing(step, missing, "no row of any domain has a value")
    return dom, out, codes


def _all_missing(step: str, missing: dict[str, np.ndarray], what: str) -> NoReturn:
    raise EstimationError(f"{step}: {what}", variable=next(iter(missing)), reason="all_missing",
                          hint="check the variable")


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
    deff: bool | str,
    conf_level: float,
    covmat: bool = False,
) -> pd.DataFrame:
    """Means or totals of numeric variables, or of the levels of a categorical one.

    With ``covmat`` the frame carries the covariance of all its rows (R's ``svyby(...,
    covmat=TRUE)``; see :mod:`heroes_research.survey._covariance`).
    """
    step = f"estimating the {kind} of {var!r}"
    conf_level = check_conf_level(conf_level, step)
    deff = check_deff(deff)
    spec = _columns(design, var, step)
    est = _estimate(design, spec, by, kind, na_rm=na_rm, deff=deff, step=step, keep_empty=True)
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
    deff: bool | str,
    step: str,
    keep_empty: bool = False,
) -> DomainEstimates:
    dom, domain_rows, codes = _domain_rows(design, by, spec.missing, na_rm, step, keep_empty)
    filled = np.array([rows.any() for rows in domain_rows])
    used = [rows for rows, f in zip(domain_rows, filled, strict=True) if f]
    if fast_path(design) and not deff:
        estimate, se = _grouped_stats(design, spec, used, _domain_codes(codes, filled), kind)
        effects = None
    else:
        parts = [linear_stats(design, spec.columns(), rows, kind, deff) for rows in used]
        estimate = np.concatenate([p.estimate for p in parts])
        se = np.concatenate([p.se for p in parts])
        effects = np.concatenate([p.deff for p in parts]) if deff else None
    if not filled.all():
        k = len(spec.index)
        estimate, se = (_with_empty(a, filled, k, v) for a, v in
                        ((estimate, _empty_estimate(design, kind)), (se, 0.0)))
        effects = None if effects is None else _with_empty(effects, filled, k, np.nan)
    return DomainEstimates(dom, domain_rows, estimate, se, effects)


def _empty_estimate(design: SurveyDesign, kind: str) -> float:
    """R's estimate in a domain without respondents (``svyby(..., na.rm=TRUE)``).

    R's ``svytotal`` sums no rows: 0. R's ``svymean`` on a linearisation design sums
    no rows over the weight total (``colSums`` of nothing): 0; on a replicate design
    it divides 0 by a zero weight total: NaN. A ratio is 0/0: NaN. The SE is 0 and the
    design effect NaN in each case.
    """
    if kind == "total" or (kind == "mean" and not design.is_replicate):
        return 0.0
    return np.nan


def _with_empty(values: np.ndarray, filled: np.ndarray, inner: int, fill: float) -> np.ndarray:
    """Domain-major ``values`` of the filled domains, with ``fill`` for the empty ones."""
    out = np.full((len(filled), inner), fill, dtype=float)
    out[filled] = np.asarray(values, dtype=float).reshape(-1, inner)
    return out.ravel()


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


def _domain_codes(codes: np.ndarray, filled: np.ndarray) -> np.ndarray | None:
    """Each usable row's rank among the filled domains (-1 elsewhere); None when every row
    is in the one domain."""
    if len(filled) == 1 and (codes == 0).all():
        return None
    if filled.all():
        return codes
    rank = np.append(np.cumsum(filled) - 1, -1)  # code -1 stays -1
    return rank[codes]


def _grouped_stats(
    design: SurveyDesign,
    spec: _Columns,
    domain_rows: list[np.ndarray],
    domain: np.ndarray | None,
    kind: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Estimates and SEs of every domain from one-pass PSU totals (domain-major order).

    ``domain_rows`` are the usable rows of each domain, ``domain`` the same as one code
    per row (-1 outside), None when every row is in the one domain.
    """
    n_domains = len(domain_rows)
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
    deff: bool | str = False,
    conf_level: float,
    covmat: bool = False,
) -> pd.DataFrame:
    """Ratio of two totals, :math:`\\hat R = \\hat Y / \\hat X`.

    Influence values :math:`z_i = w_i (y_i - \\hat R x_i) / \\hat X` (R's ``svyratio``);
    the design effect is that of the total of the residuals :math:`y_i - \\hat R x_i`
    (R's ``deff(svytotal(r, design, deff=))``). A domain without respondents
    (``na_rm=True``) gives NaN with SE 0, as R's ``svyby(..., svyratio, na.rm=TRUE)``.
    """
    step = f"estimating the ratio {numerator!r}/{denominator!r}"
    conf_level = check_conf_level(conf_level, step)
    deff = check_deff(deff)
    require(design.data, [numerator, denominator], step)
    y = numeric(design.data, numerator, step)
    x = numeric(design.data, denominator, step)
    missing = {numerator: np.isnan(y), denominator: np.isnan(x)}
    dom, domain_rows, _ = _domain_rows(design, by, missing, na_rm, step, keep_empty=True)
    stats = [_ratio(design, y, x, rows, deff, step, denominator) if rows.any()
             else (_empty_estimate(design, "ratio"), 0.0, np.nan) for rows in domain_rows]
    estimate, se, effects = (np.array(column, dtype=float) for column in zip(*stats, strict=True))
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
        deff=effects if deff else None,
    )
    if not covmat:
        return frame
    from heroes_research.survey._covariance import ratio_covariance, with_covariance

    return with_covariance(frame, ratio_covariance(design, y, x, domain_rows, estimate))


def _ratio(
    design: SurveyDesign,
    y: np.ndarray,
    x: np.ndarray,
    rows: np.ndarray,
    deff: bool | str,
    step: str,
    denominator: str,
) -> tuple[float, float, float]:
    """Ratio, SE and design effect over ``rows`` (NaN design effect unless asked)."""
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

    def residual() -> np.ndarray:
        return np.where(rows, y - ratio * x, 0.0)

    def influence() -> np.ndarray:
        return residual() * w / x_total

    exact = [lambda: np.where(rows, x, 0.0)]  # exact replicate ratios
    se = float(np.sqrt(influence_variance(design, [influence], rows, None, exact)[0, 0]))
    if not deff:
        return float(ratio), se, np.nan
    total = linear_stats(design, [residual], rows, "total", deff)  # R: deff(svytotal(r))
    return float(ratio), se, float(total.deff[0])
