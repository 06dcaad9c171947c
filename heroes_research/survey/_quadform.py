"""Upper tail of a linear combination of independent chi-squares, by Imhof's inversion.

Notes
-----
For :math:`Q = \\sum_j \\lambda_j \\chi^2_{h_j}` (central, independent; a
:math:`\\lambda_j` may be negative),

.. math::

    P(Q > x) = \\frac12 + \\frac1\\pi \\int_0^\\infty
        \\frac{\\sin\\theta(u)}{u\\,\\rho(u)}\\,du,\\quad
    \\theta(u) = \\tfrac12 \\sum_j h_j \\arctan(\\lambda_j u) - \\tfrac12 x u,\\quad
    \\rho(u) = \\prod_j (1 + \\lambda_j^2 u^2)^{h_j/4}

(Imhof 1961, eq. 3.2). The integral is taken numerically to 1e-13: the first
period of :math:`\\cos(xu/2)` directly, the rest as Fourier integrals (QUADPACK's
QAWF, through ``scipy.integrate.quad(weight="cos"/"sin")``), so the oscillating tail
costs no precision.

Why not Davies' algorithm (AS 155), which R's ``svychisq(statistic="lincom")`` calls
through ``CompQuadForm::davies(acc=1e-7)``: its answer is only guaranteed to 1e-7, so
an independent, more accurate computation of the same probability agrees with R to
that bound (on the goldens, to 2e-8 absolute); a port of CompQuadForm's C code would
bring GPL code into the package; and the Python wrappers of it on PyPI (``chi2comb``,
last released in 2020; ``qfc``, without documentation) are not libraries to depend on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["chisq_sum_upper"]


def chisq_sum_upper(x: float, weights: np.ndarray, df: np.ndarray | None = None) -> float:
    """:math:`P(\\sum_j \\lambda_j \\chi^2_{h_j} > x)` (``weights`` the :math:`\\lambda_j`, ``df`` the :math:`h_j`).

    Example
    -------
    >>> round(chisq_sum_upper(3.0, np.array([1.0])), 6)  # chi-square on 1 df
    0.083265
    """
    from scipy import integrate

    lam = np.asarray(weights, dtype=float)
    h = np.ones_like(lam) if df is None else np.asarray(df, dtype=float)

    def angle(u: float) -> float:
        return 0.5 * float(h @ np.arctan(lam * u))

    def inverse(u: float) -> float:  # 1 / (u rho(u)), without overflow
        return float(np.exp(-np.log(u) - 0.25 * (h @ np.log1p((lam * u) ** 2))))

    def integrand(u: float) -> float:
        return np.sin(angle(u) - 0.5 * x * u) * inverse(u)

    options = {"limit": 1000, "epsabs": 1e-13}
    if x == 0:
        value = integrate.quad(integrand, 0, np.inf, epsrel=1e-12, **options)[0]
    else:
        omega = 0.5 * abs(x)
        sign = np.sign(x)
        cut = 2 * np.pi / omega
        value = integrate.quad(integrand, 0, cut, epsrel=1e-12, **options)[0]
        # sin(a - s w u) = sin(a) cos(w u) - s cos(a) sin(w u): two Fourier integrals to infinity

        def tail(part: Callable[[Any], Any], weight: str) -> float:
            return integrate.quad(lambda u: part(angle(u)) * inverse(u), cut, np.inf, weight=weight,
                                  wvar=omega, epsabs=1e-13, limlst=100)[0]

        value += tail(np.sin, "cos") - sign * tail(np.cos, "sin")
    return float(min(max(0.5 + value / np.pi, 0.0), 1.0))
