"""Linked tables protected together: a shared cell is hidden or shown the same way everywhere.

:func:`protect_table` makes one table safe alone. Tables that count the same people
share cells (the same country x sector count in two tables) and margins (a country's
total); protected one by one, one may show what another hides. :func:`protect_linked`
builds one additive system over every cell of every table — cells with the same
ledger key (:func:`~heroes_research.disclosure._ledger.cell_keys`) are one unknown —
and runs the optimal secondary suppression of :func:`protect_table` once on it (the
joint approach of tau-ARGUS and sdcTable's ``protectLinkedTables``; Hundepool et al.
2012, *Statistical Disclosure Control*, sec. 4.6). The result passes
:func:`~heroes_research.disclosure._ledger.joint_attack`.

Example
-------
>>> import pandas as pd
>>> idx = pd.Index(["LV", "LT", "PT", "AT"], name="country")
>>> by_sector = pd.DataFrame({"police": [2, 14, 9, 12], "ngo": [11, 8, 12, 10]}, index=idx)
>>> police_only = by_sector[["police"]].rename_axis(columns="sector")
>>> out = protect_linked({"tab_a": by_sector.rename_axis(columns="sector"), "tab_b": police_only},
...                      unit="respondents")
>>> out["tab_b"].table.loc["LV", "police"] is pd.NA   # hidden in tab_b too
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from heroes_research.disclosure._ledger import Key, cell_keys
from heroes_research.disclosure._protected import SUPPRESSED_SYMBOL, ProtectedTable, assemble
from heroes_research.disclosure._rules import threshold_rule
from heroes_research.disclosure._validate import check_choice, check_min_count
from heroes_research.errors import DisclosureError

__all__ = ["protect_linked"]

_STEP = "protect_linked"


def _units(unit: str | Mapping[str, str], names: Sequence[str]) -> dict[str, str]:
    if isinstance(unit, str):
        return dict.fromkeys(names, unit)
    missing = [n for n in names if n not in unit]
    if missing:
        raise DisclosureError(f"{_STEP}: no unit for table(s) {missing}", reason="bad_parameter",
                              variable="unit", hint="give every table a unit (what its cells count)")
    return {n: unit[n] for n in names}


def protect_linked(
    tables: Mapping[str, pd.DataFrame],
    *,
    unit: str | Mapping[str, str],
    min_count: int = 5,
    zeros: str = "disclosive",
    margins: bool = True,
    complete: Sequence[str] = (),
) -> dict[str, ProtectedTable]:
    """Protect several count tables of the same people together by cell suppression.

    Parameters
    ----------
    tables
        Output name -> count table, as for :func:`protect_table`, with named rows and
        columns (the names are the dimensions that link the tables).
    unit
        What the cells count: one unit for all tables, or one per table. Only tables
        of the same unit are linked.
    min_count, zeros, margins
        As for :func:`protect_table` (zeros disclosive by default).
    complete
        Dimensions every respondent of the unit has (their totals are the unit's
        totals in every table); see :func:`~heroes_research.disclosure._ledger.cell_keys`.

    Returns
    -------
    dict
        Output name -> :class:`ProtectedTable`, in the order given.

    Raises
    ------
    DisclosureError
        As :func:`protect_table`; also a cell counted differently in two tables
        (naming both), or a table without a unit.
    """
    from scipy import sparse

    from heroes_research.disclosure._layout import layout_from_frame
    from heroes_research.disclosure._secondary import secondary_suppression

    min_count = check_min_count(min_count, _STEP)
    zeros = check_choice(zeros, ("safe", "disclosive"), _STEP, "zeros")
    units = _units(unit, list(tables))
    index: dict[tuple[str, Key], int] = {}
    seen_in: dict[int, tuple[str, float]] = {}
    parts = []
    for name, frame in tables.items():
        layout, values = layout_from_frame(frame, f"{_STEP} ({name})", counts=True)
        ids = np.array([index.setdefault((units[name], k), len(index))
                        for k in cell_keys(layout, frame, name, complete)])
        for cell, value, key in zip(ids, values, cell_keys(layout, frame, name, complete), strict=True):
            first = seen_in.setdefault(int(cell), (name, float(value)))
            if first[1] != value:
                where = ", ".join(f"{d}={v}" for d, v in key) or "everyone"
                raise DisclosureError(
                    f"{_STEP}: cell ({where}) is {first[1]:g} in {first[0]!r} but {value:g} in {name!r}",
                    reason="bad_table", variable=name,
                    hint="tables of different populations need different units; pass complete= only for "
                         "dimensions every respondent has")
        parts.append((name, layout, values, ids))
    values_all = np.array([seen_in[i][1] for i in range(len(index))])
    coo = [(layout.constraints.tocoo(), ids) for _, layout, _, ids in parts]
    offsets = np.cumsum([0] + [c.shape[0] for c, _ in coo])
    matrix = sparse.csr_matrix((
        np.concatenate([c.data for c, _ in coo]),
        (np.concatenate([c.row + off for (c, _), off in zip(coo, offsets, strict=False)]),
         np.concatenate([ids[c.col] for c, ids in coo])),
    ), shape=(offsets[-1], len(index)))
    primary = threshold_rule(values_all, min_count, zeros)
    hidden = secondary_suppression(matrix, values_all, primary.sensitive, primary.upper, primary.lower)
    note = (f"{SUPPRESSED_SYMBOL}: not shown to protect respondents (counts below {min_count}, and cells from "
            "which such counts could be derived, in this table or in the tables published with it).")
    return {
        name: assemble(layout, values, hidden[ids], threshold_rule(values, min_count, zeros),
                       method="suppress", min_count=min_count, note=note, margins=margins, integer=True)
        for name, layout, values, ids in parts
    }
