"""Project paths, found from the project root, never from the current directory.

The root is the folder that holds ``pyproject.toml`` above this package (an
editable install or a checkout). ``HEROES_PROJECT_ROOT`` overrides it, which the
tests use to build in temporary folders. ``HEROES_REPORTS_DIR`` overrides where
outputs go: ``heroes build`` points it at a staging folder per notebook, so that a
notebook that fails keeps its previous outputs.

Example
-------
>>> from heroes_research import paths
>>> paths.processed_dir().name
'processed'
"""

from __future__ import annotations

import os
from pathlib import Path

from heroes_research.errors import HeroesError

__all__ = [
    "data_dir",
    "demo_raw_dir",
    "external_dir",
    "notebooks_dir",
    "processed_dir",
    "project_root",
    "raw_dir",
    "reports_dir",
]

ROOT_ENV = "HEROES_PROJECT_ROOT"
REPORTS_ENV = "HEROES_REPORTS_DIR"


def project_root() -> Path:
    """Return the project root: ``$HEROES_PROJECT_ROOT`` or the folder holding pyproject.toml."""
    override = os.environ.get(ROOT_ENV)
    if override:
        return Path(override).resolve()
    for folder in Path(__file__).resolve().parents:
        if (folder / "pyproject.toml").is_file():
            return folder
    raise HeroesError(
        "cannot find the project root (no pyproject.toml above the package)",
        reason="no_project_root",
        hint=f"install heroes_research from a checkout (pip install -e .) or set {ROOT_ENV}",
    )


def data_dir() -> Path:
    """``<root>/data``."""
    return project_root() / "data"


def raw_dir() -> Path:
    """``<root>/data/raw``: immutable inputs."""
    return data_dir() / "raw"


def demo_raw_dir() -> Path:
    """``<root>/data/raw/demo``: the committed synthetic demo data."""
    return raw_dir() / "demo"


def processed_dir() -> Path:
    """``<root>/data/processed``: derived data, never committed."""
    return data_dir() / "processed"


def external_dir() -> Path:
    """``<root>/data/external``: reference data such as map boundaries."""
    return data_dir() / "external"


def reports_dir() -> Path:
    """``$HEROES_REPORTS_DIR`` or ``<root>/reports``: built outputs, never committed.

    Write figures under ``reports_dir() / "figures"`` and tables under ``reports_dir() / "tables"``.
    """
    override = os.environ.get(REPORTS_ENV)
    return Path(override).resolve() if override else project_root() / "reports"


def notebooks_dir() -> Path:
    """``<root>/notebooks``: jupytext percent scripts."""
    return project_root() / "notebooks"
