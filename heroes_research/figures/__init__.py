"""Publication figures in one house style, saved reproducibly with provenance.

One font (matplotlib's bundled DejaVu Sans, by file path), colour-blind-safe Tol
palettes, and one fixed order and colour per country in every figure. Each helper
returns a matplotlib Figure with a footer (source; DEMO_NOTE for demo data);
:func:`save_figure` writes PNG (300 dpi), SVG and PDF, byte-identical across runs,
plus a JSON side-car.

Example
-------
>>> from heroes_research import figures
>>> fig = figures.forest_plot(est, title="Aware of the NRM", source="HEROES survey",
...                           percent=True, demo=True)               # doctest: +SKIP
>>> figures.save_figure(fig, "fig_awareness")                         # doctest: +SKIP
"""

from heroes_research.figures._footer import add_footer
from heroes_research.figures._forest import forest_plot
from heroes_research.figures._heatmap import legal_heatmap, similarity_heatmap
from heroes_research.figures._likert import likert_bars
from heroes_research.figures._lines import saturation_band, saturation_plot
from heroes_research.figures._matrix import matrix_heatmap
from heroes_research.figures._multiples import small_multiples
from heroes_research.figures._ranks import rank_interval_plot
from heroes_research.figures._save import FIGURE_FORMATS, register_cells, save_figure
from heroes_research.figures._style import (
    DIVERGING,
    LEGAL_COLORS,
    QUALITATIVE,
    SEQUENTIAL,
    country_palette,
    house_style,
)

__all__ = [
    "DIVERGING",
    "FIGURE_FORMATS",
    "LEGAL_COLORS",
    "QUALITATIVE",
    "SEQUENTIAL",
    "add_footer",
    "country_palette",
    "forest_plot",
    "house_style",
    "legal_heatmap",
    "likert_bars",
    "matrix_heatmap",
    "rank_interval_plot",
    "register_cells",
    "saturation_band",
    "saturation_plot",
    "save_figure",
    "similarity_heatmap",
    "small_multiples",
]
