"""Done-when: a new study from files written by other software, four countries outside the 15, a
pooled file: scaffold, validate, `heroes build` (which ingests), notebook 01 on it; nothing synthetic."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from conftest import REPO_ROOT

from heroes_research.cli import main
from heroes_research.pipeline import validate
from heroes_research.study import new_study

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]


def test_a_new_study_end_to_end(project_tmp, capsys):
    import importlib.util

    shutil.copytree(REPO_ROOT / "notebooks", project_tmp / "notebooks",
                    ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    made = new_study("values", countries=["NO", "DE", "PL", "SE"], instrument="values_survey",
                     title="Values survey", root=project_tmp)
    spec = importlib.util.spec_from_file_location("study_conftest", REPO_ROOT / "tests/study/conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = module.write_values_study(made.settings.parent)  # the researcher's files replace the template

    report = validate(folder, progress=False).report
    assert set(report["country"].dropna()) <= {"NO", "DE", "PL", "SE"}
    assert not report["rule"].isin(["missing_variable", "bad_weight", "psu_crosses_strata"]).any()

    # heroes build runs the ingest the study's notebook needs, then the notebook
    assert main(["build", "--only", "08_values", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "running `heroes ingest --raw data/raw/values --instrument values_survey`" in printed
    tables = project_tmp / "reports" / "tables"
    counts = pd.read_csv(tables / "tab_values_counts.csv")
    assert counts.iloc[:4, 0].tolist() == ["Germany", "Norway", "Poland", "Sweden"]  # display order: by name
    assert json.loads((tables / "tab_values_counts.json").read_text())["demo_data"] is False

    # the site lists this study's notebook only, and calls nothing synthetic
    site = (project_tmp / "reports" / "index.html").read_text()
    assert "08_values" in site and "05_early_identification" not in site
    assert "SYNTHETIC" not in site and "synthetic demo data" not in site

    # a protected table and figure by a non-country variable, from the study's processed data
    _by_sex_outputs(project_tmp)

    # up to date: no ingest; a changed codebook makes the processed data stale: ingested again
    assert main(["build", "--only", "08_values", "--quiet"]) == 0
    assert "running `heroes ingest" not in capsys.readouterr().out
    codebook = folder / "values_survey" / "codebook.yaml"
    codebook.write_text(codebook.read_text().replace("Trusts the police", "Trusts the police (0-1)"))
    assert main(["build", "--only", "08_values", "--quiet"]) == 0
    assert "values_survey is its codebook changed; running `heroes ingest" in capsys.readouterr().out

    # notebook 01 runs on this instrument (no item batteries, no HEROES countries)
    params = project_tmp / "params.yaml"
    params.write_text("01_data_quality: {study: values}\n")
    assert main(["build", "--only", "01_data_quality", "--params", str(params), "--quiet"]) == 0
    respondents = pd.read_csv(tables / "tab_respondents_by_country.csv")
    assert {"Norway", "Germany", "Poland", "Sweden"} <= set(respondents.iloc[:, 0])
    for name in ("tab_respondents_by_country", "tab_violations_by_rule"):
        sidecar = json.loads((tables / f"{name}.json").read_text())
        assert sidecar["demo_data"] is False and "Values survey" in sidecar["source"]
    figure = json.loads((project_tmp / "reports" / "figures" / "fig_item_nonresponse.json").read_text())
    assert figure.get("demo_data", False) is False


def _by_sex_outputs(root) -> None:
    """Trust in the police by sex (design-based, protected): the library on real-data files, no country."""
    from heroes_research import figures, tables
    from heroes_research.io import read_processed
    from heroes_research.survey import SurveyDesign

    frame, meta = read_processed("values_survey")
    assert meta["demo"] is False
    design = SurveyDesign(frame, **meta["design"])
    est = design.proportion_ci("q1", "Yes", by="sex", na_rm=True)
    table = tables.estimates_table(est, rows="sex", labels={"sex": "Sex"}, percent=True,
                                   title="Trusts the police, by sex", source="Values survey")
    tables.save_table(table, "tab_values_trust_by_sex")
    published = pd.read_csv(root / "reports" / "tables" / "tab_values_trust_by_sex.csv")
    assert {"Man", "Woman"} <= set(published.iloc[:, 0])  # the codebook's harmonised labels
    sidecar = json.loads((root / "reports" / "tables" / "tab_values_trust_by_sex.json").read_text())
    assert sidecar["demo_data"] is False and sidecar["table"]["protected"] is True
    fig = figures.forest_plot(est, rows="sex", percent=True, title="Trusts the police", source="Values survey")
    written = figures.save_figure(fig, "fig_values_trust_by_sex")
    assert written["png"].stat().st_size > 0
    assert json.loads(written["json"].read_text())["demo_data"] is False
