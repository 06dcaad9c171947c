"""Atomic writes: a failed write leaves the old file; a good one gives an ordinary file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from heroes_research.io import atomic_path, atomic_write


def test_failed_write_leaves_previous_file_and_no_temporary(tmp_path: Path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_written_file_has_the_umask_mode_not_mkstemps_0600(tmp_path: Path):
    old = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "sub" / "out.bin") as tmp:
            tmp.write_bytes(b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "sub" / "out.bin").stat().st_mode) == 0o644
