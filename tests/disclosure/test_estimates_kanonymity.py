"""protect_estimates and k_anonymity."""

from __future__ import annotations

import pandas as pd

from heroes_research.disclosure import KAnonymityReport, k_anonymity, protect_estimates


def test_small_estimates_are_blanked_and_flagged():
    est = pd.DataFrame({
        "country": ["LV", "ES", "BD"], "estimate": [0.5, 0.42, 0.3], "se": [0.2, 0.03, 0.1],
        "ci_low": [0.1, 0.36, 0.1], "ci_high": [0.9, 0.48, 0.5], "deff": [1.1, 1.3, 1.0],
        "n": [3, 250, 5],
    })
    out = protect_estimates(est)
    assert out["suppressed"].tolist() == [True, False, False]
    assert out.loc[0, ["estimate", "se", "ci_low", "ci_high", "deff", "n"]].isna().all()
    assert out.loc[1, "estimate"] == 0.42 and out.loc[2, "n"] == 5
    assert out["country"].tolist() == ["LV", "ES", "BD"]
    assert est.loc[0, "estimate"] == 0.5  # the input is not modified
    assert protect_estimates(est, min_count=6)["suppressed"].tolist() == [True, False, True]


def test_k_anonymity_reports_smallest_class_and_rows_at_risk():
    frame = pd.DataFrame({
        "country": ["LV", "ES", "ES", "ES", "ES", "ES", "ES", "BD"],
        "sector": ["police"] * 7 + [None],
        "gender": ["f", "f", "f", "f", "m", "m", "m", "f"],
    }, index=[f"id{i}" for i in range(8)])
    report = k_anonymity(frame, ["country", "sector", "gender"], k=3)
    assert isinstance(report, KAnonymityReport)
    assert report.k == 1 and not report.safe
    assert list(report.rows_at_risk) == ["id0", "id7"]
    assert report.classes["size"].tolist() == [1, 1, 3, 3]
    assert "rows at risk" in repr(report) and "NOT safe" in repr(report)
    coarse = k_anonymity(frame.iloc[1:7], ["country"], k=5)
    assert coarse.k == 6 and coarse.safe and coarse.rows_at_risk.empty
