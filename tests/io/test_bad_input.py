"""Every bad-input path of read_survey: the error class, the reason and what the message names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from heroes_research.errors import InputFileError
from heroes_research.io import read_survey

EXTERNAL = Path(__file__).resolve().parents[1] / "data" / "external_files"


def _error(path, **options) -> InputFileError:
    with pytest.raises(InputFileError) as info:
        read_survey(path, **options)
    assert str(path) in str(info.value)  # every message names the file
    assert info.value.file == str(path)
    assert " -- what to do: " in str(info.value)
    return info.value


def test_missing_file(tmp_path):
    assert _error(tmp_path / "absent.sav").reason == "missing_file"


def test_folder_instead_of_file(tmp_path):
    folder = tmp_path / "survey.sav"
    folder.mkdir()
    assert _error(folder).reason == "missing_file"


def test_unreadable_file(tmp_path, monkeypatch):
    from heroes_research.io import _detect

    path = tmp_path / "locked.sav"
    shutil.copy(EXTERNAL / "iris.sav", path)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_detect, "open", denied, raising=False)  # tests run as root: chmod is moot
    error = _error(path)
    assert error.reason == "unreadable_file"
    assert "Permission denied" in str(error)


@pytest.mark.parametrize("suffix", [".sav", ".dta", ".csv", ".xlsx", ".parquet", ".por"])
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.touch()
    error = _error(path)
    assert error.reason == "empty_file"
    assert "0 bytes" in str(error)


@pytest.mark.parametrize("cut", [60, 1500, -200])
def test_truncated_sav(tmp_path, cut):
    path = tmp_path / "cut.sav"
    path.write_bytes((EXTERNAL / "testdata.sav").read_bytes()[:cut])
    error = _error(path)
    assert error.reason in {"truncated_file", "corrupt_file"}
    assert error.reason == ("truncated_file" if cut > 0 else "corrupt_file")


def test_corrupt_sav(tmp_path):
    path = tmp_path / "garbage.sav"
    path.write_bytes(b"$FL2" + bytes(range(256)) * 8)
    error = _error(path)
    assert error.reason == "corrupt_file"
    assert "SPSS/Stata/PSPP" in str(error)


def test_sav_named_dta_is_detected_by_its_magic_bytes(tmp_path):
    path = tmp_path / "survey.dta"
    shutil.copy(EXTERNAL / "iris.sav", path)
    error = _error(path)
    assert error.reason == "wrong_extension"
    assert "this looks like an SPSS system file" in str(error)
    assert "rename it to 'survey.sav'" in str(error)


def test_dta_named_csv(tmp_path):
    path = tmp_path / "survey.csv"
    shutil.copy(EXTERNAL / "iris.dta", path)
    error = _error(path)
    assert error.reason == "wrong_extension"
    assert "rename it to 'survey.dta'" in str(error)


def test_legacy_xls_named_xlsx(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    error = _error(path)
    assert error.reason == "wrong_extension"
    assert "save it as .xlsx" in str(error)


def test_unsupported_extension(tmp_path):
    path = tmp_path / "survey.txt"
    path.write_text("q1\n1\n")
    error = _error(path)
    assert error.reason == "unsupported_format"
    assert ".sav" in error.hint and ".xlsx" in error.hint


def test_unsupported_extension_with_known_content(tmp_path):
    path = tmp_path / "survey.bak"
    shutil.copy(EXTERNAL / "iris.sav", path)
    error = _error(path)
    assert error.reason == "unsupported_format"
    assert "rename it to 'survey.sav'" in str(error)


def test_sav_with_undecodable_labels(latin1_sav):
    error = _error(latin1_sav)
    assert error.reason == "bad_encoding"
    assert error.variable == "q"
    assert "b'\\xbf'" in str(error)  # the Latin-1 byte of '¿'
    assert 'encoding="cp1252"' in str(error)


def test_stata_with_undecodable_text(tmp_path):
    path = tmp_path / "latin.dta"
    pyreadstat.write_dta(pd.DataFrame({"s": ["élan", "x"]}), path, version=15)
    path.write_bytes(path.read_bytes().replace("é".encode(), b"\xe9 "))
    error = _error(path)
    assert error.reason == "bad_encoding"
    assert "b'\\xe9'" in str(error)
    assert read_survey(path, encoding="latin-1").data["s"].tolist() == ["é lan", "x"]


@pytest.mark.parametrize("name", ["iris.sav", "iris.dta"])
def test_unknown_encoding_name(name):
    error = _error(EXTERNAL / name, encoding="klingon")
    assert error.reason == "bad_encoding"
    assert "'klingon'" in str(error)


def test_unknown_encoding_name_for_csv(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("q1\n1\n")
    assert _error(path, encoding="klingon").reason == "bad_encoding"


def test_csv_decode_error_names_offset_and_line(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes("country,q1\nES,1\nFR,Très\n".encode("cp1252"))
    error = _error(path)
    assert error.reason == "bad_encoding"
    assert "offset 21 (line 3)" in str(error)
    assert 'encoding="cp1252"' in str(error)


def test_utf16_csv_is_recognised_by_its_byte_order_mark(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes("q1,comment\n1,Très\n".encode("utf-16"))
    error = _error(path)
    assert error.reason == "bad_encoding"
    assert 'encoding="utf-16"' in str(error)
    assert read_survey(path, encoding="utf-16").data["comment"].tolist() == ["Très"]


def test_malformed_csv(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text('a,b\n1,2\n3,"4\n5,6,7,8\n')
    error = _error(path)
    assert error.reason == "corrupt_file"


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "survey.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    assert _error(path).reason == "corrupt_file"


@pytest.mark.parametrize("keep", [lambda raw: raw[: len(raw) // 2], lambda raw: b"PAR1" + raw[40:]])
def test_damaged_parquet(tmp_path, keep):
    good = tmp_path / "good.parquet"
    pd.DataFrame({"q1": range(100)}).to_parquet(good)
    path = tmp_path / "bad.parquet"
    path.write_bytes(keep(good.read_bytes()))
    assert _error(path).reason in {"truncated_file", "corrupt_file"}
