"""Disclosure control: no published table may let a reader single out a respondent.

- :func:`protect_table`: frequency tables (2-D or hierarchical) by the threshold rule
  with optimal secondary suppression, or by controlled / random rounding;
- :func:`protect_magnitude`: tables of sums by the (n, k) dominance or p% rule;
- :func:`protect_estimates`: tidy survey estimates on fewer than ``min_count`` respondents
  (``n``), and the levels of a published distribution on fewer than ``min_count``
  giving the level (``n_level``), whatever the grouping; item nonresponse
  (``n_domain``) and means of few-valued variables (:func:`rarest_count`) too;
- :func:`cell_key_table`: counts with cell-key noise (ABS/ONS), the same wherever the
  same respondents are counted (:func:`record_keys`, :func:`perturbation_table`);
- :func:`protect_linked`: several tables of the same people protected together, so a
  shared cell is hidden the same way everywhere; :func:`ledger_table`,
  :func:`estimates_ledger` and :func:`counts_ledger` register what an output reveals
  (tables, figures and maps do it when built), and :func:`joint_attack` attacks every
  registered cell of a build at once (:func:`read_ledger` collects them);
- :func:`k_anonymity`: the smallest group a set of quasi-identifiers singles out;
- :func:`attack`: what a reader can derive about every hidden cell (the audit);
- :func:`audit_reports`: every published file of a build attacked together
  (``heroes audit``), with a report for the output checker.

Protected tables are :class:`ProtectedTable` objects: ``.table`` to publish,
``.audit`` of what was hidden and why, ``.note`` for the table note.

Example
-------
>>> import pandas as pd
>>> from heroes_research import disclosure
>>> t = pd.DataFrame({"police": [2, 14, 9], "ngo": [11, 8, 12]}, index=["LV", "LT", "PT"])
>>> protected = disclosure.protect_table(t, min_count=5)
>>> bool(disclosure.attack(protected)["exact"].any())
False
"""

from heroes_research.disclosure._attack import attack
from heroes_research.disclosure._audit import (
    AuditReport,
    audit_build,
    audit_reports,
    read_ledger,
    write_audit_report,
)
from heroes_research.disclosure._audit_rules import Finding
from heroes_research.disclosure._cellkey import (
    PerturbationTable,
    PerturbedTable,
    cell_key_table,
    perturbation_table,
    record_keys,
)
from heroes_research.disclosure._distribution import rarest_count
from heroes_research.disclosure._estimates import protect_estimates, suppression_note
from heroes_research.disclosure._kanonymity import KAnonymityReport, k_anonymity
from heroes_research.disclosure._ledger import (
    LedgerTable,
    joint_attack,
    ledger_table,
    load_ledger,
    save_ledger,
)
from heroes_research.disclosure._linked import protect_linked
from heroes_research.disclosure._magnitude import protect_magnitude
from heroes_research.disclosure._protected import SUPPRESSED_SYMBOL, ProtectedTable
from heroes_research.disclosure._register import (
    counts_ledger,
    estimates_ledger,
    is_protected,
    mark_protected,
)
from heroes_research.disclosure._table import protect_table

__all__ = [
    "SUPPRESSED_SYMBOL",
    "AuditReport",
    "Finding",
    "PerturbationTable",
    "PerturbedTable",
    "KAnonymityReport",
    "LedgerTable",
    "ProtectedTable",
    "attack",
    "audit_build",
    "audit_reports",
    "cell_key_table",
    "counts_ledger",
    "estimates_ledger",
    "is_protected",
    "joint_attack",
    "k_anonymity",
    "ledger_table",
    "load_ledger",
    "mark_protected",
    "perturbation_table",
    "protect_estimates",
    "protect_linked",
    "protect_magnitude",
    "protect_table",
    "rarest_count",
    "read_ledger",
    "record_keys",
    "save_ledger",
    "suppression_note",
    "write_audit_report",
]
