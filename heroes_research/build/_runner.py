"""Run the build: notebooks in dependency order, in parallel where independent, cached.

The recipe: take the build lock → ingest the raw data if a notebook reads
data/processed and it is stale → select notebooks → for each one whose
dependencies are done, compute its cache key → skip it if fresh, else execute it
in a worker process with its outputs staged → check the staged outputs against the
registry → promote them into reports/ → finally write the report site and the DOCX
bundle if anything they show changed.

Promotion replaces each old file by its new version in one rename (an old file is
never deleted before its replacement is in place) and only then removes old files
the notebook no longer writes; the notebook's cache record is dropped before and
written after, with the sha256 of every promoted file. A build killed at any point
therefore leaves each output either old or new, and the next build sees the
notebook as stale and rebuilds it. Workers and kernels die with the build (Linux
``PR_SET_PDEATHSIG``), and ``reports/.lock`` keeps a second build out.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import shutil
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research import paths
from heroes_research._faults import fault_point
from heroes_research.build._cache import cache_key, forget, is_fresh, output_hashes, record
from heroes_research.build._execute import ExecutionResult, die_with_parent, execute_notebook
from heroes_research.build._ingest_step import (
    INGEST_STEP,
    needs_ingest,
    reads_processed,
    run_ingest_step,
)
from heroes_research.build._params import load_params
from heroes_research.build._registry import NotebookSpec, Registry, load_registry
from heroes_research.build._site_pages import decorate_notebook_page
from heroes_research.errors import BuildError, Reason
from heroes_research.io import atomic_write, exclusive_lock
from heroes_research.io._atomic import write_error

if TYPE_CHECKING:
    from heroes_research.disclosure import AuditReport

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
    """The outcome of :func:`build`, one row per notebook, and the disclosure audit of the outputs."""

    outcomes: tuple[NotebookOutcome, ...]
    reports: Path
    audit: AuditReport | None = None

    @property
    def ok(self) -> bool:
        """True if no notebook failed or was skipped and the disclosure audit found nothing failing."""
        notebooks_ok = all(o.status in {"built", "cached"} for o in self.outcomes)
        return notebooks_ok and (self.audit is None or self.audit.ok)

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
        if self.audit is not None:
            lines += [f"disclosure audit: {self.audit!r}"]
            lines += [f"  {f.severity:6} {f.output}: {f.rule} ({f.location}): {f.detail}"
                      for f in self.audit.findings if f.severity != "exception"]
            lines += [f"  report for the output checker: {self.reports / '.audit' / 'audit.html'}"]
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


def _promote(spec: NotebookSpec, staging: Path, reports: Path) -> list[Path]:
    """Move the staged files into reports/ (each replaces its old version in one rename),
    then remove old files of the notebook's outputs that it no longer writes."""
    promoted = []
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = reports / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        promoted.append(target)
        fault_point("build:promote")
    for out in spec.outputs:
        for old in (reports / out.folder).glob(f"{out.name}.*"):
            if old not in promoted:
                old.unlink()
    shutil.rmtree(staging, ignore_errors=True)
    return promoted


def _site_state(cache_dir: Path, registry: Registry) -> str:
    """A hash of every notebook's cache record: the site is stale when it changes."""
    digest = hashlib.sha256()
    for name in [*registry.names, INGEST_STEP]:
        record_file = cache_dir / f"{name}.json"
        digest.update(name.encode() + b"\0")
        digest.update(record_file.read_bytes() if record_file.is_file() else b"-")
    return digest.hexdigest()


def _result(spec: NotebookSpec, future: Future) -> ExecutionResult:
    """The worker's result; a worker that died (killed, out of memory) is a failed notebook."""
    try:
        return future.result()
    except Exception as err:  # BrokenProcessPool and the like: report, never crash the build
        return ExecutionResult(spec.name, False, 0.0, f"the worker process failed: {type(err).__name__}: {err}")


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
        self.blocked_by_ingest: set[str] = set()
        self.cells: Any = None  #: queue of (notebook, cells done, cells) from the workers, with progress
        self.cell_share: dict[str, float] = {}  #: share of each running notebook the bar has shown

    def ingest(self, specs: list[NotebookSpec]) -> NotebookOutcome | None:
        """Run the ingest step first if a selected notebook reads data/processed."""
        if not needs_ingest(self.registry, specs) or self.registry.ingest is None:
            return None
        status, seconds, message = run_ingest_step(self.registry.ingest, self.root, paths.processed_dir(),
                                                   self.cache_dir, self.force)
        if status == "failed":
            self.blocked_by_ingest = {spec.name for spec in specs if reads_processed(spec)}
        return NotebookOutcome(INGEST_STEP, status, seconds, message)

    def clean_staging(self) -> None:
        """Remove what a killed build left in reports/.staging (under the lock)."""
        shutil.rmtree(self.reports / ".staging", ignore_errors=True)

    def _finish(self, outcome: NotebookOutcome, bar: Any) -> None:
        self.outcomes[outcome.name] = outcome
        bar.set_postfix_str(f"{outcome.name}: {outcome.status}")
        bar.update(1 - self.cell_share.pop(outcome.name, 0.0))  # what the cells have not yet moved
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
            kept = f"\n(partly executed notebook: {failed})" if result.failed_cell is not None else ""
            return NotebookOutcome(spec.name, "failed", result.seconds, f"{where}{result.error}{kept}")
        problems = _check_outputs(spec, staging)
        if problems:
            shutil.rmtree(staging, ignore_errors=True)
            return NotebookOutcome(spec.name, "failed", result.seconds, problems)
        fault_point("build:executed")
        decorate_notebook_page(staging / "notebooks" / f"{spec.name}.html", spec)
        forget(spec, self.cache_dir)
        try:
            promoted = _promote(spec, staging, self.reports)
            fault_point("build:promoted")
            record(spec, key, self.cache_dir, result.seconds, output_hashes(self.reports, promoted))
        except OSError as err:
            shutil.rmtree(staging, ignore_errors=True)
            error = write_error(err, self.reports, f"promoting the outputs of {spec.name}",
                                "the notebook is rebuilt by the next heroes build")
            return NotebookOutcome(spec.name, "failed", result.seconds, str(error))
        return NotebookOutcome(spec.name, "built", result.seconds)

    def _show_cells(self, bar: Any) -> None:
        """Move the bar by the cells the workers executed since the last look."""
        while self.cells is not None and not self.cells.empty():
            name, done, total = self.cells.get()
            if name in self.outcomes:
                continue
            share = done / max(total, 1)
            bar.update(share - self.cell_share.get(name, 0.0))
            self.cell_share[name] = share
            bar.set_postfix_str(f"{name}: cell {done}/{total}")

    def run(self, specs: list[NotebookSpec]) -> None:
        from tqdm.auto import tqdm

        pending = list(specs)
        running: dict[Future, tuple[NotebookSpec, str]] = {}
        context = multiprocessing.get_context("spawn")
        with contextlib.ExitStack() as stack:
            if self.progress:  # workers report each executed cell through a manager's queue
                self.cells = stack.enter_context(context.Manager()).Queue()
            pool = stack.enter_context(ProcessPoolExecutor(
                max_workers=self.jobs, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)))
            bar = stack.enter_context(tqdm(total=len(specs), desc="heroes build", unit="notebook",
                                           disable=not self.progress,
                                           bar_format="{l_bar}{bar}| {n:.1f}/{total} [{elapsed}<{remaining}{postfix}]"))
            while pending or running:
                for spec in [s for s in pending if all(d in self.outcomes for d in s.depends_on)]:
                    pending.remove(spec)
                    self._start(spec, pool, running, bar)
                if running:
                    done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                    self._show_cells(bar)
                    for future in done:
                        spec, key = running.pop(future)
                        self._finish(self._after_execution(spec, key, _result(spec, future)), bar)

    def _start(self, spec: NotebookSpec, pool: ProcessPoolExecutor,
               running: dict[Future, tuple[NotebookSpec, str]], bar: Any) -> None:
        blocked = [d for d in spec.depends_on
                   if d in self.outcomes and self.outcomes[d].status in {"failed", "skipped"}]
        if blocked:
            self._finish(NotebookOutcome(spec.name, "skipped", 0.0,
                                         f"depends on {', '.join(blocked)}, which did not build"), bar)
            return
        if spec.name in self.blocked_by_ingest:
            self._finish(NotebookOutcome(spec.name, "skipped", 0.0,
                                         "reads data/processed, but the ingest failed"), bar)
            return
        params = self.params.get(spec.name, {})
        key = cache_key(spec, self.root, params)
        if not self.force and is_fresh(spec, key, self.cache_dir, self.reports):
            self._finish(NotebookOutcome(spec.name, "cached"), bar)
            return
        staging = self._staging(spec.name)
        shutil.rmtree(staging, ignore_errors=True)
        failed = self.reports / ".build" / f"{spec.name}.failed.ipynb"
        future = pool.submit(execute_notebook, spec.source_path(self.root), params, staging, failed, self.cells)
        running[future] = (spec, key)


def _retire_outputs(registry: Registry, reports: Path) -> list[Path]:
    """Remove files of outputs that no notebook of the registry writes any more.

    A renamed or dropped output would otherwise stay in reports/ from an earlier build:
    still downloadable, never audited against its notebook, and not what the notebooks
    produce today. Only the output folders the registry uses are swept.
    """
    registered = {(out.folder, out.name) for nb in registry.notebooks for out in nb.outputs}
    retired = []
    for folder in sorted({folder for folder, _ in registered}):
        for path in sorted((reports / folder).glob("*.*")):
            if path.is_file() and (folder, path.name.split(".", 1)[0]) not in registered:
                path.unlink()
                retired.append(path)
    return retired


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
    from heroes_research.disclosure import audit_build

    registry = load_registry()
    specs = registry.select(only)
    run = _Build(registry, max(1, jobs), force, load_params(params, specs), progress)
    _check_writable(run.reports)
    with exclusive_lock(run.reports / ".lock", "heroes build", BuildError):
        fault_point("build:locked")
        run.clean_staging()
        ingested = run.ingest(specs)
        run.run(specs)
        outcomes = ([ingested] if ingested else []) + [run.outcomes[s.name] for s in specs]
        report = BuildReport(tuple(outcomes), run.reports)
        fault_point("build:site")
        _retire_outputs(registry, run.reports)
        _write_site(registry, run, report)
        report = replace(report, audit=audit_build(run.reports))  # the joint disclosure audit (heroes audit)
    return report


def _check_writable(reports: Path) -> None:
    try:
        reports.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise write_error(err, reports, "heroes build", "set HEROES_REPORTS_DIR to a writable folder") from err
    if not os.access(reports, os.W_OK):
        raise BuildError(f"heroes build: the reports folder {reports} is not writable",
                         reason=Reason.NOT_WRITABLE, file=reports,
                         hint="make it writable (chmod -R u+w reports) or set HEROES_REPORTS_DIR "
                              "to a writable folder")


def _write_site(registry: Registry, run: _Build, report: BuildReport) -> None:
    """Write index.html and the DOCX when a notebook's outputs changed since they were written."""
    from heroes_research.build._report import published_registry
    from heroes_research.build._site import write_docx, write_site

    state_file = run.cache_dir / "site.json"
    state = _site_state(run.cache_dir, registry)
    site, docx = run.reports / "index.html", run.reports / "heroes-report.docx"
    recorded = state_file.read_text() if state_file.is_file() else ""
    rebuilt = any(o.status == "built" for o in report.outcomes)
    if not (rebuilt or recorded != state or not site.exists() or not docx.exists()):
        return
    state_file.unlink(missing_ok=True)
    try:
        shown = published_registry(registry, run.reports)
        write_site(shown, run.reports, report, run.params)
        write_docx(shown, run.reports)
        with atomic_write(state_file) as handle:
            handle.write(state)
    except OSError as err:
        raise write_error(err, run.reports, "writing the report site and DOCX",
                          "the notebooks' outputs are in place; run heroes build again") from err
