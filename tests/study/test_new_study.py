"""`heroes new-study`: settings, a codebook template, a notebook with parameters, registry entries."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO_ROOT

from heroes_research.build import load_registry
from heroes_research.build._params import declared_parameters
from heroes_research.cli import main
from heroes_research.codebook import load_codebook
from heroes_research.errors import HeroesError
from heroes_research.io import read_processed
from heroes_research.study import load_study, new_study, stale_inputs


@pytest.fixture
def project(project_tmp):
    shutil.copytree(REPO_ROOT / "notebooks", project_tmp / "notebooks",
                    ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    return project_tmp


def test_scaffold_is_a_study_ready_to_fill(project, capsys):
    assert main(["new-study", "values", "--countries", "NO,Germany,pl,SE", "--instrument", "ess"]) == 0
    printed = capsys.readouterr().out
    assert "wrote data/raw/values/study.yaml" in printed and "heroes validate --raw data/raw/values" in printed
    study = load_study(project / "data/raw/values")
    assert study.countries == ("NO", "DE", "PL", "SE") and study.name == "values"
    codebook = load_codebook(project / "data/raw/values/ess/codebook.yaml")
    assert list(codebook.countries) == ["NO", "DE", "PL", "SE"] and codebook.synthetic is False
    assert codebook.design.to_dict() == {"weights": "weight", "strata": "country"}
    registry = load_registry(project / "notebooks/registry.yaml")
    spec = registry["08_values"]
    assert spec.inputs == ("data/processed/ess.parquet",) and spec.outputs[0].name == "tab_values_counts"
    assert len(registry.notebooks) == 8  # the other sections are kept
    assert declared_parameters(project / "notebooks/08_values.py") == {
        "instrument": "ess", "variable": "q1", "min_count": 5}
    assert (project / "data/raw/values/README.md").is_file()


def test_scaffold_refuses_an_existing_study_or_a_bad_name(project):
    new_study("values", root=project)
    with pytest.raises(HeroesError) as info:
        new_study("values", root=project)
    assert info.value.reason == "already_exists"
    with pytest.raises(HeroesError, match="lower-case"):
        new_study("My Study", root=project)
    with pytest.raises(HeroesError) as info:
        new_study("other", countries=["Atlantis"], root=project)
    assert info.value.reason == "unknown_country" and not (project / "data/raw/other").exists()


def test_new_study_help_and_the_missing_data_hint(project, capsys):
    with pytest.raises(SystemExit):
        main(["new-study", "--help"])
    assert "data/raw/NAME/study.yaml" in capsys.readouterr().out
    new_study("values", instrument="ess", root=project)
    (stale,) = stale_inputs(load_registry(project / "notebooks/registry.yaml").select(["08_values"]))
    assert stale.instrument == "ess" and stale.why == "missing"
    assert stale.command == "heroes ingest --raw data/raw/values --instrument ess"
    with pytest.raises(HeroesError) as info:
        read_processed("ess")
    assert "heroes ingest --raw data/raw/values --instrument ess" in info.value.hint
