"""SVG and PDF are byte-identical across processes (two builds), whatever ran before in each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

SCRIPT = '''
import sys
from pathlib import Path
import numpy as np, pandas as pd
from heroes_research import figures
from heroes_research.maps import choropleth_map
out = Path(sys.argv[1])
frame = pd.DataFrame(np.arange(12).reshape(3, 4) / 12, index=list("abc"), columns=list("defg"))
if sys.argv[2] == "warm":  # another figure first: process-wide counters must not leak into ids
    figures.save_figure(figures.matrix_heatmap(frame, title="w", source="s"), "fig_w", folder=out)
codes = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
values = pd.Series(np.linspace(0, 1, 15), index=codes)
figures.save_figure(choropleth_map(values, title="t", source="s", legend_title="share"), "map_x", folder=out)
figures.save_figure(figures.matrix_heatmap(frame, title="t", source="s"), "fig_h", folder=out)
'''


def _run(out: Path, mode: str, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": seed + "00000",
           "PYTHONPATH": str(REPO_ROOT), "MPLBACKEND": "Agg"}
    subprocess.run([sys.executable, "-c", SCRIPT, str(out), mode], env=env, check=True, timeout=300)


def test_svg_and_pdf_are_byte_identical_across_processes(tmp_path: Path):
    _run(tmp_path / "one", "warm", "1")
    _run(tmp_path / "two", "cold", "2")
    for name in ("map_x.svg", "map_x.pdf", "fig_h.svg", "fig_h.pdf"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert b"clip-path" in (tmp_path / "one" / "map_x.svg").read_bytes()
