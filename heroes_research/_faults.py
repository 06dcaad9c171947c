"""Fault injection for tests: die by SIGKILL at a named point of a build or an ingest.

Set ``HEROES_FAULT`` to a point name (e.g. ``build:promote``) and the process that
reaches that point kills itself, as ``kill -9`` would, so the fault-injection
tests can check that a plain rerun repairs everything. Unset, a point costs one
dictionary look-up. The points are listed in :data:`FAULT_POINTS`.

Example
-------
>>> fault_point("build:promote")  # HEROES_FAULT unset: nothing happens
"""

from __future__ import annotations

import os
import signal

__all__ = ["FAULT_ENV", "FAULT_POINTS", "fault_point"]

FAULT_ENV = "HEROES_FAULT"

#: Every point a test may choose, in the order a build (or an ingest) reaches them.
FAULT_POINTS = (
    "build:locked",     # the build holds its lock, before anything runs
    "build:executed",   # a notebook ran, its outputs are staged
    "build:promote",    # one staged file of a notebook has replaced the old one
    "build:promoted",   # every staged file is in place, the cache not yet recorded
    "build:site",       # notebooks recorded, the site and DOCX not yet written
    "ingest:write",     # the new generation folder holds one instrument
    "ingest:swap",      # the new generation is complete, the pointer not yet swapped
    "ingest:cleanup",   # the pointer is swapped, the old generation not yet removed
)


def fault_point(name: str) -> None:
    """Kill this process with SIGKILL if ``$HEROES_FAULT`` names this point."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
