"""Parse the design and pooled-file sections of a codebook (typed, each problem with its line)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heroes_research.codebook._frozen import FrozenMap
from heroes_research.codebook._model import (
    DESIGN_ROLES,
    LONELY_PSU_RULES,
    CountryMapping,
    DesignSpec,
    PooledFile,
    Variable,
)
from heroes_research.codebook._problems import Problems, close, unknown_keys
from heroes_research.errors import HeroesError

__all__ = ["parse_design", "parse_pooled"]

_DESIGN_KEYS = (*DESIGN_ROLES, "lonely_psu", "nest")
_POOLED_KEYS = ("file", "country", "values")


def parse_design(node: Any, raw: Mapping, variables: dict[str, Variable], problems: Problems) -> DesignSpec:
    """The typed design: each role a declared variable (or ``country``), lonely_psu a rule, nest a bool."""
    if node is None:
        return DesignSpec()
    if not isinstance(node, Mapping):
        problems.add("bad_design", f"'design' must map role ({', '.join(_DESIGN_KEYS)}) to a variable",
                     raw, key="design")
        return DesignSpec()
    spec: dict[str, Any] = {}
    for role, value in node.items():
        if role not in _DESIGN_KEYS:
            problems.add("unknown_design_role", f"design: unknown role {role!r}{close(role, _DESIGN_KEYS)}; "
                         f"the roles are {', '.join(_DESIGN_KEYS)}", node, key=role)
        elif role == "nest":
            if isinstance(value, bool):
                spec[role] = value
            else:
                problems.add("bad_design", f"design: nest must be true or false, not {value!r}", node, key=role)
        elif role == "lonely_psu":
            if value in LONELY_PSU_RULES:
                spec[role] = value
            else:
                problems.add("bad_design", f"design: lonely_psu {value!r} is not a rule{close(value, LONELY_PSU_RULES)}; "
                             f"use one of {', '.join(LONELY_PSU_RULES)}", node, key=role)
        elif not isinstance(value, str) or (value not in variables and value != "country"):
            problems.add("undeclared_variable", f"design {role} {value!r} is not a declared variable"
                         f"{close(value, variables)}", node, key=role, variable=str(value))
        else:
            spec[role] = value
    return DesignSpec(**spec)


def _pooled_values(node: Any, where: str, problems: Problems) -> dict[Any, str]:
    from heroes_research.countries import to_iso2

    if node is None:
        return {}
    if not isinstance(node, Mapping) or not node:
        problems.add("bad_pooled", f"{where}: 'values' must map a value in the file to an ISO code "
                     "(578: NO)", node)
        return {}
    out: dict[Any, str] = {}
    for value, code in node.items():
        try:
            out[value] = to_iso2(code) if isinstance(code, str) else to_iso2("")
        except HeroesError as error:
            problems.add("unknown_country", f"{where}: value {value!r} maps to {code!r}, which is not an "
                         f"ISO 3166 country; {error.hint}", node, key=value, country=str(code))
    return out


def parse_pooled(node: Any, countries: dict[str, CountryMapping], problems: Problems) -> tuple[PooledFile, ...]:
    """Files holding several countries: each country it feeds is declared under 'countries' without a file."""
    if node is None:
        return ()
    items = [node] if isinstance(node, Mapping) else node
    if not isinstance(items, list):
        problems.add("bad_pooled", "'pooled' must be a list of {file, country, values}", node)
        return ()
    fileless = [code for code, mapping in countries.items() if mapping.file is None]
    out = []
    fed_by: dict[str, str] = {}
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("file"), str) \
                or not isinstance(item.get("country"), str):
            problems.add("bad_pooled", "each pooled file needs 'file' (the file name) and 'country' "
                         "(the column that says each row's country)", item)
            continue
        where = f"pooled file {item['file']!r}"
        unknown_keys(item, _POOLED_KEYS, where, problems)
        also = [code for code, mapping in countries.items() if mapping.file == item["file"]]
        if also or item["file"] in fed_by.values():
            problems.add("pooled_file_twice", f"{where} is also named as the file of "
                         f"{', '.join(also) or 'another pooled entry'}; it would be read twice: name it once",
                         item)
        values = _pooled_values(item.get("values"), where, problems)
        fed = list(dict.fromkeys(values.values())) if values else fileless
        for code in fed:
            if code not in countries:
                problems.add("undeclared_country", f"{where}: country {code} has no entry under 'countries'; "
                             "add it there (its variables, without a 'file')", item.get("values"), country=code)
            elif countries[code].file is not None:
                problems.add("pooled_country_has_file", f"{where}: country {code} also has its own file "
                             f"{countries[code].file!r}; its rows would be read twice: remove one", item,
                             country=code)
            elif code in fed_by:
                problems.add("pooled_country_twice", f"{where}: country {code} is also in pooled file "
                             f"{fed_by[code]!r}; its rows would be read twice: keep it in one", item,
                             country=code)
            fed_by.setdefault(code, item["file"])
        out.append(PooledFile(file=item["file"], country=item["country"], values=FrozenMap(values),
                              countries=tuple(c for c in fed if c in countries)))
    return tuple(out)
