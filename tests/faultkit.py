"""Helpers of the fault-injection tests: run a command killed at a point, mount small filesystems."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from heroes_research._faults import FAULT_ENV

REPO_ROOT = Path(__file__).resolve().parents[1]


def heroes(*args: str, root: Path, fault: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``heroes ARGS`` on the project ``root`` (killed by SIGKILL at ``fault``)."""
    env = {**os.environ, "HEROES_PROJECT_ROOT": str(root),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop(FAULT_ENV, None)
    if fault is not None:
        env[FAULT_ENV] = fault
    return subprocess.run([sys.executable, "-m", "heroes_research.cli", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def processes_of(root: Path) -> list[int]:
    """Process ids whose environment names ``root`` as the project (workers, kernels)."""
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc (Linux) to see the processes of a build")
    marker = f"HEROES_PROJECT_ROOT={root}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            with contextlib.suppress(OSError):
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
    return found


def wait_until_gone(root: Path, seconds: float = 10.0) -> list[int]:
    """Wait for every process of ``root`` to exit; return those still running (then kill them)."""
    deadline = time.monotonic() + seconds
    while (left := processes_of(root)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


@contextlib.contextmanager
def small_filesystem(folder: Path, options: str) -> Iterator[Path]:
    """Mount a tmpfs with ``options`` (e.g. ``size=64k`` or ``ro``) on ``folder``; skip if not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
