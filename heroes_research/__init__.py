"""heroes_research: research and statistics for the HEROES studies.

Trafficking in human beings and child sexual abuse and exploitation in 15
countries: labelled survey ingestion and harmonisation, design-based survey
estimation, reliability, legal-framework coding and scoring, disclosure control,
publication tables, figures and maps, and the notebook build.

Submodules are imported on first use, so ``import heroes_research`` stays fast.

Example
-------
>>> import heroes_research as hr
>>> hr.countries.to_iso2("Suisse")
'CH'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "build",
    "cleaning",
    "codebook",
    "countries",
    "demo",
    "disclosure",
    "errors",
    "figures",
    "io",
    "legal",
    "maps",
    "paths",
    "pipeline",
    "provenance",
    "qualitative",
    "reliability",
    "study",
    "survey",
    "tables",
}

__all__ = ["__version__", *sorted(_SUBMODULES)]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'heroes_research' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
