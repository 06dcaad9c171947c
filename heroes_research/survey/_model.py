"""A fitted survey GLM: coefficients, predictions, marginal means, Wald tests of terms, contrasts.

Notes
-----
``predict``: :math:`\\hat\\eta_0 = x_0^T\\hat\\beta` with variance :math:`x_0^T \\hat V x_0`;
on the response scale :math:`g^{-1}(\\hat\\eta_0)` with the delta-method SE
:math:`|d\\mu/d\\eta|\\, se(\\hat\\eta_0)` (R's ``predict.svyglm``). ``wald_test``:
:math:`X^2 = \\hat\\beta_T^T \\hat V_T^{-1} \\hat\\beta_T` over the columns of the terms,
:math:`F = X^2 / q` on :math:`q` and the model's residual degrees of freedom (R's
``regTermTest(method="Wald")``). ``contrast``: :math:`L^T\\hat\\beta` with SE
:math:`\\sqrt{L^T \\hat V L}` (R's ``svycontrast``). ``predmeans``: predictive marginal
means (R's ``svypredmeans``; see :mod:`heroes_research.survey._predmeans`). Reference:
Lumley (2010), ch. 5; Korn and Graubard (1990) for the F form of the Wald test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._glm import ModelFit
from heroes_research.survey._linear import quantile as critical
from heroes_research.survey._tidy import tidy_frame

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["SurveyModel"]


def _canonical(term: str) -> str:
    """R's canonicalOrder: the factors of an interaction in sorted order."""
    return ":".join(sorted(part.strip().strip("`") for part in str(term).split(":")))


def _inverse_link(family: str, eta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mean and d mu / d eta for the family's canonical link (R's linkinv, mu.eta)."""
    from scipy.special import expit

    if family in ("binomial", "quasibinomial"):
        mu = expit(eta)
        return mu, np.maximum(mu * (1 - mu), np.finfo(float).eps)
    if family in ("poisson", "quasipoisson"):
        mu = np.maximum(np.exp(eta), np.finfo(float).eps)
        return mu, mu
    return eta, np.ones_like(eta)


@dataclass(frozen=True)
class SurveyModel:
    """A design-weighted GLM fitted by :meth:`SurveyDesign.model` (R's ``svyglm`` object).

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.survey import SurveyDesign
    >>> df = pd.DataFrame({"y": [1.0, 2, 4, 3, 5], "x": [0.0, 1, 2, 3, 4]})
    >>> m = SurveyDesign(df).model("y ~ x")
    >>> m.coefficients()["estimate"].round(2).tolist()
    [1.2, 0.9]
    >>> float(m.predict(pd.DataFrame({"x": [10.0]}))["estimate"].iloc[0])
    10.2
    """

    fit: ModelFit
    design: SurveyDesign = field(repr=False, compare=False)

    @property
    def response(self) -> str:
        """The response as written left of ``~``."""
        return self.fit.formula.split("~", 1)[0].strip()

    @property
    def predictors(self) -> list[str]:
        """The data columns the right-hand side of the formula reads."""
        # Per factor, as the fit reads them: formulaic's spec-wide set splits `avg.ed`.
        return sorted(
            {
                str(v)
                for term in self.fit.spec.terms
                for factor in term.factors
                for v in factor.required_variables
            }
        )

    def _encode(self, newdata: pd.DataFrame, step: str) -> np.ndarray:
        """The model matrix of ``newdata`` (every column, aliased ones included)."""
        try:
            return np.asarray(self.fit.spec.get_model_matrix(newdata), dtype=float)
        except Exception as error:  # formulaic raises several types for unusable data
            raise EstimationError(
                f"{step}: the new data cannot be encoded ({error})",
                variable="newdata",
                reason="bad_newdata",
                hint="give every predictor column, with categories seen in the fit",
            ) from error

    def _mean(self, eta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The mean and d mu / d eta at the linear predictor ``eta``."""
        return _inverse_link(self.fit.family, eta)

    @property
    def terms(self) -> list[str]:
        """Names of the model matrix columns (formulaic's: ``Intercept``, ``g[T.b]``, ``x``)."""
        return list(self.fit.terms)

    @property
    def df_residual(self) -> int:
        """Residual design degrees of freedom (R's ``df.residual``)."""
        return self.fit.df

    def vcov(self) -> pd.DataFrame:
        """Covariance matrix of the coefficients (NaN for aliased ones), as R's ``vcov``."""
        return pd.DataFrame(self.fit.cov, index=self.terms, columns=self.terms)

    def coefficients(self, conf_level: float = 0.95) -> pd.DataFrame:
        """The coefficient table in the tidy shape, then ``statistic`` (t) and ``p``.

        Aliased coefficients are NaN (R's NA). Intervals and p-values use Student t
        with the residual degrees of freedom, as R's ``summary``/``confint``. The
        frame carries the coefficients' covariance, so
        :func:`~heroes_research.survey.contrast` takes nonlinear functions of them
        (R's ``svycontrast(model, quote(exp(b1) - exp(b2)))``).
        """
        from scipy import stats

        fit = self.fit
        se = np.sqrt(np.diag(fit.cov))
        q = critical(conf_level, fit.df)
        t = fit.coef / se
        frame = tidy_frame(
            None,
            variable=self.terms,
            estimate=fit.coef,
            se=se,
            ci_low=fit.coef - q * se,
            ci_high=fit.coef + q * se,
            conf_level=conf_level,
            n=int(np.count_nonzero(fit.rows)),
        )
        frame["statistic"] = t
        frame["p"] = 2 * stats.t.sf(np.abs(t), fit.df) if fit.df > 0 else np.nan
        from heroes_research.survey._covariance import with_covariance

        return with_covariance(frame, fit.cov)  # for contrast(), as R's svycontrast(model, ...)

    def predict(
        self, newdata: pd.DataFrame, type: str = "link", *, conf_level: float = 0.95
    ) -> pd.DataFrame:
        """Predictions with SEs for new rows (R's ``predict(model, newdata, type=)``).

        Parameters
        ----------
        newdata
            Rows with the model's predictor columns (categories as in the fit).
        type
            ``"link"`` (the linear predictor) or ``"response"`` (the mean).
        conf_level
            Normal interval, as R's ``confint`` of the prediction.

        Returns
        -------
        pandas.DataFrame
            The tidy shape, one row per row of ``newdata``; ``level`` is its index.

        Raises
        ------
        EstimationError
            Unknown ``type``, or ``newdata`` without a predictor or with a new category.
        """
        if type not in ("link", "response"):
            raise EstimationError(
                f"predicting from {self.fit.formula!r}: unknown type {type!r}",
                variable="type",
                reason="bad_type",
                hint="use 'link' or 'response'",
            )
        x = self._encode(newdata, f"predicting from {self.fit.formula!r}")
        ok = ~self.fit.aliased
        beta, cov = self.fit.coef[ok], self.fit.cov[np.ix_(ok, ok)]
        eta = x[:, ok] @ beta
        se = np.sqrt(np.einsum("ij,jk,ik->i", x[:, ok], cov, x[:, ok]))
        estimate = eta
        if type == "response":
            estimate, derivative = self._mean(eta)
            se = se * np.abs(derivative)
        q = critical(conf_level)
        return tidy_frame(
            None,
            variable=type,
            level=list(newdata.index),
            estimate=estimate,
            se=se,
            ci_low=estimate - q * se,
            ci_high=estimate + q * se,
            conf_level=conf_level,
            n=int(np.count_nonzero(self.fit.rows)),
        )

    def predmeans(
        self,
        group: str,
        at: Sequence[object] | None = None,
        *,
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """Predictive marginal means by a group, with their covariance (R's ``svypredmeans``).

        Parameters
        ----------
        group
            A predictor column of the model (categorical, or numeric with ``at``).
        at
            The values to set the group to (R's ``predictat``); default every value
            of the group in the rows the model used (category order, else sorted).
        conf_level
            Normal interval, as R's ``confint`` of the result.

        Returns
        -------
        pandas.DataFrame
            The tidy shape: the group as the ``by`` column, ``variable`` the response,
            one row per value; ``frame.attrs["vcov"]`` holds their covariance, so
            :func:`~heroes_research.survey.contrast` compares them (R's
            ``svycontrast(means, ...)``) and :func:`~heroes_research.survey.vcov` reads it.

        Raises
        ------
        EstimationError
            ``group`` is not a predictor of the model (fit the model with it), ``at``
            is empty or has a value the model cannot encode.

        Notes
        -----
        :math:`\\hat m_g = \\sum_i w_i h(x_{ig}^T\\hat\\beta) / \\sum_i w_i` over the rows the
        model used, each with its group set to :math:`g`; the covariance adds the
        design covariance of these means with :math:`\\hat\\beta` fixed and the delta-method
        term :math:`D^T\\hat V_\\beta D`, :math:`D_{\\cdot g} = \\sum_i w_i h'(\\hat\\eta_{ig})
        x_{ig}/\\sum_i w_i` (Graubard and Korn 1999, *Biometrics* 55, 652-659; see
        :mod:`heroes_research.survey._predmeans`). The estimates are the weighted means
        of R's ``predict(model, newdata, type="response")`` with the group set.

        R's ``svypredmeans(adjustmodel, ~g)`` refits the adjustment model with ``g``
        added; here the model already has it. ``design.model("y ~ x + g").predmeans("g")``
        matches ``svypredmeans(svyglm(y ~ x, design), ~g)`` (and with ``at``,
        ``predictat=``) on linearisation and replicate designs. Unlike R, the group may
        also interact with other predictors. Rows the model dropped (``na_rm``) are
        left out as a domain, as R's weight-0 rows.

        Example
        -------
        >>> import pandas as pd
        >>> from heroes_research.survey import SurveyDesign
        >>> df = pd.DataFrame({"y": [1.0, 2, 4, 3, 6, 5], "x": [0.0, 1, 2, 1, 3, 2],
        ...                    "g": list("ababab")})
        >>> m = SurveyDesign(df).model("y ~ x + g")
        >>> m.predmeans("g")[["g", "estimate"]].round(3).values.tolist()
        [['a', 3.375], ['b', 3.625]]
        """
        from heroes_research.survey._predmeans import predictive_means

        return predictive_means(self, group, at, conf_level=conf_level)

    def wald_test(self, terms: str | Sequence[str], *, df: float | None = None) -> pd.DataFrame:
        """Wald test that every coefficient of the terms is zero (R's ``regTermTest``).

        Parameters
        ----------
        terms
            Formula terms, e.g. ``"stype"`` or ``["stype", "stype:meals"]`` (the
            factors of an interaction in any order).
        df
            Denominator degrees of freedom; default the model's residual ones.
            ``numpy.inf`` gives the chi-square form.

        Returns
        -------
        pandas.DataFrame
            One row: ``terms, statistic`` (F, or chi-square when ``df`` is infinite),
            ``ndf, ddf, p``.

        Raises
        ------
        EstimationError
            A term that is not in the model (naming the model's terms).
        """
        from scipy import stats

        wanted = [terms] if isinstance(terms, str) else list(terms)
        by_name = {_canonical(str(t)): cols for t, cols in self.fit.spec.term_indices.items()}
        unknown = [t for t in wanted if _canonical(t) not in by_name]
        if unknown:
            raise EstimationError(
                f"testing terms of {self.fit.formula!r}: {', '.join(map(repr, unknown))} "
                "not in the model",
                variable=unknown[0],
                reason="unknown_term",
                hint=f"the model's terms are {', '.join(str(t) for t in self.fit.spec.terms)}",
            )
        index = sorted({c for t in wanted for c in by_name[_canonical(t)]})
        index = [c for c in index if not self.fit.aliased[c]]
        beta = self.fit.coef[index]
        v = self.fit.cov[np.ix_(index, index)]
        chisq = float(beta @ np.linalg.solve(v, beta))
        ddf = self.fit.df if df is None else df
        k = len(index)
        if np.isinf(ddf):
            statistic, p = chisq, float(stats.chi2.sf(chisq, k))
        else:
            statistic, p = chisq / k, float(stats.f.sf(chisq / k, k, ddf))
        return pd.DataFrame(
            {"terms": [" + ".join(wanted)], "statistic": statistic, "ndf": k, "ddf": ddf, "p": p}
        )

    def contrast(
        self,
        weights: Mapping[str, float],
        *,
        name: str = "contrast",
        conf_level: float = 0.95,
    ) -> pd.DataFrame:
        """A linear combination of the coefficients with its SE (R's ``svycontrast``).

        Parameters
        ----------
        weights
            ``{coefficient name: weight}``; coefficients left out weigh 0.
        name
            The ``variable`` of the result row.
        conf_level
            Normal interval, as R's ``confint`` of ``svycontrast``.

        Returns
        -------
        pandas.DataFrame
            One row in the tidy shape.

        Raises
        ------
        EstimationError
            A coefficient name that is not in the model, or an aliased one.
        """
        terms = self.terms
        unknown = [k for k in weights if k not in terms]
        if unknown:
            raise EstimationError(
                f"contrast of {self.fit.formula!r}: coefficient(s) "
                f"{', '.join(map(repr, unknown))} not in the model",
                variable=unknown[0],
                reason="unknown_term",
                hint=f"use the names of model.terms: {', '.join(terms)}",
            )
        vector = np.array([float(weights.get(t, 0.0)) for t in terms])
        used = vector != 0
        if (used & self.fit.aliased).any():
            raise EstimationError(
                f"contrast of {self.fit.formula!r}: an aliased coefficient has no estimate",
                variable=terms[int(np.argmax(used & self.fit.aliased))],
                reason="aliased_term",
                hint="leave aliased coefficients out of the contrast",
            )
        estimate = float(vector[used] @ self.fit.coef[used])
        se = float(np.sqrt(vector[used] @ self.fit.cov[np.ix_(used, used)] @ vector[used]))
        q = critical(conf_level)
        return tidy_frame(
            None,
            variable=name,
            estimate=[estimate],
            se=[se],
            ci_low=[estimate - q * se],
            ci_high=[estimate + q * se],
            conf_level=conf_level,
            n=int(np.count_nonzero(self.fit.rows)),
        )
