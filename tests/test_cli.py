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
