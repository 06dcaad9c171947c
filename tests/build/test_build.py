"""heroes build end to end on a tiny project: real kernels, real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from heroes_research.build import build, load_registry
from heroes_research.errors import BuildError

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]


def _statuses(report) -> dict[str, str]:
    return {o.name: o.status for o in report.outcomes}


def test_cold_build_writes_outputs_site_and_docx(build_project: Path):
    report = build(jobs=2, progress=False)
    assert report.ok, report
    reports = build_project / "reports"
    for path in ("figures/fig_a.png", "figures/fig_c.png", "tables/tab_b.csv",
                 "notebooks/a_first.html", "index.html", "heroes-report.docx", "heroes-tables.xlsx",
                 "heroes-outputs.zip"):
        assert (reports / path).is_file(), path
    # figures show inline in the executed notebook even though the tests run headless (Agg)
    assert "data:image/png;base64" in (reports / "notebooks" / "a_first.html").read_text()
    site = (reports / "index.html").read_text()
    assert "A line" in site and "Synthetic demo data" not in site  # the banner only where it applies
    assert "scale" in site  # the parameters each notebook ran with
    assert not (reports / ".staging").exists() or not any((reports / ".staging").iterdir())


def test_unchanged_tree_rebuilds_nothing_and_touching_a_notebook_rebuilds_it(build_project: Path):
    build(jobs=2, progress=False)
    assert set(_statuses(build(jobs=2, progress=False)).values()) == {"cached"}
    source = build_project / "notebooks" / "c_independent.py"
    source.write_text(source.read_text() + "\n# %%\nprint('changed')\n")
    assert _statuses(build(jobs=2, progress=False)) == {
        "a_first": "cached", "b_second": "cached", "c_independent": "built"}


def test_changed_input_rebuilds_the_notebook_that_declares_it(build_project: Path):
    build(jobs=2, progress=False)
    (build_project / "data" / "raw" / "demo" / "input.txt").write_text("v2")
    assert _statuses(build(jobs=2, progress=False))["a_first"] == "built"


def test_outputs_no_notebook_registers_are_retired(build_project: Path):
    """A renamed output's old files leave reports/ (else the site, zip and audit would see them)."""
    build(jobs=2, progress=False)
    figures = build_project / "reports" / "figures"
    for ext in ("png", "json"):
        (figures / f"fig_renamed_since.{ext}").write_bytes(b"old")
    report = build(jobs=2, progress=False)
    assert report.ok, report
    assert not list(figures.glob("fig_renamed_since.*"))
    assert (figures / "fig_a.png").is_file() and (figures / "fig_c.png").is_file()


def test_failing_notebook_keeps_previous_outputs_and_others_finish(build_project: Path, write_notebook):
    build(jobs=2, progress=False)
    figure = build_project / "reports" / "figures" / "fig_a.png"
    before = figure.read_bytes()
    write_notebook("a_first", "fig_a", typo=True)
    write_notebook("c_independent", "fig_c", parameters="scale = 2")
    report = build(jobs=2, progress=False)
    statuses = _statuses(report)
    assert statuses == {"a_first": "failed", "b_second": "skipped", "c_independent": "built"}
    assert not report.ok
    failure = next(o for o in report.outcomes if o.name == "a_first").message
    assert "plott" in failure and "cell" in failure
    assert figure.read_bytes() == before


def test_unregistered_and_missing_outputs_fail_the_notebook(build_project: Path, write_notebook):
    write_notebook("c_independent", "fig_rogue")
    report = build(["c_independent"], jobs=1, progress=False)
    message = report.outcomes[0].message
    assert report.outcomes[0].status == "failed"
    assert "unregistered output figures/fig_rogue" in message
    assert "did not write registered output figures/fig_c" in message
    assert not (build_project / "reports" / "figures" / "fig_rogue.png").exists()


def test_params_file_is_injected(build_project: Path, tmp_path: Path):
    params = tmp_path / "params.yaml"
    params.write_text("scale: 7\n")
    report = build(["c_independent"], jobs=1, params=params, progress=False)
    assert report.ok
    assert '"scale": 7' in (build_project / "reports" / "figures" / "fig_c.json").read_text()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("scale: [unclosed\n", "cannot read the params file"),
     ("- 1\n- 2\n", "must be a YAML mapping"),
     ("nonexistent: 3\n", "no selected notebook declares a parameter 'nonexistent'"),
     ("zz_notebook: {scale: 1}\n", "'zz_notebook' is not a notebook")],
)
def test_malformed_params_file_is_a_clear_error(build_project: Path, tmp_path: Path, text, fragment):
    params = tmp_path / "params.yaml"
    params.write_text(text)
    with pytest.raises(BuildError, match="params") as err:
        build(jobs=1, params=params, progress=False)
    assert fragment in str(err.value)
    assert str(params) in str(err.value)


def test_unknown_only_name_is_a_clear_error(build_project: Path):
    with pytest.raises(BuildError, match="no notebook named 'nope'.*choose one of: a_first"):
        build(["nope"], progress=False)


def test_only_builds_dependencies_too(build_project: Path):
    assert set(_statuses(build(["b_second"], jobs=1, progress=False))) == {"a_first", "b_second"}


def test_registry_problems_are_listed(build_project: Path):
    registry = build_project / "notebooks" / "registry.yaml"
    registry.write_text(registry.read_text().replace("depends_on: [a_first]", "depends_on: [zzz]")
                        .replace("kind: table", "kind: chart"))
    with pytest.raises(BuildError) as err:
        load_registry()
    assert "depends on unknown notebook 'zzz'" in str(err.value)
    assert "kind 'chart'" in str(err.value)


def test_cli_build_help_and_exit_code(build_project: Path):
    help_text = subprocess.run([sys.executable, "-m", "heroes_research.cli", "build", "--help"],
                               capture_output=True, text=True, check=True).stdout
    assert "--only" in help_text and "--jobs" in help_text and "--params" in help_text
    bad = subprocess.run([sys.executable, "-m", "heroes_research.cli", "build", "--only", "nope"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "no notebook named 'nope'" in bad.stderr


def test_every_house_style_figure_displays_in_the_executed_notebook(build_project: Path, write_notebook):
    """pyplot first imported inside house_style() must not switch inline display off."""
    write_notebook("c_independent", "fig_c", prelude=(
        "import pandas as pd\n"
        "from heroes_research import figures\n"
        "frame = pd.DataFrame([[1, 2], [3, 4]], index=['a', 'b'], columns=['c', 'd'])\n"
        "fig1 = figures.matrix_heatmap(frame, title='one', source='test')\n"
        "# %%\n"
        "fig2 = figures.matrix_heatmap(frame, title='two', source='test')\n"
        "# %%\n"
    ))
    assert build(["c_independent"], jobs=1, progress=False).ok
    html = (build_project / "reports" / "notebooks" / "c_independent.html").read_text()
    assert html.count("<img") == 3
