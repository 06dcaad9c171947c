"""write_processed / read_processed: round trip, determinism, atomicity, metadata checks."""

from __future__ import annotations

import contextlib
import json
import warnings
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from heroes_research.errors import InputFileError, OutputError
from heroes_research.io import _processed, read_processed, read_survey, write_processed


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "country": pd.Series(["ES", "GB", "BD"], dtype="str"),
        "q1": [1.0, 99.0, None],
        "sector": ["police", "xx", "ngo"],
        "weight": [1.5, 0.5, 2.0],
    })


@pytest.fixture
def metadata() -> dict:
    return {
        "demo": True,
        "codebook_version": "2026.1",
        "sources": {"data/raw/demo/es.sav": "ab" * 32},
        "variable_labels": {"q1": "Trust in police"},
        "value_labels": {"q1": {1.0: "yes", 99.0: "refused"}, "sector": {"xx": "not stated"}},
        "missing": {"q1": [99.0, (-9.0, -1.0)], "sector": ["xx"]},
    }


def test_round_trip_restores_frame_and_typed_labels(tmp_path, frame, metadata):
    path = write_processed(frame, "early_id", metadata=metadata, root=tmp_path)
    assert path == tmp_path / "early_id.parquet"
    data, meta = read_processed("early_id", root=tmp_path)
    pd.testing.assert_frame_equal(data, frame)
    assert meta["value_labels"] == metadata["value_labels"]
    assert meta["missing"] == {"q1": [99.0, (-9.0, -1.0)], "sector": ["xx"]}
    assert meta["demo"] is True
    assert meta["codebook_version"] == "2026.1"
    assert meta["rows"] == 3
    assert meta["columns"]["country"] == "str"
    assert meta["package_version"] == meta["created_by"].split()[-1]


def test_sidecar_is_a_copy_of_the_embedded_metadata(tmp_path, frame, metadata):
    path = write_processed(frame, "early_id", metadata=metadata, root=tmp_path)
    sidecar = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    embedded = json.loads(pq.read_schema(path).metadata[b"heroes"])
    assert sidecar == embedded
    assert sidecar["value_labels"]["q1"] == [[1.0, "yes"], [99.0, "refused"]]


def test_default_root_is_the_project_processed_folder(project_tmp, frame, metadata):
    path = write_processed(frame, "early_id", metadata=metadata)
    assert path == project_tmp / "data" / "processed" / "early_id.parquet"
    assert read_processed("early_id").data.shape == (3, 4)


def test_same_frame_gives_byte_identical_files(tmp_path, frame, metadata):
    first = write_processed(frame, "a", metadata=metadata, root=tmp_path / "1")
    second = write_processed(frame.copy(), "a", metadata=dict(metadata), root=tmp_path / "2")
    assert first.read_bytes() == second.read_bytes()
    assert first.with_suffix(".json").read_bytes() == second.with_suffix(".json").read_bytes()


def test_read_survey_restores_labels_from_a_processed_file(tmp_path, frame, metadata):
    survey = read_survey(write_processed(frame, "x", metadata=metadata, root=tmp_path))
    assert survey.file_format == "parquet"
    assert survey.variable_labels == {"q1": "Trust in police"}
    assert survey.user_missing_mask("q1").tolist() == [False, True, False]


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_unserialisable_frame_leaves_the_old_pair_intact(tmp_path, frame, metadata):
    write_processed(frame, "x", metadata=metadata, root=tmp_path)
    before = _snapshot(tmp_path)
    mixed = frame.assign(q1=pd.Series([1.0, ".a", None], dtype=object))  # numbers and text
    with pytest.raises(OutputError) as info:
        write_processed(mixed, "x", metadata=metadata, root=tmp_path)
    assert info.value.reason == "unserialisable"
    assert "x.parquet" in str(info.value)
    assert _snapshot(tmp_path) == before  # no temporary files left behind either


def test_failure_while_writing_the_sidecar_leaves_the_old_pair_intact(tmp_path, frame, metadata,
                                                                     monkeypatch):
    write_processed(frame, "x", metadata=metadata, root=tmp_path)
    before = _snapshot(tmp_path)
    real_atomic_write = _processed.atomic_write

    @contextlib.contextmanager
    def fail_mid_write(target):
        with real_atomic_write(target) as handle:
            handle.write('{"partial": ')
            raise OSError("disk full")
        yield handle  # never reached

    monkeypatch.setattr(_processed, "atomic_write", fail_mid_write)
    with pytest.raises(OSError, match="disk full"):
        write_processed(frame.assign(weight=1.0), "x", metadata=metadata, root=tmp_path)
    assert _snapshot(tmp_path) == before


def test_failure_while_writing_the_parquet_leaves_the_old_pair_intact(tmp_path, frame, metadata,
                                                                      monkeypatch):
    write_processed(frame, "x", metadata=metadata, root=tmp_path)
    before = _snapshot(tmp_path)

    def write_half_then_fail(table, where, **options):
        Path(where).write_bytes(b"PAR1 half a file")
        raise OSError("interrupted")

    monkeypatch.setattr(pq, "write_table", write_half_then_fail)
    with pytest.raises(OSError, match="interrupted"):
        write_processed(frame.assign(weight=1.0), "x", metadata=metadata, root=tmp_path)
    assert _snapshot(tmp_path) == before


def test_stale_sidecar_warns_and_the_parquet_metadata_wins(tmp_path, frame, metadata):
    path = write_processed(frame, "x", metadata=metadata, root=tmp_path)
    path.with_suffix(".json").write_text('{"demo": false}', encoding="utf-8")
    with pytest.warns(UserWarning, match="differs from the metadata"):
        _, meta = read_processed("x", root=tmp_path)
    assert meta["demo"] is True


@pytest.mark.parametrize("content", [b'{"demo": tru', b"\xff\xfe not utf-8"])
def test_damaged_sidecar_warns_and_the_parquet_metadata_wins(tmp_path, frame, metadata, content):
    """A half-written or garbled sidecar does not stop the read: the Parquet metadata is used."""
    path = write_processed(frame, "x", metadata=metadata, root=tmp_path)
    path.with_suffix(".json").write_bytes(content)
    with pytest.warns(UserWarning, match=r"x\.json differs from the metadata inside x\.parquet"):
        data, meta = read_processed("x", root=tmp_path)
    assert meta["demo"] is True and len(data) == len(frame)


@pytest.mark.parametrize(
    ("metadata", "needle"),
    [({}, "lacks a 'demo' flag"), ({"demo": "yes"}, "lacks a 'demo' flag"),
     ({"demo": True, "rows": 3}, "reserved key(s) ['rows']"),
     ({"demo": True, "note": {1, 2}}, "not JSON-serialisable"),
     ({"demo": True, "missing": {"q9": [99]}}, "not columns: ['q9']")],
)
def test_bad_metadata_is_refused(tmp_path, frame, metadata, needle):
    with pytest.raises(OutputError) as info:
        write_processed(frame, "x", metadata=metadata, root=tmp_path)
    assert info.value.reason == "bad_metadata"
    assert needle in str(info.value)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["../escape", "a/b", "", ".hidden"])
def test_bad_name_is_refused(tmp_path, frame, name):
    with pytest.raises(OutputError) as info:
        write_processed(frame, name, metadata={"demo": True}, root=tmp_path)
    assert info.value.reason == "bad_name"


def test_reading_a_data_set_never_written(tmp_path):
    with pytest.raises(InputFileError) as info:
        read_processed("nothing", root=tmp_path)
    assert info.value.reason == "missing_file"
    assert "nothing.parquet" in str(info.value)


def test_reading_a_parquet_file_without_heroes_metadata(tmp_path, frame):
    frame.to_parquet(tmp_path / "foreign.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(InputFileError) as info:
            read_processed("foreign", root=tmp_path)
    assert info.value.reason == "corrupt_file"
