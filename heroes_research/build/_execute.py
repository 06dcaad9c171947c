"""Execute one notebook in a Jupyter kernel of the current Python environment.

Runs in a worker process. The kernel is started from ``sys.executable`` (no
kernel name to install or keep in step), with the notebooks folder as working
directory and ``HEROES_REPORTS_DIR`` pointing at the notebook's staging folder,
so its outputs land there until the build promotes them.

Workers and kernels die with the build: each asks Linux to send it SIGKILL when
its parent dies (``prctl(PR_SET_PDEATHSIG)``), so a ``kill -9`` of ``heroes
build`` takes its workers down, and each worker's death its kernel; none keeps
running notebooks or writing files. Elsewhere kernels still exit when they notice
their parent is gone (ipykernel's parent poller).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ExecutionResult", "die_with_parent", "execute_notebook"]

KERNEL_NAME = "heroes-current-python"
CELL_TIMEOUT_SECONDS = 900


@dataclass(frozen=True)
class ExecutionResult:
    """What happened to one notebook: ``ok``, seconds, and the failing cell if any."""

    name: str
    ok: bool
    seconds: float
    error: str = ""
    failed_cell: int | None = None


def quiet_kernel_arguments() -> list[str]:
    """Kernel command-line arguments that keep a normal build's terminal clean.

    ipykernel logs two WARNING lines per kernel on stderr ("running over TCP without
    encryption" at start, "Parent appears to have exited" at shutdown), which break the
    progress bar; errors are still printed.
    """
    return ["--IPKernelApp.log_level=ERROR"]


def die_with_parent(parent: int | None = None) -> None:
    """Have this process killed (SIGKILL) when its parent dies; exit now if ``parent`` is gone.

    Linux only (a no-op elsewhere). Used as the build's worker initializer and by
    the kernel launcher :mod:`heroes_research.build._kernel`.

    Example
    -------
    >>> die_with_parent()  # doctest: +SKIP
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:  # died before prctl took effect
        os._exit(1)


def _current_python_specs() -> Any:
    """A kernel-spec manager whose every kernel is ipykernel on ``sys.executable``."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class CurrentPythonSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "heroes_research.build._kernel", "-f", "{connection_file}"],
                display_name=f"Python {sys.version_info.major}.{sys.version_info.minor} (heroes)",
                language="python",
            )

    return CurrentPythonSpecs()


def _read(source: Path, params: dict[str, Any]) -> Any:
    import jupytext
    from papermill.parameterize import parameterize_notebook

    notebook = jupytext.read(source)
    # papermill expects what its own reader adds: tags on every cell, a papermill section
    for cell in notebook.cells:
        cell.metadata.setdefault("tags", [])
    notebook.metadata.setdefault("papermill", {})
    if params:
        notebook = parameterize_notebook(notebook, params, kernel_name="python3", language="python")
    notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python (heroes)",
                                       "language": "python"}
    # nbformat gives new cells random ids, which the HTML shows: number them, so two builds
    # of the same notebook publish the same bytes
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"
    return notebook


def _export_html(notebook: Any, target: Path) -> None:
    from nbconvert import HTMLExporter

    from heroes_research.io import atomic_write

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    with atomic_write(target) as handle:
        handle.write(body)


def _cell_reporter(name: str, n_cells: int, progress: Any) -> Any:
    """nbclient's ``on_cell_executed`` hook: put ``(notebook, cells done, cells)`` on ``progress``."""

    def executed(cell: Any, cell_index: int, execute_reply: Any) -> None:
        del cell, execute_reply
        progress.put((name, cell_index + 1, n_cells))

    return executed


def execute_notebook(
    source: Path, params: dict[str, Any], staging: Path, failed_target: Path, progress: Any = None
) -> ExecutionResult:
    """Execute ``source`` with ``params``; on success export HTML to ``staging/notebooks``.

    On failure the partly executed notebook is written to ``failed_target``
    (``.ipynb``) for inspection, and the error names the failing cell. With
    ``progress`` (a queue shared with the build), each executed cell puts
    ``(notebook, cells done, cells)`` on it, so the progress bar moves within a notebook.
    """
    import nbformat
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    name = source.stem
    start = time.perf_counter()
    try:
        staging.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        from heroes_research.io._atomic import write_error

        error = write_error(err, staging.parent, f"staging the outputs of {name}", "nothing was changed")
        return ExecutionResult(name, False, 0.0, str(error))
    os.environ["HEROES_REPORTS_DIR"] = str(staging)
    # The kernel picks matplotlib's inline backend itself, so figures show in the HTML;
    # a headless MPLBACKEND inherited from the caller (tests, CI) would hide them.
    os.environ.pop("MPLBACKEND", None)
    notebook = _read(source, params)
    manager = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=_current_python_specs())
    client = NotebookClient(
        notebook, km=manager, timeout=CELL_TIMEOUT_SECONDS, allow_errors=False,
        resources={"metadata": {"path": str(source.parent)}},
        extra_arguments=quiet_kernel_arguments(),
        on_cell_executed=None if progress is None else _cell_reporter(name, len(notebook.cells), progress),
    )
    try:
        client.execute()
    except CellExecutionError as err:
        failed = next((i for i, cell in enumerate(notebook.cells)
                       if any(o.get("output_type") == "error" for o in cell.get("outputs", []))), None)
        failed_target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, failed_target)
        return ExecutionResult(name, False, time.perf_counter() - start, str(err), failed)
    except Exception as err:  # kernel died, timeout: report, never crash the whole build
        return ExecutionResult(name, False, time.perf_counter() - start, f"{type(err).__name__}: {err}")
    try:
        _export_html(notebook, staging / "notebooks" / f"{name}.html")
    except OSError as err:  # disk full, read-only folder: a clear failure, never a crash
        from heroes_research.io._atomic import write_error

        error = write_error(err, staging, f"exporting {name} as HTML", "the previous outputs are kept")
        return ExecutionResult(name, False, time.perf_counter() - start, str(error))
    return ExecutionResult(name, True, time.perf_counter() - start)
