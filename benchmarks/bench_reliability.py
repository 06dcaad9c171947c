"""Reliability benchmark (issue 3): vectorised coefficients and bootstrap intervals.

Cases (median of ``--repeat`` runs, seconds):

- Krippendorff's alpha, 15 coders × 5,000 units, 5 values, 20 % missing, each level:
  heroes_research without and with a 1,000-resample bootstrap, the ``krippendorff``
  package (point estimate only), and the package in a Python loop over 100 resamples
  (the way one would bootstrap it), scaled to 1,000.
- Cohen's kappa, 100,000 pairs, 5 categories, quadratic weights, 1,000 resamples.
- Fleiss' kappa, 6 raters × 20,000 units, 1,000 resamples (statsmodels: point estimate).
- Cronbach's alpha, 5,000 respondents × 20 items, 1,000 resamples.

Run:  .venv/bin/python benchmarks/bench_reliability.py [--repeat K]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import krippendorff
import numpy as np
import pandas as pd
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from heroes_research.reliability import (
    cohen_kappa,
    cronbach_alpha,
    fleiss_kappa,
    krippendorff_alpha,
)

# 100 resamples of the 5,000 units for the loop reference.
DRAWS = np.random.default_rng(1).integers(0, 5000, (100, 5000))


def _median_time(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _data(rng: np.random.Generator) -> dict[str, object]:
    truth = rng.integers(1, 6, 5000)
    kripp = np.where(rng.random((15, 5000)) < 0.7, truth, rng.integers(1, 6, (15, 5000))).astype(
        float
    )
    kripp[rng.random(kripp.shape) < 0.2] = np.nan
    a = rng.integers(1, 6, 100_000)
    b = np.where(rng.random(100_000) < 0.7, a, rng.integers(1, 6, 100_000))
    units = rng.integers(1, 6, 20_000)
    fleiss = np.where(rng.random((6, 20_000)) < 0.6, units, rng.integers(1, 6, (6, 20_000)))
    latent = rng.normal(size=(5000, 1))
    items = pd.DataFrame(np.round(3 + latent + rng.normal(size=(5000, 20))).clip(1, 5))
    return {"kripp": kripp, "a": a, "b": b, "fleiss": fleiss, "items": items}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    data = _data(np.random.default_rng(20261122))
    kripp = data["kripp"]
    rows = []
    for level in ("nominal", "ordinal", "interval", "ratio"):
        ours = _median_time(lambda lv=level: krippendorff_alpha(kripp, lv, n_boot=0), repeat)
        boot = _median_time(lambda lv=level: krippendorff_alpha(kripp, lv, n_boot=1000), repeat)
        package = _median_time(
            lambda lv=level: krippendorff.alpha(kripp, level_of_measurement=lv), repeat
        )
        loop = 10 * _median_time(
            lambda lv=level: [
                krippendorff.alpha(kripp[:, d], level_of_measurement=lv) for d in DRAWS
            ],
            max(1, repeat // 2),
        )
        rows.append(
            (
                f"Krippendorff {level}, 15 × 5,000",
                ours,
                boot,
                f"{package:.3f}",
                f"{loop:.2f}",
                f"{loop / boot:.0f}×",
            )
        )
    rows.append(
        (
            "Cohen quadratic, 100,000 pairs",
            _median_time(lambda: cohen_kappa(data["a"], data["b"], "quadratic", n_boot=0), repeat),
            _median_time(lambda: cohen_kappa(data["a"], data["b"], "quadratic"), repeat),
            "",
            "",
            "",
        )
    )
    table = aggregate_raters(data["fleiss"].T)[0]
    rows.append(
        (
            "Fleiss, 6 × 20,000",
            _median_time(lambda: fleiss_kappa(data["fleiss"], n_boot=0), repeat),
            _median_time(lambda: fleiss_kappa(data["fleiss"]), repeat),
            f"{_median_time(lambda: sm_fleiss(table), repeat):.3f} (table given)",
            "",
            "",
        )
    )
    rows.append(
        (
            "Cronbach, 5,000 × 20 items",
            _median_time(lambda: cronbach_alpha(data["items"], n_boot=0), repeat),
            _median_time(lambda: cronbach_alpha(data["items"]), repeat),
            "",
            "",
            "",
        )
    )
    print(f"Median of {repeat} runs, seconds.\n")
    print(
        "| case | heroes, no CI | heroes, 1,000-resample CI | reference, point | "
        "reference, 1,000 resamples in a loop | loop / heroes CI |"
    )
    print("|---|---|---|---|---|---|")
    for name, ours, boot, ref, loop, ratio in rows:
        print(f"| {name} | {ours:.3f} | {boot:.3f} | {ref} | {loop} | {ratio} |")


if __name__ == "__main__":
    main()
