"""Every published output registers the cells it reveals in its side-car; the audit collects them
into one joint attack, fails outputs about people that register nothing, and figures refuse
unprotected estimates (issue 13 item 2 and its bad input)."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from heroes_research import figures, tables
from heroes_research.disclosure import (
    audit_reports,
    protect_estimates,
    protect_linked,
    protect_table,
    read_ledger,
)
from heroes_research.errors import OutputError

PEOPLE = "HEROES practitioner survey (synthetic)"
LAW = "HEROES legal coding, DRAFT"


@pytest.fixture(autouse=True)
def _fresh_names():
    tables.reset_registry()
    yield
    tables.reset_registry()
    plt.close("all")


def _by_sector() -> pd.DataFrame:
    idx = pd.Index(["LV", "LT", "PT", "AT"], name="country")
    return pd.DataFrame({"police": [2, 14, 9, 12], "ngo": [11, 8, 12, 10]}, index=idx).rename_axis(columns="sector")


def _sidecar(reports, folder, name) -> dict:
    return json.loads((reports / folder / f"{name}.json").read_text(encoding="utf-8"))


def _estimates() -> pd.DataFrame:
    """Unweighted shares of a 0/1 item by country: estimate = n_level / n."""
    n, ones = np.array([40, 3, 25]), np.array([10, 1, 25])
    p = ones / n
    return pd.DataFrame({"country": ["ES", "LV", "PT"], "variable": "aware", "level": pd.NA, "estimate": p,
                         "se": 0.05, "ci_low": p - 0.1, "ci_high": p + 0.1, "conf_level": 0.95,
                         "n": n, "n_level": ones})


# --------------------------------------------------------------------------- registration
def test_counts_table_side_car_ledger_equals_the_published_cells(tmp_path):
    protected = protect_table(_by_sector())
    table = tables.counts_table(_by_sector(), title="Respondents", source=PEOPLE)
    tables.save_table(table, "tab_sector", folder=tmp_path / "tables", formats=("csv",))

    block = _sidecar(tmp_path, "tables", "tab_sector")["disclosure"]
    assert (block["unit"], block["protected"]) == ("people", True)
    [entry] = read_ledger(tmp_path)
    assert (entry.output, entry.unit, entry.method) == ("tab_sector", PEOPLE, "suppress")
    np.testing.assert_array_equal(entry.published, protected.published)
    cells = dict(zip(entry.keys, entry.published, strict=True))
    assert cells[(("country", "LT"), ("sector", "police"))] == 14
    assert np.isnan(cells[(("country", "LV"), ("sector", "police"))])  # hidden: null in the side-car
    # what the CSV shows is what the ledger says is published
    csv = pd.read_csv(tmp_path / "tables" / "tab_sector.csv", dtype=str, keep_default_na=False,
                      encoding="utf-8-sig").iloc[:4]
    assert csv.set_index(csv.columns[0]).loc["Lithuania", "police"] == "14"
    assert csv.set_index(csv.columns[0]).loc["Latvia", "police"] == "x"


def test_estimates_table_registers_the_counts_its_shares_imply(tmp_path):
    table = tables.estimates_table(_estimates(), title="Aware", source=PEOPLE, percent=True)
    tables.save_table(table, "tab_aware", folder=tmp_path / "tables", formats=("csv",))

    [entry] = read_ledger(tmp_path)
    cells = {tuple(sorted(dict(k).items())): v for k, v in zip(entry.keys, entry.published, strict=True)}
    assert cells[(("answered", "aware"), ("country", "ES"))] == 40     # n: the denominator
    assert cells[(("aware", "1"), ("country", "ES"))] == 10             # share x n: the numerator
    assert np.isnan(cells[(("answered", "aware"), ("country", "LV"))])  # withheld (n = 3)
    assert np.isnan(cells[(("answered", "aware"), ("country", "PT"))])  # withheld (100 %)
    assert (("aware", "1"), ("country", "PT")) not in cells
    assert entry.method == "estimates"


def test_figures_and_maps_register_what_they_draw(tmp_path):
    fig = figures.forest_plot(_estimates(), title="Aware", source=PEOPLE, percent=True)
    figures.save_figure(fig, "fig_aware", folder=tmp_path / "figures", formats=("png",))
    [entry] = read_ledger(tmp_path)
    cells = {tuple(sorted(dict(k).items())): v for k, v in zip(entry.keys, entry.published, strict=True)}
    assert cells[(("answered", "aware"), ("country", "ES"))] == 40  # the forest plot prints n
    assert _sidecar(tmp_path, "figures", "fig_aware")["disclosure"]["protected"] is True


# --------------------------------------------------------------------------- bad input
def test_a_figure_from_unprotected_estimates_about_people_is_refused():
    with pytest.raises(OutputError, match="protect_estimates") as err:
        figures.forest_plot(_estimates(), title="Aware", source=PEOPLE, protect=False)
    assert err.value.reason == "unprotected_estimates" and "'Aware'" in str(err.value)
    with pytest.raises(OutputError, match="disclosure control"):
        figures.small_multiples(_estimates().assign(sector="police"), by="sector", title="Aware",
                                source=PEOPLE, protect=False)
    # protected first, then drawn as it is: fine; so is anything about the law
    figures.forest_plot(protect_estimates(_estimates()), title="Aware", source=PEOPLE, protect=False)
    figures.forest_plot(_estimates(), title="Aware", source=LAW, protect=False)


def test_an_unregistered_output_about_people_fails_the_audit(tmp_path):
    fig, ax = plt.subplots()
    ax.bar(["AT", "BE"], [12, 3])
    figures.save_figure(figures.add_footer(fig, source=PEOPLE), "fig_own", folder=tmp_path / "figures",
                        formats=("png",))
    report = audit_reports(tmp_path)
    [finding] = report.findings
    assert (finding.output, finding.rule, finding.severity) == ("fig_own", "unregistered_output", "fail")
    assert "register" in finding.detail

    figures.register_cells(fig, tables_counts := _shown_counts())
    figures.save_figure(fig, "fig_own", folder=tmp_path / "figures", formats=("png",), overwrite=True)
    assert audit_reports(tmp_path).ok, tables_counts
    # the same figure about the law needs no registration
    fig2, _ = plt.subplots()
    figures.save_figure(figures.add_footer(fig2, source=LAW), "fig_law", folder=tmp_path / "figures",
                        formats=("png",))
    assert audit_reports(tmp_path).ok


def _shown_counts():
    from heroes_research.disclosure import counts_ledger

    return counts_ledger(pd.DataFrame({"n": [12.0, np.nan]}, index=pd.Index(["AT", "BE"], name="country")),
                         unit=PEOPLE, method="threshold")


def test_a_figure_registering_unprotected_counts_fails_the_audit(tmp_path):
    from heroes_research.disclosure import counts_ledger

    fig, _ = plt.subplots()
    shown = pd.DataFrame({"n": [12.0, 30.0]}, index=pd.Index(["AT", "BE"], name="country"))
    figures.register_cells(figures.add_footer(fig, source=PEOPLE), counts_ledger(shown, unit=PEOPLE, method="none"))
    figures.save_figure(fig, "fig_raw", folder=tmp_path / "figures", formats=("png",))
    [finding] = audit_reports(tmp_path).findings
    assert (finding.output, finding.rule, finding.severity) == ("fig_raw", "unprotected_people_figure", "fail")
    assert "protect_estimates" in finding.detail


def test_a_registered_small_count_fails_the_audit(tmp_path):
    from heroes_research.disclosure import counts_ledger

    fig, _ = plt.subplots()
    shown = pd.DataFrame({"n": [12.0, 3.0]}, index=pd.Index(["AT", "BE"], name="country"))
    figures.register_cells(figures.add_footer(fig, source=PEOPLE),
                           counts_ledger(shown, unit=PEOPLE, method="as drawn"))
    figures.save_figure(fig, "fig_small", folder=tmp_path / "figures", formats=("png",))
    [finding] = audit_reports(tmp_path).findings
    assert (finding.rule, finding.severity) == ("small_cell", "fail") and "country=BE" in finding.detail


# --------------------------------------------------------------------------- joint attack on files
def test_joint_attack_finds_a_linked_disclosure_between_two_saved_tables(tmp_path):
    folder = tmp_path / "tables"
    both = _by_sector()
    latvia = both.loc[["LV"], ["police"]]
    tables.save_table(tables.counts_table(both, title="By sector", source=PEOPLE), "tab_a", folder=folder)
    assert audit_reports(tmp_path).ok
    # a second table of the same people shows the Latvian police count tab_a hides
    tables.save_table(tables.counts_table(latvia, title="Latvia", source=PEOPLE, min_count=1, margins=False),
                      "tab_b", folder=folder)
    report = audit_reports(tmp_path)
    linked = [f for f in report.findings if f.rule == "linked_disclosure"]
    assert [(f.output, f.severity) for f in linked] == [("tab_a", "fail")]
    assert "country=LV, sector=police" in linked[0].detail and "shown in tab_b" in linked[0].detail
    # protected together (protect_linked), then published: the joint attack finds nothing
    together = protect_linked({"tab_a": both, "tab_b": latvia}, unit=PEOPLE)
    for name, protected in together.items():
        tables.save_table(tables.counts_table(protected, title=name, source=PEOPLE), name, folder=folder,
                          overwrite=True)
    assert not [f for f in audit_reports(tmp_path).findings if f.rule == "linked_disclosure"]


def test_outputs_that_contradict_each_other_are_not_linked(tmp_path):
    folder = tmp_path / "tables"
    tables.save_table(tables.counts_table(_by_sector(), title="a", source=PEOPLE), "tab_a", folder=folder)
    other = _by_sector().assign(ngo=lambda t: t["ngo"] + 1)  # another population, same unit by mistake
    tables.save_table(tables.counts_table(other, title="b", source=PEOPLE), "tab_b", folder=folder)
    report = audit_reports(tmp_path)
    assert report.ok
    assert [(f.output, f.rule, f.severity) for f in report.findings] == [("tab_b", "ledger_conflict", "review")]


def test_a_share_table_and_a_count_table_of_the_same_people_are_linked(tmp_path):
    """share x n in one table gives the count another table hides (issue 13 finding 7)."""
    folder = tmp_path / "tables"
    people = pd.DataFrame({"country": ["AT"] * 40 + ["ES"] * 60,
                           "aware": [1] * 3 + [0] * 37 + [1] * 30 + [0] * 30})
    counts = tables.counts_table(people, "country", "aware", title="Aware", source=PEOPLE)
    assert counts.data.loc["Austria", "1"] == "x"
    tables.save_table(counts, "tab_counts", folder=folder)
    share = pd.DataFrame({"country": ["AT", "ES"], "variable": "aware", "level": "1", "estimate": [3 / 40, 0.5],
                          "se": 0.05, "ci_low": 0.0, "ci_high": 0.6, "conf_level": 0.95, "n": [40, 60],
                          "n_level": [3, 30]})
    assert audit_reports(tmp_path).ok
    # a lower threshold on the share table publishes 3 of 40 Austrians
    tables.save_table(tables.estimates_table(share, title="Aware", source=PEOPLE, min_count=3), "tab_share",
                      folder=folder)
    linked = [f for f in audit_reports(tmp_path).findings if f.rule == "linked_disclosure"]
    assert [f.output for f in linked] == ["tab_counts"]
    assert "country=AT" in linked[0].detail and linked[0].location == "4 hidden cells"  # AT: 3, 37 and the secondary


def test_counts_table_publishes_a_protected_table_as_it_is():
    from heroes_research.disclosure import protect_magnitude

    protected = protect_table(_by_sector())
    table = tables.counts_table(protected, title="By sector", source=PEOPLE)
    assert table.data.loc["Latvia", "police"] == "x" and table.data.loc["Total", "Total"] == 78
    np.testing.assert_array_equal(table.ledger[0].published, protected.published)
    micro = pd.DataFrame({"row": ["LV", "LV", "LT", "LT"] * 2, "column": ["police"] * 4 + ["ngo"] * 4,
                          "value": [95.0, 2, 30, 30, 15, 15, 20, 20]})
    sums = protect_magnitude(micro.pivot_table(index="row", columns="column", values="value", aggfunc="sum"),
                             micro)
    with pytest.raises(OutputError, match="magnitudes"):
        tables.counts_table(sums, title="Turnover", source=PEOPLE)
