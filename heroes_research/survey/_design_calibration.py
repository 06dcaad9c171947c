"""SurveyDesign's generalised calibration methods (R's calibrate and trimWeights)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["CalibrationMethods"]


class CalibrationMethods:
    """``calibrate`` and ``trim_weights``, mixed into :class:`SurveyDesign`."""

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
            A new design; this one is unchanged. Its SEs use the calibration residuals;
            on a replicate design every replicate is calibrated to the same totals (R's
            ``calibrate.svyrep.design``; a replicate that cannot meet them warns).

        Raises
        ------
        DesignError
            A total for a level no respondent has, an observed level without total,
            margins with different population sizes, missing values in a calibration
            variable, bounds that do not enclose 1, logit without finite bounds,
            totals that cannot be met within the bounds (naming each total missed and
            by how much).

        Notes
        -----
        See :mod:`heroes_research.survey._calibrate` (Deville and Särndal 1992;
        Lumley 2010, ch. 7). Matches ``calibrate(design, ~a + b + x, population=
        c("(Intercept)"=N, ...), calfun=, bounds=, maxit=, epsilon=)``.

        Example
        -------
        >>> import pandas as pd
        >>> from heroes_research.survey import SurveyDesign
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
            ``lower >= upper``, every weight outside the limits, a replicate design
            (trim before :meth:`to_replicate`).

        Notes
        -----
        The trimmed amount :math:`\\sum (w_i - \\tilde w_i)` is added equally to the
        weights inside the limits; the variance formula is unchanged, as R's
        ``trimWeights(design, upper=, lower=, strict=)``.

        Example
        -------
        >>> import pandas as pd
        >>> from heroes_research.survey import SurveyDesign
        >>> df = pd.DataFrame({"w": [1.0, 1, 1, 9]})
        >>> SurveyDesign(df, weights="w").trim_weights(upper=5).final_weights.round(4).tolist()
        [2.3333, 2.3333, 2.3333, 5.0]
        """
        from heroes_research.survey._calibrate import trim_weights

        return trim_weights(self, lower=lower, upper=upper, strict=strict)
