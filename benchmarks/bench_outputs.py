"""Benchmark: render and save the three-panel map and a 15-country forest plot (PNG, SVG, PDF).

Run: ``.venv/bin/python benchmarks/bench_outputs.py``. Prints a markdown table: median
and min over 7 runs of (build the figure + save_figure in all formats), in a warm
process (imports and the first render are excluded), writing to a temporary folder.
Target (issue 6): at most 3 s each.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

RUNS = 7


def _estimates() -> pd.DataFrame:
    from heroes_research.countries import COUNTRY_CODES

    rng = np.random.default_rng(20261122)
    est = rng.uniform(0.2, 0.8, 15)
    se = rng.uniform(0.02, 0.06, 15)
    return pd.DataFrame({"country": list(COUNTRY_CODES), "estimate": est, "se": se,
                         "ci_low": est - 1.96 * se, "ci_high": est + 1.96 * se, "conf_level": 0.95,
                         "n": rng.integers(20, 400, 15)})


def _time(make, save, folder: Path) -> tuple[list[float], list[float]]:
    build, total = [], []
    for i in range(RUNS + 1):
        start = time.perf_counter()
        fig = make()
        built = time.perf_counter()
        save(fig, folder / str(i))
        end = time.perf_counter()
        if i:  # the first run pays one-off costs (font cache, projections, imports)
            build.append(built - start)
            total.append(end - start)
    return build, total


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from heroes_research import figures, maps
    from heroes_research.tables import reset_registry

    est = _estimates()
    values = est.set_index("country")["estimate"] * 100

    def forest():
        return figures.forest_plot(est, title="Aware of the NRM", source="bench", percent=True,
                                   protect=False, demo=True)

    def choropleth():
        return maps.choropleth_map(values, title="Aware of the NRM", source="bench",
                                   legend_title="Aware (%)", demo=True)

    def save(fig, folder):
        reset_registry()
        figures.save_figure(fig, "bench", folder=folder)
        plt.close(fig)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in (("three-panel map", choropleth), ("15-country forest plot", forest)):
            build, total = _time(make, save, Path(tmp))
            rows.append((name, statistics.median(build), statistics.median(total), min(total)))
    print("| output (build + save PNG 300 dpi, SVG, PDF) | build median (s) | total median (s) "
          "| total min (s) | vs 3 s target |")
    print("|---|---|---|---|---|")
    for name, build, total, best in rows:
        print(f"| {name} | {build:.2f} | {total:.2f} | {best:.2f} | {total / 3:.2f}x |")


if __name__ == "__main__":
    main()
