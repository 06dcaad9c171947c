"""Domains of the estimators added for R parity (issue 14): one row mask per observed ``by`` cell."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from heroes_research.survey._variables import categories, require

if TYPE_CHECKING:
    from heroes_research.survey._design import SurveyDesign

__all__ = ["DomainSet", "domain_set"]


@dataclass(frozen=True)
class DomainSet:
    """The observed domains: their ``by`` values (for the tidy frame) and their rows."""

    columns: dict[str, list[object]]
    masks: list[np.ndarray]

    def repeat(self, times: int) -> dict[str, list[object]]:
        """The ``by`` columns with each domain repeated ``times`` (domain-major rows)."""
        return {k: [v for v in values for _ in range(times)] for k, values in self.columns.items()}


def domain_set(design: SurveyDesign, by: str | Sequence[str] | None, step: str) -> DomainSet:
    """Observed combinations of the ``by`` columns in level order (one domain without ``by``).

    Rows missing a ``by`` value are in no domain (R's ``svyby`` drops them).
    """
    n = design.n
    if by is None:
        return DomainSet({}, [np.ones(n, dtype=bool)])
    names = [by] if isinstance(by, str) else list(by)
    require(design.data, names, step)
    cats = [categories(design.data, name) for name in names]
    joint = np.zeros(n, dtype=np.int64)
    inside = np.ones(n, dtype=bool)
    for c in cats:
        joint = joint * len(c.levels) + c.codes
        inside &= c.codes >= 0
    observed = np.unique(joint[inside])
    columns: dict[str, list[object]] = {name: [] for name in names}
    masks = []
    for code in observed:  # a loop over domains, not rows
        rest = int(code)
        parts = []
        for c in reversed(cats):
            rest, level = divmod(rest, len(c.levels))
            parts.append(c.levels[level])
        for name, value in zip(names, reversed(parts), strict=True):
            columns[name].append(value)
        masks.append(inside & (joint == code))
    return DomainSet(columns, masks)
