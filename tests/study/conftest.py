"""A study written by other software (pyreadstat), four countries outside the 15, one pooled file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

CODEBOOK = """\
# a study codebook as a researcher writes it: NO unquoted (Norway, not false)
instrument: values_survey
version: "1.0.0"
title: Values survey of four countries
id: resp_id
design: {weights: weight, strata: country, psu: psu}
missing: {98: Don't know, 99: Refused}
variables:
  - {name: resp_id, label: Respondent id, type: text}
  - {name: psu, label: Sampling point, type: text}
  - {name: weight, label: Design weight, type: numeric}
  - {name: q1, label: Trusts the police, type: categorical, codes: {1: "Yes", 2: "No"}}
  - {name: sex, label: Sex, type: categorical, codes: {1: Man, 2: Woman}}
  - {name: age, label: Age, type: numeric, range: [15, 99]}
pooled:
  - {file: pooled.dta, country: cntry, values: {276: DE, 616: PL}}
countries:
  NO:
    file: no.sav
    language: "no"
    variables: {resp_id: idno, psu: psu, weight: dweight, q1: trstplc, sex: gndr, age: agea}
  DE: {language: de, variables: {resp_id: idno, psu: psu, weight: dweight, q1: trstplc, sex: gndr, age: agea}}
  PL: {language: pl, variables: {resp_id: idno, psu: psu, weight: dweight, q1: trstplc, sex: gndr, age: agea}}
  SE:
    file: se.dta
    language: sv
    variables: {resp_id: idno, psu: psu, weight: dweight, q1: {source: trstplc, missing: {8: 98}}, sex: gndr,
                age: agea}
"""
SETTINGS = "study: values\ntitle: Values survey\ncountries: [NO, DE, PL, SE]\n"


def country_frame(rng: np.random.Generator, prefix: str, n: int, psus: int) -> pd.DataFrame:
    """Respondents of one country: ids, PSUs (unique to the country), weights, answers."""
    frame = pd.DataFrame({
        "idno": [f"{prefix}{i:04d}" for i in range(n)],
        "psu": [f"{prefix}-P{i % psus}" for i in range(n)],
        "dweight": rng.uniform(0.5, 2.0, n).round(3),
        "trstplc": rng.choice([1.0, 2.0, 98.0], n, p=[0.6, 0.35, 0.05]),
        "gndr": rng.choice([1.0, 2.0], n),
        "agea": rng.integers(18, 90, n).astype(float),
    })
    return frame


def write_values_study(folder: Path, seed: int = 7) -> Path:
    """Write data/raw/values/ (settings, codebook, .sav, .dta and a pooled .dta) with pyreadstat."""
    import pyreadstat

    rng = np.random.default_rng(seed)
    instrument = folder / "values_survey"
    instrument.mkdir(parents=True, exist_ok=True)
    (folder / "study.yaml").write_text(SETTINGS, encoding="utf-8")
    (instrument / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    labels = {"trstplc": {1: "Yes", 2: "No", 98: "Don't know"}, "gndr": {1: "Male", 2: "Female"}}
    pyreadstat.write_sav(country_frame(rng, "N", 60, 6), instrument / "no.sav", variable_value_labels=labels,
                         missing_ranges={"trstplc": [98]})
    sweden = country_frame(rng, "S", 50, 5).replace({"trstplc": {98.0: 8.0}})
    sweden.loc[:1, "trstplc"] = 8.0  # Sweden codes "don't know" as 8
    pyreadstat.write_dta(sweden, instrument / "se.dta")
    pooled = pd.concat([country_frame(rng, "D", 70, 7).assign(cntry=276.0),
                        country_frame(rng, "P", 40, 4).assign(cntry=616.0)], ignore_index=True)
    pyreadstat.write_dta(pooled, instrument / "pooled.dta")
    return folder


@pytest.fixture
def values_study(project_tmp: Path) -> Path:
    """data/raw/values in a throw-away project root."""
    return write_values_study(project_tmp / "data" / "raw" / "values")
