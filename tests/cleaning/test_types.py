"""Per-type harmonisation details: numbers stored as text, date sources, multi-response options."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from heroes_research.cleaning import INVALID_CODE, NOT_ASKED, NOT_IN_FILE, harmonise
from heroes_research.codebook import build_codebook


@pytest.fixture
def typed_codebook():
    return build_codebook({
        "instrument": "types", "version": "1", "missing": {99: "Refused"},
        "variables": [
            {"name": "n", "label": "N", "type": "numeric"},
            {"name": "d", "label": "D", "type": "date"},
            {"name": "m", "label": "M", "type": "multi_response", "options": {"a": "A", "b": "B", "c": "C"}},
            {"name": "t", "label": "T", "type": "text"},
        ],
        "countries": {"PT": {"variables": {
            "n": {"source": "n", "missing": {"NS": 99}},
            "d": "d",
            "m": {"source": {"a": "ma", "b": "mb"}, "missing": {9: 99}},
            "t": {"source": "t", "missing": {"-": 99}},
        }}},
    })


def test_numbers_stored_as_text(typed_codebook):
    frame = pd.DataFrame({"n": ["3", "NS", "abc", None], "d": ["2025-01-01"] * 4, "ma": [1.0] * 4,
                          "mb": [0.0] * 4, "t": ["x", "-", " ", "y"]})
    result = harmonise({"PT": frame}, typed_codebook, strict=False)
    data = result.data
    assert data["n"].tolist()[0] == 3 and data["n__missing"].tolist()[1:3] == ["Refused", INVALID_CODE]
    assert pd.isna(data.loc[3, "n__missing"])
    row = result.report.iloc[0]
    assert (row["row_id"], row["variable"], row["value"], row["rule"]) == ("#3", "n", "abc", "not_numeric")
    assert data["t"].tolist()[0] == "x" and data.loc[1, "t__missing"] == "Refused"
    assert pd.isna(data.loc[2, "t"]) and pd.isna(data.loc[2, "t__missing"])  # blank is system-missing


def test_date_sources_datetime_and_date_objects(typed_codebook):
    base = {"n": [1.0, 2.0], "ma": [1.0, 0.0], "mb": [0.0, 1.0], "t": ["a", "b"]}
    stamps = pd.DataFrame({**base, "d": pd.to_datetime(["2025-01-02", None])})
    objects = pd.DataFrame({**base, "d": [dt.date(2025, 1, 2), dt.datetime(2025, 1, 3, 10, 30)]})
    for frame in (stamps, objects):
        data = harmonise({"PT": frame}, typed_codebook).data
        assert data["d"].iloc[0] == pd.Timestamp("2025-01-02")
    assert harmonise({"PT": objects}, typed_codebook).data["d"].iloc[1] == pd.Timestamp("2025-01-03 10:30")


def test_multi_response_options(typed_codebook):
    frame = pd.DataFrame({"n": [1.0, 2, 3], "d": ["2025-01-01"] * 3, "ma": [1.0, 9, 0], "t": ["a", "b", "c"]})
    result = harmonise({"PT": frame}, typed_codebook, strict=False)
    data = result.data
    assert data["m__a"].tolist() == [1, pd.NA, 0]
    assert data["m__b"].isna().all() and data["m__c"].isna().all()
    # the row's reason is the first missing option's: b's column is absent from the file
    assert data["m__missing"].tolist() == [NOT_IN_FILE, "Refused", NOT_IN_FILE]
    assert set(result.report["rule"]) == {"missing_variable"}
    assert result.report["value"].tolist() == ["mb"]
    assert NOT_ASKED in data["m__missing"].cat.categories
