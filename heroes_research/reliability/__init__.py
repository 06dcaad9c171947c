"""Reliability of scales and of coding: Cronbach's alpha, Cohen's and Fleiss' kappa, Krippendorff's alpha.

Every function returns an immutable result: ``.estimate`` (also ``float(result)``),
``.n``, and a seeded percentile bootstrap interval over units (``ci_low``,
``ci_high``; ``n_boot=0`` switches it off). ``result.to_frame()`` gives one tidy row.

Example
-------
>>> from heroes_research.reliability import cohen_kappa
>>> res = cohen_kappa([1, 2, 2, 3, 1, 2], [1, 2, 3, 3, 1, 2], n_boot=200, seed=1)
>>> round(res.estimate, 4), res.n
(0.75, 6)
"""

from heroes_research.reliability._bootstrap import DEFAULT_N_BOOT, DEFAULT_SEED
from heroes_research.reliability._cronbach import ITEM_COLUMNS, cronbach_alpha
from heroes_research.reliability._kappa import cohen_kappa, fleiss_kappa
from heroes_research.reliability._krippendorff import LEVELS, krippendorff_alpha
from heroes_research.reliability._result import (
    RESULT_COLUMNS,
    CronbachAlphaResult,
    ReliabilityResult,
)

__all__ = [
    "DEFAULT_N_BOOT",
    "DEFAULT_SEED",
    "ITEM_COLUMNS",
    "LEVELS",
    "RESULT_COLUMNS",
    "CronbachAlphaResult",
    "ReliabilityResult",
    "cohen_kappa",
    "cronbach_alpha",
    "fleiss_kappa",
    "krippendorff_alpha",
]
