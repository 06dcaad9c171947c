"""The ingest pipeline: raw country files -> harmonised, validated data in data/processed/.

:func:`ingest` reads every country file of every instrument folder (one with a
``codebook.yaml``) under ``data/raw/demo`` (or another raw folder), harmonises each
instrument in memory, and only then writes ``<instrument>.parquet`` + sidecar and
``<instrument>.validation.csv`` atomically. :func:`validate` does the same checks
and writes nothing. Both back the ``heroes ingest`` and ``heroes validate`` commands.

Example
-------
>>> from heroes_research.pipeline import validate
>>> result = validate(instruments=["missing_children"], progress=False)
>>> result.summary()[["instrument", "countries", "respondents"]].to_dict("records")
[{'instrument': 'missing_children', 'countries': 15, 'respondents': 317}]
"""

from heroes_research.pipeline._discover import find_codebooks
from heroes_research.pipeline._hints import BLOCKING_RULES
from heroes_research.pipeline._ingest import (
    IngestResult,
    InstrumentResult,
    harmonise_instrument,
    ingest,
    validate,
)

__all__ = [
    "BLOCKING_RULES",
    "IngestResult",
    "InstrumentResult",
    "find_codebooks",
    "harmonise_instrument",
    "ingest",
    "validate",
]
