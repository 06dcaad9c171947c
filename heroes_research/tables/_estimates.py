"""Cross-country table of survey estimates: estimate with CI (or SE) and n, protected."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from heroes_research.errors import OutputError
from heroes_research.tables._common import (
    NOT_AVAILABLE,
    SUPPRESSED,
    country_order,
    opt_out_note,
    tidy_estimates,
)
from heroes_research.tables._outputs import data_sha256
from heroes_research.tables._table import PublicationTable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["estimates_table"]

_WHAT = "estimates table"


def _cells(frame: pd.DataFrame, interval: str, digits: int, scale: float) -> pd.Series:
    """``"45.2 (40.1–50.3)"`` or ``"45.2 (1.3)"``; ``x`` suppressed, ``..`` not available."""
    fmt = f"{{:.{digits}f}}".format
    est = (frame["estimate"] * scale).map(fmt, na_action="ignore")
    if interval == "ci":
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
    interval: Literal["ci", "se"] = "ci",
    digits: int = 1,
    percent: bool = False,
    protect: bool = True,
    min_count: int = 5,
    country: str = "country",
    demo: bool = False,
    data_version: str | None = None,
    note: str = "",
) -> PublicationTable:
    """Countries in rows, each estimated item as "estimate (interval)" with its n.

    Parameters
    ----------
    estimates
        Tidy estimates as :meth:`SurveyDesign.mean` returns them: columns (or index levels)
        ``country`` (or ``domain``), optionally ``variable``/``level``, and ``estimate``,
        ``se``, ``ci_low``, ``ci_high``, ``n`` (unweighted respondents).
    title, source
        Table title and data source (stated in the note).
    interval
        ``"ci"``: the confidence interval in brackets; ``"se"``: the standard error.
    digits
        Decimals shown (rounding happens here only, never in the estimates).
    percent
        Multiply proportions by 100 and say so in the note.
    protect
        Apply :func:`heroes_research.disclosure.protect_estimates` (default). ``False``
        is an explicit opt-out and is printed in the note.
    min_count
        Minimum unweighted n per published estimate.
    country
        Name of the country column (codes or names; unknown ones raise).
    demo, data_version, note
        Passed to :class:`PublicationTable`.

    Returns
    -------
    PublicationTable

    Raises
    ------
    OutputError
        Empty input, missing columns, unknown countries, or duplicate (country, item) rows.

    Example
    -------
    >>> import pandas as pd
    >>> est = pd.DataFrame({"country": ["AT", "BE"], "estimate": [.41, .52], "se": [.03, .04],
    ...                     "ci_low": [.35, .44], "ci_high": [.47, .60], "n": [210, 3]})
    >>> t = estimates_table(est, title="Aware of the referral mechanism", source="demo",
    ...                     percent=True)  # doctest: +SKIP
    >>> t.data.loc["Belgium"].tolist()  # doctest: +SKIP
    ['x', 'x']
    """
    import pandas as pd

    from heroes_research.countries import country_name

    if interval not in ("ci", "se"):
        raise OutputError(f"{_WHAT}: interval must be 'ci' or 'se', not {interval!r}",
                          reason="bad_argument", variable="interval", hint="use 'ci' or 'se'")
    needed = ["estimate", "n", *(("ci_low", "ci_high") if interval == "ci" else ("se",))]
    frame = tidy_estimates(estimates, country=country, needed=needed, what=_WHAT,
                           protect=protect, min_count=min_count)
    scale = 100.0 if percent else 1.0
    frame = frame.assign(
        cell=_cells(frame, interval, digits, scale),
        n_cell=frame["n"].astype("Int64").astype("string").fillna(NOT_AVAILABLE)
        .mask(frame["suppressed"], SUPPRESSED),
    )
    items = list(dict.fromkeys(frame["item"]))
    head = "Estimate (95% CI)" if interval == "ci" else "Estimate (SE)"
    wide = frame.pivot(index="country", columns="item", values=["cell", "n_cell"])
    columns: dict[str, pd.Series] = {}
    for item in items:
        prefix = "" if len(items) == 1 else f"{item}: "
        columns[f"{prefix}{head}"] = wide[("cell", item)]
        columns[f"{prefix}n"] = wide[("n_cell", item)]
    table = pd.DataFrame(columns).fillna(NOT_AVAILABLE)
    table = table.loc[sorted(table.index, key=country_order)]
    table.index = pd.Index([country_name(c) for c in table.index], name="Country")
    return PublicationTable(
        data=table, title=title, source=source, demo=demo, data_version=data_version,
        note=" ".join(filter(None, [note.strip(), _note(interval, percent, protect, min_count, table)])),
        metadata={"kind": "estimates", "data_sha256": data_sha256(estimates),
                  "protected": protect, "min_count": min_count if protect else None},
    )


def _note(interval: str, percent: bool, protect: bool, min_count: int, table: pd.DataFrame) -> str:
    what = "95% confidence interval" if interval == "ci" else "standard error"
    parts = [f"{'Percentages' if percent else 'Estimates'} with the {what} in brackets; "
             "n = unweighted respondents."]
    if protect:
        parts.append(f"{SUPPRESSED}: not shown to protect respondents (fewer than {min_count} "
                     "respondents).")
    else:
        parts.append(opt_out_note())
    if (table == NOT_AVAILABLE).any().any():
        parts.append(f"{NOT_AVAILABLE}: not available.")
    return " ".join(parts)
