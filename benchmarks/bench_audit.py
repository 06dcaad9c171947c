"""Benchmark the joint disclosure audit against the build it audits (target: at most 20 % of it).

Builds the demo report once on a throw-away copy of the project (``heroes build
--force``), then times ``audit_reports`` on that build and, within it, the joint LP
over every cell the outputs registered in their side-cars (``read_ledger`` +
``joint_attack``). Prints a markdown table with medians.

    .venv/bin/python benchmarks/bench_audit.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEROES = Path(sys.executable).with_name("heroes")


def _copy_project(folder: Path) -> None:
    (folder / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    for sub in ("notebooks", "data/raw", "data/external"):
        shutil.copytree(ROOT / sub, folder / sub, ignore=shutil.ignore_patterns("*.ipynb"))
    (folder / "data" / "processed").mkdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="audit repeats (median reported)")
    args = parser.parse_args()
    from heroes_research.disclosure import audit_reports, joint_attack, read_ledger

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _copy_project(folder)
        env = {**os.environ, "HEROES_PROJECT_ROOT": str(folder)}
        start = time.perf_counter()
        subprocess.run([str(HEROES), "build", "--force", "--quiet", "--jobs", "2"], env=env, check=False,
                       capture_output=True)
        build = time.perf_counter() - start
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            report = audit_reports(folder / "reports")
            times.append(time.perf_counter() - start)
        audit = statistics.median(times)
        ledger = read_ledger(folder / "reports")
        lp_times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            joint_attack(ledger)
            lp_times.append(time.perf_counter() - start)
        lp = statistics.median(lp_times)
    print("| step | seconds | share of the build |")
    print("|---|---:|---:|")
    print(f"| cold build of the demo report (`heroes build --force --jobs 2`) | {build:.1f} | 100 % |")
    print(f"| joint audit of its {len(report.outputs)} outputs (median of {args.repeats}) | {audit:.2f} | "
          f"{100 * audit / build:.1f} % (target <= 20 %) |")
    cells = sum(len(entry.keys) for entry in ledger)
    print(f"| of which the joint LP over {len(ledger)} registered outputs, {cells} cells (median of "
          f"{args.repeats}) | {lp:.2f} | {100 * lp / build:.1f} % |")


if __name__ == "__main__":
    main()
