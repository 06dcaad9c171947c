"""Shared test fixtures: seeded randomness, headless matplotlib, a temporary project root."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

REPO_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator: tests are deterministic."""
    return np.random.default_rng(20261122)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture
def project_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away project root (pyproject.toml, data/, reports/) for tests that write outputs.

    The committed demo data and external data are copied in, so readers find them.
    """
    (tmp_path / "pyproject.toml").write_text((REPO_ROOT / "pyproject.toml").read_text())
    for sub in ("data/raw/demo", "data/raw/legal", "data/external"):
        src = REPO_ROOT / sub
        if src.exists():
            shutil.copytree(src, tmp_path / sub)
    for sub in ("data/processed", "reports"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HEROES_PROJECT_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (notebooks, demo data) built once from cold, shared by the slow tests.

    Tests using it are marked ``slow`` and ``xdist_group("build")`` so that one worker builds once.
    """
    from heroes_research.build import build

    root = tmp_path_factory.mktemp("project")
    (root / "pyproject.toml").write_text((REPO_ROOT / "pyproject.toml").read_text())
    for sub in ("notebooks", "data/raw/demo", "data/raw/legal", "data/external"):
        shutil.copytree(REPO_ROOT / sub, root / sub,
                        ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    (root / "data" / "processed").mkdir()
    with pytest.MonkeyPatch.context() as patch:  # only while building: a session fixture must not leave
        patch.setenv("HEROES_PROJECT_ROOT", str(root))  # the project root pointing here for later tests
        patch.delenv("HEROES_REPORTS_DIR", raising=False)
        report = build(jobs=2, progress=False)
    assert report.ok, f"\n{report}\n" + "\n".join(o.message for o in report.outcomes)
    return root
