"""Three-panel choropleth of the 15 study countries: Europe, South America, South Asia."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from heroes_research.disclosure import LedgerTable

__all__ = ["PANELS", "Panel", "choropleth_map"]

_WHAT = "choropleth map"
_CONTEXT = "#E4E4E4"
_NO_DATA_HATCH = "////"
_SUPPRESSED_HATCH = "xxxx"


@dataclass(frozen=True)
class Panel:
    """One map panel: its region in the boundaries file, projection and padding."""

    region: str
    title: str
    crs: str
    pad: float  # fraction of the study countries' extent added on each side


#: The panels, each in an equal-area projection suited to it.
PANELS: tuple[Panel, ...] = (
    Panel("europe", "Europe", "EPSG:3035", 0.04),  # ETRS89-LAEA Europe
    Panel("south_america", "South America",  # South America Albers Equal Area Conic (ESRI:102033)
          "+proj=aea +lat_0=-32 +lon_0=-60 +lat_1=-5 +lat_2=-42 +datum=WGS84 +units=m +no_defs", 0.08),
    Panel("south_asia", "South Asia",  # Lambert azimuthal equal-area centred on Bangladesh
          "+proj=laea +lat_0=23.7 +lon_0=90.4 +datum=WGS84 +units=m +no_defs", 0.45),
)


def _from_estimates(estimates: pd.DataFrame, percent: bool, protect: bool,
                    min_count: int, title: str, source: str) -> tuple[pd.DataFrame, LedgerTable]:
    """``country``, ``value``, ``suppressed`` from a tidy estimate frame of one item by country,
    and the ledger cells the map shows (each country's estimate: the counts it implies)."""
    from heroes_research.disclosure._register import estimates_ledger, require_protected
    from heroes_research.tables._common import tidy_estimates

    if not protect:
        require_protected(estimates, what=_WHAT, title=title, source=source)
    frame = tidy_estimates(estimates, groups=["country"], needed=["estimate", "n"], what=_WHAT,
                           protect=protect, min_count=min_count)
    if frame["item"].nunique() > 1:
        raise OutputError(f"{_WHAT}: {frame['item'].nunique()} items given; a map shows one",
                          reason="too_many_items", variable="variable",
                          hint="filter the estimates to one variable/level")
    value = frame["estimate"].astype(float) * (100.0 if percent else 1.0)
    cells = estimates_ledger(frame, by=["country"], unit=source, show_n=False)
    return frame.assign(value=value)[["country", "value", "suppressed"]], cells


def _values(values: pd.Series | pd.DataFrame, suppressed: pd.Series | None) -> pd.DataFrame:
    """Country code -> value, suppressed flag (every study country; missing = no data)."""
    import pandas as pd

    from heroes_research.countries import COUNTRY_CODES
    from heroes_research.tables._common import require_rows

    require_rows(values, _WHAT)
    if isinstance(values, pd.DataFrame):
        if not {"country", "value"} <= set(values.columns):
            raise OutputError(f"{_WHAT}: a frame needs columns 'country' and 'value'",
                              reason="missing_column", variable="value",
                              hint="pass a Series indexed by country or a frame with country, value")
        if suppressed is None and "suppressed" in values.columns:
            suppressed = values.set_index("country")["suppressed"]
        values = values.set_index("country")["value"]
    frame = pd.DataFrame({"value": pd.to_numeric(values, errors="coerce").to_numpy()},
                         index=_codes(values.index, "country"))
    off_map = [i for i, code in enumerate(frame.index) if code not in COUNTRY_CODES]
    if off_map:
        raise OutputError(f"{_WHAT}: {', '.join(map(str, values.index[off_map]))} not on the map",
                          reason="unknown_country", country=str(values.index[off_map[0]]), rows=off_map,
                          hint="the map's boundaries hold the 15 HEROES countries; show other countries "
                               "in a table or figure")
    flags = pd.Series(False, index=frame.index)
    if suppressed is not None:
        given = pd.Series(suppressed).fillna(False).astype(bool)
        flags = given.set_axis(_codes(given.index, "suppressed")).reindex(frame.index, fill_value=False)
    return frame.assign(suppressed=flags).reindex(list(COUNTRY_CODES)).assign(
        suppressed=lambda f: f["suppressed"].fillna(False).astype(bool))


def _codes(index: pd.Index, what: str) -> list[str]:
    """ISO codes of an index of countries; each country once."""
    from heroes_research.tables._common import normalise_countries

    codes = normalise_countries(index.to_series().rename(what), _WHAT)
    if codes.duplicated().any():
        raise OutputError(f"{_WHAT}: a country appears more than once in {what!r}",
                          reason="duplicate_rows", variable=what,
                          rows=list(codes[codes.duplicated()]), hint="give one value per country")
    return list(codes)


def _classify(frame: pd.DataFrame, scheme: str, k: int, bins: Any, fmt: str):
    """Class index per country (shared by all panels), colours and legend labels."""
    import mapclassify
    import numpy as np

    from heroes_research.figures._style import SEQUENTIAL

    shown = frame["value"].notna() & ~frame["suppressed"]
    y = frame.loc[shown, "value"].to_numpy(dtype=float)
    if y.size == 0:
        raise OutputError(f"{_WHAT}: no country has a value to map", reason="empty_data",
                          variable="value", hint="check the estimates (all missing or suppressed?)")
    with warnings.catch_warnings():  # Fisher-Jenks on 15 values needs no numba; its absence is no news
        warnings.filterwarnings("ignore", message="Numba not installed", category=UserWarning)
        classifier = (mapclassify.UserDefined(y, bins=list(bins)) if bins is not None
                      else mapclassify.classify(y, scheme=scheme, k=min(k, len(np.unique(y)))))
    uppers = np.asarray(classifier.bins, dtype=float)
    lowers = np.concatenate([[y.min()], uppers[:-1]])
    counts = np.bincount(np.asarray(classifier.yb, dtype=int), minlength=len(uppers))
    labels = [f"{fmt.format(lo)}–{fmt.format(hi)} ({n})"  # the class count: no class looks bigger than it is
              for lo, hi, n in zip(lowers, uppers, counts, strict=True)]
    picks = np.linspace(1, len(SEQUENTIAL) - 1, len(uppers)).round().astype(int)
    colors = [SEQUENTIAL[i] for i in picks]
    classes = frame["value"].where(shown)
    classes.loc[shown] = classifier.yb
    return classes, colors, labels


def choropleth_map(
    values: pd.Series | pd.DataFrame,
    *,
    title: str,
    source: str,
    legend_title: str,
    scheme: str = "fisher_jenks",
    k: int = 5,
    bins: Any = None,
    suppressed: pd.Series | None = None,
    percent: bool = False,
    protect: bool = True,
    min_count: int = 5,
    fmt: str = "{:.0f}",
    demo: bool = False,
    data_version: str | None = None,
    missing_label: str = "No data",
) -> Figure:
    """Map the 15 study countries in three panels with shared classes and one legend.

    Parameters
    ----------
    values
        A Series indexed by country (codes or names), a frame with ``country``,
        ``value`` and optionally ``suppressed``, or the tidy estimates of one item by
        country (``country``, ``estimate``, ``n``, as :mod:`heroes_research.survey`
        returns them; protected here). Study countries without a value are hatched
        as "no data".
    title, source
        Title and data source (footer).
    legend_title
        What the colours mean, with the unit (e.g. "Aware of the NRM (%)").
    scheme, k
        A :func:`mapclassify.classify` scheme and number of classes, computed once over
        all countries so every panel uses the same classes. The default, Fisher-Jenks
        natural breaks, follows the data's spread (quantiles make gaps of a point look
        large); ``"equal_interval"`` suits bounded scores. The legend shows how many
        countries fall in each class.
    bins
        Upper class bounds (overrides ``scheme``), e.g. ``[25, 50, 75, 100]``.
    suppressed
        Boolean Series by country: values withheld by disclosure control (hatched).
    percent, protect, min_count
        For tidy estimates only: map ``estimate`` x 100; withhold estimates on fewer
        than ``min_count`` respondents (``n``, or ``n_level`` for a level's share;
        :func:`heroes_research.disclosure.protect_estimates`). ``protect=False`` only
        for estimates protected already; the map registers the counts its estimates
        imply for the disclosure audit (plain values register nothing: a map of
        values about people then fails the audit as unregistered).
    fmt
        Format of the class bounds in the legend.
    demo, data_version
        Footer.
    missing_label
        Legend key of the countries without a value, e.g. "Insufficient coverage" where
        a value is withheld for a reason other than disclosure control.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, unknown or duplicate countries, nothing left to map.

    Notes
    -----
    Panels: Europe in ETRS89-LAEA (EPSG:3035); South America (Brazil, Colombia) in
    South America Albers equal-area; South Asia (Bangladesh) in a Lambert azimuthal
    equal-area projection centred on Bangladesh. Non-study neighbours are light grey;
    France's overseas regions are not drawn in the Europe panel. Boundaries: Natural
    Earth 1:110m (public domain), see ``data/external/README.md``.

    Example
    -------
    >>> fig = choropleth_map(est.set_index("country")["estimate"] * 100, title="Aware of the NRM",
    ...                      source="HEROES survey", legend_title="Aware (%)")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._save import register_cells
    from heroes_research.figures._style import figure_title, house_style
    from heroes_research.maps._boundaries import load_boundaries

    cells = None
    if isinstance(values, pd.DataFrame) and "value" not in values.columns and "estimate" in values.columns:
        values, cells = _from_estimates(values, percent, protect, min_count, title, source)
    frame = _values(values, suppressed)
    classes, colors, labels = _classify(frame, scheme, k, bins, fmt)
    world = load_boundaries()
    with house_style():
        fig = plt.figure(figsize=(7.0, 5.8), layout="constrained")
        grid = fig.add_gridspec(3, 2, width_ratios=[1.75, 1], height_ratios=[1.25, 1, 0.28])
        axes = [fig.add_subplot(grid[:2, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, 1])]
        for ax, panel in zip(axes, PANELS, strict=True):
            _draw_panel(ax, panel, world, frame, classes, colors)
        _legend(fig.add_subplot(grid[2, :]), frame, colors, labels, legend_title, missing_label)
        figure_title(fig, title)
    fig = add_footer(fig, source=source, demo=demo, data_version=data_version)
    return register_cells(fig, cells) if cells is not None else fig


def _patches(geometries) -> list:
    """Matplotlib patches for (multi)polygons.

    Hand-written instead of ``GeoDataFrame.plot``: geopandas asks the canvas to redraw
    after each call, which with constrained layout costs a full render per call.
    """
    import numpy as np
    import shapely
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    patches = []
    for geometry in geometries:
        rings = [ring for polygon in shapely.get_parts(geometry)
                 for ring in (polygon.exterior, *polygon.interiors)]
        vertices = [np.asarray(ring.coords)[:, :2] for ring in rings]
        codes = [np.r_[Path.MOVETO, np.full(len(v) - 2, Path.LINETO), Path.CLOSEPOLY] for v in vertices]
        patches.append(PathPatch(Path(np.concatenate(vertices), np.concatenate(codes))))
    return patches


def _add(ax, geometries, gid: str, **style) -> None:
    """Draw polygons as one collection; ``gid`` names what it holds (kept in the SVG)."""
    from matplotlib.collections import PatchCollection

    if len(geometries):
        collection = PatchCollection(_patches(geometries), **style)
        collection.set_gid(gid)
        ax.add_collection(collection, autolim=False)


def _draw_panel(ax, panel: Panel, world, frame, classes, colors) -> None:
    """Context countries grey; study countries by class; no data and suppressed hatched."""
    region = world[world["region"] == panel.region].to_crs(panel.crs)
    study = region[region["study"]].set_index("iso_a2")
    _add(ax, region.geometry[~region["study"]].to_numpy(), f"context-{panel.region}",
         facecolor=_CONTEXT, edgecolor="white", linewidth=0.4)
    cls = classes.reindex(study.index)
    flags = frame.reindex(study.index)
    groups = (("classed", cls.notna(), {"facecolor": [colors[int(c)] for c in cls.dropna()],
                                        "edgecolor": "#444444"}),
              ("suppressed", flags["suppressed"], {"facecolor": "white", "edgecolor": "#666666",
                                                   "hatch": _SUPPRESSED_HATCH}),
              ("nodata", flags["value"].isna() & ~flags["suppressed"],
               {"facecolor": "white", "edgecolor": "#666666", "hatch": _NO_DATA_HATCH}))
    for kind, mask, style in groups:
        keep = mask.to_numpy()
        _add(ax, study.geometry[keep].to_numpy(), f"{kind}:{','.join(study.index[keep])}",
             linewidth=0.5, **style)
    west, south, east, north = study.total_bounds
    dx, dy = (east - west) * panel.pad, (north - south) * panel.pad
    ax.set_xlim(west - dx, east + dx)
    ax.set_ylim(south - dy, north + dy)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(panel.title, loc="left", fontsize=8.5)


def _legend(ax, frame, colors, labels, legend_title, missing_label) -> None:
    """One legend for all panels: the classes, then the hatches actually used and the context."""
    from matplotlib.patches import Patch

    ax.set_axis_off()
    classes = [Patch(facecolor=c, edgecolor="#444444", linewidth=0.5, label=label)
               for c, label in zip(colors, labels, strict=True)]
    other = []
    if frame["suppressed"].any():
        other.append(Patch(facecolor="white", edgecolor="#666666", hatch=_SUPPRESSED_HATCH,
                           label="Suppressed (too few respondents)"))
    if (frame["value"].isna() & ~frame["suppressed"]).any():
        other.append(Patch(facecolor="white", edgecolor="#666666", hatch=_NO_DATA_HATCH,
                           label=missing_label))
    other.append(Patch(facecolor=_CONTEXT, edgecolor="#BBBBBB", linewidth=0.5,
                       label="Not a study country"))
    # One legend, classes on the first row and the other keys on the second: matplotlib
    # fills legend columns top to bottom, so interleave (blank keys pad the shorter row).
    blank = Patch(visible=False, label=" ")
    width = max(len(classes), len(other))
    rows = [classes + [blank] * (width - len(classes)), other + [blank] * (width - len(other))]
    handles = [h for pair in zip(*rows, strict=True) for h in pair]
    ax.legend(handles=handles, title=legend_title, loc="center left", ncols=width,
              handlelength=1.6, columnspacing=1.2, alignment="left",
              title_fontproperties={"weight": "bold", "size": 8})
