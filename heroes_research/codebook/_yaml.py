"""Read and write codebooks as YAML, keeping line numbers for error messages."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from heroes_research.codebook._frozen import FrozenMap
from heroes_research.codebook._model import Codebook, VariableMapping
from heroes_research.codebook._parse import build_codebook
from heroes_research.errors import CodebookError

__all__ = ["codebook_to_dict", "load_codebook", "read_yaml", "save_codebook"]


class _LineDict(dict):
    """A dict that remembers the YAML lines it and each of its keys start on (for error messages)."""

    line: int | None = None
    lines: dict[Any, int]


class _LineList(list):
    """A list that remembers the YAML line of each item (for error messages)."""

    line: int | None = None
    lines: dict[int, int]


_BOOL = "tag:yaml.org,2002:bool"


class _Loader(yaml.SafeLoader):
    """SafeLoader that records lines and duplicate keys (PyYAML keeps the last silently).

    Booleans are YAML 1.2's ``true``/``false`` only: YAML 1.1 also reads ``NO``, ``yes``,
    ``on`` and ``off`` as booleans, so ``NO:`` (Norway) would become ``False``.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[Any, int]] = []


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    out = _LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out.lines.setdefault(key, key_node.start_mark.line + 1)
        if key in out:
            loader.duplicates.append((key, key_node.start_mark.line + 1))
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> _LineList:
    out = _LineList(loader.construct_object(item, deep=True) for item in node.value)
    out.line = node.start_mark.line + 1
    out.lines = {i: item.start_mark.line + 1 for i, item in enumerate(node.value)}
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _read_yaml(path: Path, what: str) -> tuple[Any, list[tuple[Any, int]]]:
    """The document and its repeated keys; mappings and lists remember their lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CodebookError(f"the {what} file does not exist", reason="file_not_found", file=path,
                            hint="check the path (codebooks live beside their raw data)") from None
    except UnicodeDecodeError as exc:
        raise CodebookError(f"the {what} is not UTF-8 ({exc.reason} at byte {exc.start})",
                            reason="bad_encoding", file=path, hint="save it as UTF-8") from None
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        import pandas as pd

        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        where = "" if mark is None else f" at line {line}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc)
        message = f"the {what} is not valid YAML: {problem}{where}"
        failures = pd.DataFrame([{"file": str(path), "line": line, "country": None, "variable": None,
                                  "problem": "malformed_yaml", "message": message}])
        raise CodebookError(message, reason="malformed_yaml", file=path, failures=failures,
                            hint="fix the YAML syntax (indentation, quotes around text with ':')") from exc
    finally:
        loader.dispose()
    return data, loader.duplicates


def load_codebook(path: str | os.PathLike[str]) -> Codebook:
    """Load and validate a harmonisation codebook (YAML).

    Every problem is collected before raising, so one error lists them all.

    Parameters
    ----------
    path
        The codebook file, e.g. ``data/raw/demo/early_identification/codebook.yaml``.

    Returns
    -------
    Codebook
        Immutable; ``codebook.path`` is the file read.

    Raises
    ------
    CodebookError
        ``reason="malformed_yaml"`` with the line number, or one error whose
        ``failures`` DataFrame (file, line, country, variable, problem, message) lists
        every problem: unknown type, duplicate variable or code, recode target not
        among the codes, reverse on a non-ordinal, unknown country, a country mapping
        naming an undeclared variable, ...

    Example
    -------
    >>> from heroes_research.codebook import load_codebook
    >>> cb = load_codebook("data/raw/demo/early_identification/codebook.yaml")  # doctest: +SKIP
    >>> cb.variable("sector").codes[1]  # doctest: +SKIP
    'Law enforcement'
    """
    path = Path(path)
    return build_codebook(read_yaml(path, "codebook"), file=path)


def read_yaml(path: str | os.PathLike[str], what: str = "file") -> Any:
    """Read a YAML settings file: mappings and lists remember their lines (``.line``,
    ``.lines``), booleans are ``true``/``false`` only, a repeated key is an error.

    Raises
    ------
    CodebookError
        ``file_not_found``, ``bad_encoding``, ``malformed_yaml`` (with the line) or
        ``duplicate_key`` (``failures`` lists the lines).

    Example
    -------
    >>> read_yaml("data/raw/demo/study.yaml", "study settings")["countries"]  # doctest: +SKIP
    """
    path = Path(path)
    data, duplicates = _read_yaml(path, what)
    if duplicates:
        import pandas as pd

        failures = pd.DataFrame([
            {"file": str(path), "line": line, "country": None, "variable": None,
             "problem": "duplicate_key", "message": f"key {key!r} appears twice in one mapping"}
            for key, line in duplicates
        ])
        raise CodebookError(f"the {what} repeats {len(duplicates)} key(s) (YAML keeps only the last)",
                            reason="duplicate_key", file=path, failures=failures,
                            hint="remove or renumber the repeated keys at the lines listed")
    return data


def _mapping_to_dict(mapping: VariableMapping) -> dict[str, Any]:
    source = mapping.source.to_dict() if isinstance(mapping.source, FrozenMap) else mapping.source
    out: dict[str, Any] = {"source": source}
    if mapping.recode:
        out["recode"] = mapping.recode.to_dict()
    if mapping.missing:
        out["missing"] = mapping.missing.to_dict()
    if mapping.reverse:
        out["reverse"] = True
    return out


def codebook_to_dict(codebook: Codebook) -> dict[str, Any]:
    """Plain data in the agreed YAML layout (only non-default keys are written)."""
    out: dict[str, Any] = {"instrument": codebook.instrument, "version": codebook.version}
    if codebook.title:
        out["title"] = codebook.title
    if codebook.id is not None:
        out["id"] = codebook.id
    if codebook.synthetic:
        out["synthetic"] = True
    if codebook.design:
        out["design"] = codebook.design.to_dict()
    out["missing"] = codebook.missing.to_dict()
    variables = []
    for v in codebook.variables:
        item: dict[str, Any] = {"name": v.name, "label": v.label, "type": v.type}
        if v.codes:
            item["codes"] = v.codes.to_dict()
        if v.options:
            item["options"] = v.options.to_dict()
        if v.range is not None:
            item["range"] = list(v.range)
        if v.battery:
            item["battery"] = v.battery
        variables.append(item)
    out["variables"] = variables
    if codebook.checks:
        out["checks"] = [{"rule": c.rule, "message": c.message} for c in codebook.checks]
    countries: dict[str, Any] = {}
    for code, country in codebook.countries.items():
        entry: dict[str, Any] = {}
        if country.file is not None:
            entry["file"] = country.file
        if country.language is not None:
            entry["language"] = country.language
        if country.encoding is not None:
            entry["encoding"] = country.encoding
        entry["variables"] = {name: _mapping_to_dict(m) for name, m in country.variables.items()}
        countries[code] = entry
    if codebook.pooled:
        out["pooled"] = [{"file": p.file, "country": p.country,
                          **({"values": p.values.to_dict()} if p.values else {})} for p in codebook.pooled]
    out["countries"] = countries
    return out


def save_codebook(codebook: Codebook, path: str | os.PathLike[str]) -> Path:
    """Write a codebook as YAML (atomically); ``load_codebook`` gives back an equal codebook.

    Parameters
    ----------
    codebook
        The codebook to write.
    path
        The ``.yaml`` file; its folder must exist. A failed write leaves an old file intact.

    Returns
    -------
    Path
        The file written.

    Example
    -------
    >>> path = save_codebook(cb, "codebook.yaml")  # doctest: +SKIP
    >>> load_codebook(path) == cb  # doctest: +SKIP
    True
    """
    from heroes_research.io import atomic_write

    path = Path(path)
    text = yaml.safe_dump(codebook_to_dict(codebook), sort_keys=False, allow_unicode=True, width=100)
    with atomic_write(path) as handle:
        handle.write(text)
    return path
