"""Kernel launcher of the build: ipykernel, killed when the worker that started it dies.

Run as ``python -m heroes_research.build._kernel -f CONNECTION_FILE`` (the build's
kernel spec); it is ``ipykernel_launcher`` plus :func:`die_with_parent`.
"""

from __future__ import annotations

if __name__ == "__main__":
    from heroes_research.build._execute import die_with_parent

    die_with_parent()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
