"""Benchmark of heroes_research.legal: Monte Carlo uncertainty of the harmonisation index.

10,000 draws over 15 countries x the codebook's indicators (weights, aggregation, unknown
treatment), on (1) the project's draft codings and (2) synthetic complete codings (every
indicator known, random valid values; synthetic, not law). Target: <= 2 s per run on a
2-core machine. Prints a markdown table of the median of REPEATS runs.

Run: .venv/bin/python benchmarks/bench_legal.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from heroes_research.countries import COUNTRY_CODES
from heroes_research.legal import _aggregate as agg
from heroes_research.legal import codings_from_frame, compare, load_codings, score, uncertainty

REPEATS = 7
DRAWS = 10_000
TARGET_S = 2.0


def synthetic_complete(codings, seed: int = 1) -> object:
    """Every (country, indicator) known, with a random valid value (synthetic, not law)."""
    rng = np.random.default_rng(seed)
    rows = []
    for ind in codings.indicators:  # 50 indicators: building test input, not analysis
        if ind.type == "numeric":
            values = rng.integers(int(ind.range[0]), int(ind.range[1]) + 1, size=len(COUNTRY_CODES)).astype(str)
        else:
            values = rng.choice(ind.levels, size=len(COUNTRY_CODES))
        rows.append(pd.DataFrame({"jurisdiction": COUNTRY_CODES, "indicator": ind.id, "value": values}))
    frame = pd.concat(rows, ignore_index=True).assign(
        attested_on="2024-01-01", statute="synthetic benchmark value", source_type="secondary",
        document="synthetic", url="https://example.org", consulted="2026-12-06", excerpt="synthetic",
        coder="bench", status="draft")
    return codings_from_frame(frame, codings.indicators)


def loop_over_draws(codings, draws: int = DRAWS, seed: int = 1) -> np.ndarray:
    """Baseline: the same array maths one draw at a time (what the vectorised code replaces)."""
    arrays = agg.ScoreArrays.from_codings(codings.latest().country_level())
    rng = np.random.default_rng(seed)
    n_i, n_k = len(arrays.indicators), len(arrays.areas)
    out = np.empty((draws, len(arrays.countries)))
    for d in range(draws):
        rule = agg.UNKNOWN_RULES[rng.integers(3)]
        areas = agg.area_scores(arrays, rng.gamma(np.full(n_i, 50.0)), rule)
        out[d] = agg.composite(areas, rng.gamma(np.full(n_k, 50.0 / n_k)), bool(rng.integers(2)))
    return agg.ranks(out)


def timed(fn, repeats: int = REPEATS) -> float:
    fn()  # warm-up (lazy imports, caches)
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    real = load_codings()
    complete = synthetic_complete(real)
    n_scored = len(real.indicators.scored)
    cases = [
        (f"uncertainty, {DRAWS:,} draws, draft codings (15 x {n_scored} scored)",
         lambda: uncertainty(real, draws=DRAWS, min_coverage=0)),
        (f"uncertainty, {DRAWS:,} draws, synthetic complete codings (15 x {n_scored} scored)",
         lambda: uncertainty(complete, draws=DRAWS, min_coverage=0)),
        (f"baseline: Python loop over {DRAWS:,} draws (same array maths), draft codings",
         lambda: loop_over_draws(real)),
        ("score (one configuration), draft codings", lambda: score(real, weights="expert")),
        ("compare (similarity + clustering), draft codings", lambda: compare(real)),
        ("load_codings (read + validate every coding file)", load_codings),
    ]
    print(f"| case | median of {REPEATS} runs (s) | ratio to the {TARGET_S:g} s target |")
    print("|---|---:|---:|")
    for name, fn in cases:
        t = timed(fn)
        print(f"| {name} | {t:.3f} | {t / TARGET_S:.3f} |")


if __name__ == "__main__":
    main()
