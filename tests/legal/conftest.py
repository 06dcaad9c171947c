"""Fixtures for the legal tests: the project's codebook and codings, and a small hand-made codebook."""

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


@pytest.fixture(scope="session")
def codings(indicators):
    return load_codings(indicators=indicators)


@pytest.fixture(scope="session")
def mini(tmp_path_factory) -> IndicatorSet:
    path = Path(tmp_path_factory.mktemp("mini")) / "mini.yaml"
    path.write_text(MINI_YAML, encoding="utf-8")
    return load_indicators(path)


def frame(rows: list[tuple], coder: str = "A") -> pd.DataFrame:
    """Codings rows from (country, indicator, value[, as_of[, source]]) tuples; empty value = unknown."""
    out = []
    for r in rows:
        country, indicator, value = r[:3]
        as_of = r[3] if len(r) > 3 else "2024-01-01"
        source = r[4] if len(r) > 4 else f"Act {country} s. {indicator}"
        out.append({"country": country, "indicator": indicator, "value": value, "as_of": as_of,
                    "source": source, "source_url": "", "coder": coder,
                    "status": "draft" if value != "" else "unknown", "note": ""})
    return pd.DataFrame(out)


def make(mini: IndicatorSet, rows: list[tuple], coder: str = "A"):
    """Validated Codings over the mini codebook."""
    return codings_from_frame(frame(rows, coder), mini)
