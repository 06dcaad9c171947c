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
        ("data/raw/values/ess/no.sav", 10, "real data must never be committed"),
        ("data/raw/values/ess/notes.txt", 10, "real data must never be committed"),
        ("data/raw/values/codebook.yaml", 10, "real data must never be committed"),
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


STUDY_FILES = ["data/raw/values/study.yaml", "data/raw/values/README.md", "data/raw/values/ess/codebook.yaml"]
STUDY_DATA = ["data/raw/values/ess/no.sav", "data/raw/values/ess/pooled.dta", "data/raw/values/ess/x.yaml",
              "data/raw/stray.csv"]


def test_a_study_folder_tracks_settings_and_codebooks_only(tmp_path: Path):
    """.gitignore and the hygiene check agree: a study's settings and codebooks in, its data out."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    shutil.copy(REPO_ROOT / ".gitignore", tmp_path / ".gitignore")
    for name in (*STUDY_FILES, *STUDY_DATA, "data/raw/demo/prevention/at.sav", "data/raw/legal/x.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    tracked = subprocess.run(["git", "ls-files"], cwd=tmp_path, capture_output=True, text=True,
                             check=True).stdout.split()
    assert sorted(tracked) == sorted([".gitignore", *STUDY_FILES, "data/raw/demo/prevention/at.sav",
                                      "data/raw/legal/x.csv"])
    assert check_repository(tmp_path) == []


def test_pre_commit_hooks_are_local_and_installed_by_make_setup():
    import yaml

    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # no network
    assert "pre-commit install" in (REPO_ROOT / "Makefile").read_text()


def test_the_jupytext_hook_passes_on_the_notebooks():
    import sys

    config = (REPO_ROOT / ".pre-commit-config.yaml").read_text()
    assert "jupytext --test --to ipynb" in config
    notebooks = sorted(str(p) for p in (REPO_ROOT / "notebooks").glob("*.py"))
    done = subprocess.run([sys.executable, "-m", "jupytext", "--test", "--to", "ipynb", *notebooks],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
