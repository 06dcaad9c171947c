"""Build a :class:`Codebook` from plain data (YAML or Excel), collecting every problem.

Each check appends a problem (reason, message, line, variable, country) instead of
raising, so one :class:`~heroes_research.errors.CodebookError` lists them all in
``failures``: a DataFrame with columns ``file, line, country, variable, problem, message``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from heroes_research.codebook._frozen import FrozenMap
from heroes_research.codebook._model import (
    CODED_TYPES,
    VARIABLE_TYPES,
    Check,
    Codebook,
    CountryMapping,
    Variable,
    VariableMapping,
)
from heroes_research.codebook._parse_design import parse_design, parse_pooled
from heroes_research.codebook._problems import (
    Problems,
    close,
    is_code,
    unknown_keys,
)
from heroes_research.errors import HeroesError

__all__ = ["build_codebook"]

_TOP_KEYS = ("instrument", "version", "title", "id", "synthetic", "design", "missing", "variables", "pooled",
             "countries", "checks")

_VARIABLE_KEYS = ("name", "label", "type", "codes", "options", "range", "battery")
_MAPPING_KEYS = ("source", "recode", "missing", "reverse")
_COUNTRY_KEYS = ("file", "language", "encoding", "variables")
_RESERVED = ("country",)


def _int_map(node: Any, what: str, problems: Problems, **where: Any) -> dict[int, str]:
    """Integer code -> label; labels must be unique (they become categories)."""
    if not isinstance(node, Mapping):
        problems.add("bad_codes", f"{what} must be a mapping code: label, not {type(node).__name__}",
                     node, **where)
        return {}
    out: dict[int, str] = {}
    for code, label in node.items():
        if not is_code(code):
            problems.add("bad_code", f"{what}: code {code!r} is not an integer", node, key=code, **where)
        elif label is None or isinstance(label, Mapping | list):
            problems.add("bad_label", f"{what}: code {code} needs a text label", node, key=code, **where)
        else:
            out[code] = str(label)
    repeated = [label for label, n in Counter(out.values()).items() if n > 1]  # in first-use order
    for label in repeated:
        problems.add("duplicate_label", f"{what}: label {label!r} is used by more than one code",
                     node, **where)
    return dict(sorted(out.items()))


def _parse_variable(node: Any, missing: dict[int, str], problems: Problems) -> Variable | None:
    if not isinstance(node, Mapping) or not isinstance(node.get("name"), str):
        problems.add("bad_variable", f"each variable needs a 'name' (got {node!r:.80})", node)
        return None
    name = node["name"]
    where = {"variable": name}
    unknown_keys(node, _VARIABLE_KEYS, f"variable {name!r}", problems, **where)
    if not name.isidentifier() or "__" in name or name in _RESERVED:
        problems.add("bad_name", f"variable name {name!r} must be an identifier without '__' "
                     f"and not one of {', '.join(_RESERVED)}", node, **where)
    vtype = node.get("type")
    if vtype not in VARIABLE_TYPES:
        problems.add("unknown_type", f"variable {name!r}: unknown type {vtype!r}{close(vtype, VARIABLE_TYPES)}; "
                     f"use one of {', '.join(VARIABLE_TYPES)}", node, **where)
    codes: dict[int, str] = {}
    if vtype in CODED_TYPES:
        if "codes" not in node:
            problems.add("missing_codes", f"{vtype} variable {name!r} needs 'codes'", node, **where)
        codes = _int_map(node.get("codes", {}), f"variable {name!r} codes", problems, **where)
        for code in set(codes) & set(missing):
            problems.add("code_is_missing_code", f"variable {name!r}: code {code} is also a harmonised "
                         f"missing code ({missing[code]!r})", node.get("codes"), key=code, **where)
    elif "codes" in node:
        problems.add("codes_not_allowed", f"variable {name!r}: type {vtype} takes no 'codes'", node, **where)
    options: dict[str, str] = {}
    if vtype == "multi_response":
        raw = node.get("options")
        if not isinstance(raw, Mapping) or not raw:
            problems.add("missing_options", f"multi_response variable {name!r} needs 'options' "
                         "(option: label)", node, **where)
        else:
            options = {str(k): str(v) for k, v in raw.items()}
    elif "options" in node:
        problems.add("options_not_allowed", f"variable {name!r}: type {vtype} takes no 'options'",
                     node, **where)
    valid_range = node.get("range")
    if valid_range is not None:
        ok = (isinstance(valid_range, list) and len(valid_range) == 2
              and all(isinstance(x, int | float) and not isinstance(x, bool) for x in valid_range)
              and valid_range[0] <= valid_range[1])
        if vtype != "numeric" or not ok:
            problems.add("bad_range", f"variable {name!r}: 'range' must be [low, high] with low <= high "
                         "on a numeric variable", node, **where)
            valid_range = None
        else:
            valid_range = (valid_range[0], valid_range[1])
    battery = node.get("battery")
    if battery is not None and (vtype not in CODED_TYPES or not isinstance(battery, str)):
        problems.add("bad_battery", f"variable {name!r}: 'battery' must be a name on a categorical "
                     "or ordinal variable", node, **where)
        battery = None
    return Variable(name=name, label=str(node.get("label") or ""), type=str(vtype),
                    codes=FrozenMap(codes), options=FrozenMap(options), range=valid_range,
                    battery=battery)


def _parse_variables(node: Any, missing: dict[int, str], problems: Problems) -> tuple[Variable, ...]:
    if not isinstance(node, list) or not node:
        problems.add("missing_variables", "the codebook needs a non-empty 'variables' list", node)
        return ()
    found: dict[str, Variable] = {}
    for item in node:
        variable = _parse_variable(item, missing, problems)
        if variable is None:
            continue
        if variable.name in found:
            problems.add("duplicate_variable", f"variable {variable.name!r} is declared twice",
                         item, variable=variable.name)
            continue
        found[variable.name] = variable
    return tuple(found.values())


def _parse_source(node: Any, variable: Variable, problems: Problems, where: dict) -> Any:
    source = node.get("source")
    if variable.type == "multi_response":
        if not isinstance(source, Mapping) or not source:
            problems.add("bad_source", f"multi_response {variable.name!r} needs 'source' as "
                         "option: source column", node, **where)
            return None
        for option in source:
            if str(option) not in variable.options:
                problems.add("unknown_option", f"{variable.name!r}: option {option!r} is not declared"
                             f"{close(option, variable.options)}", node, **where)
        return FrozenMap({str(k): str(v) for k, v in source.items()})
    if not isinstance(source, str) or not source:
        problems.add("bad_source", f"{variable.name!r} needs 'source': the column name in this "
                     "country's file", node, **where)
        return None
    return source


class _Source(dict):
    """The long form of a shorthand mapping, keeping its line."""

    def __init__(self, *, source: str, line: int | None) -> None:
        super().__init__(source=source)
        self.line = line


class _Located:
    """A scalar mapping entry (``age: edad``) with the line of its key."""

    def __init__(self, value: Any, line: int | None) -> None:
        self.value, self.line = value, line


def _parse_mapping(node: Any, variable: Variable, missing: dict[int, str], problems: Problems,
                   where: dict) -> VariableMapping | None:
    if isinstance(node, _Located) and isinstance(node.value, str):  # shorthand `resp_id: id_encuestado`
        node = _Source(source=node.value, line=node.line)
    if not isinstance(node, Mapping):
        problems.add("bad_mapping", f"{variable.name!r}: mapping must be a source name or "
                     "{source: ..., recode: ..., missing: ..., reverse: ...}", node, **where)
        return None
    unknown_keys(node, _MAPPING_KEYS, f"mapping of {variable.name!r}", problems, **where)
    source = _parse_source(node, variable, problems, where)
    recode = node.get("recode") or {}
    allowed = {0, 1} if variable.type == "multi_response" else set(variable.codes)
    if recode and not (variable.is_coded or variable.type == "multi_response"):
        problems.add("recode_not_allowed", f"{variable.name!r}: 'recode' needs a categorical, ordinal "
                     f"or multi_response variable, not {variable.type}", node, **where)
    elif not isinstance(recode, Mapping):
        problems.add("bad_recode", f"{variable.name!r}: 'recode' must map country code: harmonised code",
                     node, **where)
        recode = {}
    else:
        for src, target in recode.items():
            if target not in allowed or not is_code(target):
                problems.add("recode_target_not_in_codes", f"{variable.name!r}: recode {src!r} -> "
                             f"{target!r}, but {target!r} is not among the harmonised codes "
                             f"({', '.join(map(str, sorted(allowed)))})", node, **where)
    miss = node.get("missing") or {}
    if not isinstance(miss, Mapping):
        problems.add("bad_missing", f"{variable.name!r}: 'missing' must map country code: harmonised "
                     "missing code", node, **where)
        miss = {}
    for src, target in miss.items():
        if target not in missing or not is_code(target):
            problems.add("unknown_missing_code", f"{variable.name!r}: missing {src!r} -> {target!r}, but "
                         f"the harmonised missing codes are {', '.join(map(str, missing)) or 'none'}",
                         node, **where)
        if src in recode:
            problems.add("recode_missing_conflict", f"{variable.name!r}: code {src!r} is both recoded "
                         "and declared missing", node, **where)
    reverse = node.get("reverse", False)
    if not isinstance(reverse, bool):
        problems.add("bad_reverse", f"{variable.name!r}: 'reverse' must be true or false", node, **where)
        reverse = False
    if reverse and variable.type != "ordinal":
        problems.add("reverse_not_ordinal", f"{variable.name!r}: reverse: true needs an ordinal "
                     f"variable, not {variable.type}", node, **where)
    elif reverse and {min(variable.codes) + max(variable.codes) - c for c in variable.codes} != set(
            variable.codes):
        problems.add("reverse_asymmetric", f"{variable.name!r}: codes {sorted(variable.codes)} are not "
                     "symmetric, so min + max - code leaves them", node, **where)
    if source is None:
        return None
    return VariableMapping(source=source, recode=FrozenMap(recode), missing=FrozenMap(miss),
                           reverse=reverse)


def _parse_country(key: str, node: Any, variables: dict[str, Variable], missing: dict[int, str],
                   id_var: str | None, problems: Problems, line: int | None) -> CountryMapping | None:
    if not isinstance(node, Mapping):
        problems.add("bad_country", f"country {key}: needs file/language/variables", node, country=key)
        return None
    unknown_keys(node, _COUNTRY_KEYS, f"country {key}", problems, country=key)
    raw_vars = node.get("variables")
    if not isinstance(raw_vars, Mapping) or not raw_vars:
        problems.add("missing_variables", f"country {key}: needs a 'variables' mapping", node, country=key)
        raw_vars = {}
    mappings: dict[str, VariableMapping] = {}
    for name, item in raw_vars.items():
        where = {"variable": str(name), "country": key}
        if name not in variables:
            problems.add("undeclared_variable", f"country {key} maps {name!r}, which the codebook does "
                         f"not declare{close(name, variables)}", raw_vars, key=name, **where)
            continue
        if not isinstance(item, Mapping):  # shorthand or wrong: point at the key's line
            item = _Located(item, getattr(raw_vars, "lines", {}).get(name))
        mapping = _parse_mapping(item, variables[name], missing, problems, where)
        if mapping is not None:
            mappings[name] = mapping
    if id_var is not None and id_var in variables and raw_vars and id_var not in raw_vars:
        problems.add("id_not_mapped", f"country {key} does not map the id variable {id_var!r}", node,
                     variable=id_var, country=key)
    file, language, encoding = node.get("file"), node.get("language"), node.get("encoding")
    return CountryMapping(country=key, file=None if file is None else str(file),
                          language=None if language is None else str(language),
                          variables=FrozenMap(mappings), line=line,
                          encoding=None if encoding is None else str(encoding))


def _parse_countries(node: Any, variables: dict[str, Variable], missing: dict[int, str],
                     id_var: str | None, problems: Problems) -> dict[str, CountryMapping]:
    from heroes_research.countries import to_iso2

    if not isinstance(node, Mapping) or not node:
        problems.add("missing_countries", "the codebook needs a 'countries' mapping (ISO code: ...)", node)
        return {}
    out: dict[str, CountryMapping] = {}
    for key, item in node.items():
        try:
            iso2 = to_iso2(key) if isinstance(key, str) else to_iso2("")
        except HeroesError as error:
            problems.add("unknown_country", f"countries: key {key!r} is not an ISO 3166 country; "
                         f"{error.hint}", node, key=key, country=str(key))
            continue
        if iso2 in out:
            problems.add("duplicate_country", f"country {key!r} ({iso2}) is listed twice", node, key=key,
                         country=iso2)
            continue
        line = getattr(node, "lines", {}).get(key)
        country = _parse_country(iso2, item, variables, missing, id_var, problems, line)
        if country is not None:
            out[iso2] = country
    return out


def _parse_checks(node: Any, variables: dict[str, Variable], problems: Problems) -> tuple[Check, ...]:
    from heroes_research.codebook._expr import rule_names

    if node is None:
        return ()
    if not isinstance(node, list):
        problems.add("bad_checks", "'checks' must be a list of {rule: ..., message: ...}", node)
        return ()
    checks = []
    for item in node:
        if not isinstance(item, Mapping) or not isinstance(item.get("rule"), str):
            problems.add("bad_check", f"each check needs a 'rule' (got {item!r:.80})", item)
            continue
        try:
            names = rule_names(item["rule"])
        except ValueError as exc:
            problems.add("bad_check", str(exc), item)
            continue
        for name in names:
            usable = name in variables and variables[name].type in ("numeric", *CODED_TYPES)
            if not usable:
                problems.add("bad_check", f"rule {item['rule']!r} names {name!r}, which is not a declared "
                             f"numeric, categorical or ordinal variable{close(name, variables)}",
                             item, variable=name)
        checks.append(Check(rule=item["rule"], message=str(item.get("message") or item["rule"])))
    return tuple(checks)


def _parse_header(raw: Mapping, variables: dict[str, Variable], problems: Problems) -> dict[str, Any]:
    header: dict[str, Any] = {}
    for key in ("instrument", "version"):
        value = raw.get(key)
        if value is None or isinstance(value, Mapping | list) or not str(value).strip():
            problems.add(f"missing_{key}", f"the codebook needs '{key}'", raw, key=key)
        header[key] = "" if value is None else str(value)
    header["title"] = str(raw.get("title") or "")
    id_var = raw.get("id")
    if id_var is not None and id_var not in variables:
        problems.add("undeclared_variable", f"id {id_var!r} is not a declared variable"
                     f"{close(id_var, variables)}", raw, key="id", variable=str(id_var))
    header["id"] = None if id_var is None else str(id_var)
    header["design"] = parse_design(raw.get("design"), raw, variables, problems)
    synthetic = raw.get("synthetic", False)
    if not isinstance(synthetic, bool):
        problems.add("bad_synthetic", f"'synthetic' must be true or false, not {synthetic!r}", raw,
                     key="synthetic")
        synthetic = False
    header["synthetic"] = synthetic
    return header


def build_codebook(raw: Any, *, file: Path | str | None = None) -> Codebook:
    """Validate plain codebook data and build a :class:`Codebook`.

    Parameters
    ----------
    raw
        The codebook as plain data: the mapping a YAML file or Excel import gives
        (format in :mod:`heroes_research.codebook`).
    file
        The file ``raw`` came from, named in problems and kept as ``Codebook.path``
        (country files are found relative to it).

    Returns
    -------
    Codebook
        The validated, immutable codebook.

    Raises
    ------
    CodebookError
        Listing every problem in ``failures`` (file, line, country, variable, problem, message).

    Example
    -------
    >>> raw = {"instrument": "pilot", "version": "1.0.0", "title": "Pilot survey", "id": "resp_id",
    ...        "variables": [{"name": "resp_id", "label": "Respondent id", "type": "text"},
    ...                      {"name": "age", "label": "Age", "type": "numeric", "range": [16, 90]}],
    ...        "countries": {"ES": {"file": "es.csv", "variables": {"resp_id": "id", "age": "edad"}}}}
    >>> build_codebook(raw).variable("age").range
    (16, 90)
    """
    problems = Problems(file)
    if not isinstance(raw, Mapping):
        problems.add("not_a_mapping", f"a codebook is a mapping of instrument, version, variables, "
                     f"countries; got {type(raw).__name__}", raw)
        problems.raise_if_any()
    unknown_keys(raw, _TOP_KEYS, "top level", problems)
    missing = _int_map(raw.get("missing") or {}, "missing", problems)
    variables = {v.name: v for v in _parse_variables(raw.get("variables"), missing, problems)}
    header = _parse_header(raw, variables, problems)
    checks = _parse_checks(raw.get("checks"), variables, problems)
    countries = _parse_countries(raw.get("countries"), variables, missing, header["id"], problems)
    pooled = parse_pooled(raw.get("pooled"), countries, problems)
    problems.raise_if_any()
    return Codebook(
        missing=FrozenMap(missing), variables=tuple(variables.values()),
        countries=FrozenMap(countries), checks=checks, pooled=pooled,
        path=None if file is None else Path(file), **header,
    )
