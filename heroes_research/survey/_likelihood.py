"""The Rao-Scott scaled likelihood-ratio interval of a proportion (R's ``svyciprop(method="likelihood")``).

Notes
-----
R fits the intercept-only quasibinomial ``svyglm`` (weights :math:`W_i = w_i/\\bar w`
over the rows of the subset design) and inverts the profile of its scaled deviance
(R's ``confint.svyglm(method="likelihood")``, Rao and Scott 1984; Lumley and Scott
2014). With :math:`S_1 = \\sum W_i y_i`, :math:`S_0 = \\sum W_i (1-y_i)` and
:math:`D(b) = -2[S_1 \\log\\operatorname{expit} b + S_0 \\log(1-\\operatorname{expit} b)]`:

* :math:`\\hat b` the fitted logit, :math:`s` its sandwich SE (the delta-method SE of
  the share over :math:`\\hat p(1-\\hat p)`), :math:`\\phi` the dispersion (R's
  ``svyvar`` of the Pearson residuals, which ``residuals.svyglm`` takes without the
  sampling weights, :math:`(y_i-\\hat p)/\\sqrt{\\hat p(1-\\hat p)}`);
* the design effect of the logit :math:`\\lambda = s^2 / v_0`, :math:`v_0 = 1/\\sum W_i
  \\mu(1-\\mu)` the model-based variance of the glm's last iteratively reweighted least
  squares step (so the IRLS steps of R's ``glm.fit`` are replayed, from its starting
  values :math:`(W_i y_i + 1/2)/(W_i + 1)` to its convergence test at 1e-8);
* :math:`\\alpha = \\Phi(t_{\\nu,(1-c)/2}\\sqrt\\lambda)/2` and the profile
  :math:`z(b) = \\operatorname{sign}(b-\\hat b)\\sqrt{(D(b)-D(\\hat b))/\\phi}` at
  :math:`b = \\hat b \\pm k\\,\\delta s`, :math:`k = 1, 2, \\ldots` while
  :math:`|z| < z_{max}` and :math:`k < 10`, :math:`z_{max} = \\sqrt{F^{-1}_{1,m-1}(1-\\alpha)}`,
  :math:`\\delta = z_{max}/5` (R's ``MASSprofile_glm``);
* the limits are where an interpolating cubic spline of :math:`z` in :math:`b`
  (Forsythe, Malcolm and Moler's end conditions, R's ``spline(method="fmm")``, on
  :math:`3\\times` as many equally spaced points), read backwards by linear
  interpolation, crosses :math:`\\mp t_{\\nu,(1-c)/2}\\sqrt\\lambda`; then expit.

:math:`\\nu` is the subset design's degrees of freedom and :math:`m` the rows of the glm.
R's replicate-design version is not usable (its dispersion of a ``svrepglm`` is not on
the deviance's scale, and R returns NA limits), so neither is this one.

Example
-------
>>> import pandas as pd
>>> from heroes_research.survey import SurveyDesign
>>> df = pd.DataFrame({"yes": [1, 0, 1, 1, 0, 1, 1, 1, 0, 1], "psu": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]})
>>> out = SurveyDesign(df, psu="psu").proportion_ci("yes", 1, "likelihood")
>>> out[["estimate", "ci_low", "ci_high"]].round(3).iloc[0].tolist()  # R: 0.318 0.946
[0.7, 0.318, 0.946]
"""

from __future__ import annotations

import numpy as np

__all__ = ["likelihood_limits"]

_EPSILON = 1e-8  # glm.control()$epsilon
_MAXIT = 25
_MAXSTEPS = 10


def _deviance(b: float, s1: float, s0: float) -> float:
    from scipy.special import log_expit

    return -2.0 * (s1 * log_expit(b) + s0 * log_expit(-b))


def _glm(y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """R's ``glm.fit`` of ``y ~ 1``, quasibinomial, prior weights ``w``: (coefficient, naive variance).

    The first step starts from each row's own :math:`(w_i y_i + 1/2)/(w_i + 1)`; from
    then on every row has the same fitted value, so a step is a scalar Newton step.
    """
    from scipy.special import expit, logit

    good = w > 0
    y, w = y[good], w[good]
    s1, s0 = float(w @ y), float(w @ (1 - y))
    mu = expit(logit((w * y + 0.5) / (w + 1.0)))  # binomial()$initialize
    dev_old = float(-2.0 * (w @ (y * np.log(mu) + (1 - y) * np.log1p(-mu))))
    w2 = w * mu * (1 - mu)  # working weights (mu.eta = variance for the logit link)
    b = float(w2 @ (logit(mu) + (y - mu) / (mu * (1 - mu))) / w2.sum())
    naive = 1.0 / w2.sum()
    for _ in range(_MAXIT):
        dev = _deviance(b, s1, s0)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < _EPSILON:
            break
        dev_old = dev
        m = float(expit(b))
        naive = 1.0 / ((s1 + s0) * m * (1 - m))
        b = b + (s1 - m * (s1 + s0)) * naive  # sum w2 z / sum w2
    return b, naive


def _fmm_spline(x: np.ndarray, y: np.ndarray, at: np.ndarray) -> np.ndarray:
    """R's ``spline(x, y, method="fmm")`` evaluated at ``at`` (``x`` increasing).

    The interpolating cubic spline whose third derivative at each end is that of the
    cubic through the four nearest points (Forsythe, Malcolm and Moler 1977).
    """
    n = len(x)
    h = np.diff(x)
    slope = np.diff(y) / h
    if n < 3:
        sigma = np.zeros(n)
    else:
        a = np.zeros((n, n))
        rhs = np.zeros(n)
        for i in range(1, n - 1):
            a[i, i - 1 : i + 2] = h[i - 1], 2 * (h[i - 1] + h[i]), h[i]
            rhs[i] = 6 * (slope[i] - slope[i - 1])
        a[0, :2] = -1.0, 1.0
        a[-1, -2:] = -1.0, 1.0
        if n > 3:  # third divided differences of the end points
            start = (slope[2] - slope[1]) / (x[3] - x[1]) - (slope[1] - slope[0]) / (x[2] - x[0])
            end = (slope[-1] - slope[-2]) / (x[-1] - x[-3]) - (slope[-2] - slope[-3]) / (
                x[-2] - x[-4]
            )
            rhs[0] = 6 * h[0] * start / (x[3] - x[0])
            rhs[-1] = 6 * h[-1] * end / (x[-1] - x[-4])
        sigma = np.linalg.solve(a, rhs)
    i = np.clip(np.searchsorted(x, at, side="right") - 1, 0, n - 2)
    t = at - x[i]
    b = slope[i] - h[i] * (2 * sigma[i] + sigma[i + 1]) / 6
    return y[i] + t * (b + t * (sigma[i] / 2 + t * (sigma[i + 1] - sigma[i]) / (6 * h[i])))


def _approx(x: np.ndarray, y: np.ndarray, at: np.ndarray) -> np.ndarray:
    """R's ``approx(x, y, xout=at)``: ties of ``x`` averaged, NA outside its range."""
    xs, inverse = np.unique(x, return_inverse=True)
    ys = np.bincount(inverse, weights=y) / np.bincount(inverse)
    out = np.interp(at, xs, ys)
    return np.where((at < xs[0]) | (at > xs[-1]), np.nan, out)


def likelihood_limits(
    y: np.ndarray,
    w: np.ndarray,
    mean_weight: float,
    se_share: float,
    df: float,
    conf_level: float,
) -> tuple[float, float]:
    """Limits of the share of ``y`` (0/1) in one domain.

    ``y`` and ``w`` are the glm's rows (the subset design's rows with a value; ``w`` its
    weights, zero outside the domain on a calibrated design), ``mean_weight`` the mean
    weight over every row of the subset design, those without a value too (R scales
    the glm's weights by it before dropping them), ``se_share`` the linearised SE of
    the share and ``df`` the subset's degrees of freedom.
    """
    from scipy import stats
    from scipy.special import expit

    w_norm = w / mean_weight
    b0, naive = _glm(y, w_norm)
    p = expit(b0)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = se_share / (p * (1 - p))
        lam = s**2 / naive
    if not (df > 0 and np.isfinite(s) and s > 0):
        return np.nan, np.nan
    residual = (y - p) / np.sqrt(p * (1 - p))  # R's residuals.svyglm: sqrt(W / W) = 1
    n_phi = np.count_nonzero(w)
    mean_r = (w @ residual) / w.sum()
    phi = (w @ (residual - mean_r) ** 2) / w.sum() * n_phi / (n_phi - 1)  # R's svyvar
    t = stats.t.ppf((1 - conf_level) / 2, df)
    alpha = stats.norm.cdf(t * np.sqrt(lam)) / 2
    z_max = np.sqrt(stats.f.isf(alpha, 1, len(y) - 1))
    step = z_max / 5 * s
    if not np.isfinite(step):  # a design effect so large that alpha underflows
        return np.nan, np.nan
    s1, s0 = float(w_norm @ y), float(w_norm @ (1 - y))
    d0 = _deviance(b0, s1, s0)
    points, z_values = [b0], [0.0]
    for sign in (-1.0, 1.0):
        k, z = 0, 0.0
        while (k := k + 1) < _MAXSTEPS and abs(z) < z_max:
            b = b0 + sign * k * step
            z = sign * np.sqrt(max((_deviance(b, s1, s0) - d0) / phi, 0.0))
            points.append(b)
            z_values.append(z)
    order = np.argsort(z_values, kind="stable")
    bs, zs = np.asarray(points)[order], np.asarray(z_values)[order]
    by_b = np.argsort(bs, kind="stable")
    grid = np.linspace(bs.min(), bs.max(), 3 * len(bs))
    curve = _fmm_spline(bs[by_b], zs[by_b], grid)
    cutoff = np.array([1.0, -1.0]) * t * np.sqrt(lam)  # R: qnorm(2 alpha), its upper tail
    low, high = expit(_approx(curve, grid, cutoff))
    return float(low), float(high)
