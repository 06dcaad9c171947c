"""Primary sensitivity rules and the protection each sensitive cell needs.

Each rule returns a :class:`Primary`: which cells are sensitive, the upper and lower
protection levels (the reader must not be able to rule out ``value + upper`` nor
``value - lower``), the rule name and a reason in words, per cell.

- Threshold rule (frequency tables; ESS Handbook on SDC, Hundepool et al. 2010,
  sec. 5.2): a count ``0 < v < min_count`` (zeros too when they are disclosive) is
  sensitive. Its protection interval is ``[0, min_count]``: the published table must
  be consistent both with the cell being empty and with it reaching the threshold,
  so the reader can neither single out its respondents nor tell it is small:
  ``lower = v``, ``upper = min_count - v``.
- (n, k) dominance rule (magnitude tables; sec. 4.2.2): sensitive if the ``n``
  largest contributions exceed ``k``% of the cell total ``X``; protection
  ``upper = lower = 100/k * (x_1 + ... + x_n) - X``.
- p% rule (sec. 4.2.3): sensitive if ``X - x_1 - x_2 < p/100 * x_1`` (the
  second-largest contributor could estimate the largest within ``p``%); protection
  ``upper = lower = p/100 * x_1 - (X - x_1 - x_2)``.

The lower level never exceeds the value (cells cannot be negative).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Primary", "magnitude_rules", "threshold_rule"]


@dataclass(frozen=True)
class Primary:
    """Sensitive cells with their protection levels, rule and reason (vectors over cells)."""

    sensitive: np.ndarray
    upper: np.ndarray
    lower: np.ndarray
    rule: np.ndarray
    reason: np.ndarray


def threshold_rule(values: np.ndarray, min_count: int, zeros: str) -> Primary:
    """Counts below ``min_count`` (zeros only if ``zeros == "disclosive"``)."""
    small = values < min_count
    sensitive = small & ((values > 0) | (zeros == "disclosive"))
    reason = np.where(
        values == 0, "zero count (zeros treated as disclosive)", f"count below {min_count}"
    )
    return Primary(
        sensitive=sensitive,
        upper=np.where(sensitive, min_count - values, 0.0),
        lower=np.where(sensitive, values, 0.0),
        rule=np.where(sensitive, "threshold", ""),
        reason=np.where(sensitive, reason, ""),
    )


def magnitude_rules(
    stats: pd.DataFrame, rules: tuple[str, ...], *, n: int, k: float, p: float
) -> Primary:
    """Dominance and/or p% rule from per-cell contribution statistics.

    ``stats`` has one row per cell with ``total`` (X), ``top_n`` (sum of the ``n``
    largest), ``x1`` and ``x2`` (the two largest contributions, 0 when absent).
    """
    total = stats["total"].to_numpy(float)
    x1, x2 = stats["x1"].to_numpy(float), stats["x2"].to_numpy(float)
    positive = total > 0
    levels = {
        "dominance": np.where(
            positive & (stats["top_n"].to_numpy(float) > k / 100 * total),
            100 / k * stats["top_n"].to_numpy(float) - total, 0.0),
        "p_percent": np.where(
            positive & (total - x1 - x2 < p / 100 * x1), p / 100 * x1 - (total - x1 - x2), 0.0),
    }
    texts = {
        "dominance": f"the {n} largest contributor(s) hold more than {k:g}% of the cell",
        "p_percent": f"the second-largest contributor could estimate the largest within {p:g}%",
    }
    level = np.zeros(len(total))
    rule = np.full(len(total), "", dtype=object)
    reason = np.full(len(total), "", dtype=object)
    for name in rules:  # at most two rules: take the stricter protection level
        stricter = levels[name] > level
        level = np.where(stricter, levels[name], level)
        rule = np.where(stricter, name, rule)
        reason = np.where(stricter, texts[name], reason)
    sensitive = level > 0
    return Primary(
        sensitive=sensitive,
        upper=level,
        lower=np.minimum(level, total),
        rule=rule.astype(str),
        reason=reason.astype(str),
    )
