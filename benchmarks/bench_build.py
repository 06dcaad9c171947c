"""Benchmark the notebook build: cold, no-op, one touched notebook; and the package import.

Runs on a throw-away copy of the project (notebooks + committed data), so the
working tree's reports/ is untouched. Prints a markdown table.

    .venv/bin/python benchmarks/bench_build.py [--repeats 5]
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
TARGETS = {"cold build": 120.0, "no-op rebuild": 2.0, "import heroes_research": 0.5}


def _copy_project(folder: Path) -> None:
    (folder / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    for sub in ("notebooks", "data/raw", "data/external"):
        shutil.copytree(ROOT / sub, folder / sub, ignore=shutil.ignore_patterns("*.ipynb"))
    (folder / "data" / "processed").mkdir()


def _timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _build_once(env: dict[str, str], folder: Path, touch: str) -> dict[str, float]:
    shutil.rmtree(folder / "reports", ignore_errors=True)
    shutil.rmtree(folder / "data" / "processed", ignore_errors=True)
    (folder / "data" / "processed").mkdir()
    build = [str(HEROES), "build", "--jobs", "2", "--quiet"]
    cold = _timed(build, env)
    noop = _timed(build, env)
    notebook = folder / "notebooks" / f"{touch}.py"
    original = notebook.read_text()
    notebook.write_text(original + "\n# %%\n# touched by bench_build\n")
    touched = _timed([*build, "--only", touch], env)
    notebook.write_text(original)
    _timed(build, env)  # back to the cached state
    return {"cold build": cold, "no-op rebuild": noop, f"rebuild after touching {touch}": touched}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--touch", default="05_early_identification")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _copy_project(folder)
        env = {**os.environ, "HEROES_PROJECT_ROOT": str(folder)}
        env.pop("HEROES_REPORTS_DIR", None)
        runs = [_build_once(env, folder, args.touch) for _ in range(args.repeats)]
    imports = [_timed([sys.executable, "-c", "import heroes_research"], dict(os.environ))
               for _ in range(max(5, args.repeats))]
    results = {key: [run[key] for run in runs] for key in runs[0]}
    results["import heroes_research"] = imports
    print("| step | median s | min s | max s | target s | runs |\n|---|---|---|---|---|---|")
    for key, values in results.items():
        target = TARGETS.get(key, "")
        print(f"| {key} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} "
              f"| {target} | {len(values)} |")


if __name__ == "__main__":
    main()
