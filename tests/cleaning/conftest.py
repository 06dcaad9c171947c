"""Three small country versions of one instrument, as SurveyData in memory.

ES: reference coding, one battery item reverse-coded (p13_pobreza), own missing 8/9.
BR: Likert items coded 0-4, sector coded 10/20/30, multi-response coded 1/2.
BD: missing codes -1/-2, passed under a country name with stray white space;
    an undeclared code (7), an out-of-range experience (80), a repeated id (b2)
    and an unparseable date.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heroes_research.codebook import Codebook, load_codebook
from heroes_research.io import SurveyData

CODEBOOK = Path(__file__).resolve().parents[1] / "codebook" / "data" / "instrument.yaml"


@pytest.fixture
def codebook() -> Codebook:
    return load_codebook(CODEBOOK)


def _es() -> SurveyData:
    data = pd.DataFrame({
        "id_encuestado": ["e1", "e2", "e3", "e4", "e5"],
        "sector_trabajo": [1.0, 2, 3, 1, 2],
        "p12_aislamiento": [1.0, 2, 8, 4, 5],
        "p13_pobreza": [5.0, 4, 3, 9, 5],
        "p14_deuda": [1.0, 2, 3, 4, 5],
        "edad": [30.0, 45, 50, 28, 60],
        "anos_experiencia": [5.0, 20, -1, 3, 30],
        "formacion_ley": [1.0, 0, 1, 0, 1],
        "formacion_derivacion": [0.0, 0, 1, 1, 1],
        "comentarios": ["  muy   útil ", "", None, "Ninguno", "e\u0301xito"],
        "fecha": ["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04", "2025-03-05"],
        "peso": [1.5, 1.5, 2.0, 2.0, 1.0],
    })
    return SurveyData(data, source=Path("es.sav"), sha256="a" * 64)


def _br() -> SurveyData:
    data = pd.DataFrame({
        "id_respondente": [101.0, 102, 103],
        "setor": [10.0, 20, 30],
        "q12": [0.0, 4, 2],
        "q13": [0.0, 4, 2],
        "q14": [0.0, 4, 3],
        "idade": [40.0, 35, 50],
        "anos_experiencia": [10.0, 30, 5],
        "formacao_lei": [1.0, 2, 1],
        "formacao_encaminhamento": [2.0, 1, 1],
        "data": ["2025-04-01", "2025-04-02", None],
        "peso": [3.0, 3.0, 3.0],
    })
    return SurveyData(data, source=Path("br.sav"), sha256="b" * 64)


def _bd() -> SurveyData:
    data = pd.DataFrame({
        "respondent": ["b1", "b2", "b2", "b4"],
        "sector": [1.0, 2, 3, np.nan],
        "ind1": [1.0, 7, -1, 3],
        "ind2": [2.0, 3, -2, 3],
        "ind3": [3.0, 4, 5, 2],
        "age": [40.0, 50, 60, 30],
        "experience": [10.0, -2, 80, 5],
        "train_law": [1.0, 0, 0, 1],
        "train_referral": [0.0, 0, 1, 1],
        "comments": ["ভালো", None, "  ", "x"],
        "date": ["2025-05-01", "not a date", "2025-05-03", "2025-05-04"],
        "weight": [2.0, 2.0, 2.0, 2.0],
    })
    return SurveyData(data, source=Path("bd.sav"), sha256="c" * 64)


@pytest.fixture
def surveys() -> dict[str, SurveyData]:
    """Country key -> survey; Bangladesh under its Bengali name with stray spaces."""
    return {"ES": _es(), "BR": _br(), " বাংলাদেশ ": _bd()}


@pytest.fixture
def clean_surveys() -> dict[str, SurveyData]:
    """ES and BR only: no error-level violations."""
    return {"ES": _es(), "Brasil": _br()}


@pytest.fixture
def write_minimal_codebook(tmp_path) -> Codebook:
    """A one-variable codebook without an id variable."""
    path = tmp_path / "mini.yaml"
    path.write_text(
        "instrument: mini\nversion: '1'\nmissing: {99: Refused}\nvariables:\n"
        "  - {name: q1, label: Q1, type: ordinal, codes: {1: Disagree, 2: Neutral, 3: Agree}}\n"
        "countries:\n  ES: {variables: {q1: {source: p1, recode: {0: 1, 1: 2, 2: 3}, missing: {9: 99}}}}\n",
        encoding="utf-8")
    return load_codebook(path)
