"""Column formats and merged columns of a PublicationTable: numbers stay numbers until a writer renders them.

Modelled on great-tables (``fmt_number``, ``cols_merge``): the table keeps full-precision
values; a :class:`ColumnFormat` says how a column is shown (decimals, scale) and gives
the same rule to Excel as a number format; a :class:`Merge` joins columns into one
display column for text formats (``"57.1 (29.3–81.1)"`` in DOCX/HTML/LaTeX) while the
workbook (full precision) and the CSV (the column's digits) keep them as separate numeric columns.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from heroes_research.errors import OutputError
from heroes_research.tables._common import NOT_AVAILABLE, SUPPRESSED

__all__ = ["ColumnFormat", "Merge", "is_number"]


def is_number(value: Any) -> bool:
    """True for a real, finite number (not bool, not NaN/NA): what a writer stores as a number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return math.isfinite(float(value))


@dataclass(frozen=True)
class ColumnFormat:
    """How a numeric column is shown: ``digits`` decimals after multiplying by ``scale``.

    Parameters
    ----------
    digits
        Decimals shown (0 for counts).
    scale
        Factor applied before showing (100 for a proportion shown as a percentage).
    missing
        Text for a missing value (default the OECD/UN ``".."``).
    below
        Show a non-negative value that rounds to zero as ``<0.001`` (for ``digits=3``),
        in text and, through a conditional number format, in Excel: p-values.

    Example
    -------
    >>> fmt = ColumnFormat(digits=1, scale=100)
    >>> fmt.text(0.5714), fmt.excel, fmt.value(0.5714)
    ('57.1', '0.0', 57.14)
    >>> p = ColumnFormat(digits=3, below=True)
    >>> p.text(0.0002), p.text(0.0123), p.excel
    ('<0.001', '0.012', '[<0.0005]"<0.001";0.000')
    """

    digits: int = 1
    scale: float = 1.0
    missing: str = NOT_AVAILABLE
    below: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.digits, int) or not 0 <= self.digits <= 10:
            raise OutputError(f"column format: digits must be an integer 0-10, not {self.digits!r}",
                              reason="bad_argument", variable="digits", hint="e.g. ColumnFormat(digits=1)")

    def value(self, value: Any) -> Any:
        """The number stored in a spreadsheet (scaled, full precision); text and symbols as they are."""
        if is_number(value):
            scaled = float(value) * self.scale
            return round(scaled) if self.digits == 0 and scaled == round(scaled) else scaled
        if value is None or (isinstance(value, float) and math.isnan(value)) or _is_na(value):
            return None
        return str(value)

    def text(self, value: Any) -> str:
        """The value as shown in a text format (DOCX, HTML, CSV, LaTeX)."""
        if is_number(value):
            scaled = float(value) * self.scale
            if self.below and 0 <= scaled < self._half_unit:
                return f"<{10 ** -self.digits:.{self.digits}f}"
            return f"{scaled:.{self.digits}f}"
        if value is None or _is_na(value):
            return self.missing
        return str(value)

    @property
    def excel(self) -> str:
        """The matching Excel number format (``0``, ``0.0``, ``0.00``...)."""
        plain = "0" if self.digits == 0 else "0." + "0" * self.digits
        if self.below:
            return f'[<{self._half_unit:g}]"<{10 ** -self.digits:.{self.digits}f}";{plain}'
        return plain

    @property
    def _half_unit(self) -> float:
        """Half the last shown decimal: values below it round to zero."""
        return 0.5 * 10 ** -self.digits

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (side-cars)."""
        return asdict(self)


@dataclass(frozen=True)
class Merge:
    """Columns joined into one display column for text formats, e.g. estimate and CI.

    Parameters
    ----------
    columns
        The data columns, in the order ``pattern`` refers to them (``{0}``, ``{1}``...).
    pattern
        Python format string over the formatted values.

    Notes
    -----
    When the first column's value is not a number (a symbol such as ``x`` or missing),
    the display cell is that symbol alone, as great-tables' ``cols_merge`` does; when
    another column is missing or a symbol (no interval), the first column's value alone.
    Other columns may hold text (a ranking's item label: ``Merge(("est", "item"), "{1} ({0})")``).

    Example
    -------
    >>> Merge(("estimate", "ci_low", "ci_high")).pattern
    '{0} ({1}–{2})'
    """

    columns: tuple[str, ...]
    pattern: str = "{0} ({1}–{2})"

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        if len(self.columns) < 2:
            raise OutputError("merged column: give at least two columns", reason="bad_argument",
                              variable="columns", hint="e.g. Merge(('estimate', 'ci_low', 'ci_high'))")

    def text(self, values: list[Any], formats: list[ColumnFormat]) -> str:
        """The display text of one row."""
        head = formats[0].text(values[0])
        if not is_number(values[0]):
            return head
        if not all(_present(v) for v in values):
            return head
        parts = [fmt.text(v) for v, fmt in zip(values, formats, strict=True)]
        return self.pattern.format(*parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (side-cars)."""
        return {"columns": list(self.columns), "pattern": self.pattern}


def _present(value: Any) -> bool:
    """A number, or text that is not a table symbol (``x``, ``..``) nor empty."""
    if is_number(value):
        return True
    return isinstance(value, str) and value.strip() not in ("", SUPPRESSED, NOT_AVAILABLE)


def _is_na(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def formats_from_dict(raw: Mapping[str, Any]) -> dict[str, ColumnFormat]:
    """Inverse of ``{name: fmt.to_dict()}`` (reading a side-car)."""
    return {str(k): ColumnFormat(**v) for k, v in raw.items()}
