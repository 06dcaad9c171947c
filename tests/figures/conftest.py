"""Each test starts with an empty registry of output names (it is per process)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_output_names():
    from heroes_research.tables import reset_registry

    reset_registry()
    yield
    reset_registry()
