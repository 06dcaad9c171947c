"""The docstring examples of codebook and cleaning run and are right."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "heroes_research.codebook._frozen",
    "heroes_research.codebook._expr",
    "heroes_research.codebook._model",
    "heroes_research.codebook._parse",
    "heroes_research.cleaning",
    "heroes_research.cleaning._codes",
    "heroes_research.cleaning._text",
    "heroes_research.cleaning._quality",
    "heroes_research.cleaning._likert",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
