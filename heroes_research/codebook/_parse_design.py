"""Parse the design and pooled-file sections of a codebook (typed, each problem with its line)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from heroes_research.codebook._frozen import FrozenMap
from heroes_research.codebook._model import (
    DESIGN_ROLES,
    LONELY_PSU_RULES,
    CountryMapping,
    DesignSpec,
    PooledFile,
    ReplicateSpec,
    Variable,
)
from heroes_research.codebook._problems import Problems, close, unknown_keys
from heroes_research.errors import HeroesError

__all__ = ["parse_design", "parse_pooled", "parse_replicates"]

_DESIGN_KEYS = (*DESIGN_ROLES, "lonely_psu", "nest", "replicates")
_REPLICATE_KEYS = ("weights", "type", "scale", "rscales", "rho", "mse", "combined_weights")
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
        elif role == "replicates":
            spec[role] = parse_replicates(value, variables, problems)
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
    if spec.get("replicates") is not None and "weights" not in spec:
        problems.add("bad_design", "design: replicate weights need the full-sample weight too; add "
                     "'weights' (the design weight column) to the design", node, key="replicates")
    return DesignSpec(**spec)


def _replicate_columns(value: Any, node: Mapping, variables: dict[str, Variable],
                       problems: Problems) -> tuple[str, ...]:
    """The declared variables named by a list, or matched by a regular expression."""
    if isinstance(value, str):
        try:
            pattern = re.compile(value)
        except re.error as error:
            problems.add("bad_design", f"design replicates: weights {value!r} is not a regular "
                         f"expression ({error}); write e.g. '^repw' for repw1, repw2, ...", node, key="weights")
            return ()
        names = tuple(name for name in variables if pattern.search(name))
        if not names:
            problems.add("bad_design", f"design replicates: weights {value!r} matches no declared variable; "
                         "declare each replicate weight column as a numeric variable", node, key="weights")
        return names
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problems.add("bad_design", "design replicates: 'weights' must be a list of variable names or a "
                     "regular expression such as '^repw'", node, key="weights")
        return ()
    for name in value:
        if name not in variables:
            problems.add("undeclared_variable", f"design replicate weight {name!r} is not a declared variable"
                         f"{close(name, variables)}", node, key="weights", variable=name)
    return tuple(value)


def _number(node: Mapping, key: str, problems: Problems, low: float, high: float, what: str) -> Any:
    value = node.get(key)
    if value is None:
        return None
    items = value if key == "rscales" and isinstance(value, list) else [value]
    if not items or not all(isinstance(v, int | float) and not isinstance(v, bool) and low <= v < high
                            for v in items):
        problems.add("bad_design", f"design replicates: {key} {value!r} must be {what}", node, key=key)
        return None
    return tuple(float(v) for v in items) if isinstance(value, list) else float(value)


def parse_replicates(node: Any, variables: dict[str, Variable], problems: Problems) -> ReplicateSpec | None:
    """The typed ``design: replicates:`` mapping (R's ``svrepdesign`` arguments), or None if wrong."""
    from heroes_research.survey._replicate import REPLICATE_TYPES

    if not isinstance(node, Mapping) or "weights" not in node or "type" not in node:
        problems.add("bad_design", "design: 'replicates' must map at least 'weights' (the replicate weight "
                     "variables) and 'type' (JK1, JKn, BRR, Fay, bootstrap, ...)", node)
        return None
    unknown_keys(node, _REPLICATE_KEYS, "design replicates", problems)
    columns = _replicate_columns(node["weights"], node, variables, problems)
    for name in columns:
        if name in variables and variables[name].type != "numeric":
            problems.add("bad_design", f"design replicate weight {name!r} is {variables[name].type}; declare it "
                         "type: numeric", node, key="weights", variable=name)
    kind = node["type"]
    if kind not in REPLICATE_TYPES:
        problems.add("bad_design", f"design replicates: type {kind!r} is not one of {', '.join(REPLICATE_TYPES)}"
                     f"{close(kind, REPLICATE_TYPES)}", node, key="type")
    rho = _number(node, "rho", problems, 0.0, 1.0, "a number in [0, 1) (Fay's rho)")
    if (kind == "Fay") != ("rho" in node):
        problems.add("bad_design", "design replicates: 'rho' goes with type Fay, and type Fay needs it "
                     "(e.g. rho: 0.5)", node, key="rho" if "rho" in node else "type")
    scale = _number(node, "scale", problems, 1e-300, float("inf"), "a positive number")
    rscales = _number(node, "rscales", problems, 0.0, float("inf"),
                      "a number or a list of numbers >= 0, one per replicate")
    if kind == "JKn" and rscales is None:
        problems.add("bad_design", "design replicates: type JKn needs 'rscales' ((n_h - 1)/n_h of each "
                     "replicate's stratum, as the data producer documents them)", node, key="type")
    if isinstance(rscales, tuple) and columns and len(rscales) != len(columns):
        problems.add("bad_design", f"design replicates: {len(rscales)} rscales for {len(columns)} replicate "
                     "weights; give one per replicate (or a single number)", node, key="rscales")
    flags = {}
    for key, default in (("mse", False), ("combined_weights", True)):
        value = node.get(key, default)
        if not isinstance(value, bool):
            problems.add("bad_design", f"design replicates: {key} must be true or false, not {value!r}",
                         node, key=key)
            value = default
        flags[key] = value
    weights = node["weights"] if isinstance(node["weights"], str) else tuple(map(str, node["weights"] or ()))
    return ReplicateSpec(weights=weights, columns=columns, type=str(kind), scale=scale, rscales=rscales,
                         rho=rho, **flags)


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
