"""Coded practitioner interviews: frequencies, co-occurrence, agreement and saturation of codes.

Notebook 06 (treatment of victims in criminal proceedings: barriers, remedies,
harmful and good practices) reads a coded-segments table, one row per coded
segment (``SEGMENT_COLUMNS``), and turns it into tidy DataFrames. No interview text
is ever read or stored. Counts by country are small: protect them with
``heroes_research.disclosure`` before publishing.

Example
-------
>>> from heroes_research import qualitative as ql
>>> segments = ql.load_segments()  # the synthetic demo data
>>> freq = ql.code_frequencies(segments, by="stakeholder")
>>> sorted(freq["stakeholder"].unique()) == sorted(ql.STAKEHOLDERS)
True
"""

from heroes_research.qualitative._agreement import AGREEMENT_COLUMNS, code_agreement
from heroes_research.qualitative._counts import (
    code_frequencies,
    collapse_codes,
    cooccurrence,
    primary_coding,
)
from heroes_research.qualitative._saturation import SATURATION_COLUMNS, saturation
from heroes_research.qualitative._schema import (
    FAILURE_COLUMNS,
    SEGMENT_COLUMNS,
    STAKEHOLDERS,
    load_codeframe,
    load_segments,
    validate_segments,
)

__all__ = [
    "AGREEMENT_COLUMNS",
    "FAILURE_COLUMNS",
    "SATURATION_COLUMNS",
    "SEGMENT_COLUMNS",
    "STAKEHOLDERS",
    "code_agreement",
    "code_frequencies",
    "collapse_codes",
    "cooccurrence",
    "load_codeframe",
    "load_segments",
    "primary_coding",
    "saturation",
    "validate_segments",
]
