"""Heat maps: legal codings (categorical, symbol in each cell) and country similarity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = ["legal_heatmap", "similarity_heatmap"]

_CELL_IN = 0.27  # cell size (inches) for small matrices
_MAX_HEIGHT_IN = 9.0  # many indicators: cells shrink so the matrix fits a page
_SHORT = 3
_BULLET = "•"
#: A draft cell's colour is this much paler (mixed with white) than a verified one.
_DRAFT_FADE = 0.55
_STATUS_LABELS = {"verified": "solid: verified (statute text)",
                  "draft": "pale: draft (secondary source)"}
_LABELS = {
    "value": {"✓": "✓ provided", "◐": "◐ partially", "✗": "✗ not provided", "?": "? unknown",
              "n/a": "n/a not applicable"},
    "score": {"✓": "✓ standard met", "◐": "◐ partly met", "✗": "✗ not met", "?": "? unknown",
              "n/a": "n/a not applicable"},
}


def _legal_cells(codings: Any, indicators: Any, color_by: str, title: str, source: str) -> pd.DataFrame:
    """Indicators x countries of the symbols (or short values) to draw, as the matrix table has them."""
    from heroes_research.tables._common import normalise_countries
    from heroes_research.tables._legal import legal_matrix_table, standard_values

    if indicators is None:
        indicators = getattr(codings, "indicators", None)
    if color_by == "value":
        return legal_matrix_table(codings, indicators, title=title, source=source, cite=False,
                                  questions=False).data
    if color_by != "score":
        raise OutputError(f"legal heat map: color_by must be 'value' or 'score', not {color_by!r}",
                          reason="bad_argument", variable="color_by",
                          hint="'score' colours each cell by its distance to the international standard")
    frame = standard_values(codings)
    matrix = legal_matrix_table(frame, indicators, title=title, source=source, cite=False,
                                questions=False).data
    # Known values of descriptive indicators have no goalpost: shown as coded, never as met.
    plain = frame[frame["score"].isna() & frame["value"].notna()]
    raw = plain.assign(country=normalise_countries(plain["country"], "legal heat map"),
                       value=plain["value"].astype("string").str.replace("_", " "))
    raw = raw.pivot(index="indicator", columns="country", values="value").reindex_like(matrix)
    return matrix.mask(raw.notna(), raw)


def _status_cells(codings: Any, matrix: pd.DataFrame) -> pd.DataFrame | None:
    """Indicators x countries of each cell's status (verified / draft / unknown), or None if not coded."""
    from heroes_research.tables._common import normalise_countries
    from heroes_research.tables._legal import _codings_frame

    frame = _codings_frame(codings)
    if "status" not in frame.columns:
        return None
    frame = frame.assign(country=normalise_countries(frame["country"], "legal heat map"),
                         indicator=frame["indicator"].astype(str))
    wide = frame.pivot(index="indicator", columns="country", values="status")
    return wide.reindex(index=matrix.index, columns=matrix.columns).fillna("unknown")


def legal_heatmap(
    codings: Any,
    indicators: Any = None,
    *,
    title: str,
    source: str,
    color_by: Literal["value", "score"] = "value",
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """Indicators x countries, coloured by ✓ / ◐ / ✗ / ? / n/a with the symbol in each cell.

    Parameters
    ----------
    codings, indicators
        As :func:`heroes_research.tables.legal_matrix_table` takes them (a ``Codings``
        snapshot or a long frame; optional indicator codebook for the row order).
    color_by
        ``"value"``: the coded value (✓ provided for in law, ◐ partially, ✗ not).
        ``"score"``: the distance to the international standard (✓ met, ◐ partly met,
        ✗ not met) from the indicator scores against the codebook's goalposts
        (:func:`heroes_research.tables.standard_status`); ``codings`` must then be a
        ``Codings`` or a long frame with a ``score`` column. Known values of descriptive
        indicators are printed as coded on a grey cell, never as met.
    title, source, demo, data_version
        Title and footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, unknown countries or indicators, duplicate codings, no ``score``
        column with ``color_by="score"``.

    Notes
    -----
    Colour is never the only cue: every cell also carries its symbol, unknown cells are
    hatched and marked ``?``; when the codings carry a status, verified cells are solid
    and draft cells pale, and the legend says which is which (one compound path and one marker collection for all of them,
    so a large matrix stays quick to draw and save),
    other values (ages, years) are printed as they are on a grey cell.

    Example
    -------
    >>> fig = legal_heatmap(load_codings().latest(), title="Legal framework", source="HEROES legal coding",
    ...                     color_by="score")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Patch, PathPatch
    from matplotlib.path import Path

    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._matrix import fit_labels, grid
    from heroes_research.figures._style import (
        GREY,
        LEGAL_COLORS,
        TEXT_GREY,
        figure_title,
        house_style,
    )

    matrix = _legal_cells(codings, indicators, color_by, title, source)
    status = _status_cells(codings, matrix)
    categories = [*LEGAL_COLORS, "value"]
    codes = matrix.map(lambda v: categories.index(v) if v in LEGAL_COLORS else len(LEGAL_COLORS)).to_numpy()
    colors = [*LEGAL_COLORS.values(), "#E8E8E8"]
    draft = np.zeros(codes.shape, bool) if status is None else status.eq("draft").to_numpy(dtype=bool)
    rgb = np.array([to_rgb(c) for c in colors])[codes.astype(int)]
    rgb[draft] = rgb[draft] * (1 - _DRAFT_FADE) + _DRAFT_FADE
    # Coded text longer than a short number (e.g. "statutory_provision") does not fit a
    # cell: it is drawn as a bullet, and the table gives it in full.
    cells = matrix.map(lambda v: v if v in LEGAL_COLORS or len(v) <= _SHORT else _BULLET).to_numpy()
    rows, cols = matrix.shape
    cell = min(_CELL_IN, _MAX_HEIGHT_IN / rows)
    size = max(5.0, 7.5 * cell / _CELL_IN)
    with house_style():
        fig, ax = plt.subplots(layout="constrained")
        ax.imshow(rgb, aspect="auto", interpolation="nearest")  # the figure is sized for square cells
        r, c = np.nonzero(cells == "?")
        if len(r):  # every unknown cell in one hatched path: one draw call instead of one per cell
            corners = np.array([[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [-0.5, -0.5]])
            vertices = (np.stack([c, r], axis=1)[:, None, :] + corners).reshape(-1, 2)
            kinds = np.tile([Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY], len(r))
            ax.add_patch(PathPatch(Path(vertices, kinds), fill=False, hatch="////", hatchcolor=GREY,
                                   linewidth=0))
            # and every "?" as one marker collection (a text artist per cell costs ~1 ms per format)
            ax.scatter(c, r, s=(0.75 * size) ** 2, marker="$?$", color=TEXT_GREY, linewidths=0)
        for (r, c), text in np.ndenumerate(cells):  # the few coded cells: one label each
            if text != "?":
                ax.text(c, r, text, ha="center", va="center", fontsize=size - 0.8 * (len(text) > 2),
                        color="white" if text in {"✓", "✗"} and not draft[r, c] else "#222222")
        grid(ax, rows, cols)
        rotate = any(len(str(c)) > 2 for c in matrix.columns)
        ax.set_xticklabels(matrix.columns, rotation=90 * rotate)
        ax.set_yticklabels(matrix.index, fontsize=min(8.0, size + 0.5))
        ax.xaxis.tick_top()
        labels = _LABELS[color_by] | {
            "value": ("not scored: value as coded" if color_by == "score" else "value as coded")
            + (f" ({_BULLET} text: see the table)" if (cells == _BULLET).any() else "")}
        present = [k for k in categories if (codes == categories.index(k)).any()]
        handles = [Patch(facecolor=colors[categories.index(k)], edgecolor="#999999",
                         hatch="////" if k == "?" else None, label=labels[k]) for k in present]
        if status is not None:  # which known cells are verified and which are draft
            shown = set(status.to_numpy().ravel())
            handles += [Patch(facecolor=to_rgb(LEGAL_COLORS["✓"]) if s == "verified" else
                              tuple(np.array(to_rgb(LEGAL_COLORS["✓"])) * (1 - _DRAFT_FADE) + _DRAFT_FADE),
                              edgecolor="#999999", label=_STATUS_LABELS[s])
                        for s in ("verified", "draft") if s in shown]
        ncols = min(len(handles), 2 if status is not None else 3)
        legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.01), ncols=ncols,
                           handlelength=1.2, columnspacing=1.0)
        fit_labels(fig, ax, max(3.6, cell * cols + 0.3), cell * rows + 0.9 + 0.16 * -(-len(handles) // ncols))
        # a legend wider than the matrix widens the figure rather than being clipped
        box = legend.get_window_extent(fig.canvas.get_renderer())
        spare = (box.x1 - ax.get_window_extent().x1) / fig.dpi + 0.1
        if spare > 0:
            fig.set_size_inches(fig.get_figwidth() + spare, fig.get_figheight())
        figure_title(fig, title)
    return add_footer(fig, source=source, demo=demo, data_version=data_version)


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

    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._matrix import draw_matrix
    from heroes_research.figures._style import figure_title, house_style

    if hasattr(matrix, "to_wide") and hasattr(matrix, "order"):  # a legal.Comparison
        order = list(matrix.order) if order is None else order
        matrix = matrix.to_wide(measure)
    square = _square(matrix, order)
    n = len(square)
    with house_style():
        fig, ax = plt.subplots(figsize=(6.5, 1.6 + 0.33 * n), layout="constrained")
        image = draw_matrix(ax, square.to_numpy(dtype=float), vmin=vmin, vmax=vmax, annotate=annotate,
                            fmt="{:.2f}", fontsize=5.5, aspect="equal")
        ax.set_xticklabels(square.columns, rotation=0)
        ax.set_yticklabels(square.index)
        ax.xaxis.tick_top()
        fig.colorbar(image, ax=ax, shrink=0.7, label=value_label)
        figure_title(fig, title)
    return add_footer(fig, source=source, demo=demo, data_version=data_version)
