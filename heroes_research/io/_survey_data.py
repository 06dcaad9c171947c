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

    def __repr__(self) -> str:
        name = self.source.name if self.source is not None else "<in memory>"
        n_rows, n_cols = self.data.shape
        labelled = sum(1 for v in self.value_labels.values() if v)
        return (
            f"SurveyData({name!r}, format={self.file_format}, {n_rows} rows x {n_cols} variables, "
            f"{labelled} with value labels, {len(self.missing)} with user-missing codes, "
            f"sha256={self.sha256[:12] if self.sha256 else None})"
        )
