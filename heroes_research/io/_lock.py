"""An exclusive, advisory lock on a file: one build (or one ingest) at a time.

The lock is ``flock`` on ``<folder>/.lock``; the operating system releases it when
the holder exits, even by ``kill -9``, so a crashed build never leaves a stale lock.
The holder writes its process id into the file, which the refusal message names.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from heroes_research.errors import HeroesError, Reason

__all__ = ["exclusive_lock"]


@contextlib.contextmanager
def exclusive_lock(path: Path, what: str, error: type[HeroesError]) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the block, or raise ``error`` at once.

    Parameters
    ----------
    path
        The lock file (created if needed).
    what
        What the lock protects, for the message: ``"heroes build"``.
    error
        The exception class raised when another process holds the lock (reason
        ``locked``) or the folder is not writable (reason ``not_writable``).

    Example
    -------
    >>> import tempfile, pathlib
    >>> from heroes_research.errors import BuildError
    >>> lock = pathlib.Path(tempfile.mkdtemp()) / ".lock"
    >>> with exclusive_lock(lock, "heroes build", BuildError):
    ...     pass
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no advisory locks; run unlocked
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="utf-8")
    except OSError as err:
        raise error(f"{what}: cannot write to the folder {path.parent} ({err.strerror})",
                    reason=Reason.NOT_WRITABLE, file=path.parent,
                    hint="make the folder writable (chmod u+w) or point the command elsewhere") from err
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise error(f"another {what} is running (process {holder}) on {path.parent}",
                        reason=Reason.LOCKED, file=path,
                        hint=f"wait for it to finish, then run {what} again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
