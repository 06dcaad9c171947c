"""Heat maps of a numeric matrix (e.g. code co-occurrence) and the drawing they share with the others."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.image import AxesImage

__all__ = ["draw_matrix", "fit_labels", "grid", "matrix_heatmap"]

_WHAT = "matrix heat map"
_MAX_SIDE_IN = 6.0  # the cells of a large matrix shrink so that it fits a page
_WITHHELD, _HATCH = "#E6E6E6", "////"  # withheld cells: light grey, hatched


def grid(ax: Axes, rows: int, cols: int) -> None:
    """White cell borders, tick positions at cell centres, no spines."""
    ax.set_xticks(range(cols))
    ax.set_yticks(range(rows))
    ax.set_xticks([c - 0.5 for c in range(1, cols)], minor=True)
    ax.set_yticks([r - 0.5 for r in range(1, rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def draw_matrix(ax: Axes, values: np.ndarray, *, vmin: float | None, vmax: float | None,
                annotate: bool, fmt: str, fontsize: float, aspect: str = "auto",
                palette: Sequence[str] | None = None, bins: Sequence[float] | None = None) -> AxesImage:
    """One image in the sequential palette; NaN cells stay blank; optionally the values printed.

    ``palette`` replaces the house sequential palette (e.g. without its near-white start,
    so that the smallest shown value never looks like a blank cell).

    ``aspect="auto"`` when the figure is sized for square cells (:func:`fit_labels`):
    constrained layout does not allow for a fixed aspect and can then clip long labels.

    ``bins`` (class boundaries) colour each cell by its class, one colour per class
    (:func:`class_colours`), instead of a continuous scale.
    """
    import numpy as np
    from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, ListedColormap

    from heroes_research.figures._style import SEQUENTIAL

    cmap = LinearSegmentedColormap.from_list("heroes_seq", list(palette or SEQUENTIAL))
    if bins is None:
        image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect=aspect, interpolation="nearest")
    else:
        colours = class_colours(cmap, len(bins))
        top = max(float(bins[-1]), float(np.nanmax(values, initial=bins[-1]))) + 1.0
        norm = BoundaryNorm([*map(float, bins), top], len(colours))
        image = ax.imshow(values, cmap=ListedColormap(colours), norm=norm, aspect=aspect,
                          interpolation="nearest")
    if annotate:
        lo, hi = image.get_clim()
        for r, c in np.argwhere(np.isfinite(values)):  # one label per cell: matplotlib has no vector API
            dark = (values[r, c] - lo) / ((hi - lo) or 1.0) > 0.6
            ax.text(c, r, fmt.format(values[r, c]), ha="center", va="center", fontsize=fontsize,
                    color="white" if dark else "#222222")
    grid(ax, *values.shape)
    return image


def class_colours(cmap: Any, n: int) -> list[tuple[float, ...]]:
    """``n`` colours evenly spaced along ``cmap``, lightest first (one per class of a binned scale)."""
    return [cmap(i / max(n - 1, 1)) for i in range(n)]


def class_labels(bins: Sequence[float]) -> list[str]:
    """Legend labels of the classes ``[bins[i], bins[i+1])``, the last one open: "5-9", ..., "40 or more"."""
    whole = all(float(b).is_integer() for b in bins)
    labels = []
    for lo, hi in zip(bins[:-1], bins[1:], strict=True):
        labels.append(f"{lo:g}–{hi - 1:g}" if whole and hi - 1 > lo else f"{lo:g}" if whole
                      else f"{lo:g} to under {hi:g}")
    return [*labels, f"{bins[-1]:g} or more"]


def _check_bins(bins: Sequence[float], values: np.ndarray, annotate: bool) -> list[float]:
    import numpy as np

    edges = [float(b) for b in bins]
    if not edges or np.any(np.diff(edges) <= 0):
        raise OutputError(f"{_WHAT}: bins must be increasing class boundaries, got {list(bins)}",
                          reason="bad_argument", variable="bins", hint="e.g. bins=[5, 10, 20, 40]")
    if annotate:
        raise OutputError(f"{_WHAT}: annotate prints every value, which the colour classes of bins hide",
                          reason="bad_argument", variable="annotate", hint="use bins or annotate, not both")
    below = np.nan_to_num(values, nan=np.inf) < edges[0]
    if below.any():
        raise OutputError(f"{_WHAT}: {int(below.sum())} value(s) below the first class ({edges[0]:g})",
                          reason="bad_values", variable="bins",
                          hint="withhold them (NaN, drawn hatched) or start the classes lower")
    return edges


def _hatch_withheld(ax: Axes, values: np.ndarray) -> int:
    """Grey hatched cells where a value is missing (withheld), unlike any colour of the scale.

    The scale starts at a visible tint (the palette without its near-white steps), so a
    small count is always coloured and a withheld cell is always hatched. Returns how
    many cells were hatched.
    """
    import numpy as np
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    cells = np.argwhere(np.isnan(values))
    if len(cells):
        patches = [Rectangle((c - 0.5, r - 0.5), 1, 1) for r, c in cells]
        ax.add_collection(PatchCollection(patches, facecolor=_WITHHELD, edgecolor="#777777", hatch=_HATCH,
                                          linewidth=0, zorder=1))
    return len(cells)


def fit_labels(fig: Figure, ax: Axes, width_in: float, height_in: float) -> None:
    """Size ``fig`` to the measured tick labels plus ``width_in`` x ``height_in`` inches of the rest.

    Label extents are measured with the figure's renderer (deterministic for a given font),
    so the longest row or column label is never clipped at the figure edge.
    """
    renderer = fig.canvas.get_renderer()
    label_w = max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()), default=0.0)
    label_h = max((t.get_window_extent(renderer).height for t in ax.get_xticklabels()), default=0.0)
    fig.set_size_inches(label_w / fig.dpi + width_in + 0.3, label_h / fig.dpi + height_in)


def matrix_heatmap(
    frame: pd.DataFrame,
    *,
    title: str,
    source: str,
    value_label: str = "",
    blank_label: str | None = None,
    groups: Sequence[Any] | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    bins: Sequence[float] | None = None,
    annotate: bool = False,
    fmt: str = "{:.0f}",
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """A numeric matrix (rows x columns) as coloured cells, e.g. codes mentioned together.

    Parameters
    ----------
    frame
        Numbers, row labels as the index and column labels as the columns. Missing
        values (e.g. counts withheld by disclosure control) are drawn grey and hatched.
        Whole numbers about people (by ``source``) are registered as counts for the
        disclosure audit, as drawn: a shown count from 1 to the threshold fails it.
    title, source
        Title (top left) and data source (footer).
    value_label
        Colour-bar (or class legend) title.
    blank_label
        Legend entry for missing (withheld) cells, which are drawn grey and hatched, e.g.
        ``"hatched: fewer than 5 interviews"``. The colour scale starts at a visible tint,
        so a small count never looks like a withheld cell.
    groups
        One group label per row, in row order (e.g. the category of each code): lines are
        drawn between consecutive groups, across the columns too when the matrix is
        square with the same labels.
    vmin, vmax
        Colour range; default the data range.
    bins
        Class boundaries, e.g. ``[5, 10, 20, 40]``: each cell is coloured by its class
        (from one boundary to the next, the last open) and a legend names the classes,
        so a colour tells the class and never the value. Use it for counts of people:
        a continuous colour bar can be decoded back to every count. Values below the
        first boundary must be withheld (NaN).
    annotate, fmt
        Print each value in its cell, formatted with ``fmt``.
    demo, data_version
        Demo-data flag and data version for the footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, non-numeric cells, ``groups`` of the wrong length, ``bins`` not
        increasing, a value below the first class, or ``bins`` with ``annotate``.

    Example
    -------
    >>> fig = matrix_heatmap(co, title="Codes mentioned together", source="demo",
    ...                      value_label="Interviews", blank_label="blank: fewer than 5")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from matplotlib.patches import Patch

    from heroes_research.disclosure._register import about_people, counts_ledger
    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._save import register_cells
    from heroes_research.figures._style import SEQUENTIAL, figure_title, house_style
    from heroes_research.tables._common import require_rows

    require_rows(frame, _WHAT)
    try:
        values = frame.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise OutputError(f"{_WHAT}: the cells must be numbers ({exc})", reason="bad_values",
                          variable="frame", hint="pass counts or measures; format them in the figure") from exc
    rows, cols = values.shape
    if groups is not None and len(groups) != rows:
        raise OutputError(f"{_WHAT}: {len(groups)} group labels for {rows} rows", reason="bad_argument",
                          variable="groups", hint="give one group label per row, in row order")
    edges = None if bins is None else _check_bins(bins, values, annotate)
    cell = min(0.27, _MAX_SIDE_IN / max(rows, cols))
    font = min(8.0, max(5.5, 26 * cell))
    with house_style():
        fig, ax = plt.subplots(layout="constrained")
        image = draw_matrix(ax, values, vmin=vmin, vmax=vmax, annotate=annotate, fmt=fmt,
                            fontsize=font - 1.5, palette=SEQUENTIAL[2:], bins=edges)
        withheld = _hatch_withheld(ax, values)
        ax.set_xticklabels(list(map(str, frame.columns)), rotation=90, fontsize=font)
        ax.set_yticklabels(list(map(str, frame.index)), fontsize=font)
        ax.xaxis.tick_top()
        if groups is not None:
            labels = pd.Series(list(groups))
            bounds = np.flatnonzero(labels.ne(labels.shift()).to_numpy()[1:]) + 0.5
            ax.hlines(bounds, -0.5, cols - 0.5, color="#444444", linewidth=0.8)
            if list(frame.index) == list(frame.columns):
                ax.vlines(bounds, -0.5, rows - 0.5, color="#444444", linewidth=0.8)
        handles = []
        if edges is None:
            fig.colorbar(image, ax=ax, shrink=0.6, label=value_label)
        else:
            handles = [Patch(facecolor=colour, label=label) for colour, label in
                       zip(image.cmap.colors, class_labels(edges), strict=True)]
        if blank_label and withheld:
            handles.append(Patch(facecolor=_WITHHELD, edgecolor="#777777", hatch=_HATCH, label=blank_label))
        if handles:
            ax.legend(handles=handles, title=value_label if edges is not None else None,
                      loc="upper left", bbox_to_anchor=(0.0, -0.01), handlelength=1.2, borderaxespad=0.3,
                      ncols=min(len(handles), 3), fontsize=font, title_fontsize=font)
        fit_labels(fig, ax, cell * cols + 1.0, cell * rows + 1.3 + 0.25 * (len(handles) > 3))
        figure_title(fig, title)
    fig = add_footer(fig, source=source, demo=demo, data_version=data_version)
    counts = values[~np.isnan(values)]
    if about_people(source) and np.array_equal(counts, np.round(counts)):  # counts of people, as drawn
        register_cells(fig, counts_ledger(frame, unit=source, method="as drawn"))
    return fig
