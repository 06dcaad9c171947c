"""Findings of the build-level disclosure audit, and the output checker's exceptions.

A :class:`Finding` names the output, the rule, a severity (``fail`` blocks the
release, ``review`` asks the output checker to look) and where in the output the
problem is. An exception, written by the output checker in
``notebooks/disclosure_exceptions.yaml``, turns a finding into ``exception`` with
its written justification (SACRO's "request an exception" step)::

    - output: 06_criminal_proceedings
      rule: small_count_in_text
      justification: "'four interviews' is the design (4-8 per country), published in the protocol."

Example
-------
>>> f = Finding("tab_x", "unprotected_people_table", "fail", "sidecar", "protect=False")
>>> apply_exceptions([f], [{"output": "tab_x", "rule": "unprotected_people_table",
...                         "justification": "counts of countries, not people"}])[0].severity
'exception'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from heroes_research.errors import DisclosureError

__all__ = ["RULES", "SEVERITIES", "Finding", "apply_exceptions", "load_exceptions"]

SEVERITIES = ("fail", "review", "exception")

RULES: dict[str, str] = {
    "record_level_display": "an executed notebook prints rows of microdata or record identifiers",
    "small_count_in_text": "narrative or printed output states a count of people below the threshold",
    "unprotected_people_table": "a table about people published without disclosure control",
    "small_cell": "a published count of people between 1 and the threshold",
    "linked_disclosure": "a hidden cell is derivable from all published tables together (joint LP attack)",
    "hash_oracle": "a published hash of data that is not itself published (it can confirm a guess)",
    "unregistered_output": "an output about people whose side-car registers no cells in the disclosure ledger",
    "unprotected_people_figure": "a figure or map about people drawn from values that did not pass disclosure "
                                 "control",
    "ledger_conflict": "two outputs publish different values for the same ledger cell (not linked; check their "
                       "units), or the linked cells contradict each other",
}


@dataclass(frozen=True)
class Finding:
    """One audit finding: output, rule, severity, location and detail."""

    output: str
    rule: str
    severity: str
    location: str
    detail: str
    justification: str = ""


def load_exceptions(path: Path) -> list[dict[str, str]]:
    """Read the output checker's exceptions (a YAML list); a missing file is no exception.

    Raises
    ------
    DisclosureError
        ``reason="bad_exceptions"`` naming the entry that lacks output, rule or a
        justification, or names an unknown rule.
    """
    if not path.exists():
        return []
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise DisclosureError(f"{path}: expected a list of exceptions", reason="bad_exceptions",
                              hint="write one '- output: ..., rule: ..., justification: ...' per entry")
    for number, entry in enumerate(entries, start=1):
        ok = isinstance(entry, Mapping) and all(str(entry.get(k) or "").strip()
                                                for k in ("output", "rule", "justification"))
        if not ok or entry["rule"] not in RULES:
            raise DisclosureError(
                f"{path}: exception {number} needs output, a known rule and a written justification",
                reason="bad_exceptions",
                hint=f"rules: {', '.join(RULES)}",
            )
    return [{k: str(e[k]) for k in ("output", "rule", "justification")} for e in entries]


def apply_exceptions(findings: Iterable[Finding], exceptions: Sequence[Mapping[str, str]]) -> list[Finding]:
    """Mark each finding covered by an exception (same output and rule) as ``exception``."""
    granted = {(e["output"], e["rule"]): e["justification"] for e in exceptions}
    out = []
    for finding in findings:
        reason = granted.get((finding.output, finding.rule))
        out.append(replace(finding, severity="exception", justification=reason) if reason else finding)
    return out
