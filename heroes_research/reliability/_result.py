"""Immutable result objects returned by the reliability coefficients."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RESULT_COLUMNS", "CronbachAlphaResult", "ReliabilityResult"]

#: Fixed columns of :meth:`ReliabilityResult.to_frame`.
RESULT_COLUMNS = (
    "statistic",
    "method",
    "estimate",
    "ci_low",
    "ci_high",
    "confidence",
    "n_boot",
    "n",
    "n_raters",
)


@dataclass(frozen=True, slots=True)
class ReliabilityResult:
    """One reliability coefficient with its bootstrap confidence interval.

    Attributes
    ----------
    statistic
        Name of the coefficient, e.g. ``"Krippendorff's alpha"``.
    method
        Variant: level of measurement, weighting scheme or ``"raw"``.
    estimate
        The coefficient; ``float(result)`` returns it.
    n
        Units (or respondents) the estimate uses after missing values are removed.
    n_raters
        Coders, raters or items.
    ci_low, ci_high
        Percentile bootstrap interval over units (NaN when ``n_boot=0``).
    confidence
        Coverage of the interval, e.g. 0.95.
    n_boot
        Bootstrap resamples drawn.
    """

    statistic: str
    method: str
    estimate: float
    n: int
    n_raters: int
    ci_low: float = math.nan
    ci_high: float = math.nan
    confidence: float = 0.95
    n_boot: int = 0
    _raters_label: ClassVar[str] = "raters"

    def __float__(self) -> float:
        return float(self.estimate)

    def _summary(self) -> str:
        text = f"{self.statistic} ({self.method}) = {self.estimate:.4f}"
        if self.n_boot and not math.isnan(self.ci_low):
            text += (
                f", {self.confidence:.0%} CI [{self.ci_low:.4f}, {self.ci_high:.4f}]"
                f" ({self.n_boot} bootstrap resamples)"
            )
        return text + f"; n = {self.n}, {self._raters_label} = {self.n_raters}"

    def __repr__(self) -> str:
        return f"<{self._summary()}>"

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy DataFrame with the columns ``RESULT_COLUMNS``."""
        import pandas as pd

        return pd.DataFrame([{name: getattr(self, name) for name in RESULT_COLUMNS}])

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False, float_format=lambda x: f"{x:.4f}")


@dataclass(frozen=True, slots=True, repr=False)
class CronbachAlphaResult(ReliabilityResult):
    """Cronbach's alpha with the statistics R ``psych::alpha`` reports.

    ``estimate`` is the raw alpha (as psych's headline ``raw_alpha``).

    Attributes
    ----------
    raw_alpha, std_alpha
        Alpha from the covariance and from the correlation matrix.
    average_r
        Mean inter-item correlation.
    signal_noise
        psych's ``S/N``: ``k r / (1 - r)`` with ``r = average_r``.
    ase
        psych's asymptotic standard error of raw alpha (Duhachek and Iacobucci 2004).
    mean, sd
        Mean and standard deviation of the scale score (mean of the items).
    """

    raw_alpha: float = math.nan
    std_alpha: float = math.nan
    average_r: float = math.nan
    signal_noise: float = math.nan
    ase: float = math.nan
    mean: float = math.nan
    sd: float = math.nan
    _items: pd.DataFrame | None = field(default=None, compare=False)
    _raters_label: ClassVar[str] = "items"

    @property
    def item_stats(self) -> pd.DataFrame:
        """Per item: ``item, reversed, n, mean, sd, raw_r, std_r, r_drop, alpha_if_dropped,
        std_alpha_if_dropped, average_r_if_dropped`` (psych's ``item.stats`` and ``alpha.drop``).

        ``r_drop`` is the item-rest correlation (the item against the sum of the other items).
        A copy: changing it does not change the result.
        """
        return self._items.copy()

    def __repr__(self) -> str:
        return (
            f"<{self._summary()}; std alpha = {self.std_alpha:.4f}, "
            f"average r = {self.average_r:.4f}>"
        )

    def _repr_html_(self) -> str:
        return f"<p>{self._summary()}; std alpha = {self.std_alpha:.4f}</p>" + self._items.to_html(
            index=False, float_format=lambda x: f"{x:.4f}"
        )
