"""The synthetic coded-segments generator and the committed demo files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from heroes_research import qualitative as ql
from heroes_research.demo._segments import (
    CODE_FRAME,
    codeframe_yaml,
    make_coded_segments,
    segments_csv,
    write_coded_segments,
)

INTERVIEWS = Path(__file__).resolve().parents[2] / "data" / "raw" / "demo" / "interviews"


def test_generator_reproduces_the_committed_file_byte_for_byte():
    assert (
        segments_csv(make_coded_segments()).encode("utf-8")
        == (INTERVIEWS / "coded_segments.csv").read_bytes()
    )
    assert codeframe_yaml().encode("utf-8") == (INTERVIEWS / "codeframe.yaml").read_bytes()


def test_write_coded_segments_writes_the_same_bytes(tmp_path):
    written = write_coded_segments(tmp_path)
    assert [p.name for p in written] == ["coded_segments.csv", "codeframe.yaml", "README.md"]
    for path in written:
        assert path.read_bytes() == (INTERVIEWS / path.name).read_bytes()


def test_other_seed_gives_other_data():
    assert not make_coded_segments(seed=1).equals(make_coded_segments())


def test_demo_is_valid_ids_only_and_says_synthetic(demo):
    assert tuple(demo.columns) == ql.SEGMENT_COLUMNS  # no free-text column
    assert set(demo["stakeholder"]) <= set(ql.STAKEHOLDERS)
    assert demo["country"].nunique() == 15
    assert "Synthetic demo data" in (INTERVIEWS / "README.md").read_text()
    assert "synthetic: true" in (INTERVIEWS / "codeframe.yaml").read_text()


def test_double_coded_subset_has_realistic_disagreement(demo):
    coders = demo.groupby("interview_id")["coder"].nunique()
    assert 0.15 < (coders == 2).mean() < 0.45
    agreement = ql.code_agreement(demo, n_boot=0)
    assert agreement["kappa"].between(0.2, 0.99).mean() > 0.8  # good but imperfect


def test_codeframe_table_matches_the_generator():
    frame = ql.load_codeframe()
    expected = [f"{cat}/{code}" for cat, (_, codes) in CODE_FRAME.items() for code in codes]
    assert frame["code"].tolist() == expected
    assert isinstance(frame, pd.DataFrame) and frame["category"].nunique() == 4
