"""Structured exceptions for heroes_research.

Every error names *where* (file, variable, rows, country, ...), *what* went wrong
(a stable ``reason`` code a program can test) and *what to do* (``hint``).
Validation-style errors also carry ``failures``: a DataFrame with one row per
problem, so a notebook can display every failure at once instead of the first.

Example
-------
>>> from heroes_research.errors import InputFileError
>>> err = InputFileError("the file is empty", file="data/raw/x.sav",
...                      reason="empty_file", hint="re-export it from SPSS")
>>> print(err)
the file is empty [file 'data/raw/x.sav'] -- what to do: re-export it from SPSS
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported lazily: errors.py is imported everywhere
    import pandas as pd

__all__ = [
    "BuildError",
    "CodebookError",
    "DesignError",
    "DisclosureError",
    "EstimationError",
    "HeroesError",
    "InputFileError",
    "LegalDataError",
    "OutputError",
    "ValidationError",
]

_MAX_ROWS_SHOWN = 10


class HeroesError(Exception):
    """Base class of every error raised by heroes_research.

    Parameters
    ----------
    message
        What went wrong, in one sentence.
    reason
        Stable machine-readable code such as ``"empty_file"`` or ``"lonely_psu"``.
    file, variable, rows, country
        Where it went wrong. ``rows`` are row ids or 0-based positions.
    hint
        What the user should do about it.
    failures
        Optional DataFrame with one row per problem (validation errors).
    """

    default_reason = "error"

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        file: Any = None,
        variable: str | None = None,
        rows: Sequence[Any] | None = None,
        country: str | None = None,
        hint: str | None = None,
        failures: pd.DataFrame | None = None,
    ) -> None:
        self.message = message
        self.reason = reason or self.default_reason
        self.file = None if file is None else str(file)
        self.variable = variable
        self.rows = None if rows is None else list(rows)
        self.country = country
        self.hint = hint
        self.failures = failures
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"file '{self.file}'")
        if self.country is not None:
            where.append(f"country {self.country}")
        if self.variable is not None:
            where.append(f"variable '{self.variable}'")
        if self.rows:
            shown = ", ".join(map(str, self.rows[:_MAX_ROWS_SHOWN]))
            more = len(self.rows) - _MAX_ROWS_SHOWN
            where.append(f"rows [{shown}{f', ... {more} more' if more > 0 else ''}]")
        text = self.message
        if where:
            text += " [" + "; ".join(where) + "]"
        if self.failures is not None and len(self.failures):
            text += f"\n{len(self.failures)} problem(s):\n" + self.failures.head(20).to_string()
            if len(self.failures) > 20:
                text += f"\n... see .failures for all {len(self.failures)}"
        if self.hint:
            text += f" -- what to do: {self.hint}"
        return text


class InputFileError(HeroesError):
    """A file could not be read: missing, empty, corrupt, wrong extension or encoding."""

    default_reason = "unreadable_file"


class CodebookError(HeroesError):
    """A harmonisation codebook is malformed or does not fit the data."""

    default_reason = "bad_codebook"


class ValidationError(HeroesError):
    """Data violate rules; ``failures`` lists every violation."""

    default_reason = "validation_failed"


class DesignError(HeroesError):
    """A survey design cannot be built (weights, strata, PSUs, fpc)."""

    default_reason = "bad_design"


class EstimationError(HeroesError):
    """An estimate cannot be computed (missing values, empty domain, singular model)."""

    default_reason = "estimation_failed"


class DisclosureError(HeroesError):
    """A table cannot be protected or is not a valid table of counts or magnitudes."""

    default_reason = "bad_table"


class LegalDataError(HeroesError):
    """Legal indicators or codings are invalid; ``failures`` lists every problem."""

    default_reason = "bad_legal_data"


class OutputError(HeroesError):
    """An output cannot be written (name clash, unknown country, empty data)."""

    default_reason = "bad_output"


class BuildError(HeroesError):
    """The notebook build failed (unknown notebook, bad parameters, failing cell)."""

    default_reason = "build_failed"
