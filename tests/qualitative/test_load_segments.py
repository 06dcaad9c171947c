"""load_segments and load_codeframe: reading, validation and the failures table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from heroes_research import qualitative as ql
from heroes_research.errors import InputFileError, ValidationError

INTERVIEWS = Path(__file__).resolve().parents[2] / "data" / "raw" / "demo" / "interviews"


@pytest.fixture
def folder(tmp_path):
    """A copy of the demo folder to corrupt."""
    shutil.copy(INTERVIEWS / "codeframe.yaml", tmp_path)
    return tmp_path


def _write(folder, frame):
    path = folder / "coded_segments.csv"
    frame.to_csv(path, index=False)
    return path


def test_default_reads_the_demo_file_typed(demo):
    assert demo["passage"].dtype == "int64"
    assert str(demo["code"].dtype) == "str"
    assert demo["segment_id"].is_unique


def test_default_path_follows_the_project_root(project_tmp):
    assert (project_tmp / "data/raw/demo/interviews/coded_segments.csv").is_file()
    assert len(ql.load_segments()) > 0


def test_every_problem_is_listed_with_its_row(folder, demo):
    bad = demo.head(6).copy()
    bad.loc[1, "code"] = "barrier/not_a_code"
    bad.loc[2, "segment_id"] = bad.loc[3, "segment_id"]
    bad.loc[4, "stakeholder"] = "journalist"
    bad.loc[5, "passage"] = -1
    bad.loc[0, "country"] = "XX"
    with pytest.raises(ValidationError) as err:
        ql.load_segments(_write(folder, bad))
    failures = err.value.failures
    assert tuple(failures.columns) == ql.FAILURE_COLUMNS
    found = set(zip(failures["row"], failures["check"], strict=True))
    assert found == {
        (0, "unknown_country"),
        (1, "unknown_code"),
        (2, "duplicate_segment_id"),
        (3, "duplicate_segment_id"),
        (4, "unknown_stakeholder"),
        (5, "not_a_positive_integer"),
    }
    assert failures.loc[failures["check"] == "unknown_code", "value"].item() == "barrier/not_a_code"
    assert err.value.rows == [0, 1, 2, 3, 4, 5]
    assert "coded_segments.csv" in str(err.value) and "what to do" in str(err.value)


def test_empty_cells_are_failures(folder, demo):
    bad = demo.head(3).copy()
    bad.loc[1, "coder"] = None
    with pytest.raises(ValidationError) as err:
        ql.load_segments(_write(folder, bad))
    assert err.value.failures[["row", "column", "check"]].values.tolist() == [[1, "coder", "empty"]]


def test_missing_columns_are_named(folder, demo):
    with pytest.raises(ValidationError, match="lacks column") as err:
        ql.load_segments(_write(folder, demo.drop(columns=["coder", "country"])))
    assert err.value.variable == "country"
    assert "coder" in str(err.value)


def test_missing_file_and_bad_codeframe(tmp_path, demo):
    with pytest.raises(InputFileError, match="not found") as err:
        ql.load_segments(tmp_path / "nothing.csv")
    assert "nothing.csv" in str(err.value)
    (tmp_path / "codeframe.yaml").write_text("categories: [{id: barrier}]\n")
    with pytest.raises(InputFileError, match="not a code frame") as err:
        ql.load_segments(_write(tmp_path, demo))
    assert "codeframe.yaml" in str(err.value)


def test_validate_segments_accepts_an_explicit_code_list(tiny):
    checked = ql.validate_segments(tiny, ["a/x", "a/y", "b/z", "b/w"])
    assert checked["passage"].dtype == "int64"
    pd.testing.assert_frame_equal(
        checked.drop(columns="passage"), tiny.drop(columns="passage").astype("str")
    )
