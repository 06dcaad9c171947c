"""SurveyData: the codes, labels and declared missing values of one survey file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["MissingSpec", "SurveyData"]

#: Declared user-missing values of one variable: discrete codes and ``(low, high)`` ranges.
MissingSpec = list[Any]


@dataclass(frozen=True)
class SurveyData:
    """One labelled survey file as read: stored codes plus metadata.

    User-missing codes (don't know, refused, not applicable) stay in ``data`` as
    their codes and are declared in ``missing``; system-missing values are NA.
    Use :meth:`user_missing_mask` to tell them apart.

    Attributes
    ----------
    data
        The stored codes, one column per variable.
    variable_labels
        Variable -> label.
    value_labels
        Variable -> {code: label}.
    missing
        Variable -> declared user-missing values: codes, and ``(low, high)`` tuples for ranges.
    source
        The file read.
    sha256
        Checksum of the file's bytes.
    file_format
        ``sav``, ``zsav``, ``por``, ``dta``, ``csv``, ``xlsx`` or ``parquet``.
    encoding
        The text encoding used to read the file, when the format has one.
    """

    data: pd.DataFrame
    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: dict[str, dict] = field(default_factory=dict)
    missing: dict[str, MissingSpec] = field(default_factory=dict)
    source: Path | None = None
    sha256: str | None = None
    file_format: str | None = None
    encoding: str | None = None

    def user_missing_mask(self, variable: str) -> pd.Series:
        """Boolean Series: True where ``variable`` holds a declared user-missing code."""
        values = self.data[variable]
        mask = np.zeros(len(values), dtype=bool)
        for spec in self.missing.get(variable, []):
            if isinstance(spec, tuple):
                low, high = spec
                numeric = pd.to_numeric(values, errors="coerce")
                mask |= ((numeric >= low) & (numeric <= high)).fillna(False).to_numpy(dtype=bool)
            else:
                mask |= (values == spec).fillna(False).to_numpy(dtype=bool)
        return pd.Series(mask, index=values.index, name=variable)

    def variables(self) -> pd.DataFrame:
        """One row per variable: what the file says about it and how much is missing.

        Returns
        -------
        pandas.DataFrame
            Columns ``variable``, ``label``, ``dtype``, ``n_value_labels``,
            ``missing`` (the declaration as text, e.g. ``"98, 99, -9 thru -1"``),
            ``n_user_missing`` and ``n_system_missing``.

        Example
        -------
        >>> SurveyData(pd.DataFrame({"q1": [1, 99, None]}), missing={"q1": [99]}).variables()[
        ...     ["variable", "n_user_missing", "n_system_missing"]].to_dict("records")
        [{'variable': 'q1', 'n_user_missing': 1, 'n_system_missing': 1}]
        """
        columns = self.data.columns
        return pd.DataFrame({
            "variable": columns.astype(str),
            "label": [self.variable_labels.get(c, "") for c in columns],
            "dtype": self.data.dtypes.astype(str).to_numpy(),
            "n_value_labels": [len(self.value_labels.get(c, {})) for c in columns],
            "missing": [", ".join(_spec_text(x) for x in self.missing.get(c, [])) for c in columns],
            "n_user_missing": [int(self.user_missing_mask(c).sum()) if c in self.missing else 0
                               for c in columns],
            "n_system_missing": self.data.isna().sum().to_numpy(dtype="int64"),
        })

    def to_metadata(self, *, demo: bool, **extra: Any) -> dict[str, Any]:
        """Metadata for :func:`heroes_research.io.write_processed`: labels, missing, source.

        ``sources`` maps the file name to its sha256. ``extra`` keys (``codebook_version``,
        ``created_by``, ...) are added as given.

        Example
        -------
        >>> SurveyData(pd.DataFrame({"q1": [1]}), value_labels={"q1": {1: "yes"}}).to_metadata(
        ...     demo=True)["value_labels"]
        {'q1': {1: 'yes'}}
        """
        sources = {} if self.source is None else {self.source.name: self.sha256}
        return {
            "demo": demo,
            "sources": sources,
            "variable_labels": dict(self.variable_labels),
            "value_labels": {k: dict(v) for k, v in self.value_labels.items()},
            "missing": {k: list(v) for k, v in self.missing.items()},
            **extra,
        }

    def _repr_html_(self) -> str:
        from html import escape

        return f"<p><code>{escape(repr(self))}</code></p>" + self.variables().to_html(index=False)

    def __repr__(self) -> str:
        name = self.source.name if self.source is not None else "<in memory>"
        n_rows, n_cols = self.data.shape
        labelled = sum(1 for v in self.value_labels.values() if v)
        return (
            f"SurveyData({name!r}, format={self.file_format}, {n_rows} rows x {n_cols} variables, "
            f"{labelled} with value labels, {len(self.missing)} with user-missing codes, "
            f"sha256={self.sha256[:12] if self.sha256 else None})"
        )


def _spec_text(spec: Any) -> str:
    return f"{spec[0]} thru {spec[1]}" if isinstance(spec, tuple) else str(spec)
