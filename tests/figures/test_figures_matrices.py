"""Legal heat map coloured by the standard, matrix heat map and saturation plot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from heroes_research import figures, tables
from heroes_research.errors import OutputError


@pytest.fixture
def codings():
    from heroes_research.legal import codings_from_frame

    rows = [("AT", "thb_offence", "yes", "draft"), ("BE", "thb_offence", "no", "draft"),
            ("BD", "thb_offence", "", "unknown"), ("AT", "age_of_consent", "14", "draft"),
            ("BE", "age_of_consent", "", "unknown"), ("BD", "age_of_consent", "16", "draft"),
            ("AT", "extraterritorial_no_double_criminality", "", "unknown"),
            ("BE", "extraterritorial_no_double_criminality", "", "unknown"),
            ("BD", "extraterritorial_no_double_criminality", "", "unknown")]
    frame = pd.DataFrame(rows, columns=["jurisdiction", "indicator", "value", "status"])
    return codings_from_frame(cited(frame)).latest()


def cited(frame: pd.DataFrame) -> pd.DataFrame:
    """Protocol rows: coded rows with a full citation, unknown rows with what was searched."""
    coded = frame["status"].ne("unknown")
    cite = {"attested_on": "2024-01-01", "statute": "Act", "source_type": "secondary", "document": "doc",
            "url": "https://example.org", "consulted": "2026-12-06", "excerpt": "text"}
    out = frame.assign(coder="t", searched=frame["status"].eq("unknown").map({True: "searched", False: ""}))
    for col, value in cite.items():
        out[col] = coded.map({True: value, False: ""})
    return out


def _cell_texts(fig) -> dict[tuple[float, float], str]:
    return {t.get_position(): t.get_text() for t in fig.axes[0].texts}


def test_standard_status_follows_the_score():
    status = tables.standard_status(pd.Series([1.0, 0.25, 0.0, np.nan]))
    assert status.tolist()[:3] == ["met", "partly met", "not met"] and status.isna().tolist()[3]


def test_legal_heatmap_colours_by_distance_to_the_standard(codings):
    fig = figures.legal_heatmap(codings, title="Law", source="s", color_by="score")
    cells = _cell_texts(fig)
    assert cells[(0, 0)] == "✓" and cells[(1, 0)] == "✗"  # AT met, BE not met
    assert cells[(0, 1)] == "14"  # a descriptive value is shown as coded, never as met
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "✓ standard met" in legend and "✗ not met" in legend
    assert any(label.startswith("not scored: value as coded") for label in legend)
    with pytest.raises(OutputError) as err:
        figures.legal_heatmap(codings, title="Law", source="s", color_by="colour")
    assert err.value.variable == "color_by"


def test_legal_heatmap_hatches_unknown_cells_in_one_patch(codings):
    fig = figures.legal_heatmap(codings, title="Law", source="s")
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 1  # 5 unknown cells, one compound path
    assert len(hatched[0].get_path().vertices) == 5 * 5


def test_legal_heatmap_long_row_labels_are_not_clipped(codings):
    fig = figures.legal_heatmap(codings, title="Law", source="s")
    fig.draw_without_rendering()
    box = fig.get_tightbbox()
    assert box.x0 >= 0 and box.x1 <= fig.get_figwidth()


def test_matrix_heatmap_blank_cells_and_group_lines():
    codes = ["barrier/a", "barrier/b", "remedy/c"]
    frame = pd.DataFrame([[9, 6, np.nan], [6, 12, 7], [np.nan, 7, 8]], index=codes, columns=codes)
    fig = figures.matrix_heatmap(frame, title="Together", source="s", value_label="Interviews",
                                 blank_label="blank: fewer than 5", groups=["b", "b", "r"])
    ax = fig.axes[0]
    assert np.isnan(ax.images[0].get_array().filled(np.nan)[0, 2])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["blank: fewer than 5"]
    hatched, lines = ax.collections[0], ax.collections[1]
    assert len(hatched.get_paths()) == 2 and hatched.get_hatch() == "////"  # withheld cells, not blank
    assert [seg[0][1] for seg in lines.get_segments()] == [1.5]  # between the groups
    fig.draw_without_rendering()
    box = fig.get_tightbbox()
    assert box.x0 >= 0 and box.x1 <= fig.get_figwidth()
    with pytest.raises(OutputError) as err:
        figures.matrix_heatmap(frame, title="t", source="s", groups=["b"])
    assert err.value.variable == "groups"


def test_saturation_plot_two_panels_and_total():
    curve = pd.DataFrame({"interview_index": [1, 2, 3], "cumulative_codes": [4, 6, 6]})
    groups = pd.concat([curve.assign(stakeholder="police"), curve.assign(stakeholder="ngo")])
    fig = figures.saturation_plot(curve, groups, title="Saturation", source="s", total=8,
                                  labels={"ngo": "NGO"})
    first, second = fig.axes
    assert first.get_ylim() == (0, 9) and "of 8" in first.get_ylabel()
    assert [t.get_text() for t in second.get_legend().get_texts()] == ["police", "NGO"]
    with pytest.raises(OutputError) as err:
        figures.saturation_plot(curve.drop(columns="cumulative_codes"), title="t", source="s")
    assert err.value.variable == "cumulative_codes"


def test_matrix_heatmap_small_counts_are_coloured_unlike_withheld_cells():
    from matplotlib.colors import to_rgba

    frame = pd.DataFrame([[5.0, np.nan], [np.nan, 60.0]], index=["a", "b"], columns=["a", "b"])
    fig = figures.matrix_heatmap(frame, title="t", source="s", vmin=0, blank_label="hatched: fewer than 5")
    image = fig.axes[0].images[0]
    smallest = image.cmap(image.norm(5.0))
    assert smallest[2] < 0.8  # a visible tint (the scale starts past the near-white steps)
    withheld = fig.axes[0].collections[0].get_facecolor()[0]
    assert tuple(withheld) != tuple(smallest) and tuple(withheld) == to_rgba("#E6E6E6")


def test_saturation_band_over_random_orders_is_drawn_behind_the_curve():
    from heroes_research.qualitative import load_segments, saturation

    segments = load_segments()
    orders = pd.concat([saturation(segments, seed=k).assign(order=k) for k in range(20)])
    band = figures.saturation_band(orders)
    assert (band["low"] <= band["median"]).all() and (band["median"] <= band["high"]).all()
    assert band["orders"].iloc[0] == 20 and band["high"].iloc[-1] == segments["code"].nunique()
    groups = saturation(segments, by="stakeholder", seed=1)
    fig = figures.saturation_plot(saturation(segments, seed=1), groups, band=band, title="t", source="s")
    first, second = fig.axes
    labels = [t.get_text() for t in first.get_legend().get_texts()]
    assert labels == ["90% of 20 random orders", "median order", "this order"]
    styles = {line.get_linestyle() for line in second.get_lines() if line.get_label() in set(groups["stakeholder"])}
    assert len(styles) > 1  # overlapping group lines stay apart by their dashes
    with pytest.raises(OutputError) as err:
        figures.saturation_band(orders, level=1.5)
    assert err.value.variable == "level"


def test_legal_heatmap_legend_tells_verified_draft_and_unknown():
    from heroes_research.legal import codings_from_frame

    rows = [("AT", "thb_offence", "yes", "verified"), ("BE", "thb_offence", "yes", "draft"),
            ("BD", "thb_offence", "", "unknown")]
    frame = cited(pd.DataFrame(rows, columns=["jurisdiction", "indicator", "value", "status"]))
    frame.loc[0, "source_type"] = "primary"
    fig = figures.legal_heatmap(codings_from_frame(frame).latest(), title="Law", source="s", color_by="score")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "solid: verified (statute text)" in labels and "pale: draft (secondary source)" in labels
    assert "? unknown" in labels
    image = fig.axes[0].images[0].get_array()
    assert image[0, 0].tolist() != image[0, 1].tolist()  # verified solid, draft pale: not the same colour


def test_matrix_heatmap_in_colour_classes_tells_the_class_never_the_count(tmp_path):
    """Issue 13 finding 6: a continuous colour bar decodes back to every shown count."""
    frame = pd.DataFrame([[6.0, 9.0, np.nan], [9.0, 12.0, 19.0], [np.nan, 19.0, 44.0]],
                         index=list("abc"), columns=list("abc"))
    fig = figures.matrix_heatmap(frame, title="t", source="s", value_label="Interviews",
                                 bins=[5, 10, 20, 40], blank_label="hatched: fewer than 5")
    ax = fig.axes[0]
    image = ax.images[0]
    colours = image.cmap(image.norm(frame.to_numpy()))
    assert (colours[0, 0] == colours[0, 1]).all()          # 6 and 9: one class, one colour
    assert (colours[1, 1] == colours[1, 2]).all()          # 12 and 19
    assert not (colours[0, 0] == colours[1, 1]).all()
    assert len(fig.axes) == 1                               # no continuous colour bar
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["5–9", "10–19", "20–39", "40 or more",
                                                          "hatched: fewer than 5"]
    assert legend.get_title().get_text() == "Interviews"
    rgba = {tuple(np.round(c, 6)) for c in colours.reshape(-1, 4)[~np.isnan(frame.to_numpy().ravel())]}
    assert len(rgba) == 3                                  # the image holds classes, not counts
    with pytest.raises(OutputError) as err:
        figures.matrix_heatmap(frame.fillna(2.0), title="t", source="s", bins=[5, 10])
    assert err.value.variable == "bins"
    with pytest.raises(OutputError) as err:
        figures.matrix_heatmap(frame, title="t", source="s", bins=[5, 10], annotate=True)
    assert err.value.variable == "annotate"
