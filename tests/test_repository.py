"""Repository hygiene: no real data, executed notebooks, built outputs or big files tracked."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO_ROOT

from heroes_research.build._hygiene import check_repository

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (REPO_ROOT / ".git").exists(), reason="not a git checkout"
)


def test_this_repository_is_clean():
    assert check_repository(REPO_ROOT) == []


@pytest.mark.parametrize(
    ("name", "size", "fragment"),
    [
        ("notebooks/05_early_identification.ipynb", 10, "executed notebook"),
        ("reports/figures/fig.png", 10, "built output"),
        ("data/processed/early_identification.parquet", 10, "built output"),
        ("data/raw/es_2025/fieldwork.sav", 10, "real data must never be committed"),
        ("analysis/respondents.csv", 10, "data file outside"),
        ("notebooks/big.bin", 5 * 1024 * 1024 + 1, "over the 5 MB limit"),
    ],
)
def test_each_violation_is_found(tmp_path: Path, name: str, size: int, fragment: str):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "data/raw/demo").mkdir(parents=True)
    (tmp_path / "data/raw/demo/ok.sav").write_bytes(b"x")
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"x" * size)
    subprocess.run(["git", "add", "-f", "."], cwd=tmp_path, check=True)
    problems = check_repository(tmp_path)
    assert len(problems) == 1 and problems[0].startswith(name) and fragment in problems[0]
