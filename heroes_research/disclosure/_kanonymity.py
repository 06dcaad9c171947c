"""k-anonymity of microdata: how small is the smallest group sharing the quasi-identifiers?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from heroes_research.disclosure._validate import check_min_count
from heroes_research.errors import DisclosureError

__all__ = ["KAnonymityReport", "k_anonymity"]

_STEP = "k_anonymity"


@dataclass(frozen=True, eq=False)
class KAnonymityReport:
    """Equivalence classes of a microdata frame over its quasi-identifiers (immutable).

    Attributes
    ----------
    k
        Size of the smallest equivalence class (the frame is k-anonymous for this k).
    classes
        One row per class: the quasi-identifier values and ``size``, smallest first.
    rows_at_risk
        Index labels of the rows in classes smaller than ``required``.
    required
        The k asked for.
    quasi_identifiers
        The columns crossed.
    """

    k: int
    classes: pd.DataFrame
    rows_at_risk: pd.Index
    required: int
    quasi_identifiers: tuple[str, ...]

    @property
    def safe(self) -> bool:
        """True when every class has at least ``required`` rows."""
        return self.k >= self.required

    def __repr__(self) -> str:
        small = self.classes[self.classes["size"] < self.required]
        head = (f"KAnonymityReport: k={self.k} over {' x '.join(self.quasi_identifiers)} "
                f"(required {self.required}: {'safe' if self.safe else 'NOT safe'}); "
                f"{len(self.classes)} classes, {len(small)} smaller than {self.required}, "
                f"{len(self.rows_at_risk)} rows at risk")
        if small.empty:
            return head
        return head + "\n" + small.to_string(index=False, max_rows=15)


def k_anonymity(
    frame: pd.DataFrame, quasi_identifiers: Sequence[str], *, k: int = 5
) -> KAnonymityReport:
    """Smallest equivalence class and rows at risk over a set of quasi-identifiers.

    Parameters
    ----------
    frame
        Microdata, one row per respondent.
    quasi_identifiers
        Columns a reader could know about a respondent (e.g. country, sector, gender,
        years of experience band): crossing them in a table is safe only if every
        combination holds at least ``k`` respondents.
    k
        Required class size.

    Returns
    -------
    KAnonymityReport

    Raises
    ------
    DisclosureError
        Empty frame, no or unknown quasi-identifiers, ``k < 1``.

    Notes
    -----
    A missing value is its own category (as a published table would show "not
    stated"). Sweeney (2002), "k-anonymity: a model for protecting privacy";
    sdcMicro's ``freqCalc``/``print(sdc, "kAnon")``.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.disclosure import k_anonymity
    >>> df = pd.DataFrame({"country": ["LV"] + ["ES"] * 6, "sector": ["police"] * 7})
    >>> report = k_anonymity(df, ["country", "sector"], k=5)
    >>> report.k, list(report.rows_at_risk)
    (1, [0])
    """
    k = check_min_count(k, _STEP, "k")
    quasi = [quasi_identifiers] if isinstance(quasi_identifiers, str) else list(quasi_identifiers)
    if not quasi:
        raise DisclosureError(f"{_STEP}: no quasi-identifiers given", reason="bad_parameter",
                              variable="quasi_identifiers", hint="name the columns to cross")
    unknown = [c for c in quasi if c not in frame.columns]
    if unknown:
        raise DisclosureError(f"{_STEP}: unknown column(s) {unknown}", reason="missing_columns",
                              variable=unknown[0],
                              hint=f"columns available: {list(frame.columns)[:20]}")
    if frame.empty:
        raise DisclosureError(f"{_STEP}: the frame has no rows", reason="empty_table",
                              hint="check the filter that built the frame")
    sizes = frame.groupby(quasi, dropna=False, observed=True)[quasi[0]].transform("size")
    classes = (frame.groupby(quasi, dropna=False, observed=True).size().rename("size")
               .reset_index().sort_values("size", kind="stable").reset_index(drop=True))
    return KAnonymityReport(
        k=int(classes["size"].min()),
        classes=classes,
        rows_at_risk=frame.index[(sizes < k).to_numpy()],
        required=k,
        quasi_identifiers=tuple(quasi),
    )
