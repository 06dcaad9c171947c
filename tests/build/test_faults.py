"""Faults in the build: stale inputs, kill -9 at every step, concurrent builds, read-only folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from heroes_research.build import build, load_registry
from heroes_research.build._cache import cache_key, input_files, is_fresh
from heroes_research.errors import BuildError, Reason
from heroes_research.io import exclusive_lock
from tests.conftest import REPO_ROOT
from tests.faultkit import heroes, small_filesystem, wait_until_gone

pytestmark = [pytest.mark.xdist_group("build")]


def _statuses(report) -> dict[str, str]:
    return {o.name: o.status for o in report.outcomes}


# -- the cache key sees every declared input file ------------------------------------------

def test_double_star_input_matches_files_at_every_depth(tmp_path: Path):
    (tmp_path / "raw" / "deep" / "er").mkdir(parents=True)
    for name in ("top.csv", "deep/mid.sav", "deep/er/low.yaml", "deep/.x.csv.tmp"):
        (tmp_path / "raw" / name).write_text("x")
    found = [p.relative_to(tmp_path / "raw").as_posix() for p in input_files(tmp_path, "raw/**")]
    assert found == ["deep/er/low.yaml", "deep/mid.sav", "top.csv"]


@pytest.mark.parametrize("suffix", [".sav", ".dta", ".xlsx", ".csv", ".yaml"])
def test_one_byte_changed_in_any_declared_input_kind_changes_the_key(project_tmp: Path, suffix: str):
    """Old code: ``glob('data/raw/demo/**')`` yields folders only, so no raw file was hashed."""
    shutil.copytree(REPO_ROOT / "notebooks", project_tmp / "notebooks")
    registry = load_registry()
    specs = [spec for spec in registry.notebooks if any(p.endswith("**") for p in spec.inputs)]
    files = {path: spec for spec in specs for pattern in spec.inputs
             for path in input_files(project_tmp, pattern) if path.suffix == suffix}
    assert files, f"no declared input file ends with {suffix}"
    path, spec = sorted(files.items())[0]
    before = cache_key(spec, project_tmp, {})
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert cache_key(spec, project_tmp, {}) != before, path


@pytest.mark.slow
def test_an_edited_file_deep_under_a_double_star_input_rebuilds(build_project: Path):
    registry = build_project / "notebooks" / "registry.yaml"
    registry.write_text(registry.read_text().replace("[data/raw/demo/input.txt]", "[data/raw/demo/**]"))
    nested = build_project / "data" / "raw" / "demo" / "deep" / "codings.csv"
    nested.parent.mkdir(parents=True)
    nested.write_text("a,b\n1,2\n")
    build(["a_first"], jobs=1, progress=False)
    assert _statuses(build(["a_first"], jobs=1, progress=False))["a_first"] == "cached"
    nested.write_text("a,b\n1,3\n")
    assert _statuses(build(["a_first"], jobs=1, progress=False))["a_first"] == "built"


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_a_deleted_or_changed_output_makes_the_notebook_stale(build_project: Path, damage: str):
    """Old code checked only the .json side-cars: a missing .html output was 'cached'."""
    build(["b_second"], jobs=1, progress=False)
    html = build_project / "reports" / "tables" / "tab_b.html"
    html.unlink() if damage == "delete" else html.write_text("")
    report = build(["b_second"], jobs=1, progress=False)
    assert _statuses(report)["b_second"] == "built"
    assert html.read_text() == "<table></table>"


# -- concurrency and folders -------------------------------------------------------------

def test_a_second_build_stops_with_a_clear_message(build_project: Path):
    reports = build_project / "reports"
    with exclusive_lock(reports / ".lock", "heroes build", BuildError):
        with pytest.raises(BuildError) as err:
            build(jobs=1, progress=False)
    assert err.value.reason is Reason.LOCKED
    assert "another heroes build is running" in str(err.value) and "wait" in str(err.value)


def test_a_read_only_reports_folder_is_a_clear_error(build_project: Path):
    with small_filesystem(build_project / "reports", "ro,size=64k"):
        with pytest.raises(BuildError) as err:
            build(jobs=1, progress=False)
    assert err.value.reason is Reason.NOT_WRITABLE
    assert "reports" in str(err.value) and "writable" in str(err.value)


# -- kill -9 at every step, then a plain rerun -------------------------------------------------

def _consistent(root: Path) -> None:
    """Every notebook fresh against its inputs, every output on disk, the site current."""
    reports = root / "reports"
    registry = load_registry()
    for spec in registry.notebooks:
        params = {}
        assert is_fresh(spec, cache_key(spec, root, params), reports / ".cache", reports), spec.name
    assert json.loads((reports / "figures" / "fig_a.json").read_text()) == {"scale": 3}
    newest_output = max(p.stat().st_mtime_ns for p in (reports / "figures").iterdir())
    for site in (reports / "index.html", reports / "heroes-report.docx"):  # written after the outputs
        assert site.stat().st_mtime_ns >= newest_output, site.name
    assert not (reports / ".staging").exists() or not any((reports / ".staging").iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("point", ["build:locked", "build:executed", "build:promote",
                                   "build:promoted", "build:site"])
def test_kill_at_any_step_then_a_plain_rerun_leaves_outputs_consistent(build_project: Path, point: str,
                                                                       write_notebook):
    """Old code: a kill during promotion deleted the old outputs and the rerun said 'cached'."""
    assert heroes("build", "--quiet", root=build_project).returncode == 0
    write_notebook("a_first", "fig_a", parameters="scale = 3")
    killed = heroes("build", "--quiet", root=build_project, fault=point)
    assert killed.returncode == -9, killed.stderr
    assert wait_until_gone(build_project) == [], "workers or kernels outlived the build"
    rerun = heroes("build", "--quiet", root=build_project)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    _consistent(build_project)


# -- params: a silently dropped country or an impossible date is an error ------------------------

@pytest.mark.parametrize(("text", "fragments"), [
    ("countries: [UK, ES]", ["'UK' (did you mean 'GB'?)", "choose from AT"]),
    ("countries: [AT, XX]", ["unknown countries 'XX'"]),
    ("countries: ES", ["expected a list of country codes"]),
    ("as_of: 2024-13-45", ["'as_of' = '2024-13-45' is not a date", "YYYY-MM-DD"]),
])
def test_bad_parameter_values_are_clear_errors(tmp_path: Path, text: str, fragments: list[str]):
    """Old code dropped UK and XX and built; as_of 2024-13-45 ended in a traceback in the notebook."""
    from heroes_research.build._params import load_params

    params = tmp_path / "params.yaml"
    params.write_text(text + "\n")
    with pytest.raises(BuildError) as err:
        load_params(params, [load_registry()["02_legal_harmonisation"]])
    for fragment in fragments:
        assert fragment in str(err.value)
    assert err.value.reason is Reason.BAD_ARGUMENT


def test_good_parameter_values_pass(tmp_path: Path):
    from heroes_research.build._params import load_params

    params = tmp_path / "params.yaml"
    params.write_text("countries: [ES, GB]\nas_of: 2023-06-30\n")
    loaded = load_params(params, [load_registry()["02_legal_harmonisation"]])
    assert loaded["02_legal_harmonisation"]["countries"] == ["ES", "GB"]


@pytest.mark.slow
def test_kill_during_a_notebook_takes_workers_and_kernels_down(build_project: Path, write_notebook):
    """Old code: a second build ran beside the first (sharing its staging), and after kill -9 of
    the build, workers and kernels kept running notebooks for minutes."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.faultkit import REPO_ROOT as ROOT
    from tests.faultkit import processes_of

    write_notebook("c_independent", "fig_c", prelude="import time\ntime.sleep(120)\n")
    env = {**os.environ, "HEROES_PROJECT_ROOT": str(build_project), "PYTHONPATH": str(ROOT)}
    build_process = subprocess.Popen([sys.executable, "-m", "heroes_research.cli", "build", "--quiet",
                                      "--only", "c_independent"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(processes_of(build_project)) < 3 and time.monotonic() < deadline:  # build, worker, kernel
        time.sleep(0.5)
    assert len(processes_of(build_project)) >= 3, "the kernel never started"
    second = heroes("build", "--quiet", root=build_project)  # concurrent: stops at once, clearly
    assert second.returncode == 2 and "another heroes build is running" in second.stderr, second.stderr
    os.kill(build_process.pid, signal.SIGKILL)
    build_process.wait()
    assert wait_until_gone(build_project, seconds=15) == [], "workers or kernels outlived the build"
    write_notebook("c_independent", "fig_c")
    assert heroes("build", "--quiet", "--only", "c_independent", root=build_project).returncode == 0
    assert (build_project / "reports" / "figures" / "fig_c.png").is_file()


# -- the ingest is a build step of its own ---------------------------------------------------------

READS_PROCESSED = '''
import json
from heroes_research import paths
from heroes_research.io import read_processed
data, meta = read_processed("mini")
out = paths.reports_dir() / "tables"
out.mkdir(parents=True, exist_ok=True)
(out / "tab_d.json").write_text(json.dumps({"version": meta["codebook_version"], "rows": len(data)}))
'''


@pytest.mark.slow
def test_the_build_ingests_first_when_processed_data_are_missing_or_stale(build_project: Path):
    from tests.build.conftest import _notebook_source
    from tests.pipeline.conftest import write_mini

    raw = build_project / "data" / "raw" / "mini_study"
    write_mini(raw)
    registry = build_project / "notebooks" / "registry.yaml"
    registry.write_text("ingest: data/raw/mini_study\n" + registry.read_text() + (
        "  d_reads:\n    title: Reads\n    inputs: [data/processed/mini.parquet]\n"
        "    outputs:\n      - {name: tab_d, kind: table, caption: D, source: test}\n"))
    (build_project / "notebooks" / "d_reads.py").write_text(_notebook_source(READS_PROCESSED))
    first = build(["d_reads", "c_independent"], jobs=1, progress=False)
    assert _statuses(first) == {"ingest": "built", "c_independent": "built", "d_reads": "built"}
    assert _statuses(build(["d_reads"], jobs=1, progress=False)) == {"ingest": "cached", "d_reads": "cached"}
    assert "ingest" not in _statuses(build(["c_independent"], jobs=1, progress=False))
    codebook = raw / "mini" / "codebook.yaml"
    codebook.write_text(codebook.read_text().replace("version: 1.0.0", "version: 2.0.0"))
    assert _statuses(build(["d_reads"], jobs=1, progress=False)) == {"ingest": "built", "d_reads": "built"}
    table = build_project / "reports" / "tables" / "tab_d.json"
    assert json.loads(table.read_text())["version"] == "2.0.0"
    (raw / "mini" / "fr.sav").write_bytes(b"")  # a broken raw file: the ingest fails
    broken = build(["d_reads", "c_independent"], jobs=1, progress=False)
    assert _statuses(broken) == {"ingest": "failed", "c_independent": "cached", "d_reads": "skipped"}
    assert "fr.sav" in broken.outcomes[0].message and not broken.ok
    assert json.loads(table.read_text())["version"] == "2.0.0"


@pytest.mark.slow
def test_a_full_disk_during_the_build_is_a_clear_failure_not_a_traceback(build_project: Path):
    """Old code: the HTML export's OSError crashed the whole build."""
    with small_filesystem(build_project / "reports", "size=96k"):
        result = heroes("build", "--quiet", "--only", "c_independent", root=build_project)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (1, 2)
    assert "disk is full" in result.stdout + result.stderr, result.stdout + result.stderr


def test_no_notebook_writes_processed_data():
    """Old code: notebook 01 ran the ingest, so a failing 01 left new processed files behind."""
    registry = load_registry()
    assert registry.ingest == "data/raw/demo"
    for spec in registry.notebooks:
        source = spec.source_path().read_text(encoding="utf-8")
        assert "import ingest" not in source and "write_processed" not in source, spec.name
