"""Attack tests: random tables are protected, then attacked by an independent LP.

Properties (ESS Handbook on SDC, ch. 4-5): every sensitive cell is hidden; no hidden
cell is pinned exactly; every primary cell's derivable interval covers its protection
interval [0, min_count]; published cells are the true values; the library's own attack
agrees with the reference attack.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
import pandas as pd
from disclosure.disclosure_reference import reference_ranges, with_margins
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heroes_research.disclosure import _secondary, attack, protect_table

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
# mostly safe counts with a good share of small ones and zeros
COUNT = st.one_of(st.integers(0, 4), st.integers(5, 40), st.integers(5, 40))


@st.composite
def flat_tables(draw):
    n_rows, n_cols = draw(st.integers(2, 5)), draw(st.integers(2, 5))
    cells = draw(st.lists(COUNT, min_size=n_rows * n_cols, max_size=n_rows * n_cols))
    return pd.DataFrame(np.array(cells).reshape(n_rows, n_cols),
                        index=[f"r{i}" for i in range(n_rows)],
                        columns=[f"c{j}" for j in range(n_cols)])


@st.composite
def hierarchical_tables(draw):
    sectors = [draw(st.integers(1, 3)) for _ in range(draw(st.integers(2, 3)))]
    n_cols = draw(st.integers(2, 4))
    index = pd.MultiIndex.from_tuples(
        [(f"K{i}", f"s{j}") for i, n in enumerate(sectors) for j in range(n)],
        names=["country", "sector"])
    cells = draw(st.lists(COUNT, min_size=len(index) * n_cols, max_size=len(index) * n_cols))
    return pd.DataFrame(np.array(cells).reshape(len(index), n_cols), index=index,
                        columns=[f"c{j}" for j in range(n_cols)])


def check_protected(table: pd.DataFrame, min_count: int, zeros: str = "safe") -> None:
    protected = protect_table(table, min_count=min_count, zeros=zeros)
    truth = with_margins(table)
    published = protected.table
    assert list(published.index) == list(truth.index)
    assert list(published.columns) == list(truth.columns)
    hidden = published.isna().to_numpy()
    # published cells are the true counts
    np.testing.assert_array_equal(published.to_numpy(dtype=float, na_value=np.nan)[~hidden],
                                  truth.to_numpy()[~hidden])
    # every sensitive cell (margins included) is hidden and flagged primary
    sensitive = (truth < min_count) & ((truth > 0) | (zeros == "disclosive"))
    assert (hidden >= sensitive.to_numpy()).all()
    np.testing.assert_array_equal(protected.primary.to_numpy(), sensitive.to_numpy())
    np.testing.assert_array_equal(protected.secondary.to_numpy(), hidden & ~sensitive.to_numpy())
    if not hidden.any():
        return
    ref = reference_ranges(published)
    value = truth.to_numpy()[hidden]
    is_primary = sensitive.to_numpy()[hidden]
    # ranges contain the truth, nothing is pinned, primaries cover [0, min_count]
    assert (ref["low"].to_numpy() <= value).all() and (value <= ref["high"].to_numpy()).all()
    assert (ref["low"] < ref["high"]).all(), ref[ref["low"] >= ref["high"]]
    assert (ref["low"].to_numpy()[is_primary] == 0).all()
    assert (ref["high"].to_numpy()[is_primary] >= min_count).all()
    # the library's attack agrees with the reference
    mine = attack(protected, table)
    np.testing.assert_array_equal(mine[["low", "high"]].to_numpy(), ref[["low", "high"]].to_numpy())
    assert not mine["exact"].any() and mine["within"].all()


@SETTINGS
@given(table=flat_tables(), min_count=st.integers(3, 6))
def test_flat_tables_survive_the_attack(table, min_count):
    check_protected(table, min_count)


@SETTINGS
@given(table=flat_tables())
def test_flat_tables_with_disclosive_zeros_survive_the_attack(table):
    check_protected(table, 5, zeros="disclosive")


@SETTINGS
@given(table=hierarchical_tables())
def test_hierarchical_tables_survive_the_attack(table):
    check_protected(table, 5)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.one_of(flat_tables(), hierarchical_tables()))
def test_greedy_repair_rounds_are_safe_too(table):
    # force the greedy repair from the second round on (normally from the fifth)
    with mock.patch.object(_secondary, "_MILP_ROUNDS", 1):
        check_protected(table, 5)
