"""A Stata 13 file holding UTF-8 text: an error naming the fix, and the codebook's 'encoding:' fixes it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import yaml

from heroes_research.errors import InputFileError, Reason
from heroes_research.io import read_survey


def _stata13(path: Path) -> Path:
    frame = pd.DataFrame({"name": ["España", "Zürich", "plain"], "q": [1.0, 2.0, 1.0]})
    pyreadstat.write_dta(frame, path, version=13, variable_value_labels={"q": {1: "Sí", 2: "Não"}})
    return path


def test_utf8_text_in_a_stata13_file_is_an_error_not_mojibake(tmp_path: Path):
    """Old code returned 'EspaÃ±a' silently."""
    with pytest.raises(InputFileError) as err:
        read_survey(_stata13(tmp_path / "es.dta"))
    assert err.value.reason is Reason.BAD_ENCODING
    assert "encoding: utf-8" in str(err.value) and "codebook" in str(err.value)


def test_declaring_the_encoding_reads_it_right(tmp_path: Path):
    survey = read_survey(_stata13(tmp_path / "es.dta"), encoding="utf-8")
    assert survey.data["name"].tolist()[:2] == ["España", "Zürich"]
    assert survey.value_labels["q"][1] == "Sí"


def test_the_codebook_declares_a_file_encoding(tmp_path: Path):
    from heroes_research.pipeline import validate

    folder = tmp_path / "raw" / "inst"
    folder.mkdir(parents=True)
    _stata13(folder / "es.dta")
    codebook = {
        "instrument": "inst", "version": "1", "title": "t",
        "variables": [{"name": "name", "label": "Name", "type": "text"},
                      {"name": "q", "label": "Q", "type": "categorical", "codes": {1: "Yes", 2: "No"}}],
        "countries": {"ES": {"file": "es.dta", "encoding": "utf-8",
                             "variables": {"name": {"source": "name"}, "q": {"source": "q"}}}},
    }
    (folder / "codebook.yaml").write_text(yaml.safe_dump(codebook, allow_unicode=True), encoding="utf-8")
    result = validate(tmp_path / "raw", progress=False)
    assert result.instruments[0].data["name"].tolist()[0] == "España"
