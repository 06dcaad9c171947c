"""The ingest as a build step of its own: raw data -> data/processed, before any notebook.

No notebook writes data/processed. When a selected notebook declares an input
under ``data/processed/`` and the registry names a raw folder (``ingest:``), the
build ingests that folder first if the processed data are missing or stale:
stale means the raw files, the codebooks or the library changed since the
generation it recorded, or another ingest replaced that generation since.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from heroes_research.build._cache import hash_files, hash_library, input_files
from heroes_research.build._registry import NotebookSpec, Registry
from heroes_research.errors import HeroesError
from heroes_research.io import atomic_write, current_generation

__all__ = ["INGEST_STEP", "needs_ingest", "reads_processed", "run_ingest_step"]

#: The name of the step in the build report.
INGEST_STEP = "ingest"
_PROCESSED = "data/processed/"


def reads_processed(spec: NotebookSpec) -> bool:
    """True if the notebook declares an input under data/processed/."""
    return any(pattern.startswith(_PROCESSED) for pattern in spec.inputs)


def needs_ingest(registry: Registry, specs: list[NotebookSpec]) -> bool:
    """True if the registry names a raw folder and a selected notebook reads data/processed."""
    return registry.ingest is not None and any(reads_processed(spec) for spec in specs)


def _key(root: Path, raw: str) -> str:
    digest = hashlib.sha256()
    hash_files(digest, root, input_files(root, f"{raw.rstrip('/')}/**"))
    hash_library(digest)
    return digest.hexdigest()


def run_ingest_step(raw: str, root: Path, processed: Path, cache_dir: Path,
                    force: bool) -> tuple[str, float, str]:
    """Ingest the raw folder ``raw`` (from ``root``) into ``processed`` unless still current.

    Returns
    -------
    tuple
        ``(status, seconds, message)``: status ``built``, ``cached`` or ``failed``
        (the message then names the file and what to do).
    """
    from heroes_research.pipeline import ingest

    record = cache_dir / f"{INGEST_STEP}.json"
    key = _key(root, raw)
    try:
        stored = json.loads(record.read_text())
    except (OSError, ValueError):
        stored = {}
    generation = current_generation(processed)
    if not force and generation is not None and stored == {"key": key, "generation": generation}:
        return "cached", 0.0, ""
    start = time.perf_counter()
    try:
        ingest(root / raw, out=processed, progress=False)
    except HeroesError as err:
        return "failed", time.perf_counter() - start, str(err)
    with atomic_write(record) as handle:
        json.dump({"key": key, "generation": current_generation(processed)}, handle)
    return "built", time.perf_counter() - start, ""
