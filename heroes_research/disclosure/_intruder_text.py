"""What published text and printed output disclose: counts beside estimates, prose, record ids.

The table attacks (:mod:`~heroes_research.disclosure._intruder_attacks`) read tables; these
read what notebook pages print and what the narrative states, in every published page
and document.

Example
-------
>>> [row["low"] for row in narrative_attack([("notebooks/a.html", "two of whom said yes")])]
[2.0]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from heroes_research.disclosure._intruder_attacks import derivation, small
from heroes_research.disclosure._intruder_read import number

__all__ = ["identifier_attack", "narrative_attack", "printed_estimates_attack"]

_RECORD_ID = re.compile(r"\b[A-Z]{2}(?:-[A-Z]{2,3})?-[A-Z]{1,2}\d{2,5}\b")


def printed_estimates_attack(frames: Iterable[tuple[str, pd.DataFrame]], min_count: int = 5) -> list[dict]:
    """Counts printed with tidy estimates (``n``, ``n_level``) on a notebook page.

    ``n_level`` of ``n`` is a published count: it discloses when it or ``n - n_level`` is
    within ``1 .. min_count - 1`` or when it is 0 or ``n`` (a share of 0 % / 100 %).
    """
    rows = []
    for where, frame in frames:
        columns = {str(c).strip().lower(): c for c in frame.columns}
        if not {"n", "n_level"} <= columns.keys():
            continue
        labels = [c for c in frame.columns if str(c).strip().lower() in ("country", "variable", "level", "group")]
        for _, record in frame.iterrows():
            k, n = number(record[columns["n_level"]]), number(record[columns["n"]])
            if k is None or not n or not (small(k, k, min_count) or small(n - k, n - k, min_count)
                                          or k in (0, n)):
                continue
            cell = ", ".join(str(record[c]) for c in labels)
            country = [str(record[columns["country"]])] if "country" in columns else [""]
            claim = {"kind": "share", "source": "", "row": country, "item": cell, "n": int(n),
                     "share": f"{100 * k / n:.6f}"}
            rows.append(derivation("printed_count", where, cell, f"n_level {k:g} of n {n:g} printed", k, k, claim))
    return rows


def narrative_attack(texts: Iterable[tuple[str, str]], min_count: int = 5) -> list[dict]:
    """Small counts of people stated in published prose (``(where, text)`` pairs)."""
    from heroes_research.disclosure._audit_text import small_counts

    rows = []
    for where, text in texts:
        for hit in small_counts(text, min_count):
            rows.append(derivation("narrative", where, repr(hit.text), hit.reason, hit.count, hit.count,
                             {"kind": "stated"}))
    return rows


def identifier_attack(texts: Iterable[tuple[str, str]]) -> list[dict]:
    """Record identifiers (``AT-I01``, ``ES-P012``) printed in a published file."""
    rows = []
    for where, text in texts:
        for found in sorted(set(_RECORD_ID.findall(text))):
            rows.append(derivation("record_id", where, found, "identifier printed", np.nan, np.nan,
                             {"kind": "identifier", "id": found}))
    return rows
