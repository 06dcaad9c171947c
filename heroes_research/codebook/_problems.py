"""Collecting codebook problems: each check adds one, and one CodebookError lists them all."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from heroes_research.errors import CodebookError

__all__ = ["FAILURE_COLUMNS", "Problems", "close", "is_code", "unknown_keys"]

FAILURE_COLUMNS = ("file", "line", "country", "variable", "problem", "message")


class Problems:
    """Collects codebook problems; raises them together."""

    def __init__(self, file: Path | str | None) -> None:
        self.file = None if file is None else str(file)
        self.rows: list[dict[str, Any]] = []

    def add(self, problem: str, message: str, node: Any = None, *, key: Any = None,
            variable: str | None = None, country: str | None = None) -> None:
        """Record a problem at ``node`` (at its ``key``'s line when given and known)."""
        line = getattr(node, "lines", {}).get(key, getattr(node, "line", None))
        self.rows.append({"file": self.file, "line": line, "country": country,
                          "variable": variable, "problem": problem, "message": message})

    def raise_if_any(self) -> None:
        if not self.rows:
            return
        import pandas as pd

        failures = pd.DataFrame(self.rows, columns=list(FAILURE_COLUMNS))
        failures["line"] = failures["line"].astype("Int64")
        first = self.rows[0]
        single = len(self.rows) == 1
        raise CodebookError(
            (first["message"] + (f" (line {first['line']})" if first["line"] else "")) if single
            else f"the codebook has {len(self.rows)} problems",
            reason=first["problem"] if single else "invalid_codebook",
            file=self.file, variable=first["variable"] if single else None,
            country=first["country"] if single else None,
            failures=failures, hint="fix the codebook at the lines listed, then load it again",
        )


def close(name: Any, choices: Any) -> str:
    matches = difflib.get_close_matches(str(name), [str(c) for c in choices], n=3)
    return f" (did you mean {' or '.join(map(repr, matches))}?)" if matches else ""


def unknown_keys(node: Mapping, allowed: tuple[str, ...], where: str, problems: Problems,
                  **where_kw: Any) -> None:
    for key in node:
        if key not in allowed:
            problems.add("unknown_key", f"{where}: unknown key {key!r}{close(key, allowed)}; "
                         f"allowed: {', '.join(allowed)}", node, key=key, **where_kw)


def is_code(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
