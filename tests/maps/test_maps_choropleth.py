"""The three-panel choropleth: all 15 countries, shared classes, hatching explained, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research import figures, maps
from heroes_research.countries import COUNTRY_CODES
from heroes_research.errors import OutputError


@pytest.fixture
def values() -> pd.Series:
    return pd.Series(np.linspace(10, 80, 15), index=list(COUNTRY_CODES))


def _drawn(fig) -> dict[str, set[str]]:
    """Kind of drawing (classed, suppressed, nodata) -> country codes, from the collection gids."""
    out: dict[str, set[str]] = {}
    for ax in fig.axes:
        for collection in ax.collections:
            kind, _, codes = (collection.get_gid() or "").partition(":")
            if codes:
                out.setdefault(kind, set()).update(codes.split(","))
    return out


def test_map_contains_all_15_countries_in_three_panels(values):
    fig = maps.choropleth_map(values, title="t", source="s", legend_title="Aware (%)", demo=True)
    assert _drawn(fig) == {"classed": set(COUNTRY_CODES)}
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles[:3] == ["Europe", "South America", "South Asia"]


def test_no_data_and_suppressed_are_hatched_and_explained(values):
    values = values.drop("LV")
    suppressed = pd.Series({"BE": True})
    fig = maps.choropleth_map(values, suppressed=suppressed, title="t", source="s", legend_title="l")
    drawn = _drawn(fig)
    assert drawn["nodata"] == {"LV"} and drawn["suppressed"] == {"BE"}
    assert len(drawn["classed"]) == 13
    legend = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    assert {"No data", "Suppressed (too few respondents)", "Not a study country"} <= set(legend)


def test_classes_are_shared_and_user_bins_respected(values):
    fig = maps.choropleth_map(values, bins=[25, 50, 100], title="t", source="s", legend_title="l")
    legend = [t.get_text() for t in fig.axes[-1].get_legend().get_texts() if "–" in t.get_text()]
    assert [label.split(" (")[0] for label in legend] == ["10–25", "25–50", "50–100"]
    counts = [int(label.split("(")[1].rstrip(")")) for label in legend]
    assert sum(counts) == values.notna().sum()  # every mapped country counted in its class


def test_frame_input_with_suppressed_column(values):
    frame = pd.DataFrame({"country": values.index, "value": values.to_numpy(),
                          "suppressed": [c == "BD" for c in values.index]})
    assert _drawn(maps.choropleth_map(frame, title="t", source="s", legend_title="l"))["suppressed"] == {"BD"}


def test_two_runs_are_byte_identical(tmp_path, values):
    kwargs = {"title": "t", "source": "s", "legend_title": "l"}
    first = figures.save_figure(maps.choropleth_map(values, **kwargs), "map_same", folder=tmp_path / "a",
                                formats=["svg", "png"])
    second = figures.save_figure(maps.choropleth_map(values, **kwargs), "map_same", folder=tmp_path / "b",
                                 formats=["svg", "png"])
    for fmt, path in first.items():
        assert path.read_bytes() == second[fmt].read_bytes(), fmt


def test_unknown_country_empty_and_nothing_to_map(values):
    with pytest.raises(OutputError) as err:
        maps.choropleth_map(values.rename({"AT": "Germany"}), title="t", source="s", legend_title="l")
    assert err.value.reason == "unknown_country" and err.value.country == "Germany"
    with pytest.raises(OutputError) as err:
        maps.choropleth_map(values.iloc[:0], title="t", source="s", legend_title="l")
    assert err.value.reason == "empty_data"
    with pytest.raises(OutputError, match="no country has a value"):
        maps.choropleth_map(values * np.nan, title="t", source="s", legend_title="l")


def test_duplicate_country_is_refused(values):
    twice = pd.concat([values, pd.Series({"Österreich": 5.0})])
    with pytest.raises(OutputError, match="more than once") as err:
        maps.choropleth_map(twice, title="t", source="s", legend_title="l")
    assert err.value.rows == ["AT"]


def test_tidy_estimates_are_protected_and_scaled(values):
    from heroes_research.survey import tidy_frame

    est = tidy_frame(pd.DataFrame({"country": values.index}), variable="aware",
                     estimate=values.to_numpy() / 100, se=0.01, ci_low=0.0, ci_high=1.0,
                     conf_level=0.95, n=[3 if c == "LV" else 50 for c in values.index])
    fig = maps.choropleth_map(est, percent=True, title="t", source="s", legend_title="l")
    drawn = _drawn(fig)
    assert drawn["suppressed"] == {"LV"} and len(drawn["classed"]) == 14
    with pytest.raises(OutputError, match="a map shows one"):
        maps.choropleth_map(pd.concat([est, est.assign(variable="other")]), title="t", source="s",
                            legend_title="l")


def test_default_classes_follow_the_data_and_show_their_counts():
    values = pd.Series([10.0, 10.5, 11.0, 11.2, 12.0, 50.0, 51.0, 52.0, 90.0, 91.0, 10.1, 10.2, 10.3, 10.4, 10.6],
                       index=["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"])
    fig = maps.choropleth_map(values, k=3, title="t", source="s", legend_title="l")
    legend = [t.get_text() for t in fig.axes[-1].get_legend().get_texts() if "–" in t.get_text()]
    assert legend == ["10–12 (10)", "12–52 (3)", "52–91 (2)"]  # natural breaks, not quantiles


def test_countries_without_a_value_can_say_why(values):
    fig = maps.choropleth_map(values.drop(["LV", "BD"]), title="t", source="s", legend_title="l",
                              missing_label="Insufficient coverage")
    legend = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    assert "Insufficient coverage" in legend and "No data" not in legend
