"""Build cache: a notebook is rebuilt only when something it depends on changed.

The key hashes the notebook's source, the library's source, every file its
declared inputs match and its parameters, like jupyter-cache or Quarto's freeze.
The key is computed just before the notebook would run, so a notebook whose
inputs an upstream notebook has just rewritten sees the new inputs.

A notebook is *fresh* only if its last successful build had the same key and
every file that build promoted is still in reports/ with the sha256 recorded
then: a file deleted, truncated or half-replaced (a build killed while promoting)
makes the notebook stale, so the next build repairs it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import heroes_research
from heroes_research.build._registry import NotebookSpec
from heroes_research.io import atomic_write

__all__ = ["cache_key", "forget", "hash_files", "hash_library", "input_files", "is_fresh", "output_hashes",
           "record"]

_CHUNK = 1 << 20


def input_files(root: Path, pattern: str) -> list[Path]:
    """Every file (not folder) that ``pattern`` matches under ``root``, sorted.

    ``dir/**`` means every file below ``dir`` at any depth: on Python 3.11
    ``Path.glob("dir/**")`` yields only folders, so it is read as ``dir/**/*``.
    Temporary files of atomic writes (``.name.tmp``) are left out.

    Example
    -------
    >>> from heroes_research.paths import project_root
    >>> files = input_files(project_root(), "data/raw/legal/**")
    >>> len(files) > 0 and all(f.is_file() for f in files)
    True
    """
    stripped = pattern.rstrip("/")
    expanded = f"{stripped}/*" if stripped.endswith("**") else pattern
    return sorted(p for p in root.glob(expanded) if p.is_file() and not p.name.endswith(".tmp"))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_files(digest: Any, root: Path, files: Iterable[Path]) -> None:
    """Feed each file's path (relative to ``root``) and content into ``digest``."""
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(_file_sha256(path).encode())


def hash_library(digest: Any) -> None:
    """Feed the library's source (``.py`` and ``.yaml`` files) into ``digest``."""
    library = Path(heroes_research.__file__).parent
    hash_files(digest, library, input_files(library, "**/*.py") + input_files(library, "**/*.yaml"))


def cache_key(spec: NotebookSpec, root: Path, params: dict[str, Any]) -> str:
    """SHA-256 over the notebook source, library source, declared input files and parameters."""
    digest = hashlib.sha256()
    hash_files(digest, root, [spec.source_path(root)])
    hash_library(digest)
    for pattern in spec.inputs:
        digest.update(f"input {pattern}\0".encode())
        hash_files(digest, root, input_files(root, pattern))
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _cache_file(cache_dir: Path, name: str) -> Path:
    return cache_dir / f"{name}.json"


def output_hashes(reports: Path, files: Iterable[Path]) -> dict[str, str]:
    """``{path relative to reports: sha256}`` of the promoted ``files``."""
    return {path.relative_to(reports).as_posix(): _file_sha256(path) for path in sorted(files)}


def is_fresh(spec: NotebookSpec, key: str, cache_dir: Path, reports: Path) -> bool:
    """True if the last build of ``spec`` had ``key`` and every file it promoted is unchanged."""
    try:
        stored = json.loads(_cache_file(cache_dir, spec.name).read_text())
        outputs: dict[str, str] = stored["outputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if stored.get("key") != key:
        return False
    recorded = {tuple(rel.split("/", 1)) for rel in outputs}
    expected = {("notebooks", f"{spec.name}.html")}
    covered = {(folder, name.split(".", 1)[0]) for folder, name in recorded}
    if not {(out.folder, out.name) for out in spec.outputs} <= covered or not expected <= recorded:
        return False
    for rel, sha in outputs.items():
        path = reports / rel
        if not path.is_file() or _file_sha256(path) != sha:
            return False
    return True


def record(spec: NotebookSpec, key: str, cache_dir: Path, seconds: float,
           outputs: dict[str, str]) -> None:
    """Remember a successful build of ``spec`` and the sha256 of every file it promoted."""
    with atomic_write(_cache_file(cache_dir, spec.name)) as handle:
        json.dump({"key": key, "seconds": round(seconds, 2), "outputs": outputs}, handle, indent=2)


def forget(spec: NotebookSpec, cache_dir: Path) -> None:
    """Drop the cache record of ``spec`` (its outputs are about to change)."""
    _cache_file(cache_dir, spec.name).unlink(missing_ok=True)
