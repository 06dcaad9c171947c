"""Linked tables: the joint attack sees what single-table attacks miss; protect_linked closes it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.disclosure import (
    attack,
    joint_attack,
    ledger_table,
    load_ledger,
    protect_linked,
    protect_table,
    save_ledger,
)
from heroes_research.errors import DisclosureError

COMPLETE = ("country", "sector", "sex")


@pytest.fixture
def by_sector() -> pd.DataFrame:
    idx = pd.Index(["LV", "LT", "PT", "AT"], name="country")
    return pd.DataFrame({"police": [2, 14, 9, 12], "ngo": [11, 8, 12, 10]}, index=idx).rename_axis(columns="sector")


def _linked_pair(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    people = pd.DataFrame({
        "country": rng.choice(list("ABCDE"), 120, p=[0.4, 0.3, 0.15, 0.1, 0.05]),
        "sector": rng.choice(["police", "ngo", "health"], 120),
        "sex": rng.choice(["f", "m"], 120, p=[0.7, 0.3]),
    })
    return pd.crosstab(people["country"], people["sector"]), pd.crosstab(people["country"], people["sex"])


def _joint(tables: dict, **kwargs) -> pd.DataFrame:
    return joint_attack([ledger_table(name, "respondents", p, **kwargs) for name, p in tables.items()])


def test_a_table_showing_what_another_hides_is_caught(by_sector):
    hidden = protect_table(by_sector)
    shown = protect_table(by_sector.loc[["LV"]], min_count=1)   # LV shown in full elsewhere
    assert not attack(hidden)["exact"].any()                    # each table passes alone
    joint = _joint({"tab_a": hidden, "tab_c": shown})
    assert joint["disclosed"].all()
    lv = joint[joint["cell"] == "country=LV, sector=police"].iloc[0]
    assert (lv["low"], lv["high"], lv["shown_in"]) == (2, 2, "tab_c")
    pt = joint[joint["cell"] == "country=PT, sector=police"].iloc[0]
    assert pt["low"] == pt["high"] == 9                         # derived through the margins


def test_a_subset_margin_is_not_the_full_margin(by_sector):
    """A one-country table's 'Total' sums that country only: linking it to the all-country total would be wrong."""
    joint = _joint({"tab_a": protect_table(by_sector), "tab_lv": protect_table(by_sector.loc[["LT", "AT"]])})
    assert not joint["disclosed"].any()


@pytest.mark.parametrize("seed", range(30))
def test_protect_linked_survives_the_joint_attack(seed):
    t1, t2 = _linked_pair(seed)
    linked = protect_linked({"t1": t1, "t2": t2}, unit="respondents", complete=COMPLETE)
    assert not _joint(linked, complete=COMPLETE)["disclosed"].any()
    for name, table in (("t1", t1), ("t2", t2)):
        published = linked[name].table.drop(index="Total", columns="Total")
        assert published.where(published.notna(), table).astype(int).equals(table)   # shown cells are true


def test_protecting_linked_tables_one_by_one_leaks_somewhere():
    """Why protect_linked exists (and proof the joint attack can fail): separate protection leaks."""
    leaky = [seed for seed in range(30)
             if _joint({"t1": protect_table(_linked_pair(seed)[0]), "t2": protect_table(_linked_pair(seed)[1])},
                       complete=COMPLETE)["disclosed"].any()]
    assert len(leaky) >= 3


def test_common_cell_is_hidden_the_same_way_everywhere(by_sector):
    linked = protect_linked({"tab_a": by_sector, "tab_b": by_sector[["police"]]}, unit="respondents")
    assert linked["tab_a"].table.loc["LV", "police"] is pd.NA
    assert linked["tab_b"].table.loc["LV", "police"] is pd.NA
    assert "tables published with it" in linked["tab_b"].note


def test_inconsistent_linked_cells_name_both_tables(by_sector):
    other = by_sector.copy()
    other.loc["LT", "police"] = 15
    with pytest.raises(DisclosureError, match=r"country=LT, sector=police.*'tab_a'.*'tab_b'"):
        protect_linked({"tab_a": by_sector, "tab_b": other}, unit="respondents")


def test_different_units_are_not_linked(by_sector):
    other = by_sector.copy()
    other.loc["LT", "police"] = 15
    out = protect_linked({"tab_a": by_sector, "tab_b": other}, unit={"tab_a": "agencies", "tab_b": "respondents"})
    assert set(out) == {"tab_a", "tab_b"}
    with pytest.raises(DisclosureError, match="no unit"):
        protect_linked({"tab_a": by_sector}, unit={"tab_b": "respondents"})


def test_unnamed_dimensions_are_refused(by_sector):
    with pytest.raises(DisclosureError, match="unnamed column dimension"):
        ledger_table("tab_x", "respondents", protect_table(by_sector.rename_axis(columns=None)))


def test_ledger_round_trip(tmp_path, by_sector):
    entry = ledger_table("tab_a", "respondents", protect_table(by_sector))
    save_ledger(entry, tmp_path)
    [back] = load_ledger(tmp_path)
    assert back.keys == entry.keys and back.equations == entry.equations
    assert np.array_equal(np.isnan(back.published), np.isnan(entry.published))
    assert joint_attack([back]).equals(joint_attack([entry]))
