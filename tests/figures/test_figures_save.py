"""save_figure: formats, provenance metadata, byte-identical runs, clear refusals."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from heroes_research import figures
from heroes_research.countries import COUNTRY_CODES
from heroes_research.errors import OutputError


def _forest(shift: float = 0.0):
    est = np.linspace(0.2, 0.8, 15) + shift
    data = pd.DataFrame({"country": list(COUNTRY_CODES), "estimate": est, "ci_low": est - 0.1,
                         "ci_high": est + 0.1, "conf_level": 0.95, "n": 50})
    return figures.forest_plot(data, title="Aware", source="HEROES survey", demo=True)


def test_save_figure_writes_formats_and_sidecar(project_tmp):
    written = figures.save_figure(_forest(), "fig_aware")
    folder = project_tmp / "reports" / "figures"
    assert sorted(written) == ["json", "pdf", "png", "svg"]
    assert all(p.parent == folder and p.stat().st_size > 0 for p in written.values())
    sidecar = json.loads(written["json"].read_text())
    assert sidecar["demo_data"] is True and sidecar["kind"] == "figure"
    # the output is identified by the hash of what is published (the PNG), never of the data behind it
    assert sidecar["data_sha256"] == hashlib.sha256(written["png"].read_bytes()).hexdigest()
    assert sidecar["git_commit"] and sidecar["footer"][0] == "Source: HEROES survey."


def test_provenance_in_file_metadata_and_no_timestamps(tmp_path):
    from PIL import Image

    written = figures.save_figure(_forest(), "fig_meta", folder=tmp_path)
    sidecar = json.loads(written["json"].read_text())
    png = Image.open(written["png"])
    assert png.info["Source"] == "HEROES survey" and "Software" not in png.info
    embedded = json.loads(png.info["Description"])
    assert embedded["git_commit"] == sidecar["git_commit"] and "data_sha256" not in embedded
    assert png.info["dpi"][0] == pytest.approx(300, abs=0.5)
    svg = written["svg"].read_text()
    assert "<dc:date>" not in svg and sidecar["git_commit"] in svg
    pdf = written["pdf"].read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    assert sidecar["git_commit"].encode() in pdf


def test_two_runs_are_byte_identical(tmp_path):
    first = figures.save_figure(_forest(), "fig_same", folder=tmp_path / "a")
    second = figures.save_figure(_forest(), "fig_same", folder=tmp_path / "b")
    for fmt, path in first.items():
        assert path.read_bytes() == second[fmt].read_bytes(), fmt


def test_saving_the_same_figure_twice_gives_the_same_bytes(tmp_path):
    fig = _forest()
    first = figures.save_figure(fig, "fig_twice", folder=tmp_path / "a", formats=["png"])
    second = figures.save_figure(fig, "fig_twice", folder=tmp_path / "b", formats=["png"])
    assert first["png"].read_bytes() == second["png"].read_bytes()


def test_two_different_figures_under_one_name_are_refused(tmp_path):
    svg = {"folder": tmp_path, "formats": ["svg"]}
    figures.save_figure(_forest(), "fig_clash", **svg)
    with pytest.raises(OutputError, match="already saved as 'fig_clash'") as err:
        figures.save_figure(_forest(shift=0.05), "fig_clash", **svg)
    assert err.value.reason == "name_clash"
    figures.save_figure(_forest(shift=0.05), "fig_clash", overwrite=True, **svg)


def test_figure_without_footer_is_refused(tmp_path):
    import matplotlib.pyplot as plt

    fig, _ax = plt.subplots()
    with pytest.raises(OutputError, match="no footer") as err:
        figures.save_figure(fig, "fig_plain", folder=tmp_path)
    assert "add_footer" in err.value.hint
    figures.add_footer(fig, source="my source", demo=True)
    assert sorted(figures.save_figure(fig, "fig_plain", folder=tmp_path)) == ["json", "pdf", "png", "svg"]


def test_bad_name_and_format_are_refused(tmp_path):
    fig = _forest()
    with pytest.raises(OutputError) as err:
        figures.save_figure(fig, "Figure 1", folder=tmp_path)
    assert err.value.reason == "bad_name"
    with pytest.raises(OutputError) as err:
        figures.save_figure(fig, "fig", formats=["jpg"], folder=tmp_path)
    assert err.value.reason == "bad_format"


def test_footer_needs_a_source():
    import matplotlib.pyplot as plt

    fig, _ax = plt.subplots()
    with pytest.raises(OutputError) as err:
        figures.add_footer(fig, source=" ")
    assert err.value.variable == "source"


def test_pdf_font_type_is_embedded(tmp_path):
    fast = figures.save_figure(_forest(), "fig_t3", folder=tmp_path, formats=["pdf"])["pdf"].read_bytes()
    true = figures.save_figure(_forest(), "fig_t42", folder=tmp_path, formats=["pdf"],
                               pdf_truetype=True)["pdf"].read_bytes()
    assert b"/Subtype /Type3" in fast and b"DejaVuSans" in fast
    assert b"/FontFile2" in true and b"DejaVuSans" in true


def test_long_footer_wraps_to_a_narrow_figure():
    import matplotlib.pyplot as plt

    from heroes_research.provenance import DEMO_NOTE

    fig, ax = plt.subplots(figsize=(3.0, 2.0), layout="constrained")
    source = "HEROES practitioner interviews on criminal proceedings, coded segments, second wave"
    figures.add_footer(fig, source=source, demo=True)
    footer = fig.texts[-1]
    fig.draw_without_rendering()
    box = footer.get_window_extent()
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width  # nothing cut off at the right edge
    text = footer.get_text()
    assert text.count("\n") >= 3 and " ".join(text.split()) == " ".join(f"Source: {source}. {DEMO_NOTE}".split())
    plt.close(fig)
