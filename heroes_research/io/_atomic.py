"""Atomic file writes: a failed or interrupted write leaves the previous file intact.

Why hand-written: the standard recipe (temporary file in the same folder, fsync,
``os.replace``) is a dozen lines; a dependency such as ``atomicwrites`` is
unmaintained and does not cover writers that insist on a path (pyarrow, openpyxl).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from heroes_research.errors import OutputError, Reason

__all__ = ["atomic_path", "atomic_write", "write_error"]


def _default_mode() -> int:
    """The mode a plain ``open(..., "w")`` would give: 0o666 less the process umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it onto ``target`` on success.

    Use it with writers that take a path (``df.to_parquet``, ``fig.savefig``,
    ``workbook.save``). If the block raises, the temporary file is removed and
    ``target`` is untouched.

    Example
    -------
    >>> import pandas as pd, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> with atomic_path(out) as tmp:
    ...     pd.DataFrame({"a": [1]}).to_csv(tmp, index=False)
    >>> out.read_text()
    'a\\n1\\n'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _default_mode())  # mkstemp creates 0600; outputs are ordinary files
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_write(
    target: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open a temporary file beside ``target`` for writing; replace ``target`` on success.

    Example
    -------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
    >>> with atomic_write(out) as fh:
    ...     _ = fh.write("hello")
    >>> out.read_text()
    'hello'
    """
    binary = "b" in mode
    with atomic_path(target) as tmp, open(
        tmp, mode, encoding=None if binary else encoding, newline=None if binary else ""
    ) as handle:
        yield handle


def write_error(err: OSError, folder: Path, what: str, hint: str) -> OutputError:
    """A clear OutputError for an operating-system error while writing into ``folder``.

    Disk full and read-only folders get their own reason codes and say what to do.

    Example
    -------
    >>> import errno
    >>> write_error(OSError(errno.ENOSPC, "No space left"), Path("reports"), "saving", "retry").reason
    <Reason.DISK_FULL: 'disk_full'>
    """
    if err.errno == errno.ENOSPC:
        return OutputError(f"{what}: the disk is full", reason=Reason.DISK_FULL, file=folder,
                           hint=f"free some space, then run it again; {hint}")
    if err.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        return OutputError(f"{what}: the folder is not writable", reason=Reason.NOT_WRITABLE,
                           file=folder, hint=f"make it writable (chmod u+w) or choose another; {hint}")
    return OutputError(f"{what}: {err.strerror or err}", reason=Reason.WRITE_FAILED,
                       file=err.filename or folder, hint=hint)
