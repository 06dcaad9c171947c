"""The scripts beside the legal data: the blind-coding sample, the coverage targets, the reconciliation."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

from heroes_research.paths import raw_dir

from .conftest import FIXTURES


def _script(name: str):
    path = raw_dir() / "legal" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_script_falls_back_to_all_cells_while_the_coding_is_nearly_empty(tmp_path, capsys):
    out = tmp_path / "sample.csv"
    _script("second_coding_sample").main(FIXTURES / "codings", out)
    sample = pd.read_csv(out)
    assert list(sample.columns) == ["jurisdiction", "indicator"]
    assert "of ALL cells" in capsys.readouterr().out  # the fixture codes 5 % of the cells
    assert len(sample) >= 0.25 * 17 * 68


def test_sample_script_samples_coded_cells_once_enough_are_coded(tmp_path, capsys, monkeypatch):
    script = _script("second_coding_sample")
    monkeypatch.setattr(script, "NEARLY_EMPTY", 0.01)
    out = tmp_path / "sample.csv"
    script.main(FIXTURES / "codings", out)
    assert "of the 54 coded cells" in capsys.readouterr().out
    coded = pd.concat(pd.read_csv(f, dtype=str, keep_default_na=False) for f in (FIXTURES / "codings").glob("*.csv"))
    coded = set(zip(*coded[coded["status"] != "unknown"][["jurisdiction", "indicator"]].T.values, strict=True))
    assert set(zip(*pd.read_csv(out).T.values, strict=True)) <= coded


def test_coverage_script_prints_the_targets(capsys):
    _script("coverage").main(FIXTURES / "codings", "2024-01-01")
    printed = capsys.readouterr().out
    assert "cells coded with a citation" in printed and "least-covered area" in printed
    assert "By jurisdiction" in printed


def test_reconcile_script_keeps_the_coders_notes(tmp_path: Path, capsys):
    out = tmp_path / "reconciliation.csv"
    script = _script("reconcile")
    script.main(FIXTURES / "codings", FIXTURES / "second_coding", out)
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(table) == 2 and table["agreed"].eq("").all()
    table.loc[0, ["agreed", "note"]] = ["statutory_provision", "re-read the act"]
    table.to_csv(out, index=False)
    script.main(FIXTURES / "codings", FIXTURES / "second_coding", out)
    again = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert again.loc[0, "note"] == "re-read the act" and "1 reconciled" in capsys.readouterr().out
