"""The committed demo data: MANIFEST, reproducibility, formats, names and the stated mess."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from heroes_research.codebook import load_codebook
from heroes_research.countries import COUNTRY_CODES
from heroes_research.demo import INSTRUMENTS, PROFILES, check_demo, make_instrument, write_demo
from heroes_research.errors import InputFileError
from heroes_research.io import read_survey, verify_manifest

REPO_DEMO = Path(__file__).resolve().parents[2] / "data" / "raw" / "demo"


def test_committed_demo_data_match_their_manifest():
    verify_manifest(REPO_DEMO)


def test_regeneration_reproduces_the_committed_files():
    table = check_demo(REPO_DEMO)
    assert set(table["status"]) <= {"identical", "same_content"}
    generated = table[table["path"].str.contains(r"^(?:early_identification|missing_children|prevention)/")]
    assert len(generated) == len(INSTRUMENTS) * (len(COUNTRY_CODES) + 1)
    # text files have no library-dependent layout: always byte-identical
    text = table[table["path"].str.endswith((".yaml", ".md"))]
    assert (text["status"] == "identical").all()


def test_two_generations_are_byte_identical(tmp_path):
    first, second = write_demo(tmp_path / "a"), write_demo(tmp_path / "b")
    assert (first / "MANIFEST").read_bytes() == (second / "MANIFEST").read_bytes()


def test_check_demo_names_a_changed_file(tmp_path):
    folder = write_demo(tmp_path / "demo")
    target = folder / "prevention" / "codebook.yaml"
    target.write_text(target.read_text().replace("version: 1.0.0", "version: 1.0.1"))
    with pytest.raises(InputFileError, match="MANIFEST") as info:
        check_demo(folder)
    assert info.value.failures["path"].tolist() == ["prevention/codebook.yaml"]


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_every_codebook_loads_and_names_existing_files(instrument):
    codebook = load_codebook(REPO_DEMO / instrument / "codebook.yaml")
    assert set(codebook.countries) == set(COUNTRY_CODES)
    for country, mapping in codebook.countries.items():
        assert (REPO_DEMO / instrument / mapping.file).is_file()
        assert mapping.file.endswith("." + PROFILES[country].file_format)
        assert mapping.language == PROFILES[country].language


def test_formats_are_native_sav_mostly_some_dta_one_xlsx():
    formats = [p.file_format for p in PROFILES.values()]
    assert formats.count("xlsx") == 1
    assert 0 < formats.count("dta") < formats.count("sav")


def test_sav_files_carry_value_labels_and_user_missing_codes():
    survey = read_survey(REPO_DEMO / "early_identification" / "es.sav")
    item = "p04_aislamiento"
    assert survey.missing[item] == [7.0, 8.0, 9.0]
    assert survey.value_labels[item][5.0] == "Extremadamente importante"
    assert survey.value_labels[item][8.0] == "No sabe"


def test_one_file_is_latin1_not_utf8():
    raw = (REPO_DEMO / "early_identification" / "pt.dta").read_bytes()
    assert "Não sabe".encode("latin-1") in raw
    assert "Não sabe".encode() not in raw
    survey = read_survey(REPO_DEMO / "early_identification" / "pt.dta")
    assert "Não sabe" in survey.value_labels["q04_isolamento"].values()


def test_xlsx_uses_the_heroes_excel_layout():
    from openpyxl import load_workbook

    book = load_workbook(REPO_DEMO / "prevention" / "bd.xlsx", read_only=True)
    assert book.sheetnames == ["data", "variables", "values", "missing"]
    survey = read_survey(REPO_DEMO / "prevention" / "bd.xlsx")
    assert survey.missing and survey.value_labels


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_variable_names_are_ascii_safe_and_country_specific(instrument):
    files = make_instrument(instrument).files
    names = {name: tuple(content.frame.columns) for name, content in files.items()}
    for columns in names.values():
        assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,31}", c) for c in columns), columns
    # countries sharing a language still differ from countries of other languages
    assert names["es.sav"] != names["fr.sav"] != names["gr.sav"] != names["bd.xlsx"]


def test_codings_differ_between_countries():
    countries = make_instrument("early_identification").codebook["countries"]
    assert countries["BG"]["variables"]["ind_fear"]["recode"] == {0: 1, 1: 2, 2: 3, 3: 4, 4: 5}
    assert countries["FR"]["variables"]["ind_fear"]["reverse"] is True
    assert "recode" not in countries["GB"]["variables"]["ind_fear"]
    missing_codes = {tuple(sorted(c["variables"]["ind_fear"]["missing"])) for c in countries.values()}
    assert len(missing_codes) == 4
    assert countries["AT"]["variables"]["identified_victim"]["recode"] == {1: 1, 2: 0}
    assert len({str(c["variables"]["sector"].get("recode")) for c in countries.values()}) > 2


def test_free_text_is_stock_neutral_text_only():
    from heroes_research.demo._localise import language_table

    phrases = {p for ps in language_table()["comments"].values() for p in ps}
    for name, content in make_instrument("prevention").files.items():
        column = [c for c in content.frame.columns if c.endswith(
            tuple(language_table()["stems"]["comments"].values()))]
        values = set(content.frame[column[0]].astype(str).str.strip()) - {""}
        assert values <= phrases, name
