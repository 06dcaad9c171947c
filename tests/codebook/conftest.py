"""Fixtures for codebook tests: the three-country test codebook and a minimal YAML text."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"

#: A minimal valid codebook; tests break it one way at a time.
MINIMAL = """\
instrument: mini
version: "1.0"
id: rid
missing: {98: Don't know, 99: Refused}
variables:
  - {name: rid, label: Respondent id, type: text}
  - name: q1
    label: Agreement
    type: ordinal
    codes: {1: Disagree, 2: Neutral, 3: Agree}
  - {name: age, label: Age, type: numeric, range: [16, 99]}
countries:
  ES:
    file: es.sav
    variables:
      rid: {source: id}
      q1: {source: p1, recode: {0: 1, 1: 2, 2: 3}, missing: {9: 99}}
      age: edad
"""


@pytest.fixture
def minimal() -> str:
    """The text of a minimal valid codebook."""
    return MINIMAL


@pytest.fixture
def instrument_path() -> Path:
    return DATA / "instrument.yaml"


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write YAML text to tmp_path/codebook.yaml and return the path."""

    def write(text: str) -> Path:
        path = tmp_path / "codebook.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
