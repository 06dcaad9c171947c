"""Codebook keys of any study: countries as text, synthetic flag, typed design, pooled files."""

from __future__ import annotations

from pathlib import Path

import pytest

from heroes_research.codebook import DesignSpec, build_codebook, load_codebook, save_codebook
from heroes_research.errors import CodebookError

BOOK = """\
instrument: values
version: "1.0"
{extra}
variables:
  - {{name: resp_id, label: Id, type: text}}
  - {{name: w, label: Weight, type: numeric}}
  - {{name: psu, label: PSU, type: text}}
  - {{name: q1, label: Trust, type: categorical, codes: {{1: "Yes", 2: "No"}}}}
{pooled}
countries:
  NO: {{file: no.sav, variables: {{resp_id: id, w: w, psu: psu, q1: q1}}}}
  {other}
"""


def _write(tmp_path: Path, extra: str = "", pooled: str = "", other: str = "") -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(BOOK.format(extra=extra, pooled=pooled, other=other), encoding="utf-8")
    return path


def test_no_is_norway_not_false(tmp_path):
    cb = load_codebook(_write(tmp_path, other="SE: {file: se.dta, variables: {q1: q1}}"))
    assert list(cb.countries) == ["NO", "SE"] and cb.countries["NO"].line == 11


def test_bad_country_key_names_file_line_and_fix(tmp_path):
    path = _write(tmp_path, other="Atlantis: {file: x.sav, variables: {q1: q1}}")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    row = info.value.failures.iloc[0]
    assert row["problem"] == "unknown_country" and row["line"] == 12 and row["file"] == str(path)
    assert "ISO 3166" in row["message"] and '"NO"' in row["message"]


def test_synthetic_flag_and_design_roles(tmp_path):
    cb = load_codebook(_write(tmp_path, extra="synthetic: true\ndesign: {weights: w, strata: country, psu: psu, "
                                              "lonely_psu: adjust, nest: true}"))
    assert cb.synthetic is True
    assert cb.design == DesignSpec(weights="w", strata="country", psu="psu", lonely_psu="adjust", nest=True)
    assert cb.design.survey_kwargs() == {"weights": "w", "strata": "country", "psu": "psu", "lonely_psu": "adjust"}
    again = save_codebook(cb, tmp_path / "again.yaml")
    assert load_codebook(again) == cb and load_codebook(again).synthetic


@pytest.mark.parametrize(("design", "problem", "fragment"), [
    ("{weight: w}", "unknown_design_role", "did you mean 'weights'"),
    ("{weights: wt}", "undeclared_variable", "'wt' is not a declared variable"),
    ("{weights: w, lonely_psu: drop}", "bad_design", "use one of fail, remove"),
    ("{weights: w, nest: maybe}", "bad_design", "nest must be true or false"),
])
def test_bad_design_role_names_the_line_and_the_right_key(tmp_path, design, problem, fragment):
    with pytest.raises(CodebookError) as info:
        load_codebook(_write(tmp_path, extra=f"design: {design}"))
    row = info.value.failures.iloc[0]
    assert row["problem"] == problem and fragment in row["message"] and row["line"] == 3


def test_bad_synthetic_flag(tmp_path):
    with pytest.raises(CodebookError, match="'synthetic' must be true or false"):
        load_codebook(_write(tmp_path, extra="synthetic: yes"))


POOLED = """\
pooled:
  - {file: pooled.dta, country: cntry, values: {276: DE, 616: PL}}"""


def test_pooled_file_declares_its_countries(tmp_path):
    cb = load_codebook(_write(tmp_path, pooled=POOLED,
                              other="DE: {variables: {q1: q1}}\n  PL: {variables: {q1: q1}}"))
    (pooled,) = cb.pooled
    assert pooled.file == "pooled.dta" and pooled.country == "cntry" and pooled.countries == ("DE", "PL")
    assert dict(pooled.values) == {276: "DE", 616: "PL"} and cb.countries["DE"].file is None
    assert load_codebook(save_codebook(cb, tmp_path / "again.yaml")) == cb


@pytest.mark.parametrize(("other", "problem"), [
    ("DE: {file: de.sav, variables: {q1: q1}}\n  PL: {variables: {q1: q1}}", "pooled_country_has_file"),
    ("DE: {variables: {q1: q1}}", "undeclared_country"),
])
def test_pooled_country_read_twice_or_undeclared(tmp_path, other, problem):
    with pytest.raises(CodebookError) as info:
        load_codebook(_write(tmp_path, pooled=POOLED, other=other))
    assert problem in info.value.failures["problem"].tolist()


def test_a_country_in_two_pooled_files(tmp_path):
    two = POOLED + "\n  - {file: more.dta, country: cntry, values: {616: PL}}"
    with pytest.raises(CodebookError) as info:
        load_codebook(_write(tmp_path, pooled=two, other="DE: {variables: {q1: q1}}\n  PL: {variables: {q1: q1}}"))
    assert info.value.reason == "pooled_conflict" and info.value.country == "PL"


def test_a_pooled_file_that_is_also_a_country_file(tmp_path):
    with pytest.raises(CodebookError) as info:
        load_codebook(_write(tmp_path, pooled=POOLED.replace("pooled.dta", "no.sav"),
                             other="DE: {variables: {q1: q1}}\n  PL: {variables: {q1: q1}}"))
    assert info.value.reason == "pooled_conflict" and "NO" in str(info.value)


def test_pooled_value_mapping_to_no_country(tmp_path):
    bad = POOLED.replace("616: PL", "616: Narnia")
    with pytest.raises(CodebookError) as info:
        load_codebook(_write(tmp_path, pooled=bad, other="DE: {variables: {q1: q1}}"))
    assert info.value.failures["problem"].tolist() == ["unknown_country"]


def test_build_codebook_accepts_any_iso_country():
    raw = {"instrument": "x", "version": "1", "variables": [{"name": "a", "label": "A", "type": "numeric"}],
           "countries": {"Norway": {"file": "no.csv", "variables": {"a": "a"}}}}
    assert list(build_codebook(raw).countries) == ["NO"]
