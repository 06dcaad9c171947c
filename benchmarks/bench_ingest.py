"""Ingest benchmark (issue 2): write, read and harmonise a 15-country survey of 1,000,000 x 60.

Phases, each run in a fresh subprocess so that its peak memory (``ru_maxrss``) is its own:

``pyreadstat``  pyreadstat.read_sav of the 15 .sav files (user-missing kept): the reference
``read``        heroes_research.io.read_survey of the same files
``harmonise``   read_survey of every file, then cleaning.harmonise (lenient) of all at once;
                the harmonise step is timed on its own
``ingest``      heroes_research.pipeline.ingest: reads and harmonises one country file at a
                time, then writes the Parquet file, sidecar and validation report

The survey: per country ~66,667 respondents; 60 variables: a text id, 50 ordinal 1-5 items
(in 5 batteries; 0-4 coding in 5 countries, reversed in 4, missing codes 8/9), 5 categorical
variables with 7 codes (own code order in 5 countries) and 4 numeric variables with a range.

Targets: harmonise time <= 2x the pyreadstat read time; peak memory <= 3x the in-memory size
of the harmonised frame.

Run:  .venv/bin/python benchmarks/bench_ingest.py [--rows N] [--repeat K] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

COUNTRIES = ("AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD")
N_ITEMS, N_CATEGORICAL, N_NUMERIC = 50, 5, 4
SCALE = {1: "Not at all", 2: "Slightly", 3: "Moderately", 4: "Very", 5: "Extremely"}
CATEGORIES = {k: f"Category {k}" for k in range(1, 8)}


def _codebook(countries: tuple[str, ...]) -> dict:
    variables = [{"name": "resp_id", "label": "Respondent id", "type": "text"}]
    variables += [{"name": f"item{i:02d}", "label": f"Item {i}", "type": "ordinal", "codes": SCALE,
                   "battery": f"battery{i // 10}"} for i in range(N_ITEMS)]
    variables += [{"name": f"cat{i}", "label": f"Categorical {i}", "type": "categorical",
                   "codes": CATEGORIES} for i in range(N_CATEGORICAL)]
    variables += [{"name": f"num{i}", "label": f"Numeric {i}", "type": "numeric", "range": [0, 100]}
                  for i in range(N_NUMERIC)]
    mappings = {}
    for k, country in enumerate(countries):
        zero_based, reverse, own_order = k % 3 == 0, k % 4 == 1, k % 3 == 1
        entry = {"resp_id": {"source": "id"}}
        for i in range(N_ITEMS):
            item = {"source": f"q{i:02d}", "missing": {8: 98, 9: 99}}
            if zero_based:
                item["recode"] = {c - 1: c for c in SCALE}
            if reverse:
                item["reverse"] = True
            entry[f"item{i:02d}"] = item
        for i in range(N_CATEGORICAL):
            cat = {"source": f"c{i}", "missing": {98: 98, 99: 99}}
            if own_order:
                cat["recode"] = {c: 8 - c for c in CATEGORIES}
            entry[f"cat{i}"] = cat
        for i in range(N_NUMERIC):
            entry[f"num{i}"] = {"source": f"x{i}", "missing": {-1: 98}}
        mappings[country] = {"file": f"{country.lower()}.sav", "variables": entry}
    return {"instrument": "bench", "version": "1.0.0", "title": "Ingest benchmark", "id": "resp_id",
            "missing": {97: "Not applicable", 98: "Don't know", 99: "Refused"},
            "variables": variables, "countries": mappings}


def _country_frame(rng: np.random.Generator, country: str, n: int, zero_based: bool) -> pd.DataFrame:
    columns: dict[str, object] = {"id": country + "-" + pd.Series(np.arange(n)).astype(str)}
    items = rng.integers(1, 6, (n, N_ITEMS)) - (1 if zero_based else 0)
    items[rng.random((n, N_ITEMS)) < 0.02] = 8
    columns |= {f"q{i:02d}": items[:, i].astype(np.float64) for i in range(N_ITEMS)}
    columns |= {f"c{i}": rng.integers(1, 8, n).astype(np.float64) for i in range(N_CATEGORICAL)}
    columns |= {f"x{i}": np.round(rng.uniform(0, 100, n), 1) for i in range(N_NUMERIC)}
    return pd.DataFrame(columns)


def write(raw: Path, rows: int) -> None:
    """Write the 15 .sav files and the codebook into ``raw/bench``."""
    import pyreadstat
    import yaml

    folder = raw / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2)
    per_country = rows // len(COUNTRIES)
    for k, country in enumerate(COUNTRIES):
        frame = _country_frame(rng, country, per_country + (k < rows % len(COUNTRIES)), k % 3 == 0)
        missing = {f"q{i:02d}": [8, 9] for i in range(N_ITEMS)} | {f"c{i}": [98, 99] for i in range(N_CATEGORICAL)}
        pyreadstat.write_sav(frame, folder / f"{country.lower()}.sav", missing_ranges=missing)
    (folder / "codebook.yaml").write_text(yaml.safe_dump(_codebook(COUNTRIES), sort_keys=False))


def _files(raw: Path) -> list[Path]:
    return sorted((raw / "bench").glob("*.sav"))


def phase(name: str, raw: Path) -> dict:
    """Run one phase in this process; return its timings and peak memory."""
    import pyreadstat

    from heroes_research.cleaning import harmonise
    from heroes_research.codebook import load_codebook
    from heroes_research.io import read_survey
    from heroes_research.pipeline import ingest

    out: dict[str, float] = {"baseline_mb": _maxrss_mb()}  # interpreter + imports
    start = time.perf_counter()
    if name == "pyreadstat":
        frames = [pyreadstat.read_sav(path, user_missing=True)[0] for path in _files(raw)]
        out["rows"] = sum(len(f) for f in frames)
    elif name == "read":
        surveys = [read_survey(path) for path in _files(raw)]
        out["rows"] = sum(len(s.data) for s in surveys)
    elif name == "ingest":
        with tempfile.TemporaryDirectory(prefix="bench-processed-") as processed:
            result = ingest(raw, out=processed, progress=False)
        out["frame_mb"] = result.instruments[0].data.memory_usage(deep=True).sum() / 2**20
        out["rows"] = len(result.instruments[0].data)
    else:
        codebook = load_codebook(raw / "bench" / "codebook.yaml")
        surveys = {c: read_survey(codebook.folder / m.file) for c, m in codebook.countries.items()}
        read_done = time.perf_counter()
        result = harmonise(surveys, codebook, strict=False)
        out["harmonise_s"] = time.perf_counter() - read_done
        out["read_s"] = read_done - start
        out["frame_mb"] = result.data.memory_usage(deep=True).sum() / 2**20
        out["rows"] = len(result.data)
        out["columns"] = result.data.shape[1]
    out["wall_s"] = time.perf_counter() - start
    out["peak_mb"] = _maxrss_mb()
    return out


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _subprocess(name: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--phase", name, "--folder", str(folder)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="reuse/keep the files in this folder")
    parser.add_argument("--phase", choices=["pyreadstat", "read", "harmonise", "ingest"],
                        help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, args.folder)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = args.keep or Path(tmp)
        start = time.perf_counter()
        if not (folder / "bench" / "codebook.yaml").is_file():
            write(folder, args.rows)
        write_s = time.perf_counter() - start
        runs: dict[str, list[dict]] = {"pyreadstat": [], "read": [], "harmonise": [], "ingest": []}
        for _ in range(args.repeat):  # interleaved, so background load hits every phase alike
            for name in runs:
                runs[name].append(_subprocess(name, folder))
        _report(runs, write_s, args)


_STEPS = {
    "pyreadstat": "pyreadstat.read_sav, 15 files (reference)",
    "read": "io.read_survey, 15 files",
    "harmonise": "read_survey all files, then cleaning.harmonise all at once",
    "ingest": "pipeline.ingest (file by file) + write Parquet/sidecar/report",
}


def _report(runs: dict[str, list[dict]], write_s: float, args: argparse.Namespace) -> None:
    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    def net(name: str) -> float:  # peak above the interpreter and imports
        return statistics.median(r["peak_mb"] - r["baseline_mb"] for r in runs[name])

    base = median("pyreadstat", "wall_s")
    frame_mb = median("harmonise", "frame_mb")
    harmonise_s = median("harmonise", "harmonise_s")
    print(f"{args.rows:,} respondents x 60 variables, 15 .sav files; median of {args.repeat} runs; "
          f"write_sav once: {write_s:.1f} s\n")
    print("| step | wall (s) | x pyreadstat read | peak RSS (MB) | peak above imports (MB) "
          "| peak / harmonised frame | above imports / frame |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, label in _STEPS.items():
        wall, peak = median(name, "wall_s"), median(name, "peak_mb")
        print(f"| {label} | {wall:.2f} | {wall / base:.2f} | {peak:.0f} | {net(name):.0f} "
              f"| {peak / frame_mb:.2f} | {net(name) / frame_mb:.2f} |")
    print(f"| cleaning.harmonise alone (within 'harmonise') | {harmonise_s:.2f} | "
          f"{harmonise_s / base:.2f} | | | | |")
    print(f"\nharmonised frame in memory: {frame_mb:.0f} MB "
          f"({runs['harmonise'][0]['rows']:,} rows x {runs['harmonise'][0]['columns']} columns)")


if __name__ == "__main__":
    main()
