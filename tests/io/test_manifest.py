"""write_manifest / verify_manifest."""

from __future__ import annotations

import hashlib

import pytest

from heroes_research.errors import InputFileError
from heroes_research.io import verify_manifest, write_manifest

CSV = b"q1\n1\n"
SAV = b"$FL2 not really"


@pytest.fixture
def raw(tmp_path):
    folder = tmp_path / "raw"
    (folder / "es").mkdir(parents=True)
    (folder / "b.csv").write_bytes(CSV)
    (folder / "es" / "a.sav").write_bytes(SAV)
    (folder / ".gitkeep").write_bytes(b"")
    return folder


def test_manifest_lines_are_sorted_sha256sum_format(raw):
    path = write_manifest(raw)
    assert path == raw / "MANIFEST"
    assert path.read_text() == (
        f"{hashlib.sha256(CSV).hexdigest()}  b.csv\n"
        f"{hashlib.sha256(SAV).hexdigest()}  es/a.sav\n"
    )
    verify_manifest(raw)  # passes


def test_manifest_is_byte_identical_when_rewritten(raw):
    first = write_manifest(raw).read_bytes()
    assert write_manifest(raw).read_bytes() == first


def test_verify_lists_every_changed_missing_and_extra_file(raw):
    write_manifest(raw)
    (raw / "b.csv").write_bytes(b"q1\n2\n")
    (raw / "es" / "a.sav").unlink()
    (raw / "new.xlsx").write_bytes(b"PK")
    with pytest.raises(InputFileError) as info:
        verify_manifest(raw)
    error = info.value
    assert error.reason == "checksum_mismatch"
    assert error.failures[["path", "problem"]].values.tolist() == [
        ["b.csv", "changed"], ["es/a.sav", "missing"], ["new.xlsx", "extra"]]
    for name in ("b.csv", "es/a.sav", "new.xlsx", "MANIFEST"):
        assert name in str(error)


def test_verify_without_manifest(raw):
    with pytest.raises(InputFileError) as info:
        verify_manifest(raw)
    assert info.value.reason == "missing_file"
    assert "MANIFEST" in str(info.value)


def test_malformed_manifest_line(raw):
    (raw / "MANIFEST").write_text("abc b.csv\n")
    with pytest.raises(InputFileError) as info:
        verify_manifest(raw)
    assert info.value.reason == "corrupt_file"
    assert info.value.rows == [1]


def test_not_a_folder(tmp_path):
    with pytest.raises(InputFileError) as info:
        write_manifest(tmp_path / "absent")
    assert info.value.reason == "missing_file"


def test_not_a_folder_says_whether_it_is_absent_or_a_file(tmp_path):
    with pytest.raises(InputFileError, match="the folder does not exist") as info:
        verify_manifest(tmp_path / "absent")
    assert "absent" in str(info.value) and "what to do" in str(info.value)
    (tmp_path / "a.csv").write_text("q1\n")
    with pytest.raises(InputFileError, match="not a folder") as info:
        write_manifest(tmp_path / "a.csv")
    assert "a.csv" in str(info.value)
