"""SurveyDesign: an immutable complex-sample design with design-based estimators."""

from __future__ import annotations

import copy
import dataclasses
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.survey._layout import build_layout
from heroes_research.survey._variance import CalibrationStep, Layout, degrees_of_freedom

__all__ = ["SurveyDesign"]


def _names(columns: str | tuple[str, ...]) -> str:
    """'a' or 'a' + 'b' (one column per stage) for the design's repr."""
    return " + ".join(f"'{c}'" for c in ((columns,) if isinstance(columns, str) else columns))


@dataclass(frozen=True, eq=False, repr=False)
class SurveyDesign:
    """A stratified, clustered, weighted sample, estimated as R's ``survey`` package does.

    Parameters
    ----------
    data
        One row per respondent. The design keeps a copy-on-write view of it.
    weights
        Column of sampling weights (positive). Default: 1 for every row, or
        :math:`N_h/n_h` when ``fpc`` is given, as R's ``svydesign`` derives them.
    strata
        Column of strata. Default: one stratum.
    psu
        Column of primary sampling units, nested in strata. Default: each row is
        its own PSU. For a multistage sample, a list of columns, one per stage
        (R's ``id=~psu+ssu``); with an fpc for every stage the variance adds each
        stage's (R's multistage formula), otherwise it is the ultimate-cluster one.
    fpc
        Column of finite population corrections, one value per stratum: population
        numbers of PSUs (> 1) or sampling fractions (all <= 1), as R's ``svydesign``.
        For a multistage sample, a list of one column per stage (R's
        ``fpc=~fpc1+fpc2``): the later ones are constant within the unit above.
    nest
        PSU ids are only unique within a stratum (R's ``nest=TRUE``). Without it,
        a PSU id found in two strata raises, as R's default ``nest=FALSE``.
    lonely_psu
        What to do with a stratum that has a single PSU, as R's
        ``options(survey.lonely.psu)``: ``"fail"`` (raise), ``"remove"`` and
        ``"certainty"`` (no variance contribution), ``"adjust"`` (centre it at the
        overall mean), ``"average"`` (scale up by strata / strata with >1 PSU).

    Raises
    ------
    DesignError
        A design column is not in the data or has missing values; weights are not
        positive; the fpc varies within a stratum or is smaller than the sample;
        a stratum has a single PSU under ``lonely_psu="fail"``.

    Notes
    -----
    Variances are Taylor-linearised (Binder 1983) with the ultimate-cluster
    formula; see :mod:`heroes_research.survey._variance`. Estimators keep every
    row of the design: domains and ``na_rm=True`` only zero the influence of rows
    outside, as R's ``svyby`` and ``subset``. Reference: Lumley T. (2010),
    *Complex Surveys: A Guide to Analysis Using R*, Wiley.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.survey import SurveyDesign
    >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [1.0, 2, 1, 2], "s": ["a", "a", "b", "b"]})
    >>> d = SurveyDesign(df, weights="w", strata="s")
    >>> float(round(d.mean("y").loc["y", "estimate"], 4))
    2.6667
    """

    data: pd.DataFrame
    weights: str | None = field(default=None, kw_only=True)
    strata: str | None = field(default=None, kw_only=True)
    psu: str | tuple[str, ...] | None = field(default=None, kw_only=True)
    fpc: str | tuple[str, ...] | None = field(default=None, kw_only=True)
    lonely_psu: str = field(default="fail", kw_only=True)
    nest: bool = field(default=False, kw_only=True)
    _layout: Layout = field(init=False)
    _strata_labels: np.ndarray = field(init=False)
    _calibration: tuple[CalibrationStep, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        for name in ("psu", "fpc"):  # one stage: the column name; several: a tuple of names
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                value = tuple(value)
                object.__setattr__(self, name, value[0] if len(value) == 1 else value)
        layout, labels = build_layout(
            self.data, self.weights, self.strata, self.psu, self.fpc, self.lonely_psu, self.nest
        )
        object.__setattr__(self, "data", self.data.copy(deep=False))
        object.__setattr__(self, "_layout", layout)
        object.__setattr__(self, "_strata_labels", labels)

    # ------------------------------------------------------------------ description
    @property
    def n(self) -> int:
        """Number of rows (respondents)."""
        return len(self.data)

    @property
    def final_weights(self) -> pd.Series:
        """The weights used by the estimators (calibrated when the design is)."""
        return pd.Series(np.array(self._layout.weights), index=self.data.index, name="weight")

    @property
    def degrees_of_freedom(self) -> int:
        """Design degrees of freedom: number of PSUs minus number of strata."""
        return degrees_of_freedom(self._layout)

    def _summary(self) -> dict[str, str]:
        lay = self._layout
        lonely = int(np.count_nonzero(lay.lonely))
        psus = f"{lay.n_psus:,}" + (f" ({_names(self.psu)})" if self.psu else " (each row)")
        if lay.stages:
            psus += f", {len(lay.stages) + 1} stages"
        fpc = "none"
        if self.fpc is not None:
            fpc = f"{_names(self.fpc)} (mean sampling fraction {np.mean(1 - lay.fpc_factor):.3g})"
        return {
            "rows": f"{self.n:,}",
            "strata": f"{lay.n_strata:,} ('{self.strata}')" if self.strata else "1 (unstratified)",
            "PSUs": psus,
            "weights": (f"'{self.weights}'" if self.weights else "none")
            + f", sum {lay.weights.sum():,.6g}",
            "fpc": fpc,
            "lonely PSU": f"'{self.lonely_psu}' ({lonely or 'no'} "
            f"{'stratum' if lonely == 1 else 'strata'} with one PSU)",
            "calibration": "; ".join(s.describe() for s in self._calibration) or "none",
        } | ({"replicates": lay.replicates.describe()} if lay.replicates is not None else {})

    def __repr__(self) -> str:
        lines = [f"  {k:<12}{v}" for k, v in self._summary().items()]
        return "SurveyDesign\n" + "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td style='text-align:left'>"
            f"{html.escape(v)}</td></tr>"
            for k, v in self._summary().items()
        )
        return f"<table><caption>SurveyDesign</caption>{rows}</table>"

    def _recalibrated(self, weights: np.ndarray, step: CalibrationStep) -> SurveyDesign:
        """A new design with calibrated weights; this one is unchanged."""
        if self._layout.replicates is not None:
            from heroes_research.errors import DesignError

            raise DesignError(
                f"{step.describe()}: calibrating a replicate design is not supported yet",
                reason="calibrated_replicates",
                hint="calibrate the linearisation design, or use its replicate weights as given",
            )
        new = copy.copy(self)
        weights.setflags(write=False)
        object.__setattr__(new, "_layout", dataclasses.replace(self._layout, weights=weights))
        object.__setattr__(new, "_calibration", (*self._calibration, step))
        return new

    # ------------------------------------------------------------------ estimators
    def mean(
        self,
        var: str | Sequence[str],
        by: str | None = None,
        *,
        na_rm: bool = False,
        deff: bool = False,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Weighted means of numeric variables, or proportions of a categorical one (R's ``svymean``).

        Parameters
        ----------
        var
            A column, or several numeric columns. A categorical column (strings,
            categoricals) gives one row per level: categories in their order,
            plain strings sorted.
        by
            Domain column: one block of rows per observed level (R's ``svyby``).
        na_rm
            Drop rows with a missing value (they keep zero weight in the design, as
            R's ``na.rm=TRUE``). Without it missing values raise.
        deff
            Add R's design effect (``deff=TRUE``).
        conf_level
            Normal-theory interval, as R's ``confint``.

        Returns
        -------
        pandas.DataFrame
            ``estimate, se, ci_low, ci_high[, deff], n`` indexed by variable (or level),
            with the domain as outer level. ``n`` counts the respondents used (for a
            level: the respondents in that level).

        Raises
        ------
        EstimationError
            Unknown variable, missing values without ``na_rm``, a domain with no value.

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"g": ["b", "a", "b"]}))
        >>> d.mean("g")["estimate"].round(3).tolist()
        [0.333, 0.667]
        """
        from heroes_research.survey._estimators import linear_estimate

        return linear_estimate(
            self, var, by, kind="mean", na_rm=na_rm, deff=deff, conf_level=conf_level
        )

    def total(
        self,
        var: str | Sequence[str],
        by: str | None = None,
        *,
        na_rm: bool = False,
        deff: bool = False,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Weighted totals, or counts per level of a categorical variable (R's ``svytotal``).

        Parameters, returns and errors as :meth:`mean`.

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"y": [1.0, 2.0], "w": [10.0, 20.0]}), weights="w")
        >>> float(d.total("y").loc["y", "estimate"])
        50.0
        """
        from heroes_research.survey._estimators import linear_estimate

        return linear_estimate(
            self, var, by, kind="total", na_rm=na_rm, deff=deff, conf_level=conf_level
        )

    def ratio(
        self,
        numerator: str,
        denominator: str,
        by: str | None = None,
        *,
        na_rm: bool = False,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Ratio of two weighted totals (R's ``svyratio``), overall or by domain.

        Parameters
        ----------
        numerator, denominator
            Numeric columns; ``by``, ``na_rm`` and ``conf_level`` as :meth:`mean`.

        Returns
        -------
        pandas.DataFrame
            One row indexed ``"numerator/denominator"`` (per domain with ``by``).

        Raises
        ------
        EstimationError
            Unknown or non-numeric variable, missing values without ``na_rm``, a
            denominator whose weighted total is zero.

        Notes
        -----
        :math:`\\hat R = \\hat Y / \\hat X` with influence values
        :math:`w_i (y_i - \\hat R x_i) / \\hat X`, as R's ``svyratio`` (Binder 1983; Lumley 2010).

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"y": [1.0, 3.0], "x": [2.0, 2.0]}))
        >>> float(d.ratio("y", "x")["estimate"].iloc[0])
        1.0
        """
        from heroes_research.survey._estimators import ratio_estimate

        return ratio_estimate(self, numerator, denominator, by, na_rm=na_rm, conf_level=conf_level)

    def proportion_ci(
        self,
        var: str,
        level: Any,
        method: str = "logit",
        *,
        by: str | None = None,
        conf_level: float = 0.95,
        na_rm: bool = False,
    ) -> pd.DataFrame:
        """Proportion with ``var == level`` and its interval (R's ``svyciprop``), overall or by domain.

        Parameters
        ----------
        var
            Column to compare with ``level`` (categorical, or numeric such as a 0/1 code).
        level
            The value whose share is estimated.
        method
            ``"logit"`` (t interval on the logit scale), ``"beta"`` (Korn-Graubard),
            ``"mean"`` (symmetric t interval), ``"xlogit"`` (delta method on the logit
            scale) or ``"asin"`` (arcsine square root), as R's ``svyciprop(method=)``;
            R's ``"likelihood"`` is not implemented.
        by
            Domain column: one row per observed level, as R's
            ``svyby(~I(var == level), ~by, design, svyciprop, method=, vartype="ci")``
            (the full design is kept for the variance).
        conf_level
            Confidence level of the interval.
        na_rm
            Drop rows missing ``var`` (they keep zero weight); without it they raise.

        Returns
        -------
        pandas.DataFrame
            ``estimate, se, ci_low, ci_high, n`` indexed by ``level`` (named ``var``);
            with ``by``, indexed by (domain, level). ``n`` counts the respondents
            with ``var == level``.

        Raises
        ------
        EstimationError
            Unknown method, variable or level; missing values without ``na_rm``; a
            domain with no value. Each names the variable (and the domain).

        Warns
        -----
        RuntimeWarning
            Where R has no interval: a share of 0 or 1 (``beta``: NaN limits;
            ``logit``: the point itself, as R's non-converged glm) or a domain in a
            single PSU (NaN). The other domains are unaffected.

        Notes
        -----
        ``logit``: :math:`\\operatorname{expit}(\\operatorname{logit}\\hat p \\pm
        t_{\\nu} \\, se / (\\hat p(1-\\hat p)))`; ``beta``: Clopper-Pearson limits at the
        effective size :math:`n^* = \\hat p(1-\\hat p)/se^2 \\, (t_{m-1}/t_{\\nu})^2`
        (Korn and Graubard 1998). :math:`\\nu` and :math:`m` are the degrees of freedom
        and rows of the design, or with ``by`` of each domain's subset design, as
        R's ``svyby`` passes them. Matches R's survey 4.1 to 1e-6; see
        :mod:`heroes_research.survey._proportion`.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"g": list("aabaabba"), "r": list("xxxxyyyy")})
        >>> d = SurveyDesign(df)
        >>> float(d.proportion_ci("g", "a")["estimate"].iloc[0])
        0.625
        >>> d.proportion_ci("g", "a", "beta", by="r")["estimate"].tolist()
        [0.75, 0.5]
        """
        from heroes_research.survey._proportion import proportion_ci

        return proportion_ci(self, var, level, method, conf_level, na_rm, by)

    def crosstab(
        self, row: str, col: str, *, na_rm: bool = False, conf_level: float = 0.95
    ) -> pd.DataFrame:
        """Weighted cell proportions of a two-way table with SEs (R's ``svymean(~interaction(row, col))``).

        Parameters
        ----------
        row, col
            Categorical columns; ``na_rm`` and ``conf_level`` as :meth:`mean`.

        Returns
        -------
        pandas.DataFrame
            ``estimate, se, ci_low, ci_high, n`` with one row per (row level,
            column level), every combination of the levels; proportions of the
            whole table. ``n`` counts the respondents in the cell.

        Raises
        ------
        EstimationError
            Unknown variable, or missing values without ``na_rm``.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": list("xxyy"), "b": list("uvuu")})
        >>> SurveyDesign(df).crosstab("a", "b")["estimate"].tolist()
        [0.25, 0.25, 0.5, 0.0]
        """
        from heroes_research.survey._tables import crosstab

        return crosstab(self, row, col, na_rm=na_rm, conf_level=conf_level)

    def chisq(self, row: str, col: str, *, na_rm: bool = False) -> pd.DataFrame:
        """Rao-Scott second-order F test of independence (R's ``svychisq(statistic="F")``).

        With ``na_rm=True`` rows missing ``row`` or ``col`` are dropped (R's default);
        otherwise missing values raise.

        Parameters
        ----------
        row, col
            Categorical columns, each with at least two observed levels.

        Returns
        -------
        pandas.DataFrame
            One row: ``F, ndf, ddf, p`` and the Pearson statistic ``chisq`` of the
            weighted table scaled to the number of rows.

        Raises
        ------
        EstimationError
            Unknown variable, missing values without ``na_rm``, a single observed level.

        Notes
        -----
        :math:`F = X^2 / \\operatorname{tr}\\Delta` on :math:`d_0` and :math:`d_0 \\nu`
        degrees of freedom, :math:`\\Delta` the design effect matrix of the interaction
        contrasts (Rao and Scott 1984; Thomas and Rao 1987); see
        :mod:`heroes_research.survey._tables`.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": list("xxyyxy"), "b": list("uvuvvu")})
        >>> list(SurveyDesign(df).chisq("a", "b").columns)
        ['F', 'ndf', 'ddf', 'p', 'chisq']
        """
        from heroes_research.survey._tables import rao_scott

        return rao_scott(self, row, col, na_rm=na_rm)

    def glm(
        self,
        formula: str,
        family: str = "gaussian",
        *,
        na_rm: bool = False,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Design-weighted generalised linear model with sandwich SEs (R's ``svyglm``).

        ``family`` is ``"gaussian"``, ``"binomial"``/``"quasibinomial"`` (a 0/1
        response) or ``"poisson"``/``"quasipoisson"`` (counts); R's svyglm gives the
        same estimates, SEs and t tests for a family and its quasi version. Unused
        categories are dropped and an aliased column gets a NaN coefficient, as R's NA
        (see :meth:`model` for predictions and Wald tests). Coefficients are named
        by formulaic (``"Intercept"``,
        ``"x"``, ``"g[T.b]"``: treatment coding, first level as reference); quote
        column names that are not identifiers with backticks (```avg.ed```).
        p-values and intervals use a t distribution with the residual design
        degrees of freedom (R's ``summary``/``confint.svyglm``).

        Returns
        -------
        pandas.DataFrame
            ``estimate, se, ci_low, ci_high, p, n`` indexed by ``term``.

        Raises
        ------
        EstimationError
            Unknown family or variable, missing values without ``na_rm``, a
            response outside [0, 1] for binomial or negative for poisson, no convergence.

        Notes
        -----
        See :mod:`heroes_research.survey._glm` (Binder 1983; Lumley and Scott 2017).

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 4, 3, 5], "x": [0.0, 1, 2, 3, 4]})
        >>> SurveyDesign(df).glm("y ~ x")["estimate"].round(2).tolist()
        [1.2, 0.9]
        """
        from heroes_research.survey._glm import fit_glm

        return fit_glm(self, formula, family, na_rm=na_rm, conf_level=conf_level)

    # ------------------------------------------------------------------ calibration
    def poststratify(self, var: str, population: Mapping[Any, float] | pd.Series) -> SurveyDesign:
        """A post-stratified design (R's ``postStratify``): weights match ``population`` counts.

        SEs of later estimates account for the calibration (residuals of the
        influence values within post-strata).

        Parameters
        ----------
        var
            Column of post-strata (no missing values).
        population
            Population count of every level of ``var``, ``{level: count}``.

        Returns
        -------
        SurveyDesign
            A new design; this one is unchanged.

        Raises
        ------
        DesignError
            A sample level without population count, a population level without
            respondents, missing values in ``var``.

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"g": ["a", "a", "b"], "y": [1.0, 2, 3]}))
        >>> d.poststratify("g", {"a": 10, "b": 30}).total("g")["estimate"].tolist()
        [10.0, 30.0]
        """
        from heroes_research.survey._calibration import poststratify

        return poststratify(self, var, population)

    def rake(
        self,
        margins: Mapping[str, Mapping[Any, float] | pd.Series],
        *,
        maxit: int = 10,
        epsilon: float = 1.0,
    ) -> SurveyDesign:
        """A raked design (R's ``rake``): iterative post-stratification on each margin.

        Stops, as R, when no cell of the joint table of the margin variables moves
        by ``epsilon`` or more (``epsilon < 1`` is relative to the weight total),
        or after ``maxit`` passes (with a warning). The defaults are R's, so
        estimates match R's ``rake()``; lower ``epsilon`` for tighter margins.

        Parameters
        ----------
        margins
            ``{column: {level: population count}}``, one entry per margin.

        Returns
        -------
        SurveyDesign
            A new design; this one is unchanged.

        Raises
        ------
        DesignError
            As :meth:`poststratify`, for any margin.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": list("xxyy"), "b": list("uvuv")})
        >>> raked = SurveyDesign(df).rake({"a": {"x": 6, "y": 4}, "b": {"u": 5, "v": 5}})
        >>> raked.total("a")["estimate"].round(6).tolist()
        [6.0, 4.0]
        """
        from heroes_research.survey._calibration import rake

        return rake(self, margins, maxit=maxit, epsilon=epsilon)

    # ------------------------------------------------------------------ replicate designs
    # (issue 14: replicate weights, R's svrepdesign / as.svrepdesign / withReplicates)
    def _with_replicates(self, replicates: Any) -> SurveyDesign:
        """A new design whose variances come from ``replicates``; this one is unchanged."""
        new = copy.copy(self)
        object.__setattr__(new, "_layout", dataclasses.replace(self._layout, replicates=replicates))
        return new

    @property
    def is_replicate(self) -> bool:
        """True for a replicate-weight design (variances from replicates, not linearisation)."""
        return self._layout.replicates is not None

    @classmethod
    def from_replicate_weights(
        cls,
        data: pd.DataFrame,
        *,
        weights: str,
        replicate_weights: str | Sequence[str],
        type: str,
        scale: float | None = None,
        rscales: Sequence[float] | np.ndarray | None = None,
        rho: float | None = None,
        mse: bool = False,
        combined_weights: bool = True,
    ) -> SurveyDesign:
        """A design from published replicate weights (R's ``svrepdesign``), e.g. ESS or PISA files.

        Parameters
        ----------
        data
            One row per respondent.
        weights
            Column of full-sample weights.
        replicate_weights
            The replicate-weight columns: a list of names, or a regular expression
            matched against the column names (R's ``repweights="^rep"``).
        type
            ``"JK1"``, ``"JKn"``, ``"BRR"``, ``"Fay"``, ``"bootstrap"``,
            ``"successive-difference"``, ``"ACS"`` or ``"other"`` (R's ``type=``).
        scale, rscales
            R's overall and per-replicate multipliers. Defaults as R's: JK1
            :math:`(R-1)/R` (with R's warning), BRR :math:`1/R`, Fay
            :math:`1/(R(1-\\rho)^2)`, bootstrap :math:`1/(R-1)`, successive difference
            and ACS :math:`4/R`, rscales 1. JKn needs ``rscales`` (:math:`(n_h-1)/n_h`).
        rho
            Fay's rho, in [0, 1); only for ``type="Fay"``.
        mse
            Centre the replicates at the full-sample estimate (R's ``mse=TRUE``)
            rather than at their mean.
        combined_weights
            The replicate columns are whole weights (R's default); False: they are
            factors that multiply ``weights``.

        Returns
        -------
        SurveyDesign
            Every estimator takes the same calls; SEs come from the replicates.

        Raises
        ------
        DesignError
            A replicate weight that is missing, negative or not a number (naming the
            column and rows), an unknown type, a Fay rho outside [0, 1), JKn without
            rscales, rscales of the wrong length.

        Notes
        -----
        :math:`\\hat V = s \\sum_r c_r (\\hat\\theta_r - \\bar\\theta)^2`, see
        :mod:`heroes_research.survey._replicate` (Wolter 2007; Lumley 2010, sec. 2.3).
        Matches ``svrepdesign(data=, weights=~w, repweights="...", type=,
        scale=, rscales=, rho=, mse=, combined.weights=)``.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [1.0, 1, 1, 1],
        ...                    "r1": [0.0, 2, 1, 1], "r2": [2.0, 0, 1, 1],
        ...                    "r3": [1.0, 1, 0, 2], "r4": [1.0, 1, 2, 0]})
        >>> d = SurveyDesign.from_replicate_weights(
        ...     df, weights="w", replicate_weights="^r", type="JKn", rscales=0.5)
        >>> round(float(d.mean("y")["se"].iloc[0]), 4)
        0.3536
        """
        from heroes_research.survey._replicate import from_replicate_weights

        return from_replicate_weights(
            data,
            weights=weights,
            replicate_weights=replicate_weights,
            type=type,
            scale=scale,
            rscales=rscales,
            rho=rho,
            mse=mse,
            combined_weights=combined_weights,
        )

    def to_replicate(
        self,
        type: str = "JKn",
        *,
        rho: float | None = None,
        replicates: int = 50,
        seed: int | None = None,
        hadamard: np.ndarray | None = None,
        mse: bool = False,
    ) -> SurveyDesign:
        """The same sample as a replicate-weight design (R's ``as.svrepdesign``).

        Parameters
        ----------
        type
            ``"JK1"`` (unstratified delete-one jackknife), ``"JKn"`` (stratified
            jackknife, one replicate per PSU), ``"BRR"`` and ``"Fay"`` (half-samples
            of strata with two PSUs), ``"bootstrap"`` (R's ``bootweights``: PSUs
            drawn with replacement within strata).
        rho
            Fay's rho in [0, 1) (``type="Fay"``).
        replicates, seed
            Number of bootstrap replicates and the seed of their draw.
        hadamard
            The Hadamard matrix for BRR/Fay; default a Sylvester matrix of order the
            next power of two above the number of strata. R's ``hadamard()`` picks
            the same for 1-3, 5-7, ... strata but a Paley matrix for some sizes
            (e.g. 12): pass R's ``hadamard(n_strata)`` to reproduce R's replicates.
        mse
            R's ``mse=``.

        Returns
        -------
        SurveyDesign
            A new design; this one is unchanged. The fpc is kept by the jackknife and
            bootstrap and dropped, with R's warning, by BRR/Fay.

        Raises
        ------
        DesignError
            Unknown type, JK1 on a stratified design, BRR on strata without two
            PSUs, a Fay rho outside [0, 1), a calibrated design.

        Notes
        -----
        JKn: replicate *r* drops PSU *r* of stratum *h* and multiplies the weights of
        the other PSUs of *h* by :math:`n_h/(n_h-1)`, with
        :math:`c_r = (1-f_h)(n_h-1)/n_h` (Wolter 2007, ch. 4). BRR: PSU weights
        multiplied by :math:`2-\\rho` or :math:`\\rho` following the rows of a Hadamard
        matrix (Judkins 1990). Matches ``as.svrepdesign(design, type=, fay.rho=,
        replicates=, hadamard.matrix=)``.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 4, 3], "s": list("aabb"), "p": [1, 2, 3, 4]})
        >>> d = SurveyDesign(df, strata="s", psu="p").to_replicate("JKn")
        >>> d.is_replicate
        True
        """
        from heroes_research.survey._conversion import to_replicate

        return to_replicate(
            self, type, rho=rho, replicates=replicates, seed=seed, hadamard=hadamard, mse=mse
        )

    @property
    def replicate_weights(self) -> pd.DataFrame:
        """The replicate weights, one column per replicate (R's ``weights(design, "analysis")``)."""
        rep = self._require_replicates("reading replicate weights")
        values = rep.weights(np.asarray(self._layout.weights))
        names = [f"rep{r + 1}" for r in range(rep.n_replicates)]
        return pd.DataFrame(values, index=self.data.index, columns=names)

    def _require_replicates(self, step: str) -> Any:
        if self._layout.replicates is None:
            from heroes_research.errors import DesignError

            raise DesignError(
                f"{step}: the design has no replicate weights",
                reason="not_replicate",
                hint="use design.to_replicate(...) or SurveyDesign.from_replicate_weights(...)",
            )
        return self._layout.replicates

    def with_replicates(self, statistic: Any, *, conf_level: float = 0.95) -> pd.DataFrame:
        """Any statistic with a replicate SE (R's ``withReplicates``).

        Parameters
        ----------
        statistic
            ``f(weights, data)`` returning a number, an array or a Series (its index
            names the rows); it is called with the full-sample weights and then with
            each replicate's.
        conf_level
            Normal interval, as R's ``confint`` of the result.

        Returns
        -------
        pandas.DataFrame
            The tidy estimate shape, one row per value of the statistic.

        Raises
        ------
        DesignError
            The design has no replicate weights.

        Notes
        -----
        :math:`\\hat V = s \\sum_r c_r (\\hat\\theta_r - \\bar\\theta)^2` (R's ``svrVar``);
        matches ``withReplicates(design, theta)`` with ``theta(w, data)``.

        Example
        -------
        >>> import numpy as np, pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 4, 3], "s": list("aabb"), "p": [1, 2, 3, 4]})
        >>> d = SurveyDesign(df, strata="s", psu="p").to_replicate("JKn")
        >>> out = d.with_replicates(lambda w, data: np.average(data["y"], weights=w))
        >>> float(out["estimate"].iloc[0])
        2.5
        """
        from heroes_research.survey._linear import quantile
        from heroes_research.survey._tidy import tidy_frame

        rep = self._require_replicates("withReplicates")
        full_weights = np.asarray(self._layout.weights)
        full = statistic(full_weights, self.data)
        names = list(full.index) if isinstance(full, pd.Series) else None
        theta = np.atleast_1d(np.asarray(full, dtype=float))
        replicate_weights = rep.weights(full_weights)
        thetas = np.stack(
            [
                np.atleast_1d(np.asarray(statistic(replicate_weights[:, r], self.data), float))
                for r in range(rep.n_replicates)
            ]
        )
        se = np.sqrt(np.diag(rep.covariance(thetas - theta)))
        q = quantile(conf_level)
        if names is None:
            names = ["theta"] if len(theta) == 1 else [f"theta{j + 1}" for j in range(len(theta))]
        return tidy_frame(
            None,
            variable=names,
            estimate=theta,
            se=se,
            ci_low=theta - q * se,
            ci_high=theta + q * se,
            conf_level=conf_level,
            n=self.n,
        )

    # ------------------------------------------------------------------ quantiles, variances, t tests
    # (issue 14: R's svyquantile, svyvar, svyttest)
    def quantile(
        self,
        var: str | Sequence[str],
        quantiles: float | Sequence[float] = 0.5,
        by: str | Sequence[str] | None = None,
        *,
        interval: str = "mean",
        na_rm: bool = False,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Weighted quantiles with confidence intervals (R's ``svyquantile``).

        Parameters
        ----------
        var
            A numeric column, or several.
        quantiles
            Probabilities strictly between 0 and 1 (default the median).
        by
            Domain column(s): one block of rows per observed combination (R's ``svyby``).
        interval
            ``"mean"`` (Woodruff, R's default), ``"xlogit"``, ``"asin"``, ``"beta"``;
            on a replicate design also ``"quantile"`` (the replicates' quantiles).
        na_rm
            Drop rows missing the variable (R's ``na.rm=TRUE``).
        conf_level
            Confidence level of the interval.

        Returns
        -------
        pandas.DataFrame
            The tidy estimate shape; ``level`` holds the probability. ``se`` is R's:
            the interval's width over twice its t quantile.

        Raises
        ------
        EstimationError
            A quantile outside (0, 1), an unknown interval (or ``"quantile"`` on a
            linearisation design), a non-numeric or unknown variable, missing values
            without ``na_rm``.

        Notes
        -----
        R's ``qrule="math"``; see :mod:`heroes_research.survey._quantile` (Woodruff
        1952; Lumley 2010, sec. 2.4). Matches ``svyquantile(~x, design, quantiles=,
        interval.type=, alpha=1-conf_level)`` and, with ``by``,
        ``svyby(~x, ~g, design, svyquantile, quantiles=, ci=TRUE)``.

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"y": [1.0, 2, 3, 4, 5, 6, 7, 8]}))
        >>> float(d.quantile("y", 0.5)["estimate"].iloc[0])
        4.0
        """
        from heroes_research.survey._quantile import survey_quantile

        return survey_quantile(
            self, var, quantiles, by, interval=interval, na_rm=na_rm, conf_level=conf_level
        )

    def var(
        self,
        var: str | Sequence[str],
        by: str | Sequence[str] | None = None,
        *,
        na_rm: bool = False,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Estimated population variance of numeric variables (R's ``svyvar``).

        Parameters
        ----------
        var
            A numeric column, or several (one variance each).
        by
            Domain column(s), as R's ``svyby(~x, ~g, design, svyvar)``.
        na_rm, conf_level
            As :meth:`mean` (normal interval, as R's ``confint``).

        Returns
        -------
        pandas.DataFrame
            The tidy estimate shape.

        Raises
        ------
        EstimationError
            Unknown or non-numeric variable, missing values without ``na_rm``, fewer
            than two rows with a value.

        Notes
        -----
        :math:`\\frac{n}{n-1}\\sum w (x-\\bar x)^2/\\sum w`; see
        :mod:`heroes_research.survey._svyvar`. Matches ``svyvar(~x, design)``.

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"y": [1.0, 2, 3, 4]}))
        >>> round(float(d.var("y")["estimate"].iloc[0]), 4)
        1.6667
        """
        from heroes_research.survey._svyvar import survey_var

        return survey_var(self, var, by, na_rm=na_rm, conf_level=conf_level)

    def ttest(
        self,
        var: str,
        group: str | None = None,
        *,
        na_rm: bool = False,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Design-based t test of a mean, or of the difference between two groups (R's ``svyttest``).

        Parameters
        ----------
        var
            Numeric column.
        group
            A column with exactly two values (two categories, 0/1 or 1/2); None
            tests whether the mean of ``var`` is zero.
        na_rm, conf_level
            As :meth:`mean`; the interval uses the test's t distribution.

        Returns
        -------
        pandas.DataFrame
            One row in the tidy estimate shape (``level`` says ``"mean"`` or which
            difference), then ``statistic`` (t), ``df`` and ``p`` (two-sided).

        Raises
        ------
        EstimationError
            Unknown or non-numeric variable, a group without exactly two values,
            missing values without ``na_rm``.

        Notes
        -----
        See :mod:`heroes_research.survey._svyvar`. Matches ``svyttest(y ~ 0, design)``
        and ``svyttest(y ~ g, design)``: the second group minus the first (levels in order).

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 5, 6, 8], "g": list("aaabbb")})
        >>> float(SurveyDesign(df).ttest("y", "g")["estimate"].iloc[0])
        4.333333333333333
        """
        from heroes_research.survey._svyvar import survey_ttest

        return survey_ttest(self, var, group, na_rm=na_rm, conf_level=conf_level)

    # ------------------------------------------------------------------ generalised calibration
    # (issue 14: R's calibrate and trimWeights)
    def calibrate(
        self,
        population: Mapping[str, Mapping[Any, float] | float],
        *,
        calfun: str = "linear",
        bounds: tuple[float, float] = (-np.inf, np.inf),
        maxit: int = 50,
        epsilon: float = 1e-7,
        force: bool = False,
    ) -> SurveyDesign:
        """A design calibrated to population totals (R's ``calibrate``): GREG, raking or logit.

        Parameters
        ----------
        population
            ``{column: {level: count}}`` for a categorical variable (every observed
            level) and ``{column: total}`` for a numeric one. All categorical margins
            must sum to the same population size.
        calfun
            ``"linear"`` (GREG), ``"raking"`` or ``"logit"`` (needs finite bounds).
        bounds
            Lower and upper limit of the g-weights (new weight over old), around 1.
        maxit, epsilon
            R's iteration limit and relative tolerance on the totals.
        force
            Keep the closest weights (with a warning) when the totals cannot be met,
            as R's ``force=TRUE``; otherwise that raises.

        Returns
        -------
        SurveyDesign
            A new design; this one is unchanged. Its SEs use the calibration residuals.

        Raises
        ------
        DesignError
            A total for a level no respondent has, an observed level without total,
            margins with different population sizes, missing values in a calibration
            variable, bounds that do not enclose 1, logit without finite bounds,
            totals that cannot be met within the bounds (naming each total missed and
            by how much), a replicate design.

        Notes
        -----
        See :mod:`heroes_research.survey._calibrate` (Deville and Särndal 1992;
        Lumley 2010, ch. 7). Matches ``calibrate(design, ~a + b + x, population=
        c("(Intercept)"=N, ...), calfun=, bounds=, maxit=, epsilon=)``.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": list("xxyy"), "b": list("uvuv"), "y": [1.0, 2, 3, 4]})
        >>> cal = SurveyDesign(df).calibrate({"a": {"x": 6, "y": 4}, "b": {"u": 5, "v": 5}})
        >>> cal.final_weights.round(6).tolist()
        [3.0, 3.0, 2.0, 2.0]
        """
        from heroes_research.survey._calibrate import calibrate

        return calibrate(
            self,
            population,
            calfun=calfun,
            bounds=bounds,
            maxit=maxit,
            epsilon=epsilon,
            force=force,
        )

    def trim_weights(
        self, *, lower: float = -np.inf, upper: float = np.inf, strict: bool = False
    ) -> SurveyDesign:
        """Weights clipped to [lower, upper], the excess spread over the others (R's ``trimWeights``).

        Parameters
        ----------
        lower, upper
            Limits of the weights.
        strict
            Repeat until no weight is outside (R's ``strict=TRUE``); one pass otherwise.

        Returns
        -------
        SurveyDesign
            A new design (this one when no weight is outside); the weight total is kept.

        Raises
        ------
        DesignError
            ``lower >= upper``, or every weight outside the limits.

        Notes
        -----
        The trimmed amount :math:`\\sum (w_i - \\tilde w_i)` is added equally to the
        weights inside the limits; the variance formula is unchanged, as R's
        ``trimWeights(design, upper=, lower=, strict=)``.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"w": [1.0, 1, 1, 9]})
        >>> SurveyDesign(df, weights="w").trim_weights(upper=5).final_weights.round(4).tolist()
        [2.3333, 2.3333, 2.3333, 5.0]
        """
        from heroes_research.survey._calibrate import trim_weights

        return trim_weights(self, lower=lower, upper=upper, strict=strict)

    # ------------------------------------------------------------------ models
    # (issue 14: svyglm object with predict, regTermTest, svycontrast)
    def model(self, formula: str, family: str = "gaussian", *, na_rm: bool = False) -> Any:
        """Fit a design-weighted GLM and keep it for predictions and tests (R's ``svyglm`` object).

        Parameters
        ----------
        formula
            ``"y ~ x1 + g"`` (formulaic syntax; backticks for non-identifier names).
        family
            ``"gaussian"``, ``"binomial"``/``"quasibinomial"`` (logit),
            ``"poisson"``/``"quasipoisson"`` (log); R gives the same coefficients, SEs
            and t tests for a family and its quasi version.
        na_rm
            Drop rows missing a model variable.

        Returns
        -------
        SurveyModel
            ``coefficients()``, ``predict(newdata, type=)``, ``wald_test(terms)``,
            ``contrast(weights)``, ``vcov()``.

        Raises
        ------
        EstimationError
            Unknown family or variable, missing values without ``na_rm``, a response
            outside the family's range, no convergence.

        Notes
        -----
        Unused categories are dropped and aliased columns get a NaN coefficient, as
        R's ``glm``. See :mod:`heroes_research.survey._glm` and
        :mod:`heroes_research.survey._model`. Matches ``svyglm(formula, design,
        family=)`` (and on a replicate design, its refit per replicate).

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"y": [1.0, 0, 3, 2, 5], "x": [0.0, 1, 2, 3, 4]})
        >>> m = SurveyDesign(df).model("y ~ x", "quasipoisson")
        >>> round(float(m.coefficients()["estimate"].iloc[1]), 4)
        0.5023
        """
        from heroes_research.survey._glm import fit_model
        from heroes_research.survey._model import SurveyModel

        step = f"fitting the {family} model {formula!r}"
        return SurveyModel(fit_model(self, formula, family, na_rm=na_rm, step=step))

    # ------------------------------------------------------------------ tables
    def table(
        self,
        variables: str | Sequence[str],
        *,
        total: float | None = None,
        round: bool = False,
    ) -> pd.DataFrame:
        """Estimated population counts of every cell of a table (R's ``svytable``).

        Parameters
        ----------
        variables
            One or more categorical columns; every combination of their levels is a
            cell (empty cells count 0). Rows missing one of them are left out, as R.
        total
            Scale the counts to add up to this (R's ``Ntotal``).
        round
            Round the counts to integers (R's ``round=TRUE``).

        Returns
        -------
        pandas.DataFrame
            The tidy shape with the variables as the leading columns, ``variable``
            ``"count"``, the weighted count in ``estimate`` and no SE (R gives none;
            use :meth:`total` for SEs); ``n`` is the respondents in the cell.

        Raises
        ------
        EstimationError
            An unknown variable, no complete row, a total that is not positive.

        Notes
        -----
        :math:`\\hat N_c = \\sum_{i \\in c} w_i`; matches ``svytable(~a + b, design,
        Ntotal=, round=)``.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": list("xxy"), "w": [1.0, 2, 3]})
        >>> SurveyDesign(df, weights="w").table("a")["estimate"].tolist()
        [3.0, 3.0]
        """
        from heroes_research.survey._svytable import survey_table

        return survey_table(self, variables, total=total, round_counts=round)

    def chisq_test(
        self, row: str, col: str, statistic: str = "Chisq", *, na_rm: bool = True
    ) -> pd.DataFrame:
        """Tests of independence of R's ``svychisq`` beyond the default F (``statistic=``).

        Parameters
        ----------
        row, col
            Categorical columns, each with at least two observed levels.
        statistic
            ``"Chisq"`` (first-order Rao-Scott: Pearson's statistic, p from
            :math:`\\chi^2_k` after division by the mean design effect), ``"Wald"``
            or ``"adjWald"`` (Wald test of the deviations from independence, F form
            or adjusted F), ``"saddlepoint"`` (Pearson's statistic against its
            asymptotic distribution, a weighted sum of chi-squares, by a saddlepoint
            approximation); ``"F"`` gives :meth:`chisq`'s test in this shape.
        na_rm
            Drop rows missing either variable (R's default ``na.rm=TRUE``).

        Returns
        -------
        pandas.DataFrame
            One row: ``statistic`` (R's: Pearson :math:`X^2` for Chisq, F otherwise),
            ``ndf``, ``ddf`` (infinite for Chisq), ``p``, ``method``.

        Raises
        ------
        EstimationError
            Unknown statistic (R's ``lincom`` is not implemented), unknown variable,
            a single observed level, missing values without ``na_rm``.

        Notes
        -----
        See :mod:`heroes_research.survey._svychisq` (Rao and Scott 1981, 1984; Koch,
        Freeman and Freeman 1975). Matches ``svychisq(~row + col, design, statistic=)``.

        Example
        -------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"a": list("xxyyxyxy"), "b": list("uvuvvuuv")})
        >>> list(SurveyDesign(df).chisq_test("a", "b", "Wald").columns)
        ['statistic', 'ndf', 'ddf', 'p', 'method']
        """
        from heroes_research.survey._svychisq import chisq_statistic

        if statistic == "F":
            out = self.chisq(row, col, na_rm=na_rm)
            return pd.DataFrame(
                {
                    "statistic": out["F"],
                    "ndf": out["ndf"],
                    "ddf": out["ddf"],
                    "p": out["p"],
                    "method": "F",
                }
            )
        return chisq_statistic(self, row, col, statistic, na_rm)
