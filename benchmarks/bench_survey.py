"""Benchmark heroes_research.survey against svy 0.35 on a large synthetic survey.

1,000,000 respondents, 15 strata, 3,000 PSUs, unequal weights. Operations: a mean,
a mean by a 5-level domain, proportions of a 5-level variable, a 5x5 crosstab with
the Rao-Scott test, and a logistic regression on 5 covariates. Each is run side by
side with svy in the same process (median of ``--repeats`` runs, default 5) and
the peak memory our estimator allocates (tracemalloc) is compared with the input frame.

A second table (issue 14) times a mean with 80 grouped-JKn replicate weights, the
median with its Woodruff interval, raking calibration on 3 margins and a
quasipoisson glm on 5 covariates, each against svy's equivalent, beside a numpy
floor: one weighted column sum plus the PSU totals (``np.bincount``), the least
any linearised estimator must read.

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
            "count": rng.poisson(np.exp(0.5 + 0.3 * x[:, 0] - 0.2 * x[:, 1])).astype(float),
            "jkgroup": jk_group(psu),
        }
    )


#: Grouped JKn: the 200 PSUs of each stratum fall in 6 (strata 0-4) or 5 groups: 80 replicates.
JK_GROUPS = np.array([6] * 5 + [5] * 10)


def jk_group(psu: np.ndarray) -> np.ndarray:
    """Replicate group of each row: one group of PSUs is dropped per replicate."""
    per_stratum = N_PSUS // N_STRATA
    stratum = psu // per_stratum
    offset = np.concatenate([[0], np.cumsum(JK_GROUPS)[:-1]])
    return offset[stratum] + (psu % per_stratum) % JK_GROUPS[stratum]


def jkn_replicates(data: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """80 grouped-JKn replicate weights (whole weights, as published files) and their rscales."""
    group = data["jkgroup"].to_numpy()
    stratum = data["stratum"].to_numpy()
    stratum_of_group = np.repeat(np.arange(N_STRATA), JK_GROUPS)
    k = JK_GROUPS[stratum_of_group].astype(float)
    w = data["weight"].to_numpy()
    columns = {}
    for r in range(len(k)):  # 80 columns
        factor = np.where(stratum == stratum_of_group[r], k[r] / (k[r] - 1), 1.0)
        factor[group == r] = 0.0
        columns[f"rw{r + 1}"] = w * factor
    return pd.DataFrame(columns, index=data.index), (k - 1) / k


def linear_floors(data: pd.DataFrame) -> dict[str, Callable[[], object]]:
    """The least a linearised estimator must compute, in numpy, from integer codes: the
    weighted sums and the PSU totals of each domain (or level) -- one pass each."""
    w, y, psu = (data[c].to_numpy() for c in ("weight", "y", "psu"))
    domain = pd.factorize(data["domain"], sort=True)[0]
    level = pd.factorize(data["cat"], sort=True)[0]

    def by(codes: np.ndarray, values: np.ndarray) -> object:
        return (np.bincount(codes, values, LEVELS),
                np.bincount(psu * LEVELS + codes, values, N_PSUS * LEVELS))

    return {
        "mean": lambda: (w @ y, np.bincount(psu, weights=w * y, minlength=N_PSUS)),
        "mean by 5-level domain": lambda: by(domain, w * y),
        "mean by 5-level domain, first call (domain factorised)": lambda: by(domain, w * y),
        "5-level proportions": lambda: by(level, w),
    }


def median_seconds(func: Callable[[], object], repeats: int) -> float:
    func()  # warm-up: imports, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_medians(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Median seconds of two functions timed alternately (after a warm-up of each)."""
    first(), second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for func, out in zip((first, second), times, strict=True):
            start = time.perf_counter()
            func()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


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
    parser.add_argument("--parity-only", action="store_true", help="only the issue-14 table")
    args = parser.parse_args()

    import polars as pl
    import svy

    from heroes_research.survey import SurveyDesign

    data = make_data()
    if args.write_csv:
        data.to_csv(args.write_csv, index=False)
    if args.parity_only:
        design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu")
        parity_table(data, design, args.repeats)
        return
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
    operations["mean by 5-level domain, first call (domain factorised)"] = (
        lambda: (design._memo.clear(), design.mean("y", by="domain")),
        operations["mean by 5-level domain"][1],
    )
    floors = linear_floors(data)
    rows = []
    for name, (ours, theirs) in operations.items():
        if name in floors:  # interleaved, so that a change of load hits both alike
            ours_s, floor_s = paired_medians(ours, floors[name], args.repeats)
        else:
            ours_s, floor_s = median_seconds(ours, args.repeats), None
        svy_s = median_seconds(theirs, args.repeats)
        peak = peak_bytes(ours)
        rows.append((name, ours_s, svy_s, ours_s / svy_s, peak / frame_bytes, floor_s))

    print(
        f"{N_ROWS:,} rows, {N_STRATA} strata, {N_PSUS:,} PSUs; input frame "
        f"{frame_bytes / 2**20:.0f} MiB; design built in {build * 1e3:.0f} ms; "
        f"median of {args.repeats} runs\n"
    )
    print("| operation | heroes_research (ms) | svy 0.35 (ms) | ratio | peak memory / frame "
          "| numpy floor (ms) | heroes / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, ours_s, svy_s, ratio, mem, floor_s in rows:
        floor = "— | —" if floor_s is None else f"{floor_s * 1e3:.0f} | {ours_s / floor_s:.1f}"
        print(f"| {name} | {ours_s * 1e3:.0f} | {svy_s * 1e3:.0f} | {ratio:.2f} | {mem:.2f} | {floor} |")
    parity_table(data, design, args.repeats)


def _timed_svy(func: Callable[[], object], repeats: int) -> float | None:
    """svy's time, or None when svy has no such feature or fails on it."""
    try:
        return median_seconds(func, repeats)
    except Exception as error:  # an svy gap is reported, not fatal
        print(f"  (svy: {type(error).__name__}: {str(error)[:120]})")
        return None


def parity_table(data: pd.DataFrame, design, repeats: int) -> None:
    """Issue 14 operations: ours, svy's, and the numpy floor."""
    import polars as pl
    import svy

    from heroes_research.survey import SurveyDesign

    replicates, rscales = jkn_replicates(data)
    with_reps = pd.concat([data, replicates], axis=1)
    replicate_design = SurveyDesign.from_replicate_weights(
        with_reps, weights="weight", replicate_weights="^rw", type="JKn", rscales=rscales
    )
    rep_sample = svy.Sample(
        pl.from_pandas(with_reps),
        svy.Design(
            stratum="stratum",
            psu="psu",
            wgt="weight",
            rep_wgts=svy.JackknifeWgts(
                prefix="rw", n_reps=len(rscales), rep_coefs=tuple(rscales), kind="jkn"
            ),
        ),
    )
    sample = svy.Sample(
        pl.from_pandas(data), svy.Design(stratum="stratum", psu="psu", wgt="weight")
    )
    margins = {
        "domain": data["domain"].value_counts().mul(120).to_dict(),
        "cat": data["cat"].value_counts().mul(120).to_dict(),
        "stratum": data["stratum"].value_counts().mul(120).to_dict(),
    }
    covariates = " + ".join(f"x{j + 1}" for j in range(5))
    w = data["weight"].to_numpy()
    y = data["y"].to_numpy()
    psu = data["psu"].to_numpy()

    def floor() -> object:
        return w @ y, np.bincount(psu, weights=w * y, minlength=N_PSUS)

    operations = {
        "mean, 80 JKn replicate weights": (
            lambda: replicate_design.mean("y"),
            lambda: rep_sample.estimation.mean("y", method="replication"),
        ),
        "median with Woodruff interval": (
            lambda: design.quantile("y", 0.5),
            lambda: sample.estimation.median("y"),
        ),
        "raking on 3 margins (R: calibrate raking)": (
            lambda: design.calibrate(margins, calfun="raking"),
            lambda: sample.weighting.rake(controls=margins),
        ),
        "quasipoisson glm, 5 covariates": (
            lambda: design.glm("count ~ " + covariates, "quasipoisson"),
            lambda: sample.glm.fit("count", x=[f"x{j + 1}" for j in range(5)], family="poisson"),
        ),
    }
    floor_s = median_seconds(floor, repeats)
    print(f"\nnumpy floor (weighted column sum + PSU totals): {floor_s * 1e3:.1f} ms\n")
    print("| operation | heroes_research (ms) | svy 0.35 (ms) | heroes / svy | heroes / floor |")
    print("|---|---:|---:|---:|---:|")
    for name, (ours, theirs) in operations.items():
        ours_s = median_seconds(ours, repeats)
        svy_s = _timed_svy(theirs, repeats)
        svy_text = "n/a" if svy_s is None else f"{svy_s * 1e3:.0f}"
        ratio = "n/a" if svy_s is None else f"{ours_s / svy_s:.2f}"
        print(f"| {name} | {ours_s * 1e3:.0f} | {svy_text} | {ratio} | {ours_s / floor_s:.1f} |")


if __name__ == "__main__":
    main()
