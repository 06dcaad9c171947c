"""The deliverables without kernels: the Word report, the workbook, the zip and the site, from saved outputs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from heroes_research import tables
from heroes_research.build import load_registry
from heroes_research.build._runner import BuildReport, NotebookOutcome
from heroes_research.build._site import write_docx, write_site

REGISTRY = """
notebooks:
  01_counts:
    title: "01 · Counts (DRAFT)"
    depends_on: []
    inputs: []
    outputs:
      - {name: tab_counts, kind: table, caption: Respondents by country, source: demo survey}
      - {name: fig_line, kind: figure, caption: A rising line of respondents, source: demo survey}
  02_wide:
    title: "02 · A wide table"
    depends_on: []
    inputs: []
    outputs:
      - {name: tab_wide, kind: table, caption: Twenty columns, source: "legal coding, DRAFT"}
"""
NOTEBOOK = '# %% tags=["parameters"]\nmin_count = 5\n'


@pytest.fixture
def saved(project_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Outputs saved by the library as notebooks would save them, and a registry naming them."""
    import matplotlib

    matplotlib.use("Agg")
    from heroes_research import figures

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    notebooks = project_tmp / "notebooks"
    notebooks.mkdir()
    (notebooks / "registry.yaml").write_text(REGISTRY)
    for name in ("01_counts", "02_wide"):
        (notebooks / f"{name}.py").write_text(NOTEBOOK)
    tables.reset_registry()
    counts = pd.DataFrame({"country": ["AT"] * 12 + ["ES"] * 7, "sector": ["police"] * 10 + ["ngo"] * 9})
    tables.save_table(tables.counts_table(counts, "country", "sector", title="Respondents", source="demo survey",
                                          demo=True), "tab_counts")
    wide = pd.DataFrame({f"C{k:02d}": ["✓", "partly²"] for k in range(20)},
                        index=pd.Index(["Is trafficking a distinct offence?", "Means"], name="Indicator"))
    tables.save_table(tables.PublicationTable(wide, title="Twenty columns", source="legal coding"), "tab_wide")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    figures.add_footer(fig, source="demo survey", demo=True)
    figures.save_figure(fig, "fig_line", formats=["png"])
    return project_tmp / "reports"


def _deliver(reports: Path) -> None:
    registry = load_registry()
    report = BuildReport(tuple(NotebookOutcome(nb.name, "built") for nb in registry.notebooks), reports)
    write_site(registry, reports, report, {"01_counts": {"min_count": 10}})
    write_docx(registry, reports)


def test_report_has_contents_numbers_alt_text_and_properties(saved):
    import docx

    _deliver(saved)
    document = docx.Document(str(saved / "heroes-report.docx"))
    body = document.element.body.xml
    assert 'TOC \\o "1-1"' in body and 'TOC \\h \\z \\c "Table"' in body and 'TOC \\h \\z \\c "Figure"' in body
    assert body.count("SEQ Table") == 2 and body.count("SEQ Figure") == 1
    assert 'descr="A rising line of respondents"' in body
    texts = [p.text for p in document.paragraphs]
    assert "Table 1. Respondents" in texts and "Figure 1. A rising line of respondents" in texts
    assert any(t.startswith("SYNTHETIC DATA") for t in texts) and any(t.startswith("DRAFT") for t in texts)
    core = document.core_properties
    assert core.title == "HEROES research outputs" and core.created.year == 2025
    assert core.version and core.identifier.startswith("commit ") and "Data sha256" in core.comments
    landscape = [s for s in document.sections if s.page_width > s.page_height]
    last = document.sections[-1]
    assert len(landscape) == 1 and last.page_width > last.page_height  # the wide table only
    assert document.sections[0].page_width < document.sections[0].page_height


def test_workbook_zip_and_site_are_made_and_rebuilds_are_byte_identical(saved, tmp_path):
    import openpyxl

    _deliver(saved)
    names = ("heroes-report.docx", "heroes-tables.xlsx", "heroes-outputs.zip", "index.html")
    first = {name: (saved / name).read_bytes() for name in names}
    _deliver(saved)
    assert {name: (saved / name).read_bytes() for name in names} == first
    book = openpyxl.load_workbook(saved / "heroes-tables.xlsx")
    assert book.sheetnames == ["Contents", "counts", "wide", "Legend"]
    assert book.properties.created.year == 2025 and book.properties.identifier.startswith("commit ")
    with zipfile.ZipFile(saved / "heroes-outputs.zip") as archive:
        members = archive.namelist()
    assert "heroes-report.docx" in members and "tables/tab_counts.xlsx" in members
    assert "figures/fig_line.png" in members


def test_site_is_responsive_searchable_and_states_full_provenance(saved):
    import json

    _deliver(saved)
    site = (saved / "index.html").read_text()
    assert 'name="viewport"' in site and "@media (max-width:900px)" in site
    assert 'id="q" type="search"' in site and "data-search=" in site
    for name in ("heroes-report.docx", "heroes-tables.xlsx", "heroes-outputs.zip"):
        assert f'href="{name}" download' in site
    sha = json.loads((saved / "tables" / "tab_wide.json").read_text())["data_sha256"]
    assert len(sha) == 64 and sha in site  # the hash of the published CSV, shown in full
    assert "<code>min_count</code>" not in site and "10" in site and "set for this build" in site
    assert '<th class="spanner"' not in site or "colgroup" in site
    assert 'codebooks/early_identification.html' in site
    assert (saved / "codebooks" / "early_identification.html").is_file()


@pytest.mark.slow
@pytest.mark.skipif(any(shutil.which(t) is None for t in ("libreoffice", "pdfinfo", "pdftoppm", "chromium")),
                    reason="needs LibreOffice, poppler and Chromium")
def test_deliverables_render_in_libreoffice_and_chromium(saved, tmp_path):
    _deliver(saved)
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "render_check.py"
    done = subprocess.run([sys.executable, str(script), str(saved), "--out", str(tmp_path), "--max-pages", "5"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "heroes-report.docx" in done.stdout and (tmp_path / "site-420.png").is_file()
