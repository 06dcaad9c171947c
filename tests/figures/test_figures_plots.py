"""Figure helpers: house style, country colours and order, footers, suppression, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research import figures
from heroes_research.countries import COUNTRY_CODES, country_colors
from heroes_research.disclosure import mark_protected
from heroes_research.errors import OutputError
from heroes_research.provenance import DEMO_NOTE


@pytest.fixture
def estimates() -> pd.DataFrame:
    est = np.linspace(0.2, 0.8, 15)
    return pd.DataFrame({"country": list(COUNTRY_CODES), "estimate": est, "se": 0.04,
                         "ci_low": est - 0.08, "ci_high": est + 0.08, "conf_level": 0.95,
                         "n": [3 if c == "IE" else 120 for c in COUNTRY_CODES]})


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def test_house_font_is_matplotlibs_bundled_file():
    from matplotlib import font_manager

    with figures.house_style():
        found = font_manager.findfont(font_manager.FontProperties(family="HEROES Sans"))
        bold = font_manager.findfont(font_manager.FontProperties(family="HEROES Sans", weight="bold"))
    files = figures._style.font_files()
    assert found == str(files["normal"]) and bold == str(files["bold"])
    assert "mpl-data" in found


def test_forest_plot_orders_and_colours_countries(estimates):
    fig = figures.forest_plot(estimates.iloc[::-1], title="Aware", source="HEROES survey",
                              percent=True, demo=True)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Austria" and labels[-1] == "Bangladesh"  # display order, top down
    dots = ax.collections[-1]
    shown = [c for c in COUNTRY_CODES if c != "IE"]  # Ireland n=3 is suppressed
    expected = [tuple(int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)) for h in
                (country_colors()[c] for c in shown)]
    assert np.allclose(dots.get_facecolors()[:, :3], expected)
    texts = _texts(fig)
    assert "x: not shown (too few respondents)" in texts
    assert any(DEMO_NOTE in t for t in texts) and any("Source: HEROES survey." in t for t in texts)


def test_forest_plot_refuses_several_items(estimates):
    two = pd.concat([estimates.assign(variable="a"), estimates.assign(variable="b")])
    with pytest.raises(OutputError, match="a forest plot shows one") as err:
        figures.forest_plot(two, title="t", source="s")
    assert "small_multiples" in err.value.hint


def test_small_multiples_one_panel_per_sector(estimates):
    data = pd.concat([estimates.assign(sector=s) for s in ("Police", "NGO", "Health")])
    fig = figures.small_multiples(data, by="sector", title="t", source="s")
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert titles == ["Police", "NGO", "Health"]


def test_likert_bars_stack_to_100(estimates):
    levels = ["Disagree", "Neutral", "Agree"]
    data = pd.DataFrame([(c, lvl, w) for c in COUNTRY_CODES for lvl, w in zip(levels, (1, 2, 1), strict=True)],
                        columns=["country", "level", "share"])
    with pytest.raises(OutputError, match="protect_estimates"):  # shares about people, no counts: refused
        figures.likert_bars(data, levels, title="t", source="s")
    fig = figures.likert_bars(mark_protected(data, "checked by hand"), levels, title="t", source="s")
    bars = fig.axes[0].containers
    assert [b.get_label() for b in bars] == levels
    # 25% disagree + half of 50% neutral left of zero: the first bar starts at -50%.
    assert bars[0].patches[0].get_x() == pytest.approx(-50)
    assert sum(b.patches[0].get_width() for b in bars) == pytest.approx(100)


def test_likert_unknown_level(estimates):
    data = pd.DataFrame({"country": ["AT"], "level": ["Maybe"], "share": [1.0]})
    with pytest.raises(OutputError, match="'Maybe'") as err:
        figures.likert_bars(data, ["No", "Yes"], title="t", source="s")
    assert err.value.variable == "level"


def test_legal_heatmap_symbols_in_cells():
    codings = pd.DataFrame({"country": ["AT", "BE", "BD"], "indicator": ["L1", "L1", "L1"],
                            "value": ["yes", "partial", "unknown"], "source": ["a", "b", "c"]})
    fig = figures.legal_heatmap(codings, title="Law", source="s")
    texts = _texts(fig)
    assert {"✓", "◐", "✓ provided", "? unknown"} <= set(texts)
    unknown = fig.axes[0].collections[-1]  # the "?" of every unknown cell: one marker collection
    assert unknown.get_offsets().tolist() == [[2.0, 0.0]]


def test_similarity_heatmap_uses_given_order():
    codes = ["AT", "BR", "BD"]
    matrix = pd.DataFrame(np.eye(3), index=codes, columns=codes)
    fig = figures.similarity_heatmap(matrix, order=["BD", "AT", "BR"], title="t", source="s")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["BD", "AT", "BR"]
    with pytest.raises(OutputError, match="each country of the matrix once") as err:
        figures.similarity_heatmap(matrix, order=["BD", "AT"], title="t", source="s")
    assert err.value.variable == "order"


def test_rank_interval_plot_sorted_by_rank():
    scores = pd.DataFrame({"country": ["AT", "BR", "BD"], "median_rank": [2, 1, 3],
                           "rank_p05": [1, 1, 2], "rank_p95": [3, 2, 3]})
    fig = figures.rank_interval_plot(scores, title="t", source="s")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Brazil", "Austria", "Bangladesh"]


def test_unknown_country_and_empty_data(estimates):
    bad = estimates.assign(country=estimates["country"].replace({"GR": "Atlantis"}))
    with pytest.raises(OutputError) as err:
        figures.forest_plot(bad, title="t", source="s")
    assert err.value.reason == "unknown_country" and err.value.country == "Atlantis"
    assert err.value.rows == [4]
    with pytest.raises(OutputError) as err:
        figures.forest_plot(estimates.iloc[:0], title="t", source="s")
    assert err.value.reason == "empty_data"


def test_similarity_heatmap_takes_a_legal_comparison():
    from heroes_research.legal import codings_from_frame, compare

    rows = [(c, "thb_offence", v) for c, v in (("AT", "yes"), ("BR", "yes"), ("BD", "no"))]
    frame = pd.DataFrame(rows, columns=["jurisdiction", "indicator", "value"])
    comparison = compare(codings_from_frame(frame.assign(
        attested_on="2024-01-01", statute="Act", source_type="secondary", document="doc", url="https://example.org",
        consulted="2026-12-06", excerpt="text", status="draft", coder="t")))
    fig = figures.similarity_heatmap(comparison, title="t", source="s")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == list(comparison.order)


def test_likert_from_survey_output_withholds_small_countries():
    levels = ["No", "Yes"]
    rows = [(c, lvl, share, n) for c, total in (("AT", 40), ("LV", 4))
            for lvl, share, n in zip(levels, (0.25, 0.75), (total // 4, total - total // 4), strict=True)]
    est = pd.DataFrame(rows, columns=["country", "level", "estimate", "n"])
    fig = figures.likert_bars(est, levels, title="t", source="s")
    bars = fig.axes[0].containers
    assert [p.get_width() for p in bars[1].patches] == pytest.approx([75, 0])  # LV (n=4) not drawn
    assert "x: not shown (too few respondents)" in _texts(fig)


def _likert_counts(counts: dict[str, tuple[int, ...]], levels: list[str]) -> pd.DataFrame:
    """SurveyDesign.mean-like output: shares and unweighted n per country and level."""
    rows = [(c, lvl, k / sum(ns), k) for c, ns in counts.items() for lvl, k in zip(levels, ns, strict=True)]
    return pd.DataFrame(rows, columns=["country", "level", "estimate", "n"])


def test_likert_withholds_a_country_with_one_small_level():
    levels = ["Low", "Middle", "High"]
    # Lithuania has 40 respondents in total, but only 2 in "Middle": its three shares
    # would publish a cell of 2 (and hiding only that segment leaves it derivable).
    est = _likert_counts({"AT": (10, 12, 18), "LT": (18, 2, 20)}, levels)
    fig = figures.likert_bars(est, levels, title="t", source="s")
    bars = fig.axes[0].containers
    widths = np.array([[p.get_width() for p in b.patches] for b in bars])  # level x country
    assert widths[:, 0].sum() == pytest.approx(100)  # Austria drawn
    assert widths[:, 1] == pytest.approx([0, 0, 0])  # Lithuania not drawn at all
    texts = _texts(fig)
    assert "x: not shown (too few respondents)" in texts
    note = fig.axes[0].get_xlabel().replace("\n", " ")
    assert "Lithuania" in note and "Austria" not in note and "fewer than 5" in note
    with pytest.raises(OutputError) as err:  # unprotected shares about people are not drawn
        figures.likert_bars(est, levels, title="t", source="s", protect=False)
    assert err.value.reason == "unprotected_estimates"
    drawn = figures.likert_bars(est, levels, title="t", source="HEROES legal coding", protect=False)
    assert sum(b.patches[1].get_width() for b in drawn.axes[0].containers) == pytest.approx(100)
    assert drawn.axes[0].get_xlabel() == ""


def test_likert_absent_level_counts_as_zero_respondents():
    levels = ["Low", "Middle", "High"]
    est = _likert_counts({"AT": (10, 12, 18), "LT": (18, 6, 20)}, levels).drop(index=4)  # LT Middle
    fig = figures.likert_bars(est, levels, title="t", source="s", min_count=5)
    assert [b.patches[1].get_width() for b in fig.axes[0].containers] == pytest.approx([0, 0, 0])


def test_likert_bad_counts_name_the_cells():
    from heroes_research.errors import DisclosureError

    levels = ["No", "Yes"]
    est = _likert_counts({"AT": (10, 30)}, levels).assign(n=[10.5, 30])
    with pytest.raises(DisclosureError, match="respondent counts") as err:
        figures.likert_bars(est, levels, title="t", source="s")
    assert err.value.variable == "n" and err.value.rows == [0]


@pytest.fixture
def by_sector():
    """A design whose sectors (categorical, not countries) make the groups; NGO has 3 in 'Low'."""
    from heroes_research.survey import SurveyDesign

    sector = ["Police"] * 40 + ["NGO"] * 30 + ["Health"] * 25
    answer = (["Low"] * 10 + ["High"] * 30) + (["Low"] * 3 + ["High"] * 27) + (["Low"] * 10 + ["High"] * 15)
    frame = pd.DataFrame({"sector": pd.Categorical(sector, ["Police", "NGO", "Health"]),
                          "answer": pd.Categorical(answer, ["Low", "High"]),
                          "yes": [1.0, 0.0] * 47 + [1.0]})
    return SurveyDesign(frame)


def test_forest_plot_any_grouping_with_interval_from_conf_level(by_sector):
    est = by_sector.proportion_ci("yes", 1, by="sector", conf_level=0.9)
    fig = figures.forest_plot(est, rows="sector", labels={"sector": "Sector of work"},
                              title="t", source="s", percent=True)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Police", "NGO", "Health"]
    assert ax.get_xlabel() == "Percentage (90% CI)" and ax.get_ylabel() == "Sector of work"
    assert len(ax.collections[-1].get_offsets()) == 3


def test_small_multiples_panels_by_variable_rows_by_sector(by_sector):
    est = by_sector.mean("answer", by="sector")
    fig = figures.small_multiples(est, by="level", rows="sector", title="t", source="s")
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert titles == ["Low", "High"]
    assert "x: not shown (too few respondents)" in _texts(fig)  # NGO Low: n_level 3


def test_likert_bars_by_sector_withholds_on_n_level(by_sector):
    est = by_sector.mean("answer", by="sector")
    fig = figures.likert_bars(est, ["Low", "High"], rows="sector", title="t", source="s")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Police", "NGO", "Health"]
    widths = [p.get_width() for p in ax.containers[1].patches]
    assert widths == pytest.approx([75, 0, 60])  # NGO: 3 answered "Low" -> withheld whole
    assert "NGO" in ax.get_xlabel() and ax.get_ylabel() == "Sector"


def test_forest_plot_without_conf_level_asks_for_it(estimates):
    with pytest.raises(OutputError, match="conf_level") as err:
        figures.forest_plot(estimates.drop(columns="conf_level"), title="t", source="s")
    assert err.value.variable == "conf_level"
    fig = figures.forest_plot(estimates.drop(columns="conf_level"), title="t", source="s",
                              xlabel="Share (bootstrap 95% interval)")
    assert fig.axes[0].get_xlabel() == "Share (bootstrap 95% interval)"


def test_two_groupings_make_one_row_each_country_first():
    from heroes_research.survey import SurveyDesign

    frame = pd.DataFrame({"country": ["ES"] * 20 + ["CO"] * 20, "sector": (["NGO"] * 10 + ["Police"] * 10) * 2,
                          "yes": [1.0, 0.0] * 20})
    est = SurveyDesign(frame).mean("yes", by=["country", "sector"])
    fig = figures.forest_plot(est, rows=["country", "sector"], title="t", source="s")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Spain: NGO", "Spain: Police", "Colombia: NGO", "Colombia: Police"]
    assert fig.axes[0].get_ylabel() == "Country: Sector"
    colours = {tuple(c[:3]) for c in fig.axes[0].collections[-1].get_facecolors()}
    assert len(colours) == 2  # coloured by country


def test_rank_interval_plot_lists_withheld_countries_without_a_rank():
    scores = pd.DataFrame({"country": ["AT", "BR"], "median_rank": [2, 1], "rank_p05": [1, 1],
                           "rank_p95": [2, 2]})
    withheld = pd.DataFrame({"country": ["BD"], "coverage": [0.14]})
    fig = figures.rank_interval_plot(scores, withheld=withheld, title="t", source="s")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Brazil", "Austria", "Bangladesh: insufficient coverage (14% known)"]
    assert len(fig.axes[0].collections[-1].get_offsets()) == 2  # dots for the ranked countries only
    only = figures.rank_interval_plot(scores.iloc[:0], withheld=withheld, title="t", source="s")
    assert [t.get_text() for t in only.axes[0].get_yticklabels()] == [labels[-1]]
    with pytest.raises(OutputError):
        figures.rank_interval_plot(scores.iloc[:0], title="t", source="s")
