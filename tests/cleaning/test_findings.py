"""File-level findings: contradicting labels, partial recodes, empty files, all-missing variables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from heroes_research.cleaning import harmonise
from heroes_research.codebook import load_codebook
from heroes_research.io import SurveyData

SCALE = {1: "Not a barrier", 2: "Minor barrier", 3: "Moderate barrier", 4: "Severe barrier"}


def _codebook(tmp_path: Path, **mapping) -> object:
    document = {
        "instrument": "barriers", "version": "1", "missing": {99: "Refused"},
        "variables": [{"name": "b1", "label": "Barrier", "type": "ordinal", "codes": SCALE},
                      {"name": "age", "label": "Age", "type": "numeric"}],
        "countries": {"PT": {"variables": {"b1": {"source": "q1", **mapping}, "age": {"source": "idade"}}}},
    }
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return load_codebook(path)


def _survey(values, labels=None, ages=None) -> SurveyData:
    ages = [30.0] * len(values) if ages is None else ages
    return SurveyData(pd.DataFrame({"q1": pd.Series(values, dtype=float), "idade": ages}),
                      value_labels={"q1": labels or {}})


def _rules(result) -> dict[str, str]:
    return dict(zip(result.report["rule"], result.report["message"], strict=True))


def test_a_file_whose_labels_run_the_scale_the_other_way_is_a_blocking_finding(tmp_path):
    """Old code read the labels and never compared them: 1 = 'Severe barrier' became 'Not a barrier'."""
    reversed_labels = {code: SCALE[5 - code] for code in SCALE}
    result = harmonise({"PT": _survey([1, 2, 4, 1], reversed_labels)}, _codebook(tmp_path), strict=False)
    message = _rules(result)["labels_disagree"]
    assert "reversed" in message and "'Severe barrier'" in message
    from heroes_research.pipeline._hints import BLOCKING_RULES

    assert "labels_disagree" in BLOCKING_RULES


def test_the_same_file_with_reverse_declared_has_no_finding(tmp_path):
    reversed_labels = {code: SCALE[5 - code] for code in SCALE}
    result = harmonise({"PT": _survey([1, 2, 4, 1], reversed_labels)}, _codebook(tmp_path, reverse=True),
                       strict=False)
    assert "labels_disagree" not in set(result.report["rule"])
    assert result.data["b1"].tolist()[0] == "Severe barrier"


def test_a_shifted_scale_is_named(tmp_path):
    shifted = {0: "Not a barrier", 1: "Minor barrier", 2: "Moderate barrier", 3: "Severe barrier"}
    result = harmonise({"PT": _survey([0, 1, 2, 3], shifted)}, _codebook(tmp_path), strict=False)
    assert "shifted by 1" in _rules(result)["labels_disagree"]


def test_labels_in_another_language_are_not_compared(tmp_path):
    portuguese = {1: "Barreira grave", 2: "Barreira moderada", 3: "Pequena barreira", 4: "Sem barreira"}
    result = harmonise({"PT": _survey([1, 2], portuguese)}, _codebook(tmp_path), strict=False)
    assert result.report.empty


def test_a_partial_recode_names_the_codes_left_out(tmp_path):
    """Old code passed codes 2 and 3 through unchanged, silently."""
    result = harmonise({"PT": _survey([1, 2, 3, 4, 2])}, _codebook(tmp_path, recode={1: 4, 4: 1}),
                       strict=False)
    message = _rules(result)["partial_recode"]
    assert "but not 2, 3" in message and "'Minor barrier'" in message


def test_an_empty_file_is_a_blocking_finding(tmp_path):
    result = harmonise({"PT": _survey([])}, _codebook(tmp_path), strict=False)
    assert result.report["rule"].tolist() == ["no_rows"]
    assert result.report["country"].tolist() == ["PT"]


def test_an_all_missing_variable_in_a_country_is_a_warning(tmp_path):
    result = harmonise({"PT": _survey([1, 2], ages=[float("nan")] * 2)}, _codebook(tmp_path), strict=True)
    assert _rules(result)["all_missing"].startswith("column 'idade'")


@pytest.mark.parametrize("labels", [{1: "Not a barrier", 4: "Severe barrier"}, {}])
def test_agreeing_labels_give_no_finding(tmp_path, labels):
    result = harmonise({"PT": _survey([1, 4], labels)}, _codebook(tmp_path), strict=True)
    assert result.report.empty
