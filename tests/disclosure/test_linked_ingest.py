"""Issue 13 finding 2: the validation findings and the missing answers count the same invalid codes.

On the committed demo files: each instrument's "invalid code" and "out of range" findings
(by country) are the instrument's total of those missing reasons (by item), one cell in
the ledger. Protected together with ``protect_linked``, the joint attack over both
published tables pins no hidden cell and narrows none to 1-4, and ``counts_table``
publishes the linked pattern as it is.
"""

from __future__ import annotations

import pandas as pd
import pytest

from heroes_research import paths, tables
from heroes_research.disclosure import joint_attack, ledger_table, protect_linked
from heroes_research.pipeline import validate

UNIT = "ingest findings"
COMPLETE = ["country", "item"]
REASON_OF_RULE = {"code_not_declared": "Invalid code", "out_of_range": "Out of range"}


@pytest.fixture(scope="module")
def ingest_tables() -> dict[str, pd.DataFrame]:
    """The two tables of notebook 01 on the demo files: findings by (instrument, reason) x country,
    missing answers by (instrument, item) x reason."""
    result = validate(paths.raw_dir() / "demo", progress=False)
    report = result.report
    findings = pd.crosstab(
        [report["instrument"].rename("instrument"),
         report["rule"].map(lambda r: REASON_OF_RULE.get(r, r)).rename("reason")],
        report["country"].astype("string"))
    reasons = pd.concat({
        r.instrument: pd.DataFrame({c: r.data[c].value_counts() for c in r.data.columns
                                    if c.endswith("__missing")}).T
        for r in result.instruments}, names=["instrument", "item"])
    reasons = reasons.loc[reasons.sum(axis=1) > 0, reasons.sum() > 0].fillna(0).astype(int)
    return {"tab_violations_by_rule": findings, "tab_item_missing_reasons": reasons.rename_axis(columns="reason")}


def _attack(protected) -> pd.DataFrame:
    return joint_attack([ledger_table(name, UNIT, table, complete=COMPLETE) for name, table in protected.items()])


def test_the_tables_share_their_instrument_totals(ingest_tables):
    findings, reasons = ingest_tables.values()
    by_check = findings.sum(axis=1)
    by_reason = reasons.groupby(level="instrument").sum()
    for (instrument, reason), count in by_check.items():
        if reason in REASON_OF_RULE.values():
            assert by_reason.loc[instrument, reason] == count


def test_protected_together_no_hidden_cell_is_pinned_or_small(ingest_tables):
    linked = protect_linked(ingest_tables, unit=UNIT, complete=COMPLETE, zeros="safe")
    joint = _attack(linked)
    assert len(joint) and not joint["disclosed"].any(), joint[joint["disclosed"]]
    # a hidden cell is never narrowed to 1..4: it may be 0 or reach the threshold
    assert ((joint["low"] == 0) | (joint["high"] >= 5) | (joint["low"] >= 5)).all()


def test_counts_table_publishes_a_linked_pattern_as_it_is(ingest_tables):
    linked = protect_linked(ingest_tables, unit=UNIT, complete=COMPLETE, zeros="safe")
    published = tables.counts_table(linked["tab_item_missing_reasons"], title="Missing answers", source="demo")
    hidden = linked["tab_item_missing_reasons"].table.isna().to_numpy()
    assert (published.data.to_numpy()[hidden] == tables.SUPPRESSED).all()
    assert published.metadata["protected"] and published.metadata["min_count"] == 5
    assert "tables published with it" in published.note
