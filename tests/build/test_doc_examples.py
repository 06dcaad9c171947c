"""The Examples in the docstrings of the output modules run and print what they say."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

_PACKAGES = ("tables", "figures", "maps", "build")
_MODULES = [
    "heroes_research.countries",
    "heroes_research.errors",
    "heroes_research.paths",
    "heroes_research.provenance",
    *(f"heroes_research.{p}" for p in _PACKAGES),
    *(
        f"heroes_research.{p}.{info.name}"
        for p in _PACKAGES
        for info in pkgutil.iter_modules(importlib.import_module(f"heroes_research.{p}").__path__)
    ),
]


@pytest.mark.parametrize("name", _MODULES)
def test_docstring_examples_run(name: str):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=False)
    assert result.failed == 0, f"{name}: {result.failed} docstring example(s) failed"
