"""The docstring examples of heroes_research.qualitative and the demo generator run as shown."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "heroes_research.qualitative",
    "heroes_research.qualitative._agreement",
    "heroes_research.qualitative._counts",
    "heroes_research.qualitative._saturation",
    "heroes_research.qualitative._schema",
    "heroes_research.demo._segments",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
