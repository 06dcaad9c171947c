"""Repository hygiene: what must never be committed.

Real data describe practitioners and victims of sexual crimes, so the only data
files a commit may hold are the synthetic demo data, the desk-coded legal
codings, reference data and test fixtures. A study folder ``data/raw/<study>/``
may hold in git only its ``study.yaml``, its ``<instrument>/codebook.yaml`` files
and READMEs (the settings and codebooks, never the raw files). Executed notebooks and built outputs
are generated, never committed; no file may exceed 5 MB.

Run as ``python -m heroes_research.build._hygiene`` (the pre-commit hook does).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath

__all__ = ["MAX_TRACKED_BYTES", "check_repository"]

MAX_TRACKED_BYTES = 5 * 1024 * 1024
DATA_SUFFIXES = {".sav", ".zsav", ".por", ".dta", ".xlsx", ".xls", ".csv", ".parquet", ".feather", ".rds"}
#: Folders whose data files may be committed (synthetic, desk-coded law, public reference, fixtures).
ALLOWED_DATA = ("data/raw/demo/", "data/raw/legal/", "data/external/", "tests/")
KEEP_FILES = {"README.md", ".gitkeep"}
#: Tracked files of a study folder, by path depth: data/raw/<study>/study.yaml and
#: data/raw/<study>/<instrument>/codebook.yaml (.gitignore keeps the same list).
STUDY_FILES = {4: {"study.yaml"}, 5: {"codebook.yaml"}}


def _study_file(path: PurePosixPath) -> bool:
    """A study's settings, codebook or README (``data/raw/<study>/...``), never its data."""
    return path.name in KEEP_FILES or path.name in STUDY_FILES.get(len(path.parts), set())


def _tracked(root: Path) -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
    return [name for name in result.stdout.decode().split("\0") if name]


def _problem(name: str, root: Path) -> str | None:
    path = PurePosixPath(name)
    if path.suffix == ".ipynb":
        return f"{name}: executed notebook; commit only the jupytext .py form"
    if name.startswith(("data/processed/", "reports/")) and path.name not in KEEP_FILES:
        return f"{name}: built output; it is rebuilt by 'make report' and must not be committed"
    if name.startswith("data/raw/") and not name.startswith(("data/raw/demo/", "data/raw/legal/")) \
            and not _study_file(path):
        return (f"{name}: raw data of a study; real data must never be committed (a study folder "
                "tracks only study.yaml, <instrument>/codebook.yaml and READMEs): git rm --cached it")
    if path.suffix.lower() in DATA_SUFFIXES and not name.startswith(ALLOWED_DATA):
        return f"{name}: data file outside the synthetic/reference data folders"
    file = root / name
    if file.is_file() and file.stat().st_size > MAX_TRACKED_BYTES:
        return f"{name}: {file.stat().st_size / 2**20:.1f} MB, over the 5 MB limit"
    return None


def check_repository(root: Path) -> list[str]:
    """Every hygiene problem among the files git tracks under ``root`` (empty when clean).

    Example
    -------
    >>> from heroes_research.paths import project_root
    >>> check_repository(project_root())  # doctest: +SKIP
    []
    """
    return [p for p in (_problem(name, root) for name in _tracked(root)) if p]


if __name__ == "__main__":
    from heroes_research.paths import project_root

    found = check_repository(project_root())
    print("\n".join(found) or "repository hygiene: ok")
    sys.exit(1 if found else 0)
