"""Done-when of issue 14: an ESS-style file (design weight plus published replicate weights)
declared in a codebook, ingested and read with the library's normal reader, gives R's
``svrepdesign(repweights=, type="JKn", combined.weights=TRUE)`` estimates and SEs.

The file is written here with pyreadstat (an SPSS .sav): apistrat's schools with the JKn
replicate weights R made for a stratified cluster sample (school type strata, clusters of
districts), goldens/published_repweights.csv. Goldens: goldens/domain.json ("published"),
made by goldens/make_domain_goldens.R.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from heroes_research.errors import ValidationError
from heroes_research.io import read_processed
from heroes_research.pipeline import ingest, validate
from heroes_research.survey import SurveyDesign

GOLDENS = Path(__file__).parent / "goldens"
GOLD = json.loads((GOLDENS / "domain.json").read_text())["published"]
NUMERIC = ("pw", "api00", "enroll", "ell", "meals")


def write_file(folder: Path, api: dict[str, pd.DataFrame], bad: dict | None = None) -> list[str]:
    """gb.sav, as a data producer publishes it; returns the replicate weight columns."""
    import pyreadstat

    repw = pd.read_csv(GOLDENS / "published_repweights.csv")
    frame = api["apistrat"][["snum", "stype", *NUMERIC]].copy()
    frame["snum"] = frame["snum"].astype(str)
    frame["stype"] = frame["stype"].map({"E": 1.0, "H": 2.0, "M": 3.0})
    frame = pd.concat([frame, repw], axis=1)
    for (row, column), value in (bad or {}).items():
        frame.loc[row, column] = value
    folder.mkdir(parents=True, exist_ok=True)
    pyreadstat.write_sav(frame, folder / "gb.sav", variable_value_labels={"stype": {1: "E", 2: "H", 3: "M"}})
    return list(repw.columns)


def write_codebook(folder: Path, replicates: list[str]) -> None:
    variables = [{"name": "resp_id", "label": "School", "type": "text"},
                 {"name": "stype", "label": "School type", "type": "categorical",
                  "codes": {1: "E", 2: "H", 3: "M"}}]
    variables += [{"name": name, "label": name, "type": "numeric"} for name in (*NUMERIC, *replicates)]
    book = {
        "instrument": "ess_like", "version": "1.0.0", "id": "resp_id",
        "design": {"weights": "pw", "replicates": {"weights": "^repw", "type": "JKn",
                                                   "scale": 1, "rscales": GOLD["rscales"]}},
        "variables": variables,
        "countries": {"GB": {"file": "gb.sav", "variables": {
            "resp_id": "snum", "stype": "stype", **{name: name for name in (*NUMERIC, *replicates)}}}},
    }
    (folder / "codebook.yaml").write_text(yaml.safe_dump(book, sort_keys=False))


def same(result: pd.DataFrame, gold: dict, columns=("estimate", "se")) -> None:
    for column in columns:
        np.testing.assert_allclose(result[column].to_numpy(float), np.atleast_1d(gold[column]),
                                   rtol=1e-6, err_msg=column)


@pytest.fixture(scope="module")
def design(api, tmp_path_factory) -> SurveyDesign:
    raw = tmp_path_factory.mktemp("raw")
    write_codebook(raw / "ess_like", write_file(raw / "ess_like", api))
    out = raw.parent / "processed"
    ingest(raw, out=out, progress=False)
    data, meta = read_processed("ess_like", root=out)
    assert meta["design"]["type"] == "JKn" and len(meta["design"]["replicate_weights"]) == 24
    return SurveyDesign.from_metadata(data, meta["design"])


def test_the_design_is_the_published_replicate_design(design):
    assert design.is_replicate and design.replicate_weights.shape == (200, 24)


def test_mean_total_proportions_as_r(design):
    same(design.mean("api00"), GOLD["mean"])
    same(design.total("enroll"), GOLD["total"])
    same(design.mean("stype"), GOLD["proportions"])


def test_median_as_r(design):
    same(design.quantile("api00", 0.5), GOLD["median"], ("estimate", "se", "ci_low", "ci_high"))


def test_glm_as_r(design):
    fit = design.glm("api00 ~ ell + meals")
    same(fit, GOLD["glm"], ("estimate", "se", "p"))


def test_validate_names_a_bad_replicate_weight(api, tmp_path):
    folder = tmp_path / "ess_like"
    write_codebook(folder, write_file(folder, api, bad={(4, "repw3"): np.nan, (9, "repw3"): -1.0}))
    report = validate(tmp_path, progress=False).report
    hits = report[report["rule"] == "bad_replicate_weight"]
    assert hits["variable"].tolist() == ["repw3", "repw3"]
    assert hits["file"].tolist() == ["ess_like/gb.sav"] * 2
    assert hits["row_id"].tolist() == [str(api["apistrat"]["snum"][i]) for i in (4, 9)]
    assert "finite number >= 0" in hits["message"].iloc[0]
    with pytest.raises(ValidationError, match="repw3"):  # the design could not be estimated
        ingest(tmp_path, out=tmp_path / "processed", progress=False)
