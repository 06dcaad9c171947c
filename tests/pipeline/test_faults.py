"""Faults in the ingest: kill -9 at every step, concurrent ingests, full and impossible folders."""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import pytest

from heroes_research.errors import OutputError, Reason
from heroes_research.io import MixedGenerationWarning, exclusive_lock, read_processed
from heroes_research.pipeline import ingest
from tests.faultkit import heroes, small_filesystem
from tests.pipeline.conftest import write_mini

INSTRUMENTS = ("mini", "mini2")


@pytest.fixture
def two_raw(project_tmp: Path) -> Path:
    """A raw folder with two small instruments, ``mini`` and ``mini2``."""
    raw = project_tmp / "data" / "raw" / "two"
    for name in INSTRUMENTS:
        write_mini(raw, name)
    return raw


def _set_version(raw: Path, version: str) -> None:
    for name in INSTRUMENTS:
        codebook = raw / name / "codebook.yaml"
        text = codebook.read_text(encoding="utf-8")
        codebook.write_text(text.replace("version: 1.0.0", f"version: {version}"), encoding="utf-8")


def _versions(out: Path) -> set[str]:
    """The codebook versions of the processed data sets (this test reads across ingests on purpose)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MixedGenerationWarning)
        return {read_processed(name, root=out).metadata["codebook_version"] for name in INSTRUMENTS}


def _leftovers(out: Path) -> list[str]:
    """Temporary files and generation folders other than the current one."""
    current = (out / "current").resolve()
    stray = [p.name for p in out.rglob("*.tmp")]
    return stray + [g.name for g in (out / ".generations").iterdir() if g != current]


@pytest.mark.slow
@pytest.mark.parametrize("point", ["ingest:write", "ingest:swap", "ingest:cleanup"])
def test_kill_at_any_step_leaves_one_generation_and_a_rerun_repairs(two_raw: Path, project_tmp: Path,
                                                                  point: str):
    """Old code: a kill mid-ingest left mini at v2 beside mini2 at v1, and .tmp files behind."""
    out = project_tmp / "data" / "processed"
    assert heroes("ingest", "--raw", str(two_raw), "--no-progress", root=project_tmp).returncode == 0
    _set_version(two_raw, "2.0.0")
    killed = heroes("ingest", "--raw", str(two_raw), "--no-progress", root=project_tmp, fault=point)
    assert killed.returncode == -9, killed.stderr
    assert _versions(out) == ({"2.0.0"} if point == "ingest:cleanup" else {"1.0.0"})
    rerun = heroes("ingest", "--raw", str(two_raw), "--no-progress", root=project_tmp)
    assert rerun.returncode == 0, rerun.stderr
    assert _versions(out) == {"2.0.0"}
    assert _leftovers(out) == []


def test_stray_temporary_files_are_removed_by_the_next_ingest(two_raw: Path, project_tmp: Path):
    out = project_tmp / "data" / "processed"
    (out / ".mini.parquet.abc123.tmp").write_bytes(b"respondent-level data")
    ingest(two_raw, progress=False)
    assert _leftovers(out) == []


def test_a_second_ingest_stops_with_a_clear_message(two_raw: Path, project_tmp: Path):
    out = project_tmp / "data" / "processed"
    ingest(two_raw, progress=False)
    _set_version(two_raw, "2.0.0")
    with exclusive_lock(out / ".lock", "heroes ingest", OutputError), pytest.raises(OutputError) as err:
        ingest(two_raw, progress=False)
    assert err.value.reason is Reason.LOCKED and "another heroes ingest is running" in str(err.value)
    assert _versions(out) == {"1.0.0"}


def test_reading_data_sets_of_two_ingests_in_one_session_warns(two_raw: Path, project_tmp: Path):
    ingest(two_raw, progress=False)
    read_processed("mini")
    _set_version(two_raw, "2.0.0")
    ingest(two_raw, progress=False)
    with pytest.warns(MixedGenerationWarning, match="re-run the notebook"):
        read_processed("mini2")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_processed("mini")  # the session has moved on to the new generation


def test_an_impossible_out_folder_is_a_clear_error(two_raw: Path, project_tmp: Path):
    blocker = project_tmp / "a_file"
    blocker.write_text("not a folder")
    result = heroes("ingest", "--raw", str(two_raw), "--out", str(blocker / "processed"), "--no-progress",
                    root=project_tmp)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(blocker) in result.stderr
    assert "what to do" in result.stderr


def test_a_full_disk_is_a_clear_error_and_keeps_the_previous_data(two_raw: Path, tmp_path: Path):
    with small_filesystem(tmp_path / "small", "size=256k") as out:
        ingest(two_raw, out=out, progress=False)
        filler = out.parent / "small" / "filler"
        try:  # fill the disk to the last byte
            with open(filler, "wb") as handle:
                while True:
                    handle.write(b"\0" * 4096)
                    handle.flush()
        except OSError:
            pass
        _set_version(two_raw, "2.0.0")
        with pytest.raises(OutputError) as err:
            ingest(two_raw, out=out, progress=False)
        assert err.value.reason is Reason.DISK_FULL and "free some space" in str(err.value)
        assert _versions(out) == {"1.0.0"}
        filler.unlink()


def test_hostile_ids_in_the_validation_report_are_not_formulas(project_tmp: Path):
    from tests.pipeline.conftest import spanish_frame, write_spanish

    raw = project_tmp / "data" / "raw" / "hostile"
    folder = write_mini(raw)
    frame = spanish_frame()
    frame["id_encuestado"] = ["=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0",
                              "@SUM(A1)", "ES-5", "ES-6"]
    write_spanish(folder, frame)
    ingest(raw, progress=False)
    with open(project_tmp / "data" / "processed" / "mini.validation.csv", newline="", encoding="utf-8") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_a_country_file_without_rows_stops_the_ingest_naming_the_country(project_tmp: Path):
    """Old code dropped the country silently and exited 0."""
    from heroes_research.errors import ValidationError
    from tests.pipeline.conftest import spanish_frame, write_spanish

    raw = project_tmp / "data" / "raw" / "empty"
    folder = write_mini(raw)
    write_spanish(folder, spanish_frame().iloc[:0])
    with pytest.raises(ValidationError) as err:
        ingest(raw, progress=False)
    assert err.value.reason is Reason.NO_ROWS and err.value.country == "ES"
    assert "no respondents" in str(err.value)


def test_a_check_rule_of_20000_terms_is_a_codebook_error(project_tmp: Path):
    """Old code: RecursionError while parsing the codebook."""
    import yaml

    from heroes_research.codebook import load_codebook
    from heroes_research.errors import CodebookError
    from tests.pipeline.conftest import CODEBOOK

    path = project_tmp / "codebook.yaml"
    rule = " + ".join(["age"] * 20000) + " > 0"
    path.write_text(yaml.safe_dump(CODEBOOK | {"checks": [{"rule": rule, "message": "x"}]}), encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    assert "split it into several checks" in str(err.value) and err.value.file == str(path)
