"""Build cache: a notebook is rebuilt only when something it depends on changed.

The key hashes the notebook's source, the library's source, the files under its
declared inputs and its parameters, like jupyter-cache or Quarto's freeze.
The key is computed just before the notebook would run, so a notebook whose
inputs an upstream notebook has just rewritten sees the new inputs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import heroes_research
from heroes_research.build._registry import NotebookSpec
from heroes_research.io import atomic_write

__all__ = ["cache_key", "is_fresh", "record"]

_CHUNK = 1 << 20


def _hash_tree(digest: hashlib._Hash, root: Path, pattern: str) -> None:
    """Feed every file matching ``pattern`` under ``root`` (sorted) into ``digest``."""
    for path in sorted(p for p in root.glob(pattern) if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)


def cache_key(spec: NotebookSpec, root: Path, params: dict[str, Any]) -> str:
    """SHA-256 over the notebook source, library source, declared inputs and parameters."""
    digest = hashlib.sha256()
    _hash_tree(digest, root / "notebooks", f"{spec.name}.py")
    library = Path(heroes_research.__file__).parent
    _hash_tree(digest, library, "**/*.py")
    _hash_tree(digest, library, "**/*.yaml")
    for pattern in spec.inputs:
        _hash_tree(digest, root, pattern)
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _cache_file(cache_dir: Path, name: str) -> Path:
    return cache_dir / f"{name}.json"


def is_fresh(spec: NotebookSpec, key: str, cache_dir: Path, reports: Path) -> bool:
    """True if the last successful build of ``spec`` had ``key`` and its outputs are all there."""
    try:
        stored = json.loads(_cache_file(cache_dir, spec.name).read_text())
    except (OSError, ValueError):
        return False
    if stored.get("key") != key:
        return False
    expected = [reports / "notebooks" / f"{spec.name}.html"]
    expected += [reports / out.folder / f"{out.name}.json" for out in spec.outputs]
    return all(path.is_file() for path in expected)


def record(spec: NotebookSpec, key: str, cache_dir: Path, seconds: float) -> None:
    """Remember a successful build of ``spec``."""
    with atomic_write(_cache_file(cache_dir, spec.name)) as handle:
        json.dump({"key": key, "seconds": round(seconds, 2)}, handle, indent=2)
