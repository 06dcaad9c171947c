"""Kernel launcher of the build: ipykernel, killed when the worker that started it dies.

Run as ``python -m heroes_research.build._kernel -f CONNECTION_FILE`` (the build's
kernel spec); it is ``ipykernel_launcher`` plus :func:`die_with_parent`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    from heroes_research.build._execute import die_with_parent

    die_with_parent()
    # as ipykernel_launcher: the working directory leaves sys.path while ipykernel loads
    if sys.path[0] == "" or Path(sys.path[0]) == Path.cwd():
        del sys.path[0]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
