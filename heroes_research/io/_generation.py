"""Processed data as generations: every data set of one ingest, promoted by one rename.

Layout of ``data/processed/``::

    .generations/gen-<id>/     one complete ingest (parquet, sidecars, reports)
    current -> .generations/gen-<id>     the promoted generation (a symlink)
    <name>.parquet -> current/<name>.parquet   stable names, for readers and globs
    .lock                      held by the ingest writing a generation

An ingest writes a new generation folder (data sets it does not rewrite are carried
forward whole from the current one), fsyncs it, and then replaces the ``current``
symlink in one ``rename``: a reader sees either the previous set or the
new one, never a mix, and a kill at any point leaves the previous set in place. The
next ingest removes unfinished generation folders, older generations and stray
temporary files (which may hold respondent-level data).

Example
-------
>>> import pandas as pd, tempfile, pathlib
>>> from heroes_research.io import write_processed, read_processed
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with processed_generation(folder) as gen:
...     _ = write_processed(pd.DataFrame({"q": [1]}), "a", metadata={"demo": True}, root=gen)
>>> read_processed("a", root=folder).metadata["generation"] == current_generation(folder)
True
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from heroes_research._faults import fault_point
from heroes_research.errors import OutputError
from heroes_research.io._atomic import write_error
from heroes_research.io._lock import exclusive_lock

__all__ = ["CURRENT", "GENERATIONS", "current_generation", "processed_generation"]

CURRENT = "current"
GENERATIONS = ".generations"


def current_generation(folder: Path) -> str | None:
    """The id (folder name) of the promoted generation under ``folder``, or None."""
    link = folder / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


@contextlib.contextmanager
def processed_generation(folder: Path) -> Iterator[Path]:
    """Yield a new, empty generation folder; promote it as a whole when the block succeeds.

    Parameters
    ----------
    folder
        The processed-data folder (``data/processed``).

    Raises
    ------
    OutputError
        ``locked`` if another ingest is writing to ``folder``; ``not_writable``,
        ``disk_full`` or ``write_failed`` if the folder cannot be written. The
        previous generation is untouched then.
    """
    what = f"writing processed data to {folder}"
    keep = "the previous processed data are unchanged"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_error(err, folder, what, "give an existing, writable folder (--out DIR)") from err
    with exclusive_lock(folder / ".lock", "heroes ingest", OutputError):
        _clean(folder, keep=None)
        try:
            (folder / GENERATIONS).mkdir(exist_ok=True)
            new = Path(tempfile.mkdtemp(prefix="gen-", dir=folder / GENERATIONS))
        except OSError as err:
            raise write_error(err, folder, what, keep) from err
        try:
            yield new
            _carry_forward(folder, new)
            _fsync_tree(new)
            _link_names(folder, new)
            fault_point("ingest:swap")
            _swap(folder, new)
        except OSError as err:
            shutil.rmtree(new, ignore_errors=True)
            raise write_error(err, folder, what, keep) from err
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        fault_point("ingest:cleanup")
        _clean(folder, keep=new)


def _data_set(path: Path) -> str:
    """The data set a file belongs to: ``a.parquet``, ``a.json``, ``a.validation.csv`` -> ``a``."""
    return path.name.split(".", 1)[0]


def _carry_forward(folder: Path, new: Path) -> None:
    """Hard-link into ``new`` every data set of the current generation that ``new`` does not rewrite.

    An ingest of one study (or of some instruments) must not drop the others' data: a
    data set is taken whole from the new ingest or whole from the previous generation,
    so the promoted set stays complete and each data set consistent with its sidecar.
    """
    current = current_generation(folder)
    if current is None:
        return
    rewritten = {_data_set(p) for p in new.iterdir()}
    for path in sorted((folder / GENERATIONS / current).iterdir()):
        if _data_set(path) in rewritten:
            continue
        try:
            os.link(path, new / path.name)
        except OSError:  # a file system without hard links: copy
            shutil.copy2(path, new / path.name)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _symlink_atomically(target: str, link: Path) -> None:
    """Point ``link`` at ``target`` by one rename (a reader never sees it missing)."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.link.tmp")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _link_names(folder: Path, new: Path) -> None:
    """``<name> -> current/<name>`` for every file of the new generation."""
    for path in sorted(new.iterdir()):
        link = folder / path.name
        target = f"{CURRENT}/{path.name}"
        if not (link.is_symlink() and os.readlink(link) == target):
            _symlink_atomically(target, link)


def _swap(folder: Path, new: Path) -> None:
    _symlink_atomically(f"{GENERATIONS}/{new.name}", folder / CURRENT)
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _clean(folder: Path, keep: Path | None) -> None:
    """Remove other generations, dangling names and temporary files (under the lock)."""
    current = folder / GENERATIONS / (current_generation(folder) or "")
    for gen in (folder / GENERATIONS).glob("gen-*"):
        if gen not in {keep, current}:
            shutil.rmtree(gen, ignore_errors=True)
    for path in folder.iterdir():
        if path.name.endswith(".tmp") or (path.is_symlink() and path.name != CURRENT and not path.exists()):
            path.unlink(missing_ok=True)
