"""Render the deliverables as a reader would and check them: DOCX/XLSX with LibreOffice, the site with Chromium.

Usage::

    python benchmarks/render_check.py [REPORTS_DIR] [--out DIR] [--max-pages 60]

Converts ``heroes-report.docx``, ``heroes-tables.xlsx`` and every single-table DOCX to PDF
(LibreOffice headless), counts the pages, renders the first report pages to PNG
(``pdftoppm``) and screenshots ``index.html`` at 1400 and 420 px (headless Chromium), then
prints one line per check. Exit status 1 if the report has more than ``--max-pages`` A4
pages, a conversion fails or a screenshot is blank; 2 if a tool is missing. Look at the
PNGs in ``--out`` yourself: the script checks sizes, not taste.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOOLS = {"libreoffice": "libreoffice", "pdfinfo": "pdfinfo", "pdftoppm": "pdftoppm", "chromium": "chromium"}
A4_POINTS = (595, 842)


def pdf_pages(pdf: Path) -> tuple[int, str]:
    """Page count and the first page size (points) of ``pdf``, from ``pdfinfo``."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M)
    return pages, f"{float(size.group(1)):.0f}x{float(size.group(2)):.0f}"


def to_pdf(files: list[Path], out: Path) -> dict[Path, Path]:
    """Convert Office files to PDF in one LibreOffice run (a private profile: no clash with a desktop)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["libreoffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                       capture_output=True, timeout=900, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return {f: out / f"{f.stem}.pdf" for f in files}


def screenshot(page: Path, width: int, target: Path) -> bool:
    """Screenshot ``page`` at ``width`` px; True if the image is not blank."""
    from PIL import Image, ImageStat

    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        f"--user-data-dir={profile}", f"--screenshot={target}", f"--window-size={width},900",
                        page.as_uri()], capture_output=True, timeout=180, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not target.is_file():
        return False
    with Image.open(target) as image:
        return max(ImageStat.Stat(image.convert("L")).stddev) > 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="?", type=Path, default=Path(__file__).resolve().parents[1] / "reports")
    parser.add_argument("--out", type=Path, default=None, help="where PDFs and PNGs go (default: a temp folder)")
    parser.add_argument("--max-pages", type=int, default=60)
    args = parser.parse_args(argv)
    missing = [tool for tool in TOOLS.values() if shutil.which(tool) is None]
    if missing:
        print(f"render_check: missing {', '.join(missing)} (apt-get install libreoffice-writer-nogui "
              "libreoffice-calc-nogui poppler-utils chromium)", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="render-check-"))
    out.mkdir(parents=True, exist_ok=True)
    report, workbook = args.reports / "heroes-report.docx", args.reports / "heroes-tables.xlsx"
    singles = sorted((args.reports / "tables").glob("*.docx"))
    pdfs = to_pdf([report, workbook, *singles], out)
    failures = []
    for source, pdf in pdfs.items():
        if not pdf.is_file():
            failures.append(f"{source.name}: LibreOffice wrote no PDF")
            continue
        pages, size = pdf_pages(pdf)
        print(f"{source.name:45s} {pages:4d} pages  first page {size} pt")
        if source == report and pages > args.max_pages:
            failures.append(f"{source.name}: {pages} pages > {args.max_pages}")
        if source == report and size not in {"595x842", "842x595"}:
            failures.append(f"{source.name}: first page {size} pt is not A4")
    if pdfs[report].is_file():
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "6", str(pdfs[report]),
                        str(out / "report-page")], check=False)
    for width in (1400, 420):
        target = out / f"site-{width}.png"
        ok = screenshot(args.reports.resolve() / "index.html", width, target)
        print(f"{'index.html at ' + str(width) + ' px':45s} {'ok' if ok else 'BLANK'}  {target}")
        if not ok:
            failures.append(f"index.html at {width} px: blank screenshot")
    print(f"PDFs and PNGs in {out}")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
