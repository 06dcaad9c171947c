"""The house style: one font, colour-blind-safe palettes, one colour per country.

Fonts: matplotlib's bundled DejaVu Sans, registered by *file path* under the family
name ``"HEROES Sans"``, so a machine with another DejaVu (or none) renders the same
glyphs; SVG text is drawn as paths and PDF fonts are embedded (Type 3 subsets), so
viewers need no fonts either. Colours: Paul Tol's schemes (https://personal.sron.nl/~pault/),
designed to stay distinguishable for colour-blind readers; country colours come
from :func:`heroes_research.countries.country_colors`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "DIVERGING",
    "FONT_FAMILY",
    "GREY",
    "HOUSE_RC",
    "LEGAL_COLORS",
    "QUALITATIVE",
    "SEQUENTIAL",
    "country_palette",
    "figure_title",
    "font_files",
    "house_style",
    "row_major",
]

FONT_FAMILY = "HEROES Sans"
#: Tol "bright": lines, points and categories that are not countries.
QUALITATIVE = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB")
#: Tol "sunset" (diverging, 11 steps, blue = disagree ... red = agree), centre light.
DIVERGING = ("#364B9A", "#4A7BB7", "#6EA6CD", "#98CAE1", "#C2E4EF", "#EAECCC",
             "#FEDA8B", "#FDB366", "#F67E4B", "#DD3D2D", "#A50026")
#: Tol "YlOrBr" (sequential, 9 steps) for choropleths and heat maps of magnitudes.
SEQUENTIAL = ("#FFFFE5", "#FFF7BC", "#FEE391", "#FEC44F", "#FB9A29", "#EC7014",
              "#CC4C02", "#993404", "#662506")
#: Legal coding categories (Tol "bright" subset) with their symbols, drawn in each cell.
LEGAL_COLORS = {"✓": "#4477AA", "◐": "#66CCEE", "✗": "#EE6677", "?": "#FFFFFF", "n/a": "#DDDDDD"}
GREY = "#BBBBBB"
TEXT_GREY = "#555555"

HOUSE_RC: dict[str, Any] = {
    "font.family": [FONT_FAMILY],
    "font.size": 8.5,
    "axes.titlesize": 9.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#444444",
    "axes.grid": False,
    "axes.prop_cycle": None,  # set in house_style() (needs cycler)
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.6,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "figure.facecolor": "white",
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.facecolor": "white",
    # Type 3: glyph outlines embedded as PDF procedures. Type 42 (TrueType) embeds too but
    # its fontTools subsetting costs ~1-2 s per save here (issue 6 target: <= 3 s per map);
    # for a publisher that insists on TrueType, save_figure(..., pdf_truetype=True).
    "pdf.fonttype": 3,
    "svg.fonttype": "path",
    "svg.hashsalt": "heroes_research",
    "svg.id": "heroes-figure",
    "hatch.linewidth": 0.6,
    "hatch.color": "#555555",
}


def font_files() -> dict[str, Path]:
    """The bundled DejaVu Sans files (regular, bold, oblique) inside matplotlib."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"normal": folder / "DejaVuSans.ttf", "bold": folder / "DejaVuSans-Bold.ttf",
            "oblique": folder / "DejaVuSans-Oblique.ttf"}


@functools.cache
def _register_font() -> None:
    """Add ``HEROES Sans`` entries pointing at the bundled files (once per process)."""
    from matplotlib import font_manager

    files = font_files()
    entries = [
        font_manager.FontEntry(fname=str(files["normal"]), name=FONT_FAMILY, weight=400),
        font_manager.FontEntry(fname=str(files["bold"]), name=FONT_FAMILY, weight=700),
        font_manager.FontEntry(fname=str(files["oblique"]), name=FONT_FAMILY, style="oblique"),
    ]
    font_manager.fontManager.ttflist.extend(entries)
    font_manager.fontManager._findfont_cached.cache_clear()  # no public API to refresh the cache


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Context in which figures are drawn and saved in the house style.

    Example
    -------
    >>> import matplotlib.pyplot as plt
    >>> with house_style():
    ...     fig, ax = plt.subplots()
    """
    import matplotlib as mpl
    from cycler import cycler

    _register_font()
    rc = {**HOUSE_RC, "axes.prop_cycle": cycler(color=QUALITATIVE)}
    # Interactive mode belongs to the session, not to the style. In Jupyter the inline backend
    # is activated on the first figure, inside this context, and turns interactive mode on;
    # rc_context would roll that back on exit and later figures would not display.
    with mpl.rc_context(rc):
        try:
            yield
        finally:
            interactive = mpl.is_interactive()
    mpl.interactive(interactive)


def country_palette(codes: list[str] | None = None) -> dict[str, str]:
    """Fixed colour per country code (legal systems take their country's colour).

    Example
    -------
    >>> country_palette(["AT", "GB-SCT"])
    {'AT': '#CAACCB', 'GB-SCT': '#F1932D'}
    """
    from heroes_research.countries import country_colors

    return country_colors(codes or None)  # any ISO country; a study's countries told apart


def figure_title(fig: Any, title: str) -> None:
    """The title, top left over the whole figure (room kept by constrained layout)."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=HOUSE_RC["axes.titlesize"],
                 fontweight="bold")


def row_major(handles: list[Any], ncols: int) -> tuple[list[Any], int]:
    """Reorder legend handles so that a multi-row legend reads left to right, row by row.

    matplotlib fills legend columns top to bottom; blank (invisible) handles pad the
    last row. Returns the handles and the number of columns to pass to ``legend``.
    """
    import math

    from matplotlib.patches import Patch

    rows = math.ceil(len(handles) / ncols)
    padded = handles + [Patch(visible=False, label=" ")] * (rows * ncols - len(handles))
    return [padded[r * ncols + c] for c in range(ncols) for r in range(rows)], ncols
