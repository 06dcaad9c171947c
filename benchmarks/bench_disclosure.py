"""Benchmark of heroes_research.disclosure.protect_table (issue 5).

Tables: a 15 x 40 frequency table (country x item) and a 15 x 8 x 10 hierarchical
one (country > sector x answer), counts drawn from a gamma-Poisson mixture (mean 12,
about one cell in five below 5: the sparse tables a practitioner survey gives).
Compared with the floor, plain primary suppression (ACRO / OpenSAFELY style: hide
the cells below 5, nothing else), whose weakness the last columns show: how many
hidden cells the LP attack then recovers exactly.

Run: .venv/bin/python benchmarks/bench_disclosure.py   (prints a markdown table)
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from heroes_research.disclosure import attack, protect_table
from heroes_research.disclosure._attack import feasible_ranges
from heroes_research.disclosure._layout import layout_from_frame
from heroes_research.disclosure._rules import threshold_rule

REPEATS = 7
MIN_COUNT = 5


def flat_table(rng: np.random.Generator, n_rows: int, n_cols: int) -> pd.DataFrame:
    counts = rng.poisson(rng.gamma(2.0, 6.0, size=(n_rows, n_cols)))
    return pd.DataFrame(counts, index=[f"country{i:02d}" for i in range(n_rows)],
                        columns=[f"item{j:02d}" for j in range(n_cols)])


def hierarchical_table(rng: np.random.Generator, n_top: int, n_sub: int, n_cols: int):
    index = pd.MultiIndex.from_product(
        [[f"country{i:02d}" for i in range(n_top)], [f"sector{j}" for j in range(n_sub)]],
        names=["country", "sector"])
    counts = rng.poisson(rng.gamma(2.0, 6.0, size=(len(index), n_cols)))
    return pd.DataFrame(counts, index=index, columns=[f"answer{k}" for k in range(n_cols)])


def primary_only(table: pd.DataFrame) -> np.ndarray:
    """The floor: threshold rule only; returns the published cell vector."""
    layout, values = layout_from_frame(table, "bench", counts=True)
    primary = threshold_rule(values, MIN_COUNT, "safe")
    return np.where(primary.sensitive, np.nan, values)


def median_time(func, *args) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``REPEATS`` calls (CPU is robust to a busy machine)."""
    wall, cpu = [], []
    for _ in range(REPEATS):
        start, start_cpu = time.perf_counter(), time.process_time()
        func(*args)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    rng = np.random.default_rng(20261122)
    cases = {
        "15 x 40": flat_table(rng, 15, 40),
        "15 x 8 x 10 (hierarchical)": hierarchical_table(rng, 15, 8, 10),
    }
    print("| table | cells (with margins) | primary | secondary | inner cells hidden, share of grand total "
          "| protect_table wall (CPU) s | attack wall (CPU) s | floor: primary only wall s "
          "| ratio to floor | floor: hidden cells the attack pins exactly |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, table in cases.items():
        protected = protect_table(table, min_count=MIN_COUNT)
        t_protect, c_protect = median_time(protect_table, table)
        t_attack, c_attack = median_time(attack, protected)
        t_floor, _ = median_time(primary_only, table)
        layout, values = layout_from_frame(table, "bench", counts=True)
        floor = primary_only(table)
        low, high = feasible_ranges(layout.constraints, floor, integer=True)
        pinned = int(np.sum(np.isnan(floor) & (low == high)))
        n_primary = int(protected.primary.to_numpy().sum())
        n_secondary = int(protected.secondary.to_numpy().sum())
        inner_hidden = np.isnan(protected.published) & ~layout.is_margin
        hidden_total = float(values[inner_hidden].sum())
        print(f"| {name} | {layout.n_cells} | {n_primary} | {n_secondary} | "
              f"{hidden_total / values[-1]:.1%} | {t_protect:.3f} ({c_protect:.3f}) | "
              f"{t_attack:.3f} ({c_attack:.3f}) | {t_floor:.4f} | {t_protect / t_floor:.0f}x | "
              f"{pinned} of {int(np.isnan(floor).sum())} |")
    print()
    print("| table | controlled rounding (base 5) wall (CPU) s | random rounding wall (CPU) s |")
    print("|---|---|---|")
    for name, table in cases.items():
        t_round, c_round = median_time(lambda t: protect_table(t, method="round"), table)
        t_rand, c_rand = median_time(lambda t: protect_table(t, method="random_round"), table)
        print(f"| {name} | {t_round:.3f} ({c_round:.3f}) | {t_rand:.3f} ({c_rand:.3f}) |")


if __name__ == "__main__":
    main()
