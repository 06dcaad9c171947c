"""Step lines: cumulative counts such as code saturation, overall and by group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from heroes_research.disclosure import LedgerTable

__all__ = ["saturation_band", "saturation_plot"]

_WHAT = "saturation plot"
_DASHES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 1)))  # groups stay apart where lines overlap


def saturation_band(curves: pd.DataFrame, *, order: str = "order", x: str = "interview_index",
                    y: str = "cumulative_codes", level: float = 0.9) -> pd.DataFrame:
    """Median and central ``level`` band of saturation curves over many random interview orders.

    Parameters
    ----------
    curves
        Saturation curves stacked, one per random order, told apart by ``order``
        (e.g. ``pd.concat(ql.saturation(seg, seed=s).assign(order=s) for s in range(200))``).
    order, x, y
        Column names of the order id, the interview count and the cumulative count.
    level
        Share of orders inside the band (0.9: the 5th to 95th percentile).

    Returns
    -------
    pandas.DataFrame
        ``x``, ``low``, ``median``, ``high``, ``orders`` (how many curves).

    Example
    -------
    >>> import pandas as pd
    >>> curves = pd.DataFrame({"order": [1, 1, 2, 2], "interview_index": [1, 2, 1, 2],
    ...                        "cumulative_codes": [3, 5, 4, 5]})
    >>> saturation_band(curves)["median"].tolist()
    [3.5, 5.0]
    """
    from heroes_research.tables._common import require_columns, require_rows

    require_rows(curves, "saturation band")
    require_columns(curves, [order, x, y], "saturation band")
    if not 0 < level < 1:
        raise OutputError(f"saturation band: level must be between 0 and 1, not {level!r}",
                          reason="bad_argument", variable="level", hint="e.g. level=0.9")
    grouped = curves.groupby(x, sort=True)[y]
    tail = (1 - level) / 2
    return grouped.quantile(tail).rename("low").to_frame().assign(
        median=grouped.median(), high=grouped.quantile(1 - tail), orders=curves[order].nunique(),
    ).reset_index()


def _steps(ax: Axes, frame: pd.DataFrame, x: str, y: str, total: int | None, **style: object) -> None:
    """One post-step line; a dashed line at ``total`` (everything there is to find)."""
    ax.step(frame[x], frame[y], where="post", zorder=3, **style)
    if total is not None:
        ax.axhline(total, color="#999999", linewidth=0.8, linestyle="--")
    ax.grid(axis="y")


def saturation_plot(
    curve: pd.DataFrame,
    by_group: pd.DataFrame | None = None,
    *,
    title: str,
    source: str,
    by: str = "stakeholder",
    x: str = "interview_index",
    y: str = "cumulative_codes",
    total: int | None = None,
    labels: Mapping[str, str] | None = None,
    xlabel: str = "Interviews analysed (random order)",
    ylabel: str = "Distinct codes found",
    band: pd.DataFrame | None = None,
    demo: bool = False,
    data_version: str | None = None,
) -> Figure:
    """Distinct codes found as interviews accumulate: a step line with its band, and one per group beside it.

    Parameters
    ----------
    curve
        One row per interview in analysis order, as :func:`heroes_research.qualitative.saturation`
        returns it: ``x`` (1, 2, ...) and ``y`` (cumulative distinct codes).
    by_group
        Optional: the same per group (``saturation(..., by=by)``), drawn in a second panel
        with one colour per group (Tol "bright") and a legend.
    by, x, y
        Column names of the group, the interview count and the cumulative count.
    total
        Size of the code frame: a dashed line marks it, the y axis ends just above it and
        the axis label says "of ``total``".
    labels
        Display names of the groups (default: the values themselves).
    xlabel, ylabel
        Axis labels.
    band
        Optional :func:`saturation_band` over many random orders: drawn as a shaded band
        with its median behind the curve, so one order is not read as the answer.
    title, source, demo, data_version
        Title and footer.

    Returns
    -------
    Figure

    Raises
    ------
    OutputError
        Empty input, missing columns, more groups than the palette has colours.

    Notes
    -----
    A flat curve is the usual operational sign of code saturation (Guest, Bunce and
    Johnson 2006, *Field Methods* 18(1)); the interview order is a random permutation.

    Example
    -------
    >>> fig = saturation_plot(ql.saturation(seg, seed=1), ql.saturation(seg, by="stakeholder", seed=1),
    ...                       total=24, title="Code saturation", source="demo")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    from heroes_research.figures._footer import add_footer
    from heroes_research.figures._save import register_cells
    from heroes_research.figures._style import QUALITATIVE, figure_title, house_style
    from heroes_research.tables._common import require_columns, require_rows

    for frame, needed in ((curve, [x, y]), (by_group, [by, x, y])):
        if frame is not None:
            require_rows(frame, _WHAT)
            require_columns(frame, needed, _WHAT)
    groups = [] if by_group is None else list(dict.fromkeys(by_group[by]))
    if len(groups) > len(QUALITATIVE):
        raise OutputError(f"{_WHAT}: {len(groups)} groups; at most {len(QUALITATIVE)} colours stay distinct",
                          reason="too_many_groups", variable=by, hint="group the categories first")
    names = dict(labels or {})
    with house_style():
        fig, axes = plt.subplots(1, 1 + bool(groups), figsize=(7.0 if groups else 4.5, 3.6), sharey=True,
                                 width_ratios=[1.5, 1] if groups else None, layout="constrained",
                                 squeeze=False)
        first = axes[0, 0]
        if band is not None:
            require_columns(band, [x, "low", "median", "high"], _WHAT)
            orders = int(band["orders"].iloc[0]) if "orders" in band.columns else None
            first.fill_between(band[x], band["low"], band["high"], step="post", color="#BBCCEE", zorder=1,
                               label=f"90% of {orders} random orders" if orders else "band over random orders")
            first.step(band[x], band["median"], where="post", color="#4477AA", linewidth=1.0, linestyle="--",
                       zorder=2, label="median order")
        _steps(first, curve, x, y, total, color="#222222", linewidth=1.8, label="this order")
        if band is not None:
            first.legend(loc="lower right", fontsize=7)
        if groups:
            first.set_title("All interviews", loc="left")
            second = axes[0, 1]
            for group, color, dash in zip(groups, QUALITATIVE, _DASHES * 2, strict=False):
                _steps(second, by_group[by_group[by] == group], x, y, total, color=color, linewidth=1.4,
                       linestyle=dash, label=names.get(group, str(group)))
            second.set_title(f"By {by.replace('_', ' ')}", loc="left")
            second.legend(loc="lower right", ncols=2, fontsize=7)
        for ax in axes.flat:
            ax.set_xlabel(xlabel)
        first.set_ylabel(ylabel + (f" (of {total}; dashed: all)" if total is not None else ""))
        if total is not None:
            first.set_ylim(0, total + 1)
        figure_title(fig, title)
    return register_cells(add_footer(fig, source=source, demo=demo, data_version=data_version),
                          _cells(curve, by_group, by, x, source))


def _cells(curve: pd.DataFrame, by_group: pd.DataFrame | None, by: str, x: str, source: str) -> LedgerTable:
    """What the curves reveal about people: interviews in all and per group (each curve's length)."""
    import pandas as pd

    from heroes_research.disclosure._register import counts_ledger

    sizes = {"all": curve[x].max()}
    if by_group is not None:
        sizes |= by_group.groupby(by, sort=False)[x].max().to_dict()
    shown = pd.DataFrame({"interviews": list(sizes.values())}, index=pd.Index(list(sizes), name=by))
    return counts_ledger(shown, unit=source, method="as drawn")
