"""Is a processed data set up to date with its study's raw files and codebook?

``data/processed/<instrument>.parquet`` is made by ``heroes ingest --raw data/raw/<study>``
from ``data/raw/<study>/<instrument>/codebook.yaml`` and the files it names; its sidecar
records their sha256. :func:`stale_inputs` tells which of a build's processed inputs are
missing or stale and the exact command that remakes each; ``heroes build`` runs it.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["StaleInput", "codebook_of", "ingest_command", "refresh_inputs", "stale_inputs"]


@dataclass(frozen=True)
class StaleInput:
    """A processed data set a notebook reads that is missing or older than its sources."""

    instrument: str
    study: Path | None  # the raw study folder, None if no codebook makes it
    why: str

    @property
    def command(self) -> str:
        """The command that (re)makes it."""
        return ingest_command(self.instrument)


def _relative(path: Path) -> str:
    from heroes_research.paths import project_root

    try:
        return path.resolve().relative_to(project_root().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def codebook_of(instrument: str) -> Path | None:
    """The ``data/raw/<study>/<instrument>/codebook.yaml`` that makes a processed data set, or None.

    Example
    -------
    >>> codebook_of("prevention").parent.parent.name
    'demo'
    """
    from heroes_research.paths import raw_dir

    found = sorted(raw_dir().glob(f"*/{instrument}/codebook.yaml"))
    return found[0] if found else None


def ingest_command(instrument: str) -> str:
    """The exact command that writes ``data/processed/<instrument>.parquet``.

    Example
    -------
    >>> ingest_command("prevention")
    'heroes ingest --raw data/raw/demo --instrument prevention'
    """
    codebook = codebook_of(instrument)
    if codebook is None:
        return (f"heroes ingest --raw data/raw/<study> --instrument {instrument} (no "
                f"data/raw/*/{instrument}/codebook.yaml yet: `heroes new-study --help`)")
    return f"heroes ingest --raw {_relative(codebook.parent.parent)} --instrument {instrument}"


def _why_stale(parquet: Path, codebook: Path) -> str | None:
    from heroes_research.provenance import sha256_file

    sidecar = parquet.with_suffix(".json")
    if not parquet.is_file() or not sidecar.is_file():
        return "missing"
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    if meta.get("codebook_sha256") != sha256_file(codebook):
        return "its codebook changed"
    for name, digest in (meta.get("sources") or {}).items():
        source = codebook.parent.parent / name
        if not source.is_file():
            return f"its source {name} is gone"
        if sha256_file(source) != digest:
            return f"its source {name} changed"
    return None


def _processed_names(inputs: Iterable[str]) -> list[str]:
    from heroes_research.paths import processed_dir

    folder = _relative(processed_dir())
    return [Path(i).stem for i in inputs
            if fnmatch.fnmatch(i, f"{folder}/*.parquet") and not any(ch in Path(i).stem for ch in "*?[")]


def stale_inputs(specs: Sequence[object]) -> list[StaleInput]:
    """The processed inputs of ``specs`` (registry notebooks) that are missing or stale.

    An input whose raw folder is itself an input of a notebook in ``specs`` is left out:
    that notebook ingests it (the demo's notebook 01 does).

    Example
    -------
    >>> from heroes_research.build import load_registry
    >>> stale_inputs(load_registry().select(["02_legal_harmonisation"]))
    []
    """
    from heroes_research.paths import processed_dir

    globs = [pattern for spec in specs for pattern in spec.inputs]
    out: list[StaleInput] = []
    for name in dict.fromkeys(_processed_names(globs)):
        codebook = codebook_of(name)
        if codebook is not None and any(fnmatch.fnmatch(_relative(codebook), g) for g in globs):
            continue
        if codebook is None:
            if not (processed_dir() / f"{name}.parquet").is_file():
                out.append(StaleInput(name, None, "missing, and no study codebook makes it"))
            continue
        why = _why_stale(processed_dir() / f"{name}.parquet", codebook)
        if why is not None:
            out.append(StaleInput(name, codebook.parent.parent, why))
    return out


def refresh_inputs(specs: Sequence[object], *, echo: bool = True) -> list[StaleInput]:
    """Ingest every stale processed input of ``specs`` (see :func:`stale_inputs`).

    Returns
    -------
    list of StaleInput
        What was ingested.

    Raises
    ------
    InputFileError
        ``missing_file`` for an input no codebook makes, with the command to run.
    CodebookError, ValidationError
        From the ingest (nothing is written then).
    """
    from heroes_research.errors import InputFileError
    from heroes_research.paths import processed_dir
    from heroes_research.pipeline import ingest

    stale = stale_inputs(specs)
    for item in stale:
        if item.study is None:
            raise InputFileError(f"processed data set {item.instrument!r} is {item.why}",
                                 file=processed_dir() / f"{item.instrument}.parquet", reason="missing_file",
                                 hint=f"create its study and codebook, then run: {item.command}")
    for item in stale:
        if echo:
            print(f"heroes build: {item.instrument} is {item.why}; running `{item.command}`")
        ingest(item.study, instruments=[item.instrument], progress=False)
    return stale

