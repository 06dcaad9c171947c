"""A small two-country instrument in a throw-away project, to break in controlled ways."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
import yaml

CODEBOOK = {
    "instrument": "mini",
    "version": "1.0.0",
    "title": "A small test instrument",
    "id": "resp_id",
    "missing": {98: "Don't know", 99: "Refused"},
    "variables": [
        {"name": "resp_id", "label": "Respondent id", "type": "text"},
        {"name": "q1", "label": "Importance", "type": "ordinal",
         "codes": {1: "Low", 2: "Medium", 3: "High"}},
        {"name": "age", "label": "Age", "type": "numeric", "range": [15, 99]},
        {"name": "comments", "label": "Comments", "type": "text"},
    ],
    "countries": {
        "ES": {"file": "es.sav", "language": "es", "variables": {
            "resp_id": {"source": "id_encuestado"},
            "q1": {"source": "p1_importancia", "missing": {8: 98, 9: 99}},
            "age": {"source": "edad"},
            "comments": {"source": "comentarios"}}},
        "FR": {"file": "fr.sav", "language": "fr", "variables": {
            "resp_id": {"source": "id_repondant"},
            "q1": {"source": "q1_importance", "recode": {0: 1, 1: 2, 2: 3}},
            "age": {"source": "age"},
            "comments": {"source": "commentaires"}}},
    },
}


def spanish_frame() -> pd.DataFrame:
    """The clean Spanish file: ids ES-01..ES-06."""
    return pd.DataFrame({
        "id_encuestado": [f"ES-{i:02d}" for i in range(1, 7)],
        "p1_importancia": [1.0, 2.0, 3.0, 8.0, 2.0, 1.0],
        "edad": [34.0, 51.0, 29.0, 45.0, 38.0, 60.0],
        "comentarios": ["Sí", "", "Más formación", "", "", ""],
    })


def write_spanish(folder: Path, frame: pd.DataFrame | None = None) -> Path:
    """Write es.sav with Spanish value labels and user-missing codes."""
    import pyreadstat

    path = folder / "es.sav"
    pyreadstat.write_sav(
        spanish_frame() if frame is None else frame, path,
        variable_value_labels={"p1_importancia": {1: "Baja", 2: "Media", 3: "Alta", 8: "No sabe",
                                                  9: "No contesta"}},
        missing_ranges={"p1_importancia": [8, 9]},
    )
    return path


def write_mini(raw: Path, name: str = "mini") -> Path:
    """Write a clean instrument folder ``raw/<name>`` (codebook + es.sav + fr.sav)."""
    import pyreadstat

    folder = raw / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "codebook.yaml").write_text(
        yaml.safe_dump(CODEBOOK | {"instrument": name}, sort_keys=False, allow_unicode=True),
        encoding="utf-8")
    write_spanish(folder)
    french = pd.DataFrame({"id_repondant": ["FR-1", "FR-2", "FR-3"], "q1_importance": [0.0, 2.0, 1.0],
                           "age": [40.0, 33.0, 27.0], "commentaires": ["", "Très bien", ""]})
    pyreadstat.write_sav(french, folder / "fr.sav")
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every data file in ``folder`` by its public name (not the lock or generations)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture
def mini_raw(project_tmp: Path) -> Path:
    """``<project>/data/raw/mini_study`` with one clean instrument ``mini``."""
    raw = project_tmp / "data" / "raw" / "mini_study"
    write_mini(raw)
    return raw
