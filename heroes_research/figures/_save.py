"""save_figure: PNG (300 dpi), SVG and PDF, byte-identical across runs, with provenance."""

from __future__ import annotations

import io
import json
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError
from heroes_research.figures._footer import FigureInfo, figure_info
from heroes_research.tables._outputs import (
    check_name,
    claim_name,
    data_sha256,
    disclosure_block,
    provenance_record,
    write_sidecar,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from heroes_research.disclosure import LedgerTable

__all__ = ["FIGURE_FORMATS", "register_cells", "save_figure"]

#: Formats :func:`save_figure` writes by default.
FIGURE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
# Figure -> the cells it shows, for the disclosure ledger (weak: closed figures are forgotten).
_CELLS: weakref.WeakKeyDictionary[Any, tuple[LedgerTable, ...]] = weakref.WeakKeyDictionary()


def register_cells(fig: Figure, *entries: LedgerTable) -> Figure:
    """Record what ``fig`` shows for the build's disclosure ledger; :func:`save_figure` writes it.

    Every helper of :mod:`heroes_research.figures` and :mod:`heroes_research.maps` that
    draws data about people calls it with the cells drawn (protected values; NaN where
    withheld). Your own figure about people calls it too, or the audit fails it as an
    unregistered output; cells registered with ``method="none"`` (not protected) fail
    it as a figure drawn from unprotected values.

    Example
    -------
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> from heroes_research.disclosure._register import counts_ledger
    >>> fig = plt.figure()
    >>> shown = pd.DataFrame({"n": [12]}, index=pd.Index(["AT"], name="country"))
    >>> _ = register_cells(fig, counts_ledger(shown, unit="interviews", method="threshold"))
    >>> plt.close(fig)
    """
    _CELLS[fig] = _CELLS.get(fig, ()) + entries
    return fig


def _metadata(fmt: str, name: str, record: dict[str, Any]) -> dict[str, Any]:
    """Per-format metadata: provenance in, timestamps and software versions out."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=True)
    if fmt == "png":
        return {"Title": name, "Software": None, "Source": record["source"], "Description": text}
    if fmt == "svg":
        return {"Title": name, "Date": None, "Creator": record["package"],
                "Source": record["source"], "Description": text}
    return {"Title": name, "Author": "HEROES research unit", "Creator": record["package"],
            "Subject": record["source"], "Keywords": text, "CreationDate": None, "ModDate": None}


def save_figure(
    fig: Figure,
    name: str,
    *,
    formats: Sequence[str] = FIGURE_FORMATS,
    folder: Path | None = None,
    overwrite: bool = False,
    dpi: int = 300,
    pdf_truetype: bool = False,
) -> dict[str, Path]:
    """Write ``fig`` as ``<name>.png/.svg/.pdf`` and ``<name>.json`` under reports/figures.

    Parameters
    ----------
    fig
        A figure with a footer (every helper in this package adds one; for your own
        figures call :func:`add_footer`).
    name
        File stem: lower-case letters, digits, ``_``, ``-``, ``.``.
    formats
        Any of ``png``, ``svg``, ``pdf``.
    folder
        Default ``paths.reports_dir() / "figures"``.
    overwrite
        Allow replacing a *different* figure saved under ``name`` earlier in this process.
    dpi
        PNG resolution.
    pdf_truetype
        Embed TrueType (Type 42) fonts in the PDF instead of Type 3 (slower; some
        publishers require it).

    Returns
    -------
    dict
        Format -> path, including ``"json"`` for the provenance side-car; its
        ``disclosure`` block holds the cells registered with :func:`register_cells`.

    Raises
    ------
    OutputError
        Bad name or format, a figure without footer, or a name clash in this build.

    Notes
    -----
    The figure's layout is computed once and then frozen (constrained layout is not
    idempotent: a second draw can move axes by a fraction of a point), so every format
    and every later save of ``fig`` use the same positions. Files carry the git commit, the data sha256 and the package version (PNG text
    chunks, SVG Dublin Core, PDF info dictionary) and no timestamps; SVG ids use a
    fixed hash salt. So the same inputs give the same bytes.

    Example
    -------
    >>> fig = forest_plot(est, title="Awareness", source="HEROES survey")  # doctest: +SKIP
    >>> save_figure(fig, "fig_awareness")["png"].name  # doctest: +SKIP
    'fig_awareness.png'
    """
    import matplotlib

    from heroes_research.figures._style import house_style
    from heroes_research.io import atomic_path
    from heroes_research.paths import reports_dir

    check_name(name, "figure")
    unknown = [f for f in formats if f not in FIGURE_FORMATS]
    if unknown or not formats:
        raise OutputError(f"saving figure {name!r}: unknown format(s) {unknown}", reason="bad_format",
                          variable="formats", hint=f"choose from {', '.join(FIGURE_FORMATS)}")
    info: FigureInfo = figure_info(fig, name)
    record = provenance_record(source=info.source, demo=info.demo,
                               extra={"kind": "figure", "name": name, "data_version": info.data_version})
    target = Path(folder) if folder is not None else reports_dir() / "figures"
    rendered: dict[str, bytes] = {}
    with house_style(), matplotlib.rc_context({"pdf.fonttype": 42 if pdf_truetype else 3}):
        _freeze_layout(fig)
        for fmt in formats:
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt, name, record))
            rendered[fmt] = buffer.getvalue()
    claim_name("figure", name, data_sha256(b"".join(rendered[f] for f in formats)), overwrite=overwrite)
    written: dict[str, Path] = {}
    for fmt, payload in rendered.items():
        with atomic_path(target / f"{name}.{fmt}") as tmp:
            tmp.write_bytes(payload)
        written[fmt] = target / f"{name}.{fmt}"
    record["footer"] = info.lines()
    if fig in _CELLS:
        record["disclosure"] = disclosure_block(_CELLS[fig], name,
                                                protected=all(e.method != "none" for e in _CELLS[fig]))
    written["json"] = write_sidecar(target / f"{name}.json", record, written)
    return written


def _freeze_layout(fig: Figure) -> None:
    """Run the layout engine once, then switch it off so that later draws do not move anything."""
    if fig.get_layout_engine() is not None:
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
