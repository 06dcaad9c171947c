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
    """True when PSU totals can be formed from cell sums (no calibration, PSUs given, one
    stage, linearisation variance)."""
    lay = design._layout
    return (
        not design._calibration
        and lay.psu is not None
        and not lay.stages
        and lay.replicates is None
    )


def _by_psu_and_cell(
    psu: np.ndarray, cell: np.ndarray | None, values: np.ndarray, n_psus: int, k: int
) -> np.ndarray:
    """Sums of ``values`` by (PSU, cell), shape (G, k); ``cell=None`` means one cell."""
    key = psu if cell is None else psu * k + cell
    return np.bincount(key, weights=values, minlength=n_psus * k).reshape(n_psus, k)


def cell_estimates(
    design: SurveyDesign,
    cell: np.ndarray | None,
    parent: np.ndarray,
    values: np.ndarray | None,
    kind: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Cell means (or totals) and their PSU totals of influence values.

    Parameters
    ----------
    cell
        Cell code of each row, -1 for rows outside every cell; None when every
        row is in the single cell.
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
    lay = design._layout
    k = len(parent)
    psu, w = lay.psu, lay.weights
    if cell is not None and not (keep := cell >= 0).all():
        cell, psu, w = cell[keep], psu[keep], w[keep]
        values = None if values is None else values[keep]
    wx = w if values is None else w * values
    key = psu if cell is None else psu * k + cell  # one key for the cells' and domains' sums
    totals = np.bincount(key, weights=wx, minlength=lay.n_psus * k).reshape(lay.n_psus, k)
    sums = totals.sum(axis=0)  # a cell's total is the sum of its PSU totals
    if kind == "total":
        return sums, totals
    if int(parent.max()) == 0:  # one domain: its weight and PSU weights
        parent_totals = (lay.psu_weights if w is lay.weights else np.bincount(psu, w, lay.n_psus))[
            :, None
        ]
    elif np.array_equal(parent, np.arange(k)):  # each cell is its own domain (a numeric variable)
        parent_totals = np.bincount(key, weights=w, minlength=lay.n_psus * k).reshape(lay.n_psus, k)
    else:
        row_parent = parent[cell]
        parent_totals = _by_psu_and_cell(psu, row_parent, w, lay.n_psus, len(parent))[:, parent]
    parent_sums = parent_totals.sum(axis=0)
    estimate = sums / parent_sums
    return estimate, (totals - estimate * parent_totals) / parent_sums
