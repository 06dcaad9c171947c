"""The docstring examples of heroes_research.reliability run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "heroes_research.reliability",
    "heroes_research.reliability._cronbach",
    "heroes_research.reliability._kappa",
    "heroes_research.reliability._krippendorff",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
