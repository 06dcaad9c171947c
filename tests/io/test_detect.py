"""Format detection by magic bytes, on files written by the libraries that make them."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest

from heroes_research.errors import InputFileError
from heroes_research.io import read_survey
from heroes_research.io._detect import sniff

FRAME = pd.DataFrame({"q1": [1.0, 2.0]})
WRITERS = {
    "sav": lambda p: pyreadstat.write_sav(FRAME, p),
    "zsav": lambda p: pyreadstat.write_sav(FRAME, p, compress=True),
    "por": lambda p: pyreadstat.write_por(FRAME, p),
    "dta (Stata 8, binary header)": lambda p: pyreadstat.write_dta(FRAME, p, version=8),
    "dta (Stata 12, binary header)": lambda p: pyreadstat.write_dta(FRAME, p, version=12),
    "dta (Stata 15, XML-like header)": lambda p: pyreadstat.write_dta(FRAME, p, version=15),
    "xlsx": lambda p: FRAME.to_excel(p, index=False),
    "parquet": lambda p: FRAME.to_parquet(p),
}


@pytest.mark.parametrize("label", list(WRITERS))
def test_sniff_recognises_files_written_by_their_libraries(tmp_path, label):
    path = tmp_path / "file"
    WRITERS[label](path)
    assert sniff(path.read_bytes()[:1024]) == label.split()[0]


def test_text_is_not_sniffed():
    assert sniff(b"country,q1\nES,1\n") is None


def test_sas_data_set_named_sav(tmp_path):
    path = tmp_path / "survey.sav"
    path.write_bytes(bytes.fromhex("000000000000000000000000c2ea8160b31411cfbd92080009c7318c181f1011")
                     + b"\x00" * 100)
    with pytest.raises(InputFileError) as info:
        read_survey(path)
    assert info.value.reason == "wrong_extension"
    assert "looks like a SAS data set" in str(info.value)
    assert "export it from its program" in str(info.value)


def test_extension_is_case_insensitive(tmp_path):
    path = tmp_path / "SURVEY.SAV"
    pyreadstat.write_sav(FRAME, path)
    assert read_survey(path).file_format == "sav"
