"""Published replicate weights in a codebook's design (``design: replicates:``): typed, checked
with the line of each problem, and kept by the YAML and Excel round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from heroes_research.codebook import (
    ReplicateSpec,
    from_excel,
    load_codebook,
    save_codebook,
    to_excel,
)
from heroes_research.errors import CodebookError

BOOK = """\
instrument: ess_like
version: "1.0"
design: {design}
variables:
  - {{name: resp_id, label: Id, type: text}}
  - {{name: w, label: Weight, type: numeric}}
  - {{name: rep1, label: Replicate 1, type: numeric}}
  - {{name: rep2, label: Replicate 2, type: numeric}}
  - {{name: rep3, label: Replicate 3, type: numeric}}
  - {{name: q1, label: Trust, type: categorical, codes: {{1: "Yes", 2: "No"}}}}
countries:
  NO: {{file: no.sav, variables: {{resp_id: id, w: w, rep1: r1, rep2: r2, rep3: r3, q1: q1}}}}
"""


def _load(tmp_path: Path, design: str):
    path = tmp_path / "codebook.yaml"
    path.write_text(BOOK.format(design=design), encoding="utf-8")
    return load_codebook(path)


def test_pattern_resolves_to_declared_variables(tmp_path):
    cb = _load(tmp_path, '{weights: w, replicates: {weights: "^rep", type: Fay, rho: 0.5, mse: true}}')
    assert cb.design.replicates == ReplicateSpec(weights="^rep", columns=("rep1", "rep2", "rep3"),
                                                 type="Fay", rho=0.5, mse=True)
    assert cb.design.survey_kwargs() == {"weights": "w", "replicate_weights": ["rep1", "rep2", "rep3"],
                                         "type": "Fay", "rho": 0.5, "mse": True}


def test_list_with_jkn_rscales_and_factors(tmp_path):
    cb = _load(tmp_path, "{weights: w, strata: country, replicates: {weights: [rep1, rep2, rep3], type: JKn, "
                         "rscales: [0.5, 0.5, 0.75], scale: 1, combined_weights: false}}")
    kwargs = cb.design.survey_kwargs()
    assert kwargs == {"weights": "w", "replicate_weights": ["rep1", "rep2", "rep3"], "type": "JKn",
                      "scale": 1.0, "rscales": [0.5, 0.5, 0.75], "combined_weights": False}


@pytest.mark.parametrize("design", [
    '{weights: w, replicates: {weights: "^rep", type: bootstrap}}',
    "{weights: w, replicates: {weights: [rep1, rep2, rep3], type: JKn, rscales: [0.5, 0.5, 0.75]}}",
    '{weights: w, replicates: {weights: "^rep", type: other, scale: 0.25, rscales: 1, mse: true}}',
])
def test_yaml_and_excel_round_trips(tmp_path, design):
    cb = _load(tmp_path, design)
    assert load_codebook(save_codebook(cb, tmp_path / "again.yaml")) == cb
    assert from_excel(to_excel(cb, tmp_path / "codebook.xlsx")) == cb


@pytest.mark.parametrize(("replicates", "fragment"), [
    ('{weights: "^wgt", type: JK1}', "matches no declared variable"),
    ('{weights: "[rep", type: JK1}', "is not a regular expression"),
    ("{weights: [rep1, repx], type: JK1}", "'repx' is not a declared variable"),
    ("{weights: [rep1, q1], type: JK1}", "declare it type: numeric"),
    ('{weights: "^rep", type: jackknife}', "is not one of JK1, JKn"),
    ('{weights: "^rep", type: Fay, rho: 1.0}', "must be a number in [0, 1)"),
    ('{weights: "^rep", type: Fay}', "type Fay needs it"),
    ('{weights: "^rep", type: BRR, rho: 0.3}', "'rho' goes with type Fay"),
    ('{weights: "^rep", type: JKn}', "type JKn needs 'rscales'"),
    ('{weights: "^rep", type: JKn, rscales: [0.5, 0.5]}', "2 rscales for 3 replicate weights"),
    ('{weights: "^rep", type: JK1, scale: -1}', "must be a positive number"),
    ('{weights: "^rep", type: JK1, mse: yes please}', "mse must be true or false"),
    ('{weights: "^rep", type: JK1, repweights: x}', "unknown key 'repweights'"),
    ('{type: JK1}', "must map at least 'weights'"),
])
def test_bad_replicates_name_the_problem_and_the_line(tmp_path, replicates, fragment):
    with pytest.raises(CodebookError) as info:
        _load(tmp_path, f"{{weights: w, replicates: {replicates}}}")
    messages = " | ".join(info.value.failures["message"])
    assert fragment in messages
    assert info.value.failures["line"].iloc[0] == 3


def test_replicates_need_the_design_weight(tmp_path):
    with pytest.raises(CodebookError, match="need the full-sample weight"):
        _load(tmp_path, '{replicates: {weights: "^rep", type: JK1}}')
