"""The footer every figure carries: source, data version and, for demo data, DEMO_NOTE."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FigureInfo", "add_footer", "figure_info"]

_FOOTER_PT = 6.5
_LINE_IN = _FOOTER_PT * 1.45 / 72
# Widest average glyph of DejaVu Sans text, in em: lines are wrapped to the figure width by
# counting characters (text only, no renderer), so the same figure always wraps the same way.
_CHAR_EM = 0.58
_MARGIN_IN = 0.2
# Figure -> what its footer says; save_figure reads it (weak: closed figures are forgotten).
_INFO: weakref.WeakKeyDictionary[Any, FigureInfo] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class FigureInfo:
    """What a figure states about its data (footer and saved metadata)."""

    source: str
    demo: bool
    data_version: str | None

    def lines(self) -> list[str]:
        from heroes_research.provenance import DEMO_NOTE

        version = f" Data version: {self.data_version}." if self.data_version else ""
        return [f"Source: {self.source.rstrip('.')}.{version}", *([DEMO_NOTE] if self.demo else [])]


def add_footer(
    fig: Figure,
    *,
    source: str,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """Write the source (and DEMO_NOTE when ``demo``) under ``fig`` and remember them for saving.

    Parameters
    ----------
    fig
        A matplotlib figure; with constrained layout, room is reserved at the bottom.
        Lines longer than the figure is wide are wrapped at spaces.
    source
        Where the data come from.
    demo
        True for the synthetic demo data.
    data_version
        Version of the data, printed after the source.

    Returns
    -------
    Figure
        ``fig`` itself.

    Raises
    ------
    OutputError
        If ``source`` is empty.

    Example
    -------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(layout="constrained")
    >>> _ = add_footer(fig, source="HEROES practitioner survey", demo=True)
    """
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from heroes_research.figures._style import TEXT_GREY, house_style

    if not str(source).strip():
        raise OutputError("figure footer: no source given", reason="no_source", variable="source",
                          hint="say where the data come from (source=...)")
    info = FigureInfo(str(source), bool(demo), data_version)
    lines = wrap_lines(info.lines(), fig.get_figwidth())
    height = (len(lines) * _LINE_IN + 0.08) / fig.get_figheight()
    with house_style():
        fig.text(0.01, 0.012, "\n".join(lines), ha="left", va="bottom", fontsize=_FOOTER_PT,
                 color=TEXT_GREY, linespacing=1.3)
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0, height, 1, 1 - height))
    _INFO[fig] = info
    return fig


def wrap_lines(lines: list[str], width_in: float) -> list[str]:
    """Break each footer line at spaces so that it fits a figure ``width_in`` inches wide."""
    import textwrap

    chars = max(20, int((width_in - _MARGIN_IN) * 72 / (_FOOTER_PT * _CHAR_EM)))
    return [part for line in lines for part in textwrap.wrap(line, chars, break_on_hyphens=False)]


def figure_info(fig: Figure, name: str) -> FigureInfo:
    """The footer information of ``fig``; every saved figure must have one."""
    info = _INFO.get(fig)
    if info is None:
        raise OutputError(
            f"saving figure {name!r}: the figure has no footer (source, demo notice)",
            reason="no_footer", variable="fig",
            hint="call heroes_research.figures.add_footer(fig, source=..., demo=...) first",
        )
    return info
