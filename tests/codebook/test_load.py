"""load_codebook: the model, immutability, repr, and every validation failure."""

from __future__ import annotations

import dataclasses

import pytest

from heroes_research.codebook import Codebook, FrozenMap, Variable, load_codebook
from heroes_research.errors import CodebookError


def test_loads_the_three_country_codebook(instrument_path):
    cb = load_codebook(instrument_path)
    assert isinstance(cb, Codebook)
    assert cb.instrument == "early_identification" and cb.version == "1.0.0"
    assert cb.id == "resp_id"
    assert list(cb.countries) == ["ES", "BR", "BD"]  # "Brasil" normalised to ISO alpha-2
    assert cb.missing == {97: "Not applicable", 98: "Don't know", 99: "Refused"}
    assert cb.names[:3] == ("resp_id", "sector", "ind_isolation")
    assert cb.variable("ind_isolation").codes[5] == "Extremely important"
    assert cb.variable("training_topics").option_columns() == (
        "training_topics__law", "training_topics__referral")
    assert cb.variable("age").range == (16, 90)
    assert cb.batteries() == {"indicators": ("ind_isolation", "ind_poverty", "ind_debt")}
    assert cb.design.to_dict() == {"strata": "country", "weights": "weight"}
    assert cb.countries["ES"].variables["ind_poverty"].reverse is True
    assert cb.countries["BR"].variables["ind_isolation"].recode[0] == 1
    assert cb.countries["BD"].variables["resp_id"].source == "respondent"  # shorthand form
    assert cb.checks[0].variables == ("years_experience", "age")
    assert cb.path == instrument_path and cb.folder == instrument_path.parent


def test_codebook_is_immutable_and_hashable(instrument_path):
    cb = load_codebook(instrument_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cb.version = "2"
    with pytest.raises(TypeError):
        cb.variable("sector").codes[9] = "Other"
    assert isinstance(cb.variable("sector").codes, FrozenMap)
    assert hash(cb) == hash(load_codebook(instrument_path))
    changed = dataclasses.replace(cb, version="2.0.0")
    assert changed != cb and cb.version == "1.0.0"


def test_repr_is_readable(instrument_path):
    cb = load_codebook(instrument_path)
    text = repr(cb)
    assert "'early_identification' v1.0.0" in text and "countries ES, BR, BD" in text
    assert "3 ordinal" in text and "missing codes 97-99" in text
    assert repr(cb.variable("ind_isolation")) == (
        "Variable('ind_isolation', ordinal, codes 1-5, battery 'indicators')")
    assert "reverse=True" in repr(cb.countries["ES"].variables["ind_poverty"])


def test_unknown_variable_lookup_names_the_file(instrument_path):
    cb = load_codebook(instrument_path)
    with pytest.raises(CodebookError, match="does not declare variable 'sectr'") as info:
        cb.variable("sectr")
    assert info.value.reason == "unknown_variable" and "instrument.yaml" in str(info.value)


def _problems(write_yaml, text: str) -> CodebookError:
    with pytest.raises(CodebookError) as info:
        load_codebook(write_yaml(text))
    return info.value


# (what is broken, replacement of a line of minimal, expected problem, variable named, line)
BREAKS = [
    ("unknown type", ("type: ordinal", "type: ordinl"), "unknown_type", "q1", 7),
    ("recode target", ("recode: {0: 1, 1: 2, 2: 3}", "recode: {0: 1, 1: 2, 2: 4}"),
     "recode_target_not_in_codes", "q1", 17),
    ("reverse non-ordinal", ("age: edad", "age: {source: edad, reverse: true}"), "reverse_not_ordinal", "age", 18),
    ("unknown country", ("  ES:", "  Atlantis:"), "unknown_country", None, 13),
    ("undeclared variable", ("age: edad", "agee: edad"), "undeclared_variable", "agee", 18),
    ("missing target", ("missing: {9: 99}", "missing: {9: 95}"), "unknown_missing_code", "q1", 17),
    ("codes on numeric", ("range: [16, 99]", "codes: {1: a}"), "codes_not_allowed", "age", 11),
    ("bad range", ("range: [16, 99]", "range: [99, 16]"), "bad_range", "age", 11),
    ("code is missing code", ("3: Agree", "99: Agree"), "code_is_missing_code", "q1", 10),
    ("duplicate label", ("3: Agree", "3: Neutral"), "duplicate_label", "q1", 10),
    ("non-integer code", ("3: Agree", "x: Agree"), "bad_code", "q1", 10),
    ("unknown key", ("type: ordinal", "type: ordinal\n    lable: typo"), "unknown_key", "q1", 10),
    ("id undeclared", ("id: rid", "id: ridd"), "undeclared_variable", "ridd", 3),
    ("id not mapped", ("      rid: {source: id}\n", ""), "id_not_mapped", "rid", 14),
    ("missing source", ("age: edad", "age: {recode: {}}"), "bad_source", "age", 18),
    ("recode on numeric", ("age: edad", "age: {source: edad, recode: {1: 2}}"), "recode_not_allowed", "age", 18),
    ("conflict", ("missing: {9: 99}", "missing: {0: 99}"), "recode_missing_conflict", "q1", 17),
    ("reserved name", ("name: rid", "name: country"), "bad_name", "country", 6),
    ("no version", ('version: "1.0"\n', ""), "missing_version", None, 1),
]


@pytest.mark.parametrize(("what", "edit", "problem", "variable", "line"), BREAKS, ids=[b[0] for b in BREAKS])
def test_each_problem_is_reported_with_file_variable_and_line(write_yaml, minimal, what, edit, problem, variable, line):
    old, new = edit
    assert old in minimal
    err = _problems(write_yaml, minimal.replace(old, new, 1))
    failures = err.failures
    assert list(failures.columns) == ["file", "line", "country", "variable", "problem", "message"]
    row = failures[failures["problem"] == problem]
    assert len(row) >= 1, failures.to_string()
    row = row.iloc[0]
    assert row["file"].endswith("codebook.yaml")
    assert row["line"] == line
    if variable is not None:
        assert row["variable"] == variable and variable in row["message"]
    assert "codebook.yaml" in str(err)


def test_reverse_on_asymmetric_codes(write_yaml, minimal):
    text = minimal.replace("3: Agree}", "5: Agree}").replace("recode: {0: 1, 1: 2, 2: 3}", "reverse: true")
    err = _problems(write_yaml, text)
    assert err.reason == "reverse_asymmetric" and err.variable == "q1" and err.country == "ES"


def test_duplicate_variable(write_yaml, minimal):
    text = minimal.replace("  - {name: age,", "  - {name: q1, label: x, type: text}\n  - {name: age,")
    err = _problems(write_yaml, text)
    assert err.reason == "duplicate_variable" and err.variable == "q1"
    assert err.failures["line"].iloc[0] == 11


def test_every_problem_is_collected_not_only_the_first(write_yaml, minimal):
    text = (minimal.replace("type: ordinal", "type: likert")
            .replace("  ES:", "  Narnia:\n    variables: {rid: x}\n  ES:")
            .replace("age: edad", "agee: edad"))
    err = _problems(write_yaml, text)
    assert err.reason == "bad_codebook"
    assert {"unknown_type", "unknown_country", "undeclared_variable"} <= set(err.failures["problem"])
    assert "3 problems" in str(err) or "problems" in str(err)


def test_close_matches_are_suggested(write_yaml, minimal):
    err = _problems(write_yaml, minimal.replace("age: edad", "agge: edad"))
    assert "did you mean 'age'" in err.failures["message"].iloc[0]


def test_malformed_yaml_gives_the_line(write_yaml, minimal):
    err = _problems(write_yaml, minimal.replace("    label: Agreement", "    label: [Agreement"))
    assert err.reason == "malformed_yaml"
    assert "line" in str(err) and err.failures["line"].iloc[0] >= 7
    assert "codebook.yaml" in str(err)


def test_duplicate_yaml_keys_are_errors(write_yaml, minimal):
    err = _problems(write_yaml, minimal.replace("{1: Disagree,", "{1: Disagree, 1: Again,"))
    assert err.reason == "duplicate_key" and err.failures["line"].iloc[0] == 10


def test_missing_file_and_non_mapping(tmp_path, write_yaml):
    with pytest.raises(CodebookError, match="does not exist") as info:
        load_codebook(tmp_path / "nope.yaml")
    assert info.value.reason == "missing_file"
    assert _problems(write_yaml, "- just a list\n").reason == "not_a_mapping"


def test_not_utf8(tmp_path, minimal):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(minimal.replace("Agreement", "Acuerdo año").encode("latin-1"))
    with pytest.raises(CodebookError, match="UTF-8") as info:
        load_codebook(path)
    assert info.value.reason == "bad_encoding"


def test_checks_are_validated(write_yaml, minimal):
    good = minimal + "checks:\n  - {rule: age >= 16, message: too young}\n"
    assert load_codebook(write_yaml(good)).checks[0].message == "too young"
    for rule, needle in [("__import__('os')", "Call"), ("agee > 1", "agee"), ("age >", "not a valid")]:
        err = _problems(write_yaml, minimal + f'checks:\n  - {{rule: "{rule}"}}\n')
        assert err.reason == "bad_check" and needle in str(err), rule


def test_variable_defaults():
    v = Variable(name="x", label="X", type="text")
    assert v.codes == {} and v.range is None and not v.is_coded


def test_variables_table_and_html(instrument_path):
    cb = load_codebook(instrument_path)
    table = cb.variables_table()
    assert list(table.columns) == ["name", "label", "type", "codes", "range", "battery", "countries"]
    row = table.set_index("name").loc["comments"]
    assert row["countries"] == "ES BD"  # Brazil's version has no comments question
    assert table.set_index("name").loc["sector", "codes"] == "1=Law enforcement; 2=Health; 3=NGO"
    assert "<table" in cb._repr_html_() and "early_identification" in cb._repr_html_()


def test_the_documented_example_is_a_valid_codebook(tmp_path):
    import textwrap

    import heroes_research.codebook as package

    doc = package.__doc__
    block = doc[doc.index(".. code-block:: yaml") + len(".. code-block:: yaml"):doc.index("Rules:")]
    (tmp_path / "codebook.yaml").write_text(textwrap.dedent(block), encoding="utf-8")
    cb = load_codebook(tmp_path / "codebook.yaml")
    assert list(cb.countries)[:3] == ["DE", "PL", "NO"] and cb.pooled[0].countries == ("DE", "PL")
    assert cb.countries["ES"].variables["ind_poverty"].reverse
    assert cb.variable("training_topics").option_columns() == ("training_topics__law", "training_topics__referral")
