"""Every study notebook executes on the demo data and writes exactly its registered outputs."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from heroes_research.build import load_registry

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]

EXPECTED_FILES = {"figure": ("png", "svg", "pdf", "json"), "map": ("png", "svg", "pdf", "json"),
                  "table": ("csv", "xlsx", "docx", "html", "tex", "json")}


def test_every_registered_output_is_written_in_every_format(built: Path):
    registry = load_registry(built / "notebooks" / "registry.yaml")
    assert len(registry.notebooks) == 7
    missing = [f"{out.folder}/{out.name}.{ext}" for nb in registry.notebooks for out in nb.outputs
               for ext in EXPECTED_FILES[out.kind]
               if not (built / "reports" / out.folder / f"{out.name}.{ext}").is_file()]
    assert missing == []


def test_every_output_says_what_its_data_are(built: Path):
    """Survey outputs are labelled synthetic demo data; legal outputs say their codings are DRAFT."""
    registry = load_registry(built / "notebooks" / "registry.yaml")
    for nb in registry.notebooks:
        demo_only = not any(pattern.startswith("data/raw/legal") for pattern in nb.inputs)
        for out in nb.outputs:
            sidecar = json.loads((built / "reports" / out.folder / f"{out.name}.json").read_text())
            if demo_only or sidecar["demo_data"]:
                assert sidecar["demo_data"] is True, out.name
                assert "Synthetic demo data" in sidecar["demo_note"], out.name
            else:
                assert "DRAFT" in out.source, f"{out.name}: real-law output not marked DRAFT"


def test_site_links_every_notebook_and_output(built: Path):
    site = (built / "reports" / "index.html").read_text()
    registry = load_registry(built / "notebooks" / "registry.yaml")
    for nb in registry.notebooks:
        assert f'href="notebooks/{nb.name}.html"' in site
        assert (built / "reports" / "notebooks" / f"{nb.name}.html").is_file()
        for out in nb.outputs:
            assert f'id="{out.name}"' in site


def test_report_docx_bundles_every_output(built: Path):
    from docx import Document

    docx = built / "reports" / "heroes-report.docx"
    registry = load_registry(built / "notebooks" / "registry.yaml")
    for name, annex in (("heroes-report.docx", False), ("heroes-report-annex.docx", True)):
        text = "\n".join(p.text for p in Document(str(built / "reports" / name)).paragraphs)
        outputs = [out.name for nb in registry.notebooks for out in nb.outputs if out.annex == annex]
        assert outputs and all(out in text for out in outputs), name  # every output, in one of the two
    with zipfile.ZipFile(docx) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())
