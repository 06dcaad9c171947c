"""Find the instruments of a raw-data folder: every sub-folder holding a ``codebook.yaml``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from heroes_research.errors import InputFileError

__all__ = ["CODEBOOK_NAME", "find_codebooks"]

CODEBOOK_NAME = "codebook.yaml"


def find_codebooks(raw: Path, instruments: Sequence[str] | None = None) -> list[Path]:
    """Codebook paths of ``raw/<instrument>/codebook.yaml``, sorted by instrument.

    Parameters
    ----------
    raw
        The raw-data folder, one sub-folder per instrument.
    instruments
        Only these instruments, in this order (default: every one found).

    Returns
    -------
    list of Path
        One ``codebook.yaml`` per instrument.

    Raises
    ------
    InputFileError
        ``missing_file`` if ``raw`` is not a folder, holds no codebook, or a requested
        instrument has none.

    Example
    -------
    >>> from heroes_research.paths import demo_raw_dir
    >>> [p.parent.name for p in find_codebooks(demo_raw_dir(), ["prevention"])]
    ['prevention']
    """
    if not raw.is_dir():
        raise InputFileError("the raw-data folder does not exist", file=raw, reason="missing_file",
                             hint="pass --raw DIR with one folder per instrument, or run `heroes demo`")
    found = {p.parent.name: p for p in sorted(raw.glob(f"*/{CODEBOOK_NAME}"))}
    if not found:
        raise InputFileError(
            f"no instrument folder with a {CODEBOOK_NAME} in the raw-data folder", file=raw,
            reason="missing_file",
            hint=f"put each instrument's files and its {CODEBOOK_NAME} in raw/<instrument>/",
        )
    if not instruments:
        return list(found.values())
    unknown = [name for name in instruments if name not in found]
    if unknown:
        raise InputFileError(
            f"no instrument {', '.join(map(repr, unknown))} in the raw-data folder", file=raw,
            reason="missing_file", hint=f"choose from {', '.join(found)}",
        )
    return [found[name] for name in instruments]
