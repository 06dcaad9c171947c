"""Executed notebooks publish the same bytes twice: cell ids are numbered, not random."""

from __future__ import annotations

from heroes_research import paths
from heroes_research.build._execute import _read


def test_cell_ids_are_the_same_in_two_reads_with_parameters():
    source = paths.notebooks_dir() / "02_legal_harmonisation.py"
    first, second = _read(source, {"min_coverage": 0.5}), _read(source, {"min_coverage": 0.5})
    ids = [cell.id for cell in first.cells]
    assert ids == [cell.id for cell in second.cells]
    assert ids[:2] == ["cell-1", "cell-2"] and len(set(ids)) == len(ids)


def test_each_executed_cell_is_reported_for_the_progress_bar(tmp_path, monkeypatch):
    """A real kernel run: every code cell posts (notebook, cells done, cells) while the notebook runs."""
    import os
    import queue

    # execute_notebook runs in a build worker and sets its environment: restore ours afterwards
    for name in ("HEROES_REPORTS_DIR", "MPLBACKEND"):
        monkeypatch.setenv(name, os.environ.get(name, ""))

    from heroes_research.build._execute import execute_notebook

    source = tmp_path / "nb_progress.py"
    source.write_text("# %%\nx = 1\n\n# %% [markdown]\n# text\n\n# %%\ny = x + 1\n")
    cells: queue.Queue = queue.Queue()
    result = execute_notebook(source, {}, tmp_path / "staging", tmp_path / "failed.ipynb", cells)
    assert result.ok
    posted = [cells.get_nowait() for _ in range(cells.qsize())]
    assert posted == [("nb_progress", 1, 3), ("nb_progress", 3, 3)]  # the markdown cell runs no code
