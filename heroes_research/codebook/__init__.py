"""Harmonisation codebooks: harmonised variables and their per-country mappings.

A codebook is one YAML file per study instrument (human-editable, diffable), with
an ``.xlsx`` export/import for researchers who edit in Excel. Loading validates it
and reports every problem at once, with file, line, country and variable.

Example
-------
>>> from heroes_research.codebook import load_codebook
>>> cb = load_codebook("data/raw/demo/early_identification/codebook.yaml")  # doctest: +SKIP
>>> cb  # doctest: +SKIP
Codebook('early_identification' v1.0.0: 25 variables (...); countries ES, BR, BD; ...)
"""

from heroes_research.codebook._excel import from_excel, to_excel
from heroes_research.codebook._frozen import FrozenMap
from heroes_research.codebook._model import (
    CODED_TYPES,
    VARIABLE_TYPES,
    Check,
    Codebook,
    CountryMapping,
    Variable,
    VariableMapping,
)
from heroes_research.codebook._parse import build_codebook
from heroes_research.codebook._problems import FAILURE_COLUMNS
from heroes_research.codebook._yaml import load_codebook, save_codebook

__all__ = [
    "CODED_TYPES",
    "FAILURE_COLUMNS",
    "VARIABLE_TYPES",
    "Check",
    "Codebook",
    "CountryMapping",
    "FrozenMap",
    "Variable",
    "VariableMapping",
    "build_codebook",
    "from_excel",
    "load_codebook",
    "save_codebook",
    "to_excel",
]
