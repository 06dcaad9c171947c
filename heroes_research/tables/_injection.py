"""Formula injection: a published cell must never be read as a formula by a spreadsheet.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``), also after a tab or carriage
return. OWASP's CSV-injection advice: prefix such a cell with a single quote so it
is stored and shown as text. Every CSV and XLSX writer passes titles, headers,
labels and cells through :func:`neutralise_formula`.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["FORMULA_TRIGGERS", "neutralise_formula"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def neutralise_formula(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell: text a formula would start is quoted.

    Parameters
    ----------
    value
        Any cell value. Only strings can be formulas: numbers (also negative ones),
        dates, booleans and missing values are returned unchanged, and so is text that
        is just a number (``"-5"``, ``"+1.5"``), which a spreadsheet reads as that
        number, not as a formula.

    Returns
    -------
    Any
        ``"'" + value`` for a string starting with ``= + - @``, a tab or a carriage
        return (and not a plain number); ``value`` itself otherwise.

    Notes
    -----
    OWASP, *CSV Injection*: https://owasp.org/www-community/attacks/CSV_Injection

    Example
    -------
    >>> neutralise_formula("=1+2"), neutralise_formula("+cmd|' /C calc'!A0")
    ("'=1+2", "'+cmd|' /C calc'!A0")
    >>> neutralise_formula(-3.74), neutralise_formula("-3.74"), neutralise_formula("- none")
    (-3.74, '-3.74', "'- none")
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _is_number(value):
        return "'" + value
    return value
