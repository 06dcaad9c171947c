"""The `heroes` command: help everywhere, and the ingest / validate / demo subcommands."""

from __future__ import annotations

import pytest

from heroes_research.cli import SUBCOMMANDS, main


def test_top_level_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in SUBCOMMANDS)


@pytest.mark.parametrize("command", ["ingest", "validate", "demo"])
def test_subcommand_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert f"heroes {command}" in out
    assert ("--check" if command == "demo" else "--raw") in out


def test_ingest_prints_a_summary_by_instrument(project_tmp, capsys):
    assert main(["ingest", "--instrument", "missing_children", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "instrument  countries  respondents  violations" in out
    assert "missing_children" in out and "duplicate_respondent" in out
    assert (project_tmp / "data" / "processed" / "missing_children.parquet").is_file()


def test_validate_exits_non_zero_only_under_strict(project_tmp, capsys):
    command = ["validate", "--instrument", "missing_children", "--no-progress"]
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "every violation (3)" in out and "BG-A005" in out
    assert main([*command, "--strict"]) == 1
    assert "3 violation(s) under --strict" in capsys.readouterr().err
    assert list((project_tmp / "data" / "processed").iterdir()) == []


def test_validate_names_an_unknown_instrument(project_tmp, capsys):
    assert main(["validate", "--instrument", "nope", "--no-progress"]) == 2
    assert "no instrument 'nope'" in capsys.readouterr().err


def test_demo_writes_then_checks_a_folder(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", "--out", str(folder)]) == 0
    assert (folder / "MANIFEST").is_file() and (folder / "README.md").is_file()
    assert main(["demo", "--check", "--out", str(folder)]) == 0
    assert "identical" in capsys.readouterr().out
    (folder / "missing_children" / "at.sav").write_bytes(b"$FL2 changed")
    assert main(["demo", "--check", "--out", str(folder)]) == 2
    assert "missing_children/at.sav" in capsys.readouterr().err


def test_validate_summarises_by_rule_and_severity_and_writes_the_full_report(project_tmp, tmp_path, capsys):
    import openpyxl
    import pandas as pd

    command = ["validate", "--instrument", "missing_children", "--no-progress"]
    assert main([*command, "--output", str(tmp_path / "v.csv")]) == 0
    out = capsys.readouterr().out
    assert out.index("violations by rule and severity") < out.index("wrote 3 violation(s)")
    assert "BG-A005" not in out  # the rows go to the file, not the terminal
    written = pd.read_csv(tmp_path / "v.csv", encoding="utf-8-sig", nrows=3)
    assert set(written["severity"]) == {"error"} and "BG-A005" in set(written["row_id"])
    assert main([*command, "--severity", "warning", "--output", str(tmp_path / "v.xlsx")]) == 0
    assert "wrote 0 violation(s)" in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "v.xlsx").active["A1"].value == "heroes validate: violations"


def test_validate_refuses_an_unknown_output_type(project_tmp, tmp_path, capsys):
    assert main(["validate", "--instrument", "missing_children", "--no-progress",
                 "--output", str(tmp_path / "v.txt")]) == 2
    assert ".csv or .xlsx" in capsys.readouterr().err


def test_build_list_names_every_output_by_notebook(capsys):
    from heroes_research.build import load_registry

    assert main(["build", "--list"]) == 0
    out = capsys.readouterr().out
    registry = load_registry()
    first = registry.notebooks[0]
    assert out.startswith(f"{first.name}: {first.title}")
    assert f"tables/{first.outputs[0].name}.*" in out or f"figures/{first.outputs[0].name}.*" in out
    assert out.rstrip().endswith(f"{sum(len(nb.outputs) for nb in registry.notebooks)} outputs under reports/")
