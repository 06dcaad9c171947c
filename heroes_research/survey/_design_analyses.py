"""SurveyDesign's further analyses for R parity: quantiles, variances, t tests, models, tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    pass

__all__ = ["AnalysisMethods"]


class AnalysisMethods:
    """svyquantile, svyvar, svyttest, svyglm objects, svytable and svychisq statistics, mixed into :class:`SurveyDesign`."""

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
        >>> from heroes_research.survey import SurveyDesign
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
        >>> from heroes_research.survey import SurveyDesign
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
        >>> from heroes_research.survey import SurveyDesign
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 5, 6, 8], "g": list("aaabbb")})
        >>> float(SurveyDesign(df).ttest("y", "g")["estimate"].iloc[0])
        4.333333333333333
        """
        from heroes_research.survey._svyvar import survey_ttest

        return survey_ttest(self, var, group, na_rm=na_rm, conf_level=conf_level)

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
            ``coefficients()``, ``predict(newdata, type=)``, ``predmeans(group)``
            (R's ``svypredmeans``), ``wald_test(terms)``, ``contrast(weights)``, ``vcov()``.

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
        >>> from heroes_research.survey import SurveyDesign
        >>> df = pd.DataFrame({"y": [1.0, 0, 3, 2, 5], "x": [0.0, 1, 2, 3, 4]})
        >>> m = SurveyDesign(df).model("y ~ x", "quasipoisson")
        >>> round(float(m.coefficients()["estimate"].iloc[1]), 4)
        0.5023
        """
        from heroes_research.survey._glm import fit_model
        from heroes_research.survey._model import SurveyModel

        step = f"fitting the {family} model {formula!r}"
        return SurveyModel(fit_model(self, formula, family, na_rm=na_rm, step=step), self)

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
        >>> from heroes_research.survey import SurveyDesign
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
            or adjusted F), ``"lincom"`` (Pearson's statistic against its
            asymptotic distribution, a weighted sum of chi-squares, computed exactly
            by Imhof's inversion where R integrates by Davies' method),
            ``"saddlepoint"`` (the same distribution by a saddlepoint
            approximation); ``"F"`` gives :meth:`chisq`'s test in this shape.
        na_rm
            Drop rows missing either variable (R's default ``na.rm=TRUE``).

        Returns
        -------
        pandas.DataFrame
            One row: ``statistic`` (R's: Pearson :math:`X^2` for Chisq, F otherwise),
            ``ndf``, ``ddf`` (infinite for Chisq; NaN for lincom and saddlepoint,
            as R gives none), ``p``, ``method``.

        Raises
        ------
        EstimationError
            Unknown statistic, unknown variable,
            a single observed level, missing values without ``na_rm``.

        Notes
        -----
        See :mod:`heroes_research.survey._svychisq` (Rao and Scott 1981, 1984; Koch,
        Freeman and Freeman 1975; Imhof 1961 for lincom). Matches
        ``svychisq(~row + col, design, statistic=)``; ``lincom`` p-values to 1e-6
        relative, and below 1e-3 to R's own accuracy (``CompQuadForm::davies`` with
        ``acc=1e-7``, absolute). On a replicate design, ``lincom`` and ``saddlepoint``
        use R's ``svychisq.svyrep.design`` reference (no denominator chi-square).

        Example
        -------
        >>> import pandas as pd
        >>> from heroes_research.survey import SurveyDesign
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
