"""Rounding counts to a base: controlled (additive) or unbiased random.

- Controlled rounding (Cox 1987, "A constructive procedure for unbiased controlled
  rounding", JASA 82; ESS Handbook on SDC sec. 5.4.3): every cell, margins included,
  goes to one of its two adjacent multiples of ``base`` (multiples stay) so that every
  total still equals the sum of its rounded parts. Solved as a small MILP (HiGHS)
  minimising the total absolute change, with seeded tie-breaking. A 2-D table always
  has a controlled rounding; a hierarchical one may not, then use random rounding.
- Random rounding (ONS / OpenSAFELY practice): each cell independently, margins
  included, goes up with probability ``remainder / base`` (unbiased), seeded. Margins
  are rounded independently, so rows and columns may not add up to the totals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from heroes_research.errors import DisclosureError

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["controlled_round", "random_round"]


def controlled_round(
    constraints: csr_matrix, values: np.ndarray, base: int, seed: int
) -> np.ndarray:
    """Cells rounded to adjacent multiples of ``base`` with every equation kept."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    floor = base * np.floor(values / base)
    rem = values - floor
    free = rem > 0
    # choosing "up" for cell k costs (base - rem_k) instead of rem_k; the tiny seeded
    # jitter picks one of several equally good roundings reproducibly
    jitter = np.random.default_rng(seed).uniform(0, 1e-3, len(values))
    cost = np.where(free, base - 2 * rem, 0.0) + jitter
    up_bound = free.astype(float)
    rhs = -(constraints @ floor) / base
    res = milp(cost, integrality=np.ones(len(values)), bounds=Bounds(0, up_bound),
               constraints=LinearConstraint(constraints, rhs, rhs),
               options={"time_limit": 60.0})
    if res.x is None:
        raise DisclosureError(
            f"controlled rounding to base {base}: no additive rounding exists ({res.message})",
            reason="no_controlled_rounding",
            hint="use method='random_round' (margins rounded independently) or suppression",
        )
    return floor + base * np.round(res.x)


def random_round(values: np.ndarray, base: int, seed: int) -> np.ndarray:
    """Each cell to ``floor`` or ``floor + base`` with P(up) = remainder / base, seeded."""
    floor = base * np.floor(values / base)
    up = np.random.default_rng(seed).uniform(size=len(values)) < (values - floor) / base
    return floor + base * up
