"""Tables of design-weighted model terms: coefficient or odds ratio with its interval, and p."""

from __future__ import annotations

from typing import TYPE_CHECKING

from heroes_research.tables._format import ColumnFormat, Merge
from heroes_research.tables._groups import Labels
from heroes_research.tables._table import PublicationTable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["model_table"]


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
        One row per term: numeric ``estimate``, ``ci_low``, ``ci_high`` and ``p``,
        shown merged as "Coefficient (95% CI)" (or "Odds ratio (95% CI)") and "p"
        (``<0.001`` below); the note states the number of respondents used.

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
    >>> t.text_grid().rows[1]
    ['X', '0.94 (0.79–1.09)', '<0.001']
    """
    import numpy as np
    import pandas as pd

    from heroes_research.disclosure._register import counts_ledger
    from heroes_research.tables._common import require_columns, require_rows
    from heroes_research.tables._groups import interval_label

    what = "model table"
    require_rows(model, what)
    require_columns(model, ["variable", "estimate", "ci_low", "ci_high", "n", "p"], what)
    terms = model.reset_index(drop=True)
    if not intercept:
        terms = terms[terms["variable"] != "Intercept"]
    transform = np.exp if exponentiate else (lambda x: x)
    ci = interval_label(terms, what)
    kind = "Odds ratio" if exponentiate else "Coefficient"
    parts = ("estimate", "ci_low", "ci_high")
    table = pd.DataFrame({c: transform(terms[c].astype(float)).to_numpy() for c in parts}
                         | {"p": terms["p"].astype(float).to_numpy()},
                         index=pd.Index([_term_label(t, labels) for t in terms["variable"]], name="Term"))
    number = ColumnFormat(digits=digits)
    n = int(model["n"].max())
    respondents = pd.DataFrame({"respondents": [n]},
                               index=pd.Index(["|".join(sorted(map(str, model["variable"])))], name="model"))
    return PublicationTable(
        data=table, title=title, source=source, demo=demo, data_version=data_version,
        formats={**dict.fromkeys(parts, number), "p": ColumnFormat(digits=3, below=True)},
        merges={f"{kind} ({ci})": Merge(parts)},
        labels={"estimate": kind, "ci_low": f"{ci} lower", "ci_high": f"{ci} upper"},
        note=" ".join(filter(None, [note.strip(), f"n = {n} respondents with complete answers."])),
        ledger=(counts_ledger(respondents, unit=source, method="model"),),
        metadata={"kind": "model", "unit": "people"},
    )
