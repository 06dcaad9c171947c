"""The notebook build: ``heroes build`` executes notebooks and rebuilds every output.

Notebooks are jupytext percent scripts in ``notebooks/``; ``notebooks/registry.yaml``
names each one's dependencies, inputs and outputs. A build executes them with a
kernel of the current Python environment, in dependency order and in parallel
where independent, skips those whose source, library, inputs and parameters are
unchanged, and writes reports/ (figures, tables, executed notebooks as HTML, the
site index.html and heroes-report.docx).

Example
-------
>>> from heroes_research.build import load_registry
>>> "02_legal_harmonisation" in load_registry().names
True
"""

from heroes_research.build._params import declared_parameters
from heroes_research.build._registry import NotebookSpec, Output, Registry, load_registry
from heroes_research.build._runner import BuildReport, NotebookOutcome, build

__all__ = [
    "BuildReport",
    "NotebookOutcome",
    "NotebookSpec",
    "Output",
    "Registry",
    "build",
    "declared_parameters",
    "load_registry",
]
