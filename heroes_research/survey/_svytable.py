"""Weighted contingency tables (R's ``svytable``): estimated population counts of every cell."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from heroes_research.errors import EstimationError
from heroes_research.survey._tidy import tidy_frame
from heroes_research.survey._variables import categories, require

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["survey_table"]


def survey_table(
    design: SurveyDesign,
    variables: str | Sequence[str],
    *,
    total: float | None,
    round_counts: bool,
) -> pd.DataFrame:
    """Weighted counts of every combination of levels (zero cells included), rows with a
    missing value left out, as R's ``svytable(~a + b, design, Ntotal=, round=)``."""
    names = [variables] if isinstance(variables, str) else list(variables)
    step = f"tabulating {', '.join(map(repr, names))}"
    require(design.data, names, step)
    cats = [categories(design.data, name) for name in names]
    inside = np.ones(design.n, dtype=bool)
    cell = np.zeros(design.n, dtype=np.int64)
    for c in cats:
        inside &= c.codes >= 0
        cell = cell * len(c.levels) + c.codes
    if not inside.any():
        raise EstimationError(
            f"{step}: no row has a value of every variable",
            variable=names[0],
            reason="all_missing",
            hint="check the variables",
        )
    size = int(np.prod([len(c.levels) for c in cats]))
    w = np.asarray(design._layout.weights)
    counts = np.bincount(cell[inside], weights=w[inside], minlength=size)
    respondents = np.bincount(cell[inside], minlength=size)
    if total is not None:
        if not (np.isfinite(total) and total > 0):
            raise EstimationError(
                f"{step}: the total must be a positive number (got {total!r})",
                variable="total",
                reason="bad_total",
                hint="pass the population size the counts should add up to, or None",
            )
        counts = counts * total / counts.sum()
    if round_counts:
        counts = np.round(counts)
    grid = pd.MultiIndex.from_product([c.levels for c in cats], names=names)
    by = {name: grid.get_level_values(i) for i, name in enumerate(names)}
    nan = np.full(size, np.nan)
    return tidy_frame(
        by,
        variable="count",
        estimate=counts,
        se=nan,
        ci_low=nan,
        ci_high=nan,
        conf_level=np.nan,
        n=respondents,
    )
