"""protect_table: frequency tables (2-D or hierarchical) made safe to publish."""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.disclosure._layout import layout_from_frame
from heroes_research.disclosure._protected import (
    AUDIT_COLUMNS,
    SUPPRESSED_SYMBOL,
    ProtectedTable,
    assemble,
    frame_of,
)
from heroes_research.disclosure._rounding import controlled_round, random_round
from heroes_research.disclosure._rules import threshold_rule
from heroes_research.disclosure._secondary import secondary_suppression
from heroes_research.disclosure._validate import check_choice, check_min_count
from heroes_research.errors import DisclosureError

__all__ = ["protect_table"]

_STEP = "protect_table"


def protect_table(
    table: pd.DataFrame,
    *,
    min_count: int = 5,
    zeros: str = "disclosive",
    margins: bool = True,
    method: str = "suppress",
    base: int = 5,
    seed: int = 0,
) -> ProtectedTable:
    """Protect a frequency table by cell suppression (primary + secondary) or rounding.

    Parameters
    ----------
    table
        Counts of respondents: one row per category, one column per category. Either
        2-D (flat row index) or hierarchical: a 2-level row MultiIndex such as
        ``(country, sector)``, published with a subtotal row per country and a grand
        total. A long frame is turned into this shape with
        ``long.pivot_table(index=["country", "sector"], columns="answer", values="n",
        aggfunc="sum", fill_value=0)``. A ``Total`` row/column (``(country, "Total")``
        rows) may be included: it is checked, then recomputed.
    min_count
        Threshold rule: counts below it are sensitive (HEROES default 5).
    zeros
        ``"disclosive"`` (default, as ACRO treats zeros in tables of people): a zero is
        sensitive like a count below ``min_count``: "no respondent of this group gave
        this answer" is an attribute of everyone in the group, and a published zero
        pins the other cells of its row and column. ``"safe"``: zeros are published;
        an explicit opt-out for counts that are not about people, or whose zeros are
        structural (a question not asked in a country) or describe a file rather than
        a group (no duplicate found), to be justified in the table note.
    margins
        Show the ``Total`` row(s) and column. With ``False`` they are not shown, but the
        protection still assumes a reader knows every total (they are usually published
        elsewhere, e.g. as each country's n), so hiding them costs no safety.
    method
        ``"suppress"``: hide sensitive cells and the fewest others so none can be
        derived. ``"round"``: controlled rounding to ``base`` (tables stay additive).
        ``"random_round"``: unbiased random rounding, margins rounded independently.
    base
        Rounding base (3 or 5 are usual).
    seed
        Seed of the random rounding and of tie-breaking in controlled rounding.

    Returns
    -------
    ProtectedTable
        ``.table`` to publish (``pd.NA`` where hidden), ``.primary``/``.secondary``
        masks, ``.audit`` (what and why), ``.note`` for the table note.

    Raises
    ------
    DisclosureError
        Empty table; missing, negative or fractional counts; totals that do not add up
        (each names the cell); ``min_count < 1``; unknown ``zeros``/``method``.

    Notes
    -----
    Primary cells: ``0 < n < min_count`` (and ``n == 0`` if zeros are disclosive),
    margins included. Each needs the protection interval ``[0, min_count]``: the
    published table must allow both an empty cell and one at the threshold.
    Secondary cells are chosen by a MILP (HiGHS) minimising the suppressed total plus
    one per cell, with cuts from the linear-programming attack until no primary cell's
    feasible interval is narrower than its protection interval (Fischetti &
    Salazar-Gonzalez 1999; ESS Handbook on SDC, Hundepool et al. 2010, ch. 4-5;
    tau-ARGUS "optimal"); after four MILP rounds the last violations are repaired
    greedily, so the pattern is near-optimal rather than provably optimal. Secondary
    cells the attack pins exactly are published again. Every result is safe against
    :func:`attack`, which a reviewer can run on it.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.disclosure import protect_table
    >>> t = pd.DataFrame({"police": [2, 14, 9], "ngo": [11, 8, 12]}, index=["LV", "LT", "PT"])
    >>> p = protect_table(t)
    >>> p.table.loc["LV", "police"] is pd.NA, int(p.secondary.to_numpy().sum())
    (True, 3)
    """
    min_count = check_min_count(min_count, _STEP)
    zeros = check_choice(zeros, ("safe", "disclosive"), _STEP, "zeros")
    method = check_choice(method, ("suppress", "round", "random_round"), _STEP, "method")
    if method != "suppress":
        base = check_min_count(base, _STEP, "base")
        if base < 2:
            raise DisclosureError(f"{_STEP}: base must be 2 or more, got {base}",
                                  reason="bad_parameter", variable="base", hint="use 3 or 5")
    layout, values = layout_from_frame(table, _STEP, counts=True)
    primary = threshold_rule(values, min_count, zeros)
    if method == "suppress":
        hidden = secondary_suppression(layout.constraints, values, primary.sensitive,
                                       primary.upper, primary.lower)
        note = (f"{SUPPRESSED_SYMBOL}: not shown to protect respondents (counts below "
                f"{min_count}, and cells from which such counts could be derived).")
        return assemble(layout, values, hidden, primary, method=method, min_count=min_count,
                        note=note, margins=margins, integer=True)
    if method == "round":
        rounded = controlled_round(layout.constraints, values, base, seed)
        note = (f"Counts are rounded to a multiple of {base} (controlled rounding: rows and "
                "columns still add up to the rounded totals).")
    else:
        rounded = random_round(values, base, seed)
        note = (f"Counts are randomly rounded to a multiple of {base}; totals are rounded "
                "separately, so rows and columns may not add up.")
    no_cells = np.zeros(len(values), bool)
    return ProtectedTable(
        table=frame_of(layout, rounded, margins).astype("Int64"),
        primary=frame_of(layout, no_cells, margins),
        secondary=frame_of(layout, no_cells, margins),
        audit=pd.DataFrame({c: pd.Series(dtype=object) for c in AUDIT_COLUMNS}),
        method=method, min_count=min_count, note=note, layout=layout, published=rounded,
        integer=True, margins=margins,
    )
