"""Run the build: notebooks in dependency order, in parallel where independent, cached.

The recipe: select notebooks → for each one whose dependencies are done, compute
its cache key → skip it if fresh, else execute it in a worker process with its
outputs staged → check the staged outputs against the registry → promote them
into reports/ → finally write the report site and the DOCX bundle.
"""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heroes_research import paths
from heroes_research.build._cache import cache_key, is_fresh, record
from heroes_research.build._execute import ExecutionResult, execute_notebook
from heroes_research.build._params import load_params
from heroes_research.build._registry import NotebookSpec, Registry, load_registry

__all__ = ["BuildReport", "NotebookOutcome", "build"]


@dataclass(frozen=True)
class NotebookOutcome:
    """One notebook's fate: ``built``, ``cached``, ``failed`` or ``skipped``."""

    name: str
    status: str
    seconds: float = 0.0
    message: str = ""


@dataclass(frozen=True)
class BuildReport:
    """The outcome of :func:`build`, one row per notebook."""

    outcomes: tuple[NotebookOutcome, ...]
    reports: Path

    @property
    def ok(self) -> bool:
        """True if no notebook failed or was skipped."""
        return all(o.status in {"built", "cached"} for o in self.outcomes)

    def to_frame(self) -> Any:
        """The outcomes as a DataFrame (name, status, seconds, message)."""
        import pandas as pd

        return pd.DataFrame([vars(o) for o in self.outcomes]).set_index("name")

    def __repr__(self) -> str:
        width = max((len(o.name) for o in self.outcomes), default=4)
        lines = [f"{'notebook':<{width}}  status   seconds"]
        lines += [f"{o.name:<{width}}  {o.status:<7}  {o.seconds:7.1f}"
                  + (f"  {o.message.splitlines()[0]}" if o.message else "")
                  for o in self.outcomes]
        verdict = "ok" if self.ok else "FAILED"
        return "\n".join(lines + [f"build {verdict}: reports in {self.reports}"])


def _produced(staging: Path) -> set[tuple[str, str]]:
    """(folder, output name) of every file a notebook wrote into its staging folder."""
    return {
        (path.relative_to(staging).parts[0], path.name.split(".", 1)[0])
        for path in staging.rglob("*")
        if path.is_file() and path.relative_to(staging).parts[0] != "notebooks"
    }


def _check_outputs(spec: NotebookSpec, staging: Path) -> str:
    """Problems with the staged outputs against the registry ('' when none)."""
    produced = _produced(staging)
    registered = {(out.folder, out.name) for out in spec.outputs}
    problems = [f"wrote unregistered output {folder}/{name} (add it to notebooks/registry.yaml)"
                for folder, name in sorted(produced - registered)]
    problems += [f"did not write registered output {folder}/{name}"
                 for folder, name in sorted(registered - produced)]
    return "; ".join(problems)


def _promote(spec: NotebookSpec, staging: Path, reports: Path) -> None:
    """Replace the notebook's previous outputs with the staged ones."""
    for out in spec.outputs:
        for old in (reports / out.folder).glob(f"{out.name}.*"):
            old.unlink()
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = reports / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    shutil.rmtree(staging, ignore_errors=True)


class _Build:
    """State of one build run (kept private: :func:`build` is the interface)."""

    def __init__(self, registry: Registry, jobs: int, force: bool,
                 params: dict[str, dict[str, Any]], progress: bool) -> None:
        self.root = paths.project_root()
        self.reports = paths.reports_dir()
        self.cache_dir = self.reports / ".cache"
        self.registry, self.jobs, self.force, self.params = registry, jobs, force, params
        self.outcomes: dict[str, NotebookOutcome] = {}
        self.progress = progress

    def _finish(self, outcome: NotebookOutcome, bar: Any) -> None:
        self.outcomes[outcome.name] = outcome
        bar.set_postfix_str(f"{outcome.name}: {outcome.status}")
        bar.update(1)
        if outcome.status == "failed":
            bar.write(f"\n=== {outcome.name} FAILED ===\n{outcome.message}\n")

    def _staging(self, name: str) -> Path:
        return self.reports / ".staging" / name

    def _after_execution(self, spec: NotebookSpec, key: str, result: ExecutionResult) -> NotebookOutcome:
        staging = self._staging(spec.name)
        if not result.ok:
            shutil.rmtree(staging, ignore_errors=True)
            where = f"cell {result.failed_cell}: " if result.failed_cell is not None else ""
            failed = self.reports / ".build" / f"{spec.name}.failed.ipynb"
            return NotebookOutcome(spec.name, "failed", result.seconds,
                                   f"{where}{result.error}\n(partly executed notebook: {failed})")
        problems = _check_outputs(spec, staging)
        if problems:
            shutil.rmtree(staging, ignore_errors=True)
            return NotebookOutcome(spec.name, "failed", result.seconds, problems)
        _promote(spec, staging, self.reports)
        record(spec, key, self.cache_dir, result.seconds)
        return NotebookOutcome(spec.name, "built", result.seconds)

    def run(self, specs: list[NotebookSpec]) -> None:
        from tqdm.auto import tqdm

        pending = list(specs)
        running: dict[Future, tuple[NotebookSpec, str]] = {}
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=self.jobs, mp_context=context) as pool, tqdm(
            total=len(specs), desc="heroes build", unit="notebook", disable=not self.progress
        ) as bar:
            while pending or running:
                for spec in [s for s in pending if all(d in self.outcomes for d in s.depends_on)]:
                    pending.remove(spec)
                    self._start(spec, pool, running, bar)
                if running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        spec, key = running.pop(future)
                        self._finish(self._after_execution(spec, key, future.result()), bar)

    def _start(self, spec: NotebookSpec, pool: ProcessPoolExecutor,
               running: dict[Future, tuple[NotebookSpec, str]], bar: Any) -> None:
        blocked = [d for d in spec.depends_on
                   if d in self.outcomes and self.outcomes[d].status in {"failed", "skipped"}]
        if blocked:
            self._finish(NotebookOutcome(spec.name, "skipped", 0.0,
                                         f"depends on {', '.join(blocked)}, which did not build"), bar)
            return
        params = self.params.get(spec.name, {})
        key = cache_key(spec, self.root, params)
        if not self.force and is_fresh(spec, key, self.cache_dir, self.reports):
            self._finish(NotebookOutcome(spec.name, "cached"), bar)
            return
        staging = self._staging(spec.name)
        shutil.rmtree(staging, ignore_errors=True)
        failed = self.reports / ".build" / f"{spec.name}.failed.ipynb"
        future = pool.submit(execute_notebook, spec.source_path(self.root), params, staging, failed)
        running[future] = (spec, key)


def build(
    only: list[str] | None = None,
    *,
    jobs: int = 2,
    force: bool = False,
    params: Path | None = None,
    progress: bool = True,
) -> BuildReport:
    """Execute the notebooks and rebuild every registered output, the site and the DOCX.

    Parameters
    ----------
    only
        Notebook names to build (their dependencies are built too); all by default.
    jobs
        Notebooks executed at once (independent notebooks run in parallel).
    force
        Ignore the cache and execute every selected notebook.
    params
        A YAML params file (see :mod:`heroes_research.build._params`).
    progress
        Show a progress bar.

    Returns
    -------
    BuildReport
        One row per notebook; ``.ok`` is False if any notebook failed.

    Raises
    ------
    BuildError
        For an unknown ``--only`` name, a malformed registry or params file.

    Example
    -------
    >>> from heroes_research.build import build
    >>> report = build(["02_legal_harmonisation"], jobs=1)  # doctest: +SKIP
    """
    from heroes_research.build._site import write_docx, write_site

    registry = load_registry()
    specs = registry.select(only)
    run = _Build(registry, max(1, jobs), force, load_params(params, specs), progress)
    run.run(specs)
    report = BuildReport(tuple(run.outcomes[s.name] for s in specs), run.reports)
    rebuilt = any(o.status == "built" for o in report.outcomes)
    site, docx = run.reports / "index.html", run.reports / "heroes-report.docx"
    if rebuilt or not site.exists() or not docx.exists():
        write_site(registry, run.reports, report, run.params)
        write_docx(registry, run.reports)
    return report

