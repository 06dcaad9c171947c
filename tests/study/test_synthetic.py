"""Demo status travels with the data: codebook flag -> sidecar -> any_synthetic, never the folder name."""

from __future__ import annotations

import pytest
from conftest import REPO_ROOT

from heroes_research.build import load_registry
from heroes_research.pipeline import ingest
from heroes_research.study import any_synthetic, is_synthetic, synthetic_inputs


def test_registry_notebooks_of_the_demo_and_of_the_law():
    registry = load_registry(REPO_ROOT / "notebooks" / "registry.yaml")
    flags = {nb.name: any_synthetic(nb.inputs, root=REPO_ROOT) for nb in registry.notebooks}
    assert flags == {"01_data_quality": True, "02_legal_harmonisation": False, "03_undercover_agents": False,
                     "04_missing_children": True, "05_early_identification": True,
                     "06_criminal_proceedings": True, "07_prevention": True}
    assert synthetic_inputs(["data/raw/legal/**", "data/raw/demo/interviews/**"], root=REPO_ROOT) == [
        "data/raw/demo/interviews/**"]


def test_real_data_under_a_demo_folder_stay_real(project_tmp):
    import importlib.util

    spec = importlib.util.spec_from_file_location("study_conftest", REPO_ROOT / "tests/study/conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = module.write_values_study(project_tmp / "data" / "raw" / "demo" / "values")
    result = ingest(folder, progress=False)
    assert result.instruments[0].metadata["demo"] is False
    assert not is_synthetic("values_survey") and not is_synthetic("data/processed/values_survey.json")
    assert not any_synthetic(["data/processed/values_survey.parquet"])


def test_demo_ingest_is_synthetic_by_its_codebook_flag(project_tmp):
    ingest(project_tmp / "data" / "raw" / "demo", instruments=["missing_children"], progress=False)
    assert is_synthetic("missing_children") and any_synthetic(["data/processed/*.parquet"])


@pytest.mark.parametrize("text", ["synthetic: false\n", "# synthetic: true\n", "title: synthetic: true\n"])
def test_only_a_top_level_true_flag_counts(tmp_path, text):
    (tmp_path / "codebook.yaml").write_text(f"instrument: x\n{text}")
    assert not is_synthetic(tmp_path / "codebook.yaml")
