"""The package surface: every subpackage is reachable lazily, and importing the package stays light."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import heroes_research


def test_every_public_submodule_is_reachable_from_the_package():
    public = {m.name for m in pkgutil.iter_modules(heroes_research.__path__)
              if not m.name.startswith("_") and m.name != "cli"}
    assert public - set(heroes_research.__all__) == set()
    for name in public:
        assert getattr(heroes_research, name).__name__ == f"heroes_research.{name}"


def test_import_loads_no_heavy_dependency():
    code = ("import sys, heroes_research; "
            "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'scipy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
