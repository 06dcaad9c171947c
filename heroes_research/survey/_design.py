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

from heroes_research.survey._design_analyses import AnalysisMethods
from heroes_research.survey._design_calibration import CalibrationMethods
from heroes_research.survey._design_replicates import ReplicateMethods
from heroes_research.survey._layout import build_layout
from heroes_research.survey._variance import CalibrationStep, Layout, degrees_of_freedom

__all__ = ["SurveyDesign"]


def _names(columns: str | tuple[str, ...]) -> str:
    """'a' or 'a' + 'b' (one column per stage) for the design's repr."""
    return " + ".join(f"'{c}'" for c in ((columns,) if isinstance(columns, str) else columns))


@dataclass(frozen=True, eq=False, repr=False)
class SurveyDesign(ReplicateMethods, AnalysisMethods, CalibrationMethods):
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
    >>> float(round(d.mean("y")["estimate"].iloc[0], 4))
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
    #: Factorised categorical and domain columns (name or ("by", *names) -> (arrays, result)); a
    #: cache, not state: an entry is used only while the column is the same array.
    _memo: dict[Any, Any] = field(init=False, default_factory=dict, repr=False)

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
        new = copy.copy(self)
        weights.setflags(write=False)
        object.__setattr__(new, "_layout", dataclasses.replace(self._layout, weights=weights))
        object.__setattr__(new, "_calibration", (*self._calibration, step))
        return new

    # ------------------------------------------------------------------ estimators
    def mean(
        self,
        var: str | Sequence[str],
        by: str | Sequence[str] | None = None,
        *,
        na_rm: bool = False,
        deff: bool | str = False,
        conf_level: float = 0.95,
        covmat: bool = False,
    ) -> pd.DataFrame:
        """Weighted means of numeric variables, or proportions of a categorical one (R's ``svymean``).

        Parameters
        ----------
        var
            A column, or several numeric columns. A categorical column (strings,
            categoricals) gives one row per level: categories in their order,
            plain strings sorted.
        by
            Domain column, or a list of them (R's ``svyby(~a+b)``): one block of rows
            per observed combination, ordered by the first variable, then the next.
        na_rm
            Drop rows with a missing value (they keep zero weight in the design, as
            R's ``na.rm=TRUE``). Without it missing values raise. A domain whose
            respondents all miss the variable is kept, as R's ``svyby(...,
            na.rm=TRUE)``: ``n`` 0, SE 0, estimate 0 (a total; a mean on a
            linearisation design) or NaN (a mean on a replicate design).
        deff
            Add R's design effect: True against simple random sampling without
            replacement (R's ``deff=TRUE``), ``"replace"`` with replacement.
        conf_level
            Normal-theory interval, as R's ``confint``; strictly between 0 and 1.
        covmat
            Also compute the covariance of every pair of rows, between domains too
            (R's ``svyby(..., covmat=TRUE)``), for :func:`~heroes_research.survey.vcov`
            and :func:`~heroes_research.survey.contrast`; it travels in
            ``result.attrs["vcov"]``.

        Returns
        -------
        pandas.DataFrame
            The tidy estimate shape (:mod:`heroes_research.survey._tidy`): the ``by``
            columns, then ``variable, level, estimate, se, ci_low, ci_high,
            conf_level, n, n_level, deff``, one row per variable (or level) and domain.
            ``n`` counts the respondents who answered in the domain; ``n_level``
            those giving the level (missing for a numeric variable); ``deff`` is
            missing unless asked for.

        Raises
        ------
        EstimationError
            Unknown variable or ``by`` variable, a ``by`` variable without any value,
            missing values without ``na_rm``, no value in any domain, ``conf_level``
            outside (0, 1), ``deff`` not True, False or ``"replace"``.

        Notes
        -----
        :math:`\\hat\\mu = \\sum w_i x_i / \\sum w_i` with the linearised (or replicate)
        variance; ``deff`` is :math:`\\hat V / \\hat V_{srs}` with R's
        :math:`\\hat V_{srs}` (see :mod:`heroes_research.survey._linear`), on linearisation
        and replicate designs and in each domain. Matches ``svymean(~x, design,
        na.rm=, deff=)`` and ``svyby(~x, ~by, design, svymean, na.rm=, deff=)``
        (Lumley 2010, ch. 2).

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"g": ["b", "a", "b"]}))
        >>> d.mean("g")["estimate"].round(3).tolist()
        [0.333, 0.667]
        """
        from heroes_research.survey._estimators import linear_estimate

        return linear_estimate(
            self, var, by, kind="mean", na_rm=na_rm, deff=deff, conf_level=conf_level,
            covmat=covmat,
        )

    def total(
        self,
        var: str | Sequence[str],
        by: str | Sequence[str] | None = None,
        *,
        na_rm: bool = False,
        deff: bool | str = False,
        conf_level: float = 0.95,
        covmat: bool = False,
    ) -> pd.DataFrame:
        """Weighted totals, or counts per level of a categorical variable (R's ``svytotal``).

        Parameters, returns and errors as :meth:`mean`.

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"y": [1.0, 2.0], "w": [10.0, 20.0]}), weights="w")
        >>> float(d.total("y")["estimate"].iloc[0])
        50.0
        """
        from heroes_research.survey._estimators import linear_estimate

        return linear_estimate(
            self, var, by, kind="total", na_rm=na_rm, deff=deff, conf_level=conf_level,
            covmat=covmat,
        )

    def ratio(
        self,
        numerator: str,
        denominator: str,
        by: str | Sequence[str] | None = None,
        *,
        na_rm: bool = False,
        deff: bool | str = False,
        conf_level: float = 0.95,
        covmat: bool = False,
    ) -> pd.DataFrame:
        """Ratio of two weighted totals (R's ``svyratio``), overall or by domain.

        Parameters
        ----------
        numerator, denominator
            Numeric columns; ``by``, ``na_rm``, ``deff``, ``conf_level`` and ``covmat``
            as :meth:`mean`. A domain without respondents gives NaN with SE 0.

        Returns
        -------
        pandas.DataFrame
            The tidy estimate shape, ``variable`` ``"numerator/denominator"``, one row
            (per domain with ``by``); ``n`` counts the rows with both values.

        Raises
        ------
        EstimationError
            Unknown or non-numeric variable, missing values without ``na_rm``, a
            denominator whose weighted total is zero.

        Notes
        -----
        :math:`\\hat R = \\hat Y / \\hat X` with influence values
        :math:`w_i (y_i - \\hat R x_i) / \\hat X`, as R's ``svyratio`` (Binder 1983; Lumley 2010).
        The design effect is that of the total of the residuals :math:`y_i - \\hat R x_i`,
        as R's ``svyratio(~y, ~x, design, deff=TRUE)`` (on a replicate design R 4.1's
        ``deff=TRUE`` fails; this gives what its code computes once fixed,
        ``deff(svytotal(y - R x, design, deff=TRUE))``).

        Example
        -------
        >>> import pandas as pd
        >>> d = SurveyDesign(pd.DataFrame({"y": [1.0, 3.0], "x": [2.0, 2.0]}))
        >>> float(d.ratio("y", "x")["estimate"].iloc[0])
        1.0
        """
        from heroes_research.survey._estimators import ratio_estimate

        return ratio_estimate(
            self, numerator, denominator, by, na_rm=na_rm, deff=deff, conf_level=conf_level, covmat=covmat
        )

    def proportion_ci(
        self,
        var: str,
        level: Any,
        method: str = "logit",
        *,
        by: str | Sequence[str] | None = None,
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
            ``"logit"`` (t interval on the logit scale), ``"likelihood"`` (Rao-Scott
            scaled likelihood ratio: the profile of the quasibinomial deviance over
            the dispersion, cut at the t quantile times the logit's design effect;
            linearisation designs only, R has none on replicate designs),
            ``"beta"`` (Korn-Graubard), ``"mean"`` (symmetric t interval),
            ``"xlogit"`` (delta method on the logit scale) or ``"asin"`` (arcsine
            square root), as R's ``svyciprop(method=)``.
        by
            Domain column (or a list of them): one row per observed domain, as R's
            ``svyby(~I(var == level), ~by, design, svyciprop, method=, vartype="ci")``
            (the full design is kept for the variance).
        conf_level
            Confidence level of the interval.
        na_rm
            Drop rows missing ``var`` (they keep zero weight); without it they raise.

        Returns
        -------
        pandas.DataFrame
            The tidy estimate shape: ``variable`` is ``var``, ``level`` is ``level``,
            one row (per domain with ``by``). ``n`` counts the respondents who
            answered ``var`` in the domain, ``n_level`` those with ``var == level``.

        Raises
        ------
        EstimationError
            Unknown method, variable or level; missing values without ``na_rm``; a
            domain with no value; ``"likelihood"`` on a replicate design. Each names
            the variable (and the domain).

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
        (Korn and Graubard 1998); ``likelihood``: see
        :mod:`heroes_research.survey._likelihood` (Rao and Scott 1984).
        :math:`\\nu` and :math:`m` are the degrees of freedom
        and rows of the design, or with ``by`` of each domain's subset design, as
        R's ``svyby`` passes them. Matches R's survey 4.1 to 1e-6 (``svyciprop(~I(var
        == level), design, method=, level=)``, with ``by`` ``svyby(..., svyciprop,
        method=, vartype="ci")``); see :mod:`heroes_research.survey._proportion`.

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
        self,
        row: str,
        col: str,
        *,
        na_rm: bool = False,
        deff: bool | str = False,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Weighted cell proportions of a two-way table with SEs (R's ``svymean(~interaction(row, col))``).

        Parameters
        ----------
        row, col
            Categorical columns; ``na_rm``, ``deff`` and ``conf_level`` as :meth:`mean`
            (``deff`` as R's ``svymean(~interaction(row, col), deff=TRUE)``; NaN for an
            empty cell).

        Returns
        -------
        pandas.DataFrame
            One row per (row level, column level), every combination of the levels:
            columns ``row`` and ``col`` with the cell's levels, then the tidy columns
            (``variable`` ``"row x col"``, ``level`` ``"r x c"``); proportions of the
            whole table. ``n`` counts the respondents in the table, ``n_level`` those
            in the cell.

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

        return crosstab(self, row, col, na_rm=na_rm, conf_level=conf_level, deff=deff)

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
            The tidy estimate shape, one row per term (``variable`` is the term
            name), then the p-value ``p``; ``n`` counts the rows used.

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
        influence values within post-strata); on a replicate design every replicate
        is post-stratified too (R's ``postStratify.svyrep.design``), and raked by
        :meth:`rake`.

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
