"""Intervals for an estimated share on the scale R's ``svyciprop`` and ``svyquantile`` use.

Notes
-----
For a share :math:`\\hat p` with design SE :math:`s` and :math:`t = t_{\\nu, 1-\\alpha/2}`
(normal when :math:`\\nu = \\infty`):

* ``mean``: :math:`\\hat p \\pm t s`;
* ``xlogit``: :math:`\\operatorname{expit}(\\operatorname{logit}\\hat p \\pm t s / (\\hat p(1-\\hat p)))`;
* ``asin``: :math:`\\sin^2(\\arcsin\\sqrt{\\hat p} \\pm t s / (2\\sqrt{\\hat p(1-\\hat p)}))`,

the delta-method intervals of R's ``svycontrast`` transforms (Korn and Graubard 1999,
sec. 5.2; Lumley 2010, sec. 2.4). A share of 0 or 1 gives NaN limits on the
``xlogit`` and ``asin`` scales, as R.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SHARE_SCALES", "share_limits"]

SHARE_SCALES = ("mean", "xlogit", "asin")


def share_limits(
    p: np.ndarray, se: np.ndarray, df: np.ndarray | float, scale: str, conf_level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits of the share's interval (``scale`` one of :data:`SHARE_SCALES`)."""
    from scipy import stats
    from scipy.special import expit, logit

    p = np.asarray(p, dtype=float)
    se = np.asarray(se, dtype=float)
    df = np.asarray(df, dtype=float)
    upper = 0.5 + conf_level / 2
    q = np.where(
        np.isinf(df), stats.norm.ppf(upper), stats.t.ppf(upper, np.where(df > 0, df, np.nan))
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        if scale == "mean":
            return p - q * se, p + q * se
        if scale == "xlogit":
            half = q * se / (p * (1 - p))
            return expit(logit(p) - half), expit(logit(p) + half)
        if scale == "asin":
            centre, half = np.arcsin(np.sqrt(p)), q * se / (2 * np.sqrt(p * (1 - p)))
            return np.sin(centre - half) ** 2, np.sin(centre + half) ** 2
    raise ValueError(f"unknown share scale {scale!r}")
