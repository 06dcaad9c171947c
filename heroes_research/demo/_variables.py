"""Harmonised variables of the demo instruments and how each is localised per country.

A :class:`Var` is one entry of the codebook's ``variables`` list plus two facts the
generator needs: the language-neutral ``stem`` its country-specific name is built
from (see ``languages.yaml``) and its ``role``, which says how a fieldwork
partner's coding conventions apply to it (see ``_localise.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["MISSING", "MISSING_KEYS", "Var"]

#: Harmonised missing codes shared by every coded variable (codebook ``missing``).
MISSING: dict[int, str] = {97: "Not applicable", 98: "Don't know", 99: "Refused"}
#: Harmonised missing code -> key of its translated label in ``languages.yaml``.
MISSING_KEYS: dict[int, str] = {97: "not_applicable", 98: "dont_know", 99: "refused"}

# Roles: how a country's conventions transform a variable.
#   id      respondent/agency id (text; whitespace noise in some files)
#   plain   copied as is (design variables: psu, weight, fpc)
#   count   non-negative number; missing as the country's numeric missing codes
#   scale   ordinal 1..5; 0-4 coding and reversed direction vary by country
#   ordinal ordinal with its own codes, same in every country apart from missing codes
#   yesno   {0: No, 1: Yes}; some countries code 1 = yes, 2 = no
#   nominal categorical; some countries number the categories in their own order
#   multi   multi-response: one 0/1 column per option
#   text    free text (synthetic, neutral)
#   date    interview date
ROLES = frozenset(
    {"id", "plain", "count", "scale", "ordinal", "yesno", "nominal", "multi", "text", "date"}
)


@dataclass(frozen=True)
class Var:
    """One harmonised variable of a demo instrument."""

    name: str
    label: str
    type: str
    stem: str
    role: str
    codes: Mapping[int, str] | None = None
    battery: str | None = None
    range: tuple[float, float] | None = None
    options: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} for demo variable {self.name!r}")

    def to_codebook(self) -> dict[str, Any]:
        """The codebook ``variables`` entry (agreed YAML format)."""
        entry: dict[str, Any] = {"name": self.name, "label": self.label, "type": self.type}
        if self.codes is not None:
            entry["codes"] = dict(self.codes)
        if self.options is not None:
            entry["options"] = dict(self.options)
        if self.range is not None:
            entry["range"] = list(self.range)
        if self.battery is not None:
            entry["battery"] = self.battery
        return entry
