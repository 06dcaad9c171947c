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
