"""The result objects: immutable, float(), readable repr, one tidy row."""

from __future__ import annotations

import dataclasses

import pytest

from heroes_research.reliability import RESULT_COLUMNS, cronbach_alpha, krippendorff_alpha


def test_result_is_immutable_and_converts_to_float(kripp):
    result = krippendorff_alpha(kripp, n_boot=50)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.estimate = 1.0
    assert float(result) == result.estimate


def test_repr_and_frame(kripp):
    result = krippendorff_alpha(kripp, "interval", n_boot=50, seed=1)
    text = repr(result)
    assert "Krippendorff's alpha (interval) = 0.8491" in text
    assert "95% CI [" in text and "50 bootstrap resamples" in text and "n = 11" in text
    frame = result.to_frame()
    assert tuple(frame.columns) == RESULT_COLUMNS and len(frame) == 1
    assert "<table" in result._repr_html_()


def test_no_bootstrap_has_nan_interval_and_short_repr(kripp):
    result = krippendorff_alpha(kripp, n_boot=0)
    assert result.n_boot == 0 and result.ci_low != result.ci_low
    assert "CI" not in repr(result)


def test_cronbach_repr_shows_standardised_alpha(alpha_items):
    result = cronbach_alpha(alpha_items, reverse=["q3", "q5"], n_boot=0)
    assert "std alpha" in repr(result)
    assert "q3" in result._repr_html_()
