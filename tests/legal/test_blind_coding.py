"""Blind second coding: the seeded, area-stratified sample and the reconciliation table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from heroes_research.errors import LegalDataError
from heroes_research.legal import (
    agreement,
    all_cells,
    coded_cells,
    load_codings,
    load_reconciliation,
    reconciliation,
    second_coding_sample,
)

from .conftest import FIXTURES


def test_sample_is_seeded_and_stratified_by_area(indicators):
    cells = all_cells(indicators)
    a = second_coding_sample(cells, indicators, share=0.2, seed=7)
    b = second_coding_sample(cells.sample(frac=1.0, random_state=1), indicators, share=0.2, seed=7)
    pd.testing.assert_frame_equal(a, b)  # row order of the candidates does not matter
    assert not second_coding_sample(cells, indicators, share=0.2, seed=8).equals(a)
    per_area = a["area"].value_counts()
    sizes = cells["area"].value_counts()
    for area, n in sizes.items():
        assert per_area[area] == math.ceil(0.2 * n)
    assert not a.duplicated(["jurisdiction", "indicator"]).any()


def test_sample_draws_from_coded_cells_only(codings, indicators):
    coded = coded_cells(codings.data.rename(columns={"country": "jurisdiction"}), indicators)
    assert len(coded) == codings.data[codings.data["status"] != "unknown"][["country", "indicator"]] \
        .drop_duplicates().shape[0]
    sample = second_coding_sample(coded, indicators)
    assert set(zip(sample["jurisdiction"], sample["indicator"], strict=True)) <= set(
        zip(coded["jurisdiction"], coded["indicator"], strict=True))


@pytest.mark.parametrize("share", [0, 1.5])
def test_sample_rejects_a_bad_share(indicators, share):
    with pytest.raises(LegalDataError, match="share"):
        second_coding_sample(all_cells(indicators), indicators, share=share)


def test_blind_agreement_and_reconciliation(codings, tmp_path):
    second = load_codings(FIXTURES / "second_coding", codings.indicators)
    res = agreement(codings, second)
    table = reconciliation(res)
    assert list(table.columns) == ["jurisdiction", "indicator", "first", "second", "agreed", "note"]
    got = {(r.jurisdiction, r.indicator): (r.first, r.second) for r in table.itertuples()}
    assert got == {("BE", "non_punishment"): ("statutory_provision", "prosecutorial_discretion"),
                   ("FR", "mandatory_reporting"): ("no", "unknown")}
    assert {"thb_definition", "all"} <= set(res.per_area["area"])
    # notes written by the coders survive a regeneration
    path = tmp_path / "reconciliation.csv"
    table.assign(agreed=["statutory_provision", "no"], note=["art. X re-read", "B missed the act"]).to_csv(
        path, index=False)
    again = reconciliation(res, load_reconciliation(path))
    assert again["note"].tolist() == ["art. X re-read", "B missed the act"]
    assert load_reconciliation(tmp_path / "absent.csv").empty


def test_agreement_when_the_second_coder_found_nothing(codings):
    frame = pd.DataFrame({"jurisdiction": ["AT", "BE"], "indicator": ["thb_offence", "thb_offence"],
                          "value": "", "status": "unknown", "coder": "B", "searched": "nothing found"})
    from heroes_research.legal import codings_from_frame

    res = agreement(codings, codings_from_frame(frame, codings.indicators))
    assert set(reconciliation(res)["second"]) == {"unknown"} and len(res.disagreements) == 2


def test_agreement_measures_the_blind_comparison_not_the_reconciled_coding(codings, tmp_path):
    """Once the first coding adopts an agreed value, the record still gives the value that was compared."""
    import shutil

    second = load_codings(FIXTURES / "second_coding", codings.indicators)
    blind = agreement(codings, second)
    record = reconciliation(blind).assign(agreed=["prosecutorial_discretion", "no"], note="re-read")
    # reconcile: the first coding takes the second coder's value for BE non_punishment
    folder = shutil.copytree(FIXTURES / "codings", tmp_path / "codings")
    be = folder / "BE.csv"
    lines = be.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line.replace("statutory_provision", "prosecutorial_discretion", 1)
             if line.startswith("BE,non_punishment,") else line for line in lines]
    be.write_text("".join(lines), encoding="utf-8")
    reconciled = load_codings(folder, codings.indicators)

    after = agreement(reconciled, second)
    assert len(after.disagreements) == len(blind.disagreements) - 1  # the reconciled cell no longer differs ...
    again = agreement(reconciled, second, recorded=record)
    overall = lambda res: res.per_area.set_index("area").loc["all"]  # noqa: E731
    for column in ("n_both_known", "percent_agreement"):  # ... but the blind statistics are unchanged
        assert overall(again)[column] == overall(blind)[column]
    assert overall(after)["percent_agreement"] > overall(blind)["percent_agreement"]
    kept = reconciliation(again, record)
    assert kept.set_index("indicator").loc["non_punishment", "note"] == "re-read"
