"""heroes build ends with the joint disclosure audit: a failing finding fails the build."""

from __future__ import annotations

from pathlib import Path

from heroes_research.build._runner import BuildReport, NotebookOutcome
from heroes_research.disclosure import AuditReport, Finding


def _report(*findings: Finding) -> BuildReport:
    audit = AuditReport(tuple(findings), ("tab_a",))
    return BuildReport((NotebookOutcome("01_data_quality", "built", 1.0),), Path("reports"), audit)


def test_a_failing_finding_fails_the_build_and_is_printed():
    report = _report(Finding("tab_a", "unprotected_people_table", "fail", "tab_a.json", "protect=False"))
    assert not report.ok
    text = repr(report)
    assert "tab_a: unprotected_people_table" in text and ".audit" in text and "build FAILED" in text


def test_review_and_exceptions_do_not_fail_the_build():
    report = _report(Finding("nb", "small_count_in_text", "review", "cell 3", "'two of whom'"),
                     Finding("tab_a", "small_cell", "exception", "tab_a.csv", "x", "public counts of agencies"))
    assert report.ok
    assert "small_count_in_text" in repr(report) and "small_cell" not in repr(report)


def test_without_an_audit_the_notebooks_decide():
    assert BuildReport((NotebookOutcome("01_data_quality", "built", 1.0),), Path("reports")).ok
