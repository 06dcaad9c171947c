"""Heat maps: legal codings (categorical, symbol in each cell) and country similarity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["legal_heatmap", "similarity_heatmap"]

_CELL_IN = 0.27  # cell size (inches) for small matrices
_MAX_HEIGHT_IN = 9.0  # many indicators: cells shrink so the matrix fits a page
_SHORT = 3
_BULLET = "•"


def _grid(ax: Axes, rows: int, cols: int) -> None:
    """White cell borders and tick positions at cell centres."""
    ax.set_xticks(range(cols))
    ax.set_yticks(range(rows))
    ax.set_xticks([c - 0.5 for c in range(1, cols)], minor=True)
    ax.set_yticks([r - 0.5 for r in range(1, rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def legal_heatmap(
    codings: Any,
    indicators: Any = None,
    *,
    title: str,
    source: str,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """Indicators x countries, coloured by ✓ / ◐ / ✗ / ? / n/a with the symbol in each cell.

    Parameters
    ----------
    codings, indicators
        As :func:`heroes_research.tables.legal_matrix_table` takes them (a ``Codings``
        snapshot or a long frame; optional indicator codebook for the row order).
    title, source, demo, data_version
        Title and footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, unknown countries or indicators, duplicate codings.

    Notes
    -----
    Colour is never the only cue: every cell also carries its symbol, unknown cells are
    hatched, other values (ages, years) are printed as they are on a grey cell.

    Example
    -------
    >>> fig = legal_heatmap(load_codings().latest(), title="Legal framework", source="HEROES legal coding")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._style import LEGAL_COLORS, figure_title, house_style
    from heroes_research.tables import legal_matrix_table

    matrix = legal_matrix_table(codings, indicators, title=title, source=source, cite=False,
                                questions=False).data
    categories = [*LEGAL_COLORS, "value"]
    codes = matrix.map(lambda v: categories.index(v) if v in LEGAL_COLORS else len(LEGAL_COLORS))
    colors = [*LEGAL_COLORS.values(), "#E8E8E8"]
    # Coded text longer than a short number (e.g. "statutory_provision") does not fit a
    # cell: it is drawn as a bullet, and the table gives it in full.
    cells = matrix.map(lambda v: v if v in LEGAL_COLORS or len(v) <= _SHORT else _BULLET)
    rows, cols = matrix.shape
    cell = min(_CELL_IN, _MAX_HEIGHT_IN / rows)
    label_in = 0.065 * max(len(str(i)) for i in matrix.index)
    rotate = any(len(str(c)) > 2 for c in matrix.columns)
    with house_style():
        fig, ax = plt.subplots(figsize=(max(4.5, 0.6 + label_in + cell * cols),
                                        1.7 + cell * rows + 0.35 * rotate), layout="constrained")
        ax.imshow(codes.to_numpy(dtype=float), cmap=ListedColormap(colors), vmin=-0.5,
                  vmax=len(colors) - 0.5, aspect="equal", interpolation="nearest")
        for r, c in np.argwhere(cells.to_numpy() == "?"):
            ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, hatch="////",
                                       edgecolor="#999999", linewidth=0))
        size = max(5.0, 7.5 * cell / _CELL_IN)
        for (r, c), text in np.ndenumerate(cells.to_numpy()):
            ax.text(c, r, text, ha="center", va="center", fontsize=size - 0.8 * (len(text) > 2),
                    color="white" if text in {"✓", "✗"} else "#222222")
        _grid(ax, rows, cols)
        ax.set_xticklabels(matrix.columns, rotation=90 * rotate)
        ax.set_yticklabels(matrix.index, fontsize=min(8.0, size + 0.5))
        ax.xaxis.tick_top()
        labels = {"✓": "✓ provided", "◐": "◐ partially", "✗": "✗ not provided", "?": "? unknown",
                  "n/a": "n/a not applicable",
                  "value": "value as coded" + (f" ({_BULLET} text: see the table)"
                                               if (cells == _BULLET).any().any() else "")}
        present = [c for c in categories if (codes.to_numpy() == categories.index(c)).any()]
        handles = [Patch(facecolor=colors[categories.index(c)], edgecolor="#999999",
                         hatch="////" if c == "?" else None, label=labels[c]) for c in present]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01),
                  ncols=min(len(handles), 3), handlelength=1.2, columnspacing=1.0)
        figure_title(fig, title)
    return add_footer(fig, source=source, demo=demo, data=matrix, data_version=data_version)


def _square(matrix: pd.DataFrame, order: Sequence[str] | None) -> pd.DataFrame:
    """A square country x country frame (ISO codes) in ``order`` or the display order."""
    import pandas as pd

    from heroes_research.tables._common import country_order, normalise_countries, require_rows

    what = "similarity heat map"
    require_rows(matrix, what)
    rows = list(normalise_countries(matrix.index.to_series().rename("index"), what))
    cols = list(normalise_countries(matrix.columns.to_series().rename("columns"), what))
    if sorted(rows) != sorted(cols) or len(set(rows)) != len(rows):
        raise OutputError(f"{what}: rows and columns must be the same countries, once each",
                          reason="not_square", variable="matrix",
                          hint="pass a square country x country matrix")
    square = matrix.set_axis(rows, axis=0).set_axis(cols, axis=1)
    if order is None:
        wanted = sorted(rows, key=country_order)
    else:
        wanted = list(normalise_countries(pd.Series(list(order), name="order"), what))
        if sorted(wanted) != sorted(rows):
            raise OutputError(f"{what}: order must list each country of the matrix once",
                              reason="bad_order", variable="order",
                              hint="pass e.g. the leaves of scipy.cluster.hierarchy.dendrogram")
    return square.loc[wanted, wanted]


def similarity_heatmap(
    matrix: Any,
    *,
    title: str,
    source: str,
    order: Sequence[str] | None = None,
    measure: str = "share_alike",
    value_label: str = "Similarity",
    vmin: float | None = None,
    vmax: float | None = None,
    annotate: bool = True,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """Country x country matrix (e.g. legal-framework similarity), optionally clustered.

    Parameters
    ----------
    matrix
        Square frame, countries (codes or names) as index and columns, or the result of
        :func:`heroes_research.legal.compare` (its ``measure`` and clustering order).
    order
        Country order, e.g. from a hierarchical clustering computed elsewhere
        (``Comparison.order``, ``scipy.cluster.hierarchy.dendrogram(...)["ivl"]``);
        default the clustering order of a ``Comparison``, else the display order.
    measure
        Which pairwise measure of a ``Comparison`` to show (``"share_alike"`` or
        ``"gower_distance"``).
    value_label
        Colour-bar label.
    vmin, vmax
        Colour range; default the data range.
    annotate
        Print the values (two decimals) in the cells.
    title, source, demo, data_version
        Title and footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty or non-square matrix, unknown countries, an order that is not a permutation.

    Example
    -------
    >>> fig = similarity_heatmap(sim, order=leaves, title="Legal similarity", source="demo")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._style import SEQUENTIAL, figure_title, house_style

    if hasattr(matrix, "to_wide") and hasattr(matrix, "order"):  # a legal.Comparison
        order = list(matrix.order) if order is None else order
        matrix = matrix.to_wide(measure)
    square = _square(matrix, order)
    values = square.to_numpy(dtype=float)
    cmap = LinearSegmentedColormap.from_list("heroes_seq", SEQUENTIAL)
    n = len(square)
    with house_style():
        fig, ax = plt.subplots(figsize=(6.5, 1.6 + 0.33 * n), layout="constrained")
        image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="equal",
                          interpolation="nearest")
        if annotate:
            lo, hi = image.get_clim()
            for (r, c), v in np.ndenumerate(values):
                if np.isfinite(v):
                    dark = (v - lo) / ((hi - lo) or 1.0) > 0.6
                    ax.text(c, r, f"{v:.2f}", ha="center", va="center", fontsize=5.5,
                            color="white" if dark else "#222222")
        _grid(ax, n, n)
        ax.set_xticklabels(square.columns, rotation=0)
        ax.set_yticklabels(square.index)
        ax.xaxis.tick_top()
        fig.colorbar(image, ax=ax, shrink=0.7, label=value_label)
        figure_title(fig, title)
    return add_footer(fig, source=source, demo=demo, data=square, data_version=data_version)
