"""Fixtures for the legal tests: the project's codebook, small fixture codings and a hand-made codebook.

The tests never read the project's codings (they change as the coders work): ``codings`` is
the fixture folder ``fixtures/codings/`` (invented values on the real codebook, including a
reform coded as two rows: FR age_of_consent 13 until 2021-04-23, then 15).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from heroes_research.legal import IndicatorSet, codings_from_frame, load_codings, load_indicators

MINI_YAML = """
version: test
lines: [legal_harmonisation, prevention]
areas: {x: "Area x", y: "Area y"}
indicators:
  - {id: b1, area: x, line: legal_harmonisation, question: "Binary?", type: binary,
     standard: {instrument: "Convention B", article: "art. 1"}, goalpost: {worst: "no", best: "yes"}}
  - {id: o1, area: x, line: legal_harmonisation, question: "Ordinal?", type: ordinal,
     levels: [none, partial, full], standard: {instrument: "Convention O", article: "art. 2"},
     goalpost: {worst: none, best: full}}
  - {id: n1, area: y, line: prevention, question: "Days?", type: numeric, unit: days, range: [0, 100],
     standard: {instrument: "Convention N", article: "art. 3"}, goalpost: {worst: 0, best: 30}}
  - {id: c1, area: y, line: prevention, question: "Kind?", type: categorical, levels: [p, q, r],
     standard: {instrument: "None", article: null}, goalpost: null, rationale: "descriptive"}
"""


@pytest.fixture(scope="session")
def indicators() -> IndicatorSet:
    return load_indicators()


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def codings(indicators):
    return load_codings(FIXTURES / "codings", indicators=indicators)


@pytest.fixture(scope="session")
def mini(tmp_path_factory) -> IndicatorSet:
    path = Path(tmp_path_factory.mktemp("mini")) / "mini.yaml"
    path.write_text(MINI_YAML, encoding="utf-8")
    return load_indicators(path)


def citation(value: str, *, start: str = "2024-01-01", statute: str = "Act", coder: str = "A") -> dict:
    """The protocol's citation columns of one coded row (or of an unknown row when ``value`` is empty)."""
    if value == "":
        return {"value": "", "status": "unknown", "coder": coder, "searched": "test search"}
    return {"value": value, "status": "draft", "valid_from": start, "attested_on": start, "statute": statute,
            "article": "", "source_type": "secondary", "document": "Test document",
            "url": "https://example.org/doc", "consulted": "2026-12-06", "excerpt": "test excerpt", "coder": coder}


def frame(rows: list[tuple], coder: str = "A") -> pd.DataFrame:
    """Protocol rows from (jurisdiction, indicator, value[, valid_from[, statute]]) tuples; empty value = unknown.

    Rows of one (jurisdiction, indicator) are chained in the given order: each ends (``valid_to``)
    where the next begins, so a reform is two tuples with different dates.
    """
    out = []
    for r in rows:
        jurisdiction, indicator, value = r[:3]
        start = r[3] if len(r) > 3 else "2024-01-01"
        statute = r[4] if len(r) > 4 else f"Act {jurisdiction} {indicator}"
        cells = citation(value, start=start, statute=statute, coder=coder)
        if value == "" and len(r) > 3:
            cells["valid_from"] = start
        out.append({"jurisdiction": jurisdiction, "indicator": indicator, **cells})
    table = pd.DataFrame(out).fillna("")
    for col in ("valid_from", "valid_to", "attested_on"):
        table[col] = table.get(col, pd.Series("", index=table.index)).fillna("")
    start = table["valid_from"].where(table["valid_from"].ne(""), table["attested_on"])
    following = start.groupby([table["jurisdiction"], table["indicator"]]).shift(-1).fillna("")
    return table.assign(valid_to=following)


def make(mini: IndicatorSet, rows: list[tuple], coder: str = "A"):
    """Validated Codings over the mini codebook."""
    return codings_from_frame(frame(rows, coder), mini)
