"""Survey files written by pyreadstat into tmp_path, with the quirks of real files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

LONG_LABEL = "Have you ever, in your professional role, identified a victim" * 4  # 244 characters


@pytest.fixture
def labelled_frame() -> pd.DataFrame:
    """Five respondents: Likert item with user-missing 98/99, a range, a string, a date."""
    return pd.DataFrame({
        "q1": [1.0, 2.0, 98.0, 99.0, None],          # None = system-missing
        "q2": [1.0, -3.0, -1.0, 5.0, 2.0],           # -9 thru -1 declared missing
        "sector": ["police", "ngo", "xx", "ngo", "health"],
        "q3": [1.0, 1.0, 2.0, 7.0, 2.0],             # 7 has no label; labels duplicated
        "interview": pd.to_datetime(["2026-01-05", "2026-02-10", None, "2026-03-01", "2026-03-02"]),
    })


@pytest.fixture
def sav_metadata() -> dict:
    return {
        "column_labels": {"q1": "Trust in police", "q2": LONG_LABEL, "sector": "Sector",
                          "q3": "Training received", "interview": "Interview date"},
        "variable_value_labels": {
            "q1": {1: "yes", 2: "no", 98: "don't know", 99: "refused"},
            "sector": {"police": "Police", "ngo": "NGO", "health": "Health", "xx": "not stated"},
            "q3": {1: "yes", 2: "yes", 3: "no"},   # duplicated label; 3 never occurs
        },
        "missing_ranges": {"q1": [98, 99], "q2": [{"lo": -9, "hi": -1}], "sector": ["xx"]},
        "variable_format": {"interview": "DATE11"},
    }


@pytest.fixture
def sav_file(tmp_path: Path, labelled_frame: pd.DataFrame, sav_metadata: dict) -> Path:
    path = tmp_path / "survey.sav"
    pyreadstat.write_sav(labelled_frame, path, **sav_metadata)
    return path


@pytest.fixture
def stata_file(tmp_path: Path) -> Path:
    """A Stata 15 file with extended missing values .a (don't know) and .b (refused)."""
    frame = pd.DataFrame({"q1": [1.0, 2.0, "a", None, "b"],
                          "country": ["ES", "ES", "GB", "BD", "CO"]})
    path = tmp_path / "survey.dta"
    pyreadstat.write_dta(frame, path, column_labels=["Trust in police", "Country"],
                         variable_value_labels={"q1": {1: "yes", 2: "no"}},
                         missing_user_values={"q1": ["a", "b"]})
    return path


@pytest.fixture
def latin1_sav(tmp_path: Path) -> Path:
    """An SPSS file that declares UTF-8 but holds Latin-1 labels, as old exports do.

    Each accented letter (2 bytes in UTF-8) is replaced by its Latin-1 byte and a
    space, so every label keeps its length: '¿Qué hizo?' becomes '¿ Qué  hizo?'.
    """
    path = tmp_path / "latin.sav"
    pyreadstat.write_sav(pd.DataFrame({"q": [1.0, 2.0]}), path,
                         column_labels={"q": "¿Qué hizo?"},
                         variable_value_labels={"q": {1: "policía", 2: "no"}})
    raw = path.read_bytes()
    for letter in "¿éí":
        raw = raw.replace(letter.encode("utf-8"), letter.encode("latin-1") + b" ")
    path.write_bytes(raw)
    return path
