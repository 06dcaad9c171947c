"""Benchmark heroes_research.survey against svy 0.35 on a large synthetic survey.

1,000,000 respondents, 15 strata, 3,000 PSUs, unequal weights. Operations: a mean,
a mean by a 5-level domain, proportions of a 5-level variable, a 5x5 crosstab with
the Rao-Scott test, and a logistic regression on 5 covariates. Each is run side by
side with svy in the same process (median of ``--repeats`` runs, default 5) and
the peak memory our estimator allocates (tracemalloc) is compared with the input frame.

Run:
    .venv/bin/python benchmarks/bench_survey.py [--repeats 5] [--write-csv /tmp/bench_survey.csv]

``--write-csv`` also writes the data for ``benchmarks/bench_survey.R`` (R's survey timings).
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

N_ROWS = 1_000_000
N_STRATA = 15
N_PSUS = 3_000
LEVELS = 5


def make_data(seed: int = 20261122) -> pd.DataFrame:
    """Synthetic survey: PSUs nested in strata, weights varying by stratum and row."""
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, N_PSUS, N_ROWS)
    stratum = psu // (N_PSUS // N_STRATA)
    x = rng.normal(size=(N_ROWS, 5))
    psu_effect = rng.normal(scale=2.0, size=N_PSUS)[psu]
    eta = -0.5 + x @ np.array([0.4, -0.3, 0.2, 0.1, -0.2]) + 0.1 * psu_effect
    level = np.array([f"level{i + 1}" for i in range(LEVELS)])
    return pd.DataFrame(
        {
            "stratum": stratum,
            "psu": psu,
            "weight": rng.uniform(0.5, 3.0, N_ROWS) * (1 + stratum / 10),
            "y": 50 + 10 * x[:, 0] + psu_effect + rng.normal(size=N_ROWS),
            "yb": (rng.random(N_ROWS) < 1 / (1 + np.exp(-eta))).astype(float),
            "domain": level[rng.integers(0, LEVELS, N_ROWS)],
            "cat": level[np.minimum(rng.poisson(1.5, N_ROWS), LEVELS - 1)],
            **{f"x{j + 1}": x[:, j] for j in range(5)},
        }
    )


def median_seconds(func: Callable[[], object], repeats: int) -> float:
    func()  # warm-up: imports, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_bytes(func: Callable[[], object]) -> int:
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--write-csv", type=Path, default=None)
    args = parser.parse_args()

    import polars as pl
    import svy

    from heroes_research.survey import SurveyDesign

    data = make_data()
    if args.write_csv:
        data.to_csv(args.write_csv, index=False)
    frame_bytes = data.memory_usage(deep=True).sum()
    start = time.perf_counter()
    design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu")
    build = time.perf_counter() - start
    sample = svy.Sample(
        pl.from_pandas(data), svy.Design(stratum="stratum", psu="psu", wgt="weight")
    )
    covariates = [f"x{j + 1}" for j in range(5)]

    operations: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        "mean": (lambda: design.mean("y"), lambda: sample.estimation.mean("y")),
        "mean by 5-level domain": (
            lambda: design.mean("y", by="domain"),
            lambda: sample.estimation.mean("y", by="domain"),
        ),
        "5-level proportions": (lambda: design.mean("cat"), lambda: sample.estimation.prop("cat")),
        "5x5 crosstab + Rao-Scott F": (
            lambda: (design.crosstab("cat", "domain"), design.chisq("cat", "domain")),
            lambda: sample.categorical.tabulate("cat", "domain"),
        ),
        "logistic glm, 5 covariates": (
            lambda: design.glm("yb ~ " + " + ".join(covariates), "binomial"),
            lambda: sample.glm.fit("yb", x=covariates, family="binomial"),
        ),
    }
    rows = []
    for name, (ours, theirs) in operations.items():
        ours_s = median_seconds(ours, args.repeats)
        svy_s = median_seconds(theirs, args.repeats)
        peak = peak_bytes(ours)
        rows.append((name, ours_s, svy_s, ours_s / svy_s, peak / frame_bytes))

    print(
        f"{N_ROWS:,} rows, {N_STRATA} strata, {N_PSUS:,} PSUs; input frame "
        f"{frame_bytes / 2**20:.0f} MiB; design built in {build * 1e3:.0f} ms; "
        f"median of {args.repeats} runs\n"
    )
    print("| operation | heroes_research (ms) | svy 0.35 (ms) | ratio | peak memory / frame |")
    print("|---|---:|---:|---:|---:|")
    for name, ours_s, svy_s, ratio, mem in rows:
        print(f"| {name} | {ours_s * 1e3:.0f} | {svy_s * 1e3:.0f} | {ratio:.2f} | {mem:.2f} |")


if __name__ == "__main__":
    main()
