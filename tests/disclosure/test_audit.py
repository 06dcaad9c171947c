"""The build-level audit finds what single tables hide: microdata prints, small counts in prose,
unprotected people tables, small cells and hash oracles; exceptions need a justification."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from heroes_research.cli import main
from heroes_research.disclosure import audit_reports, write_audit_report
from heroes_research.disclosure._audit_notebook import scan_notebook_html
from heroes_research.disclosure._audit_text import small_counts
from heroes_research.errors import DisclosureError

PEOPLE = "HEROES practitioner survey on early identification"
LAW = "HEROES legal coding, DRAFT"


def _publish_table(reports: Path, name: str, frame: pd.DataFrame, *, source: str = PEOPLE,
                   protected: bool | None = True, hash_of: bytes | None = None, registered: bool = True) -> Path:
    """Write a table as the build does: CSV plus a JSON side-car listing its files (and, when
    ``registered``, a disclosure block with no cells)."""
    folder = reports / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / f"{name}.csv"
    frame.to_csv(csv, index=False)
    meta = {"source": source, "files": {"csv": {"file": csv.name}},
            "data_sha256": hashlib.sha256(hash_of if hash_of is not None else csv.read_bytes()).hexdigest()}
    if protected is not None:
        meta["table"] = {"kind": "counts", "protected": protected}
    if registered:
        meta["disclosure"] = {"unit": "people", "protected": protected is not False, "ledger": []}
    (folder / f"{name}.json").write_text(json.dumps(meta))
    return csv


@pytest.fixture
def counts() -> pd.DataFrame:
    return pd.DataFrame({"Country": ["Austria", "Belgium"], "Police": [12, 3], "NGO": [9, 7]})


# --------------------------------------------------------------------------- prose
@pytest.mark.parametrize(("text", "count"), [
    ("Of 12 respondents, two of whom identified a victim.", 2),
    ("the three countries with four interviews", 4),
    ("1 of 19 agencies use it", 1),
    ("18 of 19 agencies use it", 1),  # the complement is the small count
    ("Three practitioners said so", 3),
])
def test_small_counts_in_prose_are_found(text, count):
    assert [hit.count for hit in small_counts(text)] == [count]


@pytest.mark.parametrize("text", [
    "the 15 countries and 4 regions", "one row per agency", "12 of 19 agencies", "each respondent",
    "no respondents answered", "In 2024, 311 respondents", "about one practitioner in twelve",
    "One interview per practitioner.", "16 of 17 jurisdictions code it",
])
def test_prose_without_small_counts_of_people_passes(text):
    assert small_counts(text) == []


def test_threshold_is_a_parameter():
    assert small_counts("six respondents", min_count=5) == []
    assert [h.count for h in small_counts("six respondents", min_count=10)] == [6]


# --------------------------------------------------------------------------- notebook pages
def _cell(code: str, output_html: str) -> str:
    return (f'<div class="jp-Cell jp-CodeCell"><div class="jp-InputArea"><pre>{code}</pre></div>'
            f'<div class="jp-OutputArea-output">{output_html}</div></div>')


def test_head_of_microdata_is_a_record_level_display():
    table = ("<table class='dataframe'><thead><tr><th></th><th>country</th><th>code</th></tr></thead>"
             "<tbody><tr><th>0</th><td>AT</td><td>distrust</td></tr></tbody></table>")
    findings = scan_notebook_html(_cell("segments.head(3)", table), "06")
    assert [(f.rule, f.severity) for f in findings] == [("record_level_display", "fail")]
    assert ".head()" in findings[0].detail


def test_identifier_column_or_record_ids_are_record_level():
    by_name = ("<table><thead><tr><th>interview_id</th><th>n</th></tr></thead>"
               "<tbody><tr><td>x</td><td>9</td></tr></tbody></table>")
    by_value = "<table><tbody><tr><td>AT-I01</td><td>prosecutor</td></tr></tbody></table>"
    for table in (by_name, by_value):
        assert [f.rule for f in scan_notebook_html(_cell("show(x)", table), "nb")] == ["record_level_display"]


def test_aggregate_tables_and_rule_names_are_not_record_level():
    table = ("<table><thead><tr><th>rule</th><th>duplicate_respondent</th></tr></thead>"
             "<tbody><tr><td>Austria</td><td>12</td></tr></tbody></table>")
    assert scan_notebook_html(_cell("summary", table), "nb") == []


def test_printed_small_count_is_for_review():
    page = _cell("print(x)", "<pre>2 of 40 agencies have a protocol</pre>")
    assert [(f.rule, f.severity) for f in scan_notebook_html(page, "nb")] == [("small_count_in_text", "review")]


def test_a_really_executed_notebook_page_is_scanned(tmp_path):
    """A notebook run by a Jupyter kernel and exported as the build exports it."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Twelve practitioners answered; three practitioners refused."),
        nbformat.v4.new_code_cell("import pandas as pd\n"
                                  "df = pd.DataFrame({'respondent_id': ['AT-R01', 'AT-R02'], 'age': [41, 38]})\n"
                                  "df.head(2)"),
    ]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    page = tmp_path / "notebooks" / "01_demo.html"
    page.parent.mkdir()
    page.write_text(body)

    findings = audit_reports(tmp_path).findings
    assert {(f.output, f.rule) for f in findings} == {
        ("01_demo", "small_count_in_text"), ("01_demo", "record_level_display")}


# --------------------------------------------------------------------------- tables
def test_clean_report_passes(tmp_path, counts):
    _publish_table(tmp_path, "tab_ok", counts.assign(Police=["12", "x"]))
    report = audit_reports(tmp_path)
    assert report.ok and report.findings == ()
    assert report.summary()["status"].tolist() == ["pass"]


def test_hash_of_unpublished_data_is_an_oracle(tmp_path, counts):
    _publish_table(tmp_path, "tab_oracle", counts.assign(Police=["12", "x"]), hash_of=counts.to_csv().encode())
    [finding] = audit_reports(tmp_path).findings
    assert (finding.rule, finding.severity) == ("hash_oracle", "fail")


def test_unprotected_people_table_with_small_cells_fails(tmp_path, counts):
    _publish_table(tmp_path, "tab_raw", counts, protected=False)
    report = audit_reports(tmp_path)
    assert not report.ok
    assert sorted(f.rule for f in report.findings) == ["small_cell", "unprotected_people_table"]
    assert "Belgium / Police = 3" in next(f.detail for f in report.findings if f.rule == "small_cell")


def test_k_of_n_cells_are_small_cells(tmp_path):
    _publish_table(tmp_path, "tab_agree", pd.DataFrame({"Code": ["fear"], "Units": ["4 of 211"]}), protected=None)
    assert [f.rule for f in audit_reports(tmp_path).findings] == ["small_cell"]


def test_tables_about_law_are_not_people_tables(tmp_path, counts):
    _publish_table(tmp_path, "tab_law", counts, source=LAW, protected=False, registered=False)
    assert audit_reports(tmp_path).ok


# --------------------------------------------------------------------------- exceptions, report, CLI
def test_exception_with_justification_clears_a_finding(tmp_path, counts):
    _publish_table(tmp_path, "tab_raw", counts, protected=False)
    exceptions = tmp_path / "exceptions.yaml"
    exceptions.write_text(
        "- {output: tab_raw, rule: unprotected_people_table, justification: 'counts of agencies, public'}\n"
        "- {output: tab_raw, rule: small_cell, justification: 'counts of agencies, public'}\n")
    report = audit_reports(tmp_path, exceptions=exceptions)
    assert report.ok
    assert {f.severity for f in report.findings} == {"exception"}
    assert report.summary()["status"].tolist() == ["exception"]


@pytest.mark.parametrize("body", [
    "- {output: tab_raw, rule: small_cell}\n",                                   # no justification
    "- {output: tab_raw, rule: no_such_rule, justification: because}\n",         # unknown rule
    "output: tab_raw\n",                                                         # not a list
])
def test_bad_exceptions_file_is_a_clear_error(tmp_path, body):
    exceptions = tmp_path / "exceptions.yaml"
    exceptions.write_text(body)
    with pytest.raises(DisclosureError, match="exceptions.yaml") as err:
        audit_reports(tmp_path, exceptions=exceptions)
    assert err.value.reason == "bad_exceptions"


def test_report_files_for_the_output_checker(tmp_path, counts):
    _publish_table(tmp_path, "tab_raw", counts, protected=False)
    written = write_audit_report(audit_reports(tmp_path), tmp_path / ".audit")
    assert pd.read_csv(written["summary"])["status"].tolist() == ["fail"]
    assert set(pd.read_csv(written["findings"])["rule"]) == {"small_cell", "unprotected_people_table"}
    assert "NOT releasable" in written["html"].read_text()


def test_cli_exit_code_follows_the_verdict(tmp_path, counts, capsys):
    _publish_table(tmp_path, "tab_ok", counts.assign(Police=["12", "x"]))
    assert main(["audit", "--reports", str(tmp_path)]) == 0
    _publish_table(tmp_path, "tab_raw", counts, protected=False)
    assert main(["audit", "--reports", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "tab_raw: unprotected_people_table" in out and ".audit" in out
