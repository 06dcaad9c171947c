"""One-pass PSU totals of many domain or cell statistics (uncalibrated designs with PSUs).

Notes
-----
For cells :math:`k` (a domain, or a domain x category) nested in parents :math:`d(k)`
(the domains), the influence of a cell mean :math:`\\hat\\mu_k = S_k / W_{d(k)}` sums
over PSU :math:`g` to

.. math:: T_{gk} = \\big(S_{gk} - \\hat\\mu_k W_{g\\,d(k)}\\big) / W_{d(k)},

with :math:`S_{gk} = \\sum_{i \\in g, k} w_i x_i` and :math:`W_{gd} = \\sum_{i \\in g, d} w_i`
(a total's is :math:`S_{gk}`). Both are single ``np.bincount`` passes over the rows, keyed
by ``psu * K + k``, instead of one pass per domain and category. Calibrated designs need
the row-level influence values (the calibration residualises them), so they take the
column-by-column path of :mod:`heroes_research.survey._linear`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["cell_estimates", "fast_path"]


def fast_path(design: SurveyDesign) -> bool:
    """True when PSU totals can be formed from cell sums (no calibration, PSUs given)."""
    return not design._calibration and design._layout.psu is not None


def _psu_by_cell(
    design: SurveyDesign, values: np.ndarray, cell: np.ndarray, keep: np.ndarray, k: int
) -> np.ndarray:
    lay = design._layout
    key = lay.psu[keep] * k + cell[keep]
    return np.bincount(key, weights=values[keep], minlength=lay.n_psus * k).reshape(lay.n_psus, k)


def cell_estimates(
    design: SurveyDesign,
    cell: np.ndarray,
    parent: np.ndarray,
    values: np.ndarray | None,
    kind: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Cell means (or totals) and their PSU totals of influence values.

    Parameters
    ----------
    cell
        Cell code of each row, -1 for rows outside every cell.
    parent
        Domain of each cell (the mean's denominator), shape (K,).
    values
        Numeric values, or None for cell counts/proportions (value 1).
    kind
        ``"mean"`` or ``"total"``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Estimates, shape (K,), and PSU totals, shape (G, K).
    """
    k = len(parent)
    keep = cell >= 0
    w = design._layout.weights
    wx = w if values is None else w * np.where(keep, values, 0.0)
    sums = np.bincount(cell[keep], weights=wx[keep], minlength=k)
    totals = _psu_by_cell(design, wx, cell, keep, k)
    if kind == "total":
        return sums, totals
    n_parents = int(parent.max()) + 1
    row_parent = np.where(keep, parent[np.maximum(cell, 0)], -1)
    parent_sums = np.bincount(row_parent[keep], weights=w[keep], minlength=n_parents)[parent]
    estimate = sums / parent_sums
    parent_totals = _psu_by_cell(design, w, row_parent, keep, n_parents)[:, parent]
    return estimate, (totals - estimate * parent_totals) / parent_sums
