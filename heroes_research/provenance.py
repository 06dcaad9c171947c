"""Provenance of outputs: file checksums, git commit, package version, demo-data flag.

Example
-------
>>> from heroes_research.provenance import DEMO_NOTE
>>> DEMO_NOTE.startswith("Synthetic demo data")
True
"""

from __future__ import annotations

import functools
import hashlib
import os
import subprocess
from pathlib import Path

from heroes_research.paths import project_root

__all__ = [
    "DEMO_NOTE",
    "git_commit",
    "package_version",
    "sha256_file",
]

#: Stated on every table and figure derived from the synthetic demo data.
DEMO_NOTE = "Synthetic demo data: not real respondents; for testing and illustration only."

def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file, read in chunks (:func:`hashlib.file_digest`).

    Example
    -------
    >>> from heroes_research.paths import project_root
    >>> len(sha256_file(project_root() / "pyproject.toml"))
    64
    """
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@functools.cache
def git_commit(root: Path | None = None) -> str:
    """Short commit of the project checkout, with ``+dirty`` if it has changes; ``unknown`` outside git."""
    folder = root or project_root()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=folder, capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=folder, capture_output=True, text=True, check=True, timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + ("+dirty" if dirty else "")


def package_version() -> str:
    """The installed heroes_research version."""
    from heroes_research import __version__

    return __version__
