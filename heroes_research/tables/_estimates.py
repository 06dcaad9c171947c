"""Tables of tidy survey estimates: estimate with CI (or SE) and n by any grouping, protected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from heroes_research.errors import OutputError
from heroes_research.tables._common import (
    NOT_AVAILABLE,
    SUPPRESSED,
    opt_out_note,
    tidy_estimates,
)
from heroes_research.tables._groups import Labels
from heroes_research.tables._table import PublicationTable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["estimates_table", "model_table", "ranking_table"]

_WHAT = "estimates table"


def _cells(frame: pd.DataFrame, interval: str | None, digits: int, scale: float) -> pd.Series:
    """``"45.2 (40.1–50.3)"``, ``"45.2 (1.3)"`` or ``"45.2"``; ``x`` suppressed, ``..`` not available."""
    fmt = f"{{:.{digits}f}}".format
    est = (frame["estimate"] * scale).map(fmt, na_action="ignore")
    if interval is None:
        text = est
    elif interval == "ci":
        low = (frame["ci_low"] * scale).map(fmt, na_action="ignore")
        high = (frame["ci_high"] * scale).map(fmt, na_action="ignore")
        text = est + " (" + low + "–" + high + ")"
    else:
        text = est + " (" + (frame["se"] * scale).map(fmt, na_action="ignore") + ")"
    text = text.fillna(est).fillna(NOT_AVAILABLE)
    return text.mask(frame["suppressed"], SUPPRESSED)


def estimates_table(
    estimates: pd.DataFrame,
    *,
    title: str,
    source: str,
    rows: str | Sequence[str] = "country",
    cols: str | None = None,
    labels: Labels = None,
    interval: Literal["ci", "se"] | None = "ci",
    show_n: bool = True,
    absent: str = NOT_AVAILABLE,
    digits: int = 1,
    percent: bool = False,
    protect: bool = True,
    min_count: int = 5,
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
) -> PublicationTable:
    """A grouping in rows (countries by default), each estimated item as "estimate (interval)" with its n.

    Parameters
    ----------
    estimates
        The tidy estimate frame of :mod:`heroes_research.survey` (read by column name,
        never by index): the grouping columns, ``variable``/``level`` (items where they
        vary), ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``conf_level``, ``n``
        (respondents who answered, in the domain) and ``n_level``.
    title, source
        Table title and data source (stated in the note).
    rows
        Grouping column(s) in the rows (default ``"country"``: study countries in
        display order, by name). Any ``by`` column works, e.g. ``"sector"``; a list
        makes one row per combination.
    cols
        A second grouping spread over the columns (e.g. ``"sector"``), or None.
    labels
        Headings: ``{column or variable: label}`` or a codebook (its variable labels).
    interval
        ``"ci"``: the confidence interval in brackets, labelled from ``conf_level``;
        ``"se"``: the standard error; None: the estimate alone.
    show_n
        A column of ``n`` next to each estimate (default).
    absent
        Shown where a row x column combination has no estimate (default ``..``); e.g.
        ``""`` for the unused triangle of a symmetric matrix.
    digits
        Decimals shown (rounding happens here only, never in the estimates).
    percent
        Multiply proportions by 100 and say so in the note.
    protect
        Apply :func:`heroes_research.disclosure.protect_estimates` to every cell (default):
        ``n`` below ``min_count``, or a share whose count or complement is below it (or
        0 % / 100 %), withholds it. ``False`` is an explicit opt-out and is printed in
        the note.
    min_count
        Minimum unweighted count per published estimate.
    demo, data_version, note
        Passed to :class:`PublicationTable`.

    Returns
    -------
    PublicationTable

    Raises
    ------
    OutputError
        Empty input, missing columns, unknown countries, several confidence levels,
        or duplicate (group, item) rows.

    Example
    -------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"sector": ["NGO", "Police"], "variable": "aware", "level": None,
    ...                     "estimate": [.41, .52], "se": [.03, .04], "ci_low": [.35, .44],
    ...                     "ci_high": [.47, .60], "conf_level": 0.9, "n": [210, 3]})
    >>> t = estimates_table(est, rows="sector", title="Aware of the NRM", source="demo",
    ...                     percent=True)
    >>> t.data.loc["Police"].tolist(), list(t.data.columns)
    (['x', 'x'], ['Estimate (90% CI)', 'n'])
    """
    import pandas as pd

    from heroes_research.tables._groups import (
        as_columns,
        group_label,
        group_order,
        heading,
        interval_label,
    )

    if interval not in ("ci", "se", None):
        raise OutputError(f"{_WHAT}: interval must be 'ci', 'se' or None, not {interval!r}",
                          reason="bad_argument", variable="interval", hint="use 'ci', 'se' or None")
    row_cols = as_columns(rows, _WHAT, "rows")
    col_cols = as_columns(cols, _WHAT, "cols")
    needed = ["estimate", "n", *{"ci": ("ci_low", "ci_high"), "se": ("se",)}.get(interval, ())]
    frame = tidy_estimates(estimates, groups=[*row_cols, *col_cols], needed=needed, what=_WHAT,
                           protect=protect, min_count=min_count, labels=labels)
    ci = interval_label(frame, _WHAT) if interval == "ci" else ""
    scale = 100.0 if percent else 1.0
    row_order, col_order = group_order(frame, row_cols), group_order(frame, col_cols)
    frame = frame.assign(
        cell=_cells(frame, interval, digits, scale),
        n_cell=frame["n"].astype("Int64").astype("string").fillna(NOT_AVAILABLE)
        .mask(frame["suppressed"], SUPPRESSED),
        _row=_positions(frame, row_cols, row_order),
        _col=_positions(frame, col_cols, col_order),
    )
    items = list(dict.fromkeys(frame["item"]))
    head = {"ci": f"Estimate ({ci})", "se": "Estimate (SE)"}.get(interval, "")
    wide = frame.pivot(index="_row", columns=["_col", "item"], values=["cell", "n_cell"])
    columns: dict[str, pd.Series] = {}
    for j, col_key in enumerate(col_order):
        for item in items:
            if ("cell", j, item) not in wide.columns:
                continue
            parts = [group_label(col_cols, col_key)] if col_cols else []
            parts += [item] if len(items) > 1 else []
            columns[": ".join([*parts, head] if head else parts) or "Estimate"] = wide[("cell", j, item)]
            if show_n:
                columns[": ".join([*parts, "n"])] = wide[("n_cell", j, item)]
    table = pd.DataFrame(columns).reindex(range(len(row_order))).fillna(absent)
    table.index = pd.Index([group_label(row_cols, k) for k in row_order],
                           name=heading(row_cols, labels))
    return PublicationTable(
        data=table, title=title, source=source, demo=demo, data_version=data_version,
        note=" ".join(filter(None, [note.strip(),
                                    _note(ci, interval, show_n, percent, protect, min_count,
                                          table)])),
        metadata={"kind": "estimates",                   "protected": protect, "min_count": min_count if protect else None},
    )


def _positions(frame: pd.DataFrame, columns: list[str], order: list[tuple]) -> list[int]:
    """The position of each row's group in ``order`` (0 for all without grouping columns)."""
    if not columns:
        return [0] * len(frame)
    where = {key: i for i, key in enumerate(order)}
    return [where[key] for key in frame[columns].itertuples(index=False, name=None)]


def _note(ci: str, interval: str | None, show_n: bool, percent: bool, protect: bool,
          min_count: int, table: pd.DataFrame) -> str:
    kind = "Percentages" if percent else "Estimates"
    what = {"ci": ci.replace("CI", "confidence interval"), "se": "standard error"}.get(interval)
    parts = [f"{kind} with the {what} in brackets" if what else kind]
    parts[0] += "; n = unweighted respondents who answered." if show_n else "."
    if protect:
        parts.append(f"{SUPPRESSED}: not shown to protect respondents (fewer than {min_count} "
                     "respondents).")
    else:
        parts.append(opt_out_note())
    if (table == NOT_AVAILABLE).any().any():
        parts.append(f"{NOT_AVAILABLE}: not available.")
    return " ".join(parts)


def _term_label(term: str, labels: Labels) -> str:
    """``sector[T.Health]`` -> "Sector of work: Health"; other terms by their label."""
    import re

    from heroes_research.tables._groups import heading

    treatment = re.fullmatch(r"(.+)\[T\.(.+)\]", term)
    if treatment:
        return f"{heading(treatment.group(1), labels)}: {treatment.group(2)}"
    return term if term == "Intercept" else heading(term, labels)


def model_table(
    model: pd.DataFrame,
    *,
    title: str,
    source: str,
    exponentiate: bool = False,
    intercept: bool = True,
    labels: Labels = None,
    digits: int = 2,
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
) -> PublicationTable:
    """The terms of a design-weighted model (:meth:`SurveyDesign.glm`), with interval and p.

    Parameters
    ----------
    model
        The tidy term frame of ``SurveyDesign.glm``: ``variable`` (the term),
        ``estimate``, ``ci_low``, ``ci_high``, ``conf_level``, ``n`` and ``p``.
    title, source
        Table title and data source.
    exponentiate
        Show ``exp`` of the coefficients and limits: odds ratios of a binomial model.
    intercept
        Keep the intercept row (default); an odds-ratio table usually drops it.
    labels
        Term labels: ``{term: label}`` or a codebook. A treatment-coded term
        ``x[T.level]`` reads "label of x: level".
    digits
        Decimals of the coefficients; p-values have three (``<0.001`` below).
    demo, data_version, note
        Passed to :class:`PublicationTable`.

    Returns
    -------
    PublicationTable
        One row per term: "Coefficient (95% CI)" (or "Odds ratio (95% CI)") and "p";
        the note states the number of respondents used.

    Raises
    ------
    OutputError
        Empty input or missing columns.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.survey import SurveyDesign
    >>> df = pd.DataFrame({"y": [1.0, 2, 4, 3, 5, 6], "x": [0.0, 1, 2, 3, 4, 5]})
    >>> t = model_table(SurveyDesign(df).glm("y ~ x"), title="Model", source="demo")
    >>> t.data.loc["X"].tolist()
    ['0.94 (0.79–1.09)', '<0.001']
    """
    import numpy as np
    import pandas as pd

    from heroes_research.tables._common import require_columns, require_rows
    from heroes_research.tables._groups import interval_label

    what = "model table"
    require_rows(model, what)
    require_columns(model, ["variable", "estimate", "ci_low", "ci_high", "n", "p"], what)
    terms = model.reset_index(drop=True)
    if not intercept:
        terms = terms[terms["variable"] != "Intercept"]
    transform = np.exp if exponentiate else (lambda x: x)
    fmt = f"{{:.{digits}f}}".format
    est, low, high = (transform(terms[c].astype(float)).map(fmt) for c in ("estimate", "ci_low", "ci_high"))
    head = f"{'Odds ratio' if exponentiate else 'Coefficient'} ({interval_label(terms, what)})"
    p = terms["p"].astype(float).map("{:.3f}".format).replace("0.000", "<0.001")
    table = pd.DataFrame({head: (est + " (" + low + "–" + high + ")").to_numpy(), "p": p.to_numpy()},
                         index=pd.Index([_term_label(t, labels) for t in terms["variable"]], name="Term"))
    n = int(model["n"].max())
    return PublicationTable(
        data=table, title=title, source=source, demo=demo, data_version=data_version,
        note=" ".join(filter(None, [note.strip(), f"n = {n} respondents with complete answers."])),
        metadata={"kind": "model", },
    )


def ranking_table(
    estimates: pd.DataFrame,
    *,
    title: str,
    source: str,
    rows: str | Sequence[str] = "country",
    top: int = 3,
    labels: Labels = None,
    digits: int = 2,
    protect: bool = True,
    min_count: int = 5,
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
) -> PublicationTable:
    """The ``top`` items of each group by estimate, as "item (estimate)", highest first.

    Parameters
    ----------
    estimates
        Tidy estimates of several variables by the grouping (``pd.concat`` of
        ``design.mean(item, by=...)``): the ``rows`` column(s), ``variable``,
        ``estimate``, ``n``.
    rows
        Grouping column(s), one table row per group (countries by default).
    top
        Items shown per group.
    labels
        Item and heading labels: ``{variable or column: label}`` or a codebook.
    protect, min_count
        A group with any withheld item (fewer than ``min_count`` respondents) is
        withheld whole: its ranking would be incomplete.
    title, source, digits, demo, data_version, note
        As :func:`estimates_table`.

    Returns
    -------
    PublicationTable
        Columns "1", "2", ... ``top`` (the ranks).

    Example
    -------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"sector": ["NGO"] * 3, "variable": ["fear", "debt", "isolation"],
    ...                     "estimate": [4.1, 4.4, 3.9], "n": [40, 40, 38]})
    >>> ranking_table(est, rows="sector", top=2, title="t", source="s").data.loc["NGO"].tolist()
    ['Debt (4.40)', 'Fear (4.10)']
    """
    import pandas as pd

    from heroes_research.tables._groups import as_columns, group_label, group_order, heading

    what = "ranking table"
    groups = as_columns(rows, what, "rows")
    frame = tidy_estimates(estimates, groups=groups, needed=["variable", "estimate", "n"],
                           what=what, protect=protect, min_count=min_count, labels=labels)
    order = group_order(frame, groups)
    fmt = f"{{:.{digits}f}}".format
    table = {}
    for key in order:
        these = frame[[tuple(r) == key for r in frame[groups].itertuples(index=False, name=None)]]
        if these["suppressed"].any():
            table[group_label(groups, key)] = [SUPPRESSED] * top
            continue
        best = these.sort_values("estimate", ascending=False, kind="stable").head(top)
        cells = [f"{heading(v, labels)} ({fmt(e)})" for v, e in zip(best["variable"], best["estimate"],
                                                                    strict=True)]
        table[group_label(groups, key)] = cells + [NOT_AVAILABLE] * (top - len(cells))
    data = pd.DataFrame.from_dict(table, orient="index", columns=[str(r) for r in range(1, top + 1)])
    data.index.name = heading(groups, labels)
    symbols = [f"{SUPPRESSED}: not shown to protect respondents (fewer than {min_count} respondents "
               "behind an item of the group)." if protect else opt_out_note()]
    return PublicationTable(
        data=data, title=title, source=source, demo=demo, data_version=data_version,
        note=" ".join(filter(None, [note.strip(), "Estimates in brackets, highest first.", *symbols])),
        metadata={"kind": "ranking", "protected": protect,
                  "min_count": min_count if protect else None},
    )
