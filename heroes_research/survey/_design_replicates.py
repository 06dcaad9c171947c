"""SurveyDesign's replicate-weight methods (R's svrepdesign, as.svrepdesign, withReplicates)."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["ReplicateMethods"]


class ReplicateMethods:
    """Replicate-weight constructors and ``with_replicates``, mixed into :class:`SurveyDesign`."""

    # ------------------------------------------------------------------ replicate designs
    # (issue 14: replicate weights, R's svrepdesign / as.svrepdesign / withReplicates)
    def _with_replicates(self, replicates: Any) -> SurveyDesign:
        """A new design whose variances come from ``replicates``; this one is unchanged."""
        new = copy.copy(self)
        object.__setattr__(new, "_layout", dataclasses.replace(self._layout, replicates=replicates))
        return new

    def _recalibrated_replicates(
        self, weights: np.ndarray, replicates: Any, step: Any
    ) -> SurveyDesign:
        """A new calibrated replicate design: new full-sample and replicate weights."""
        new = copy.copy(self)
        weights.setflags(write=False)
        layout = dataclasses.replace(self._layout, weights=weights, replicates=replicates)
        object.__setattr__(new, "_layout", layout)
        object.__setattr__(new, "_calibration", (*self._calibration, step))
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
        >>> from heroes_research.survey import SurveyDesign
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

    @classmethod
    def from_metadata(cls, data: pd.DataFrame, design: Mapping[str, Any]) -> SurveyDesign:
        """The design a codebook declares, from processed data and its sidecar's ``design``.

        Parameters
        ----------
        data
            The processed frame (``read_processed``).
        design
            ``metadata["design"]``, i.e. ``codebook.design.survey_kwargs()``: the
            keyword arguments of ``SurveyDesign`` (weights, strata, psu, fpc,
            lonely_psu), or, when the codebook declares ``design: replicates:``, those
            of :meth:`from_replicate_weights` (``replicate_weights`` and ``type``
            present).

        Returns
        -------
        SurveyDesign
            A linearisation design, or a replicate design (R's ``svrepdesign``).

        Raises
        ------
        DesignError
            As ``SurveyDesign`` or :meth:`from_replicate_weights`.

        Example
        -------
        >>> import pandas as pd
        >>> from heroes_research.survey import SurveyDesign
        >>> df = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": [1.0, 1, 1, 1],
        ...                    "r1": [0.0, 2, 1, 1], "r2": [2.0, 0, 1, 1]})
        >>> meta = {"weights": "w", "replicate_weights": ["r1", "r2"], "type": "JK1"}
        >>> SurveyDesign.from_metadata(df, meta).is_replicate
        True
        """
        if "replicate_weights" in design:
            return cls.from_replicate_weights(data, **design)
        return cls(data, **design)

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
        >>> from heroes_research.survey import SurveyDesign
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
        >>> from heroes_research.survey import SurveyDesign
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
