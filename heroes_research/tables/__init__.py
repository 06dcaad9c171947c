"""Publication tables: cross-country estimates, legal matrices and counts, in every format.

A :class:`PublicationTable` keeps numbers at full precision with a :class:`ColumnFormat`
per column (and :class:`Merge` for "estimate (CI)" cells); each writer formats, so the
workbook holds numbers and the Word table holds text. Disclosure control
(:mod:`heroes_research.disclosure`) is applied by default; opting out
is explicit (``protect=False``) and printed in the note. Every table carries a note
with its source, data version, the symbols used and, for the synthetic demo data,
:data:`heroes_research.provenance.DEMO_NOTE`. XLSX and DOCX files are byte-identical
across runs of the same inputs.

Example
-------
>>> from heroes_research import tables
>>> t = tables.estimates_table(est, title="Aware of the NRM", source="HEROES survey",
...                            percent=True, demo=True)          # doctest: +SKIP
>>> tables.save_table(t, "tab_awareness")                        # doctest: +SKIP
"""

from heroes_research.tables._common import NOT_AVAILABLE, SUPPRESSED
from heroes_research.tables._counts import counts_table
from heroes_research.tables._estimates import estimates_table, ranking_table
from heroes_research.tables._format import ColumnFormat, Merge
from heroes_research.tables._legal import (
    LEGAL_SYMBOLS,
    STANDARD_STATUS,
    legal_matrix_table,
    legal_symbol,
    standard_status,
)
from heroes_research.tables._model import model_table
from heroes_research.tables._outputs import reset_registry
from heroes_research.tables._save import TABLE_FORMATS, save_table
from heroes_research.tables._table import PublicationTable

__all__ = [
    "LEGAL_SYMBOLS",
    "NOT_AVAILABLE",
    "STANDARD_STATUS",
    "SUPPRESSED",
    "TABLE_FORMATS",
    "ColumnFormat",
    "Merge",
    "PublicationTable",
    "counts_table",
    "estimates_table",
    "legal_matrix_table",
    "legal_symbol",
    "model_table",
    "ranking_table",
    "reset_registry",
    "save_table",
    "standard_status",
]
