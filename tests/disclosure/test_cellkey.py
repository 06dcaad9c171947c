"""Cell-key perturbation: the published table, the noise it adds, and consistency across tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research.disclosure import cell_key_table, perturbation_table, record_keys
from heroes_research.errors import DisclosureError


@pytest.fixture
def people() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame({
        "id": [f"R{i:04d}" for i in range(n)],
        "country": rng.choice(["AT", "BE", "LV", "LT"], n, p=[0.5, 0.3, 0.15, 0.05]),
        "sector": rng.choice(["police", "ngo", "health"], n),
        "sex": rng.choice(["f", "m"], n),
    })
    return frame.assign(record_key=record_keys(frame["id"], "test-secret"))


@pytest.mark.parametrize(("d", "v", "js"), [(2, 1.0, 4), (3, 2.0, 4), (2, 1.0, 2), (1, 0.5, 0)])
def test_perturbation_table_is_unbiased_and_never_publishes_small_counts(d, v, js):
    frame = perturbation_table(d, v, js).frame
    for i, rows in frame.groupby("i"):
        noise = rows["j"] - i
        assert rows["p"].sum() == pytest.approx(1)
        assert (rows["p"] * noise).sum() == pytest.approx(0, abs=1e-8)
        assert not set(rows.loc[rows["p"] > 1e-9, "j"]) & set(range(1, js + 1))
        if rows["variance_kept"].all():
            assert (rows["p"] * noise**2).sum() == pytest.approx(v, abs=1e-6)
    # a large count keeps the design variance
    assert frame[frame["i"] == frame["i"].max()]["variance_kept"].all()


def test_zero_stays_zero_and_keys_choose_the_interval():
    pt = perturbation_table()
    assert pt.perturb(np.array([0, 0]), np.array([0.1, 0.99])).tolist() == [0, 0]
    row = pt.frame[pt.frame["i"] == 20]
    for _, r in row[row["p"] > 0].iterrows():
        mid = (r["lower"] + r["upper"]) / 2
        assert pt.perturb(np.array([20]), np.array([mid]))[0] == r["j"]


def test_noise_has_the_designed_distribution_on_uniform_keys():
    pt = perturbation_table(2, 1.0, 4)
    keys = np.random.default_rng(1).uniform(size=200_000)
    noise = pt.perturb(np.full(keys.size, 50), keys) - 50
    assert abs(noise.mean()) < 0.01 and noise.var() == pytest.approx(1.0, abs=0.02)
    assert noise.min() >= -2 and noise.max() <= 2


def test_record_keys_are_fixed_secret_and_uniform(people):
    again = record_keys(people["id"], "test-secret")
    other = record_keys(people["id"], "another-secret")
    assert np.array_equal(again, people["record_key"].to_numpy())
    assert not np.allclose(other, again)
    assert 0 <= again.min() and again.max() < 1
    assert abs(again.mean() - 0.5) < 0.05


def test_table_has_no_small_counts_and_noise_is_bounded(people):
    out = cell_key_table(people, "country", "sector")
    truth = pd.crosstab(people["country"], people["sector"], margins=True, margins_name="Total")
    published = out.table.loc[truth.index, truth.columns].astype(int)
    assert not ((published >= 1) & (published <= 4)).any().any()
    big = truth >= 5 + 2
    assert (published[big] - truth[big]).abs().max().max() <= 2
    assert "cell-key" in out.note


def test_the_same_respondents_get_the_same_count_in_every_table(people):
    """Linked tables agree by construction: a country's total is one cell key wherever it is counted."""
    by_sector = cell_key_table(people, "country", "sector").table["Total"]
    by_sex = cell_key_table(people, "country", "sex").table["Total"]
    one_way = cell_key_table(people, "country").table["n"]
    countries = sorted(people["country"].unique())
    assert by_sector[countries].tolist() == by_sex[countries].tolist() == one_way[countries].tolist()


def test_perturbation_is_reproducible_and_depends_on_the_secret(people):
    first = cell_key_table(people, "country", "sector").table
    assert first.equals(cell_key_table(people, "country", "sector").table)
    rekeyed = people.assign(record_key=record_keys(people["id"], "another-secret"))
    assert not first.equals(cell_key_table(rekeyed, "country", "sector").table)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"rows": "region"}, "region"),
    ({"rows": "country", "record_key": "nope"}, "nope"),
])
def test_bad_columns_are_named(people, kwargs, match):
    with pytest.raises(DisclosureError, match=match):
        cell_key_table(people, **kwargs)


def test_bad_record_keys_and_designs_are_clear_errors(people):
    with pytest.raises(DisclosureError, match=r"\[0, 1\)"):
        cell_key_table(people.assign(record_key=people["record_key"] + 1), "country")
    with pytest.raises(DisclosureError, match="not a valid design"):
        perturbation_table(2, 5.0, 4)
    with pytest.raises(DisclosureError, match="secret"):
        record_keys(people["id"], "")
