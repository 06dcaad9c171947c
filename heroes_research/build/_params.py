"""Notebook parameters: the ``parameters`` cell of each notebook and ``--params`` files.

A params file is YAML: top-level ``name: value`` pairs apply to every notebook
that declares ``name`` in its ``parameters`` cell; a mapping under a notebook's
name applies to that notebook only::

    min_count: 10
    05_early_identification:
      countries: [ES, GB, CO, BD]
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import yaml

from heroes_research.build._registry import NotebookSpec
from heroes_research.errors import BuildError

__all__ = ["declared_parameters", "load_params"]

_CELL_MARKER = re.compile(r"^# %%(.*)$")


class _DatesAsText(yaml.SafeLoader):
    """yaml's safe loader with dates left as text: notebooks take dates as 'YYYY-MM-DD'
    strings, and an impossible date (2024-13-45) is reported by name, not as a traceback."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def declared_parameters(source: Path) -> dict[str, Any]:
    """Names and default values assigned in the cell tagged ``parameters`` of a percent script.

    Parameters
    ----------
    source
        A jupytext percent script (``notebooks/NN_name.py``).

    Returns
    -------
    dict
        Name -> default value, in the order the cell assigns them.

    Example
    -------
    >>> from heroes_research.paths import notebooks_dir
    >>> declared_parameters(notebooks_dir() / "01_data_quality.py")["min_count"]
    5
    """
    cell: list[str] | None = None
    for line in source.read_text(encoding="utf-8").splitlines():
        marker = _CELL_MARKER.match(line)
        if marker:
            if cell is not None:
                break
            if re.search(r"tags=\[[^\]]*[\"']parameters[\"']", marker.group(1)):
                cell = []
        elif cell is not None:
            cell.append(line)
    defaults: dict[str, Any] = {}
    for node in ast.parse("\n".join(cell or [])).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    try:
                        defaults[target.id] = ast.literal_eval(node.value)
                    except (ValueError, TypeError):
                        defaults[target.id] = ast.unparse(node.value)
    return defaults


def load_params(path: Path | None, notebooks: list[NotebookSpec]) -> dict[str, dict[str, Any]]:
    """Read a params file into ``{notebook: {name: value}}``, checking every name.

    Raises
    ------
    BuildError
        If the file is not YAML mapping, names an unknown notebook, or sets a
        parameter that no selected notebook declares.
    """
    if path is None:
        return {nb.name: {} for nb in notebooks}
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_DatesAsText)
    except (OSError, yaml.YAMLError) as err:
        raise BuildError(f"cannot read the params file: {err}", reason="bad_argument", file=path,
                         hint="give a YAML mapping of parameter names to values") from err
    if not isinstance(raw, dict):
        raise BuildError("the params file must be a YAML mapping", reason="bad_argument", file=path,
                         hint="write e.g. 'min_count: 10'")
    declared = {nb.name: declared_parameters(nb.source_path()) for nb in notebooks}
    result = {nb.name: {} for nb in notebooks}
    problems = []
    for key, value in raw.items():
        if key in declared:
            if not isinstance(value, dict):
                problems.append(f"{key}: expected a mapping of parameters for that notebook")
                continue
            unknown = sorted(set(value) - set(declared[key]))
            problems += [f"{key}: no parameter {name!r} (declared: {sorted(declared[key])})" for name in unknown]
            result[key].update(value)
        elif isinstance(value, dict):
            problems.append(f"{key!r} is not a notebook being built (choose from {sorted(declared)})")
        else:
            users = [name for name, params in declared.items() if key in params]
            if not users:
                problems.append(f"no selected notebook declares a parameter {key!r}")
            for name in users:
                result[name].setdefault(key, value)
    for name, values in result.items():
        problems += [f"{name}: {problem}" for key, value in values.items()
                     if (problem := _value_problem(key, value, declared[name].get(key)))]
    if problems:
        raise BuildError("the params file has problems:\n  " + "\n  ".join(problems),
                         reason="bad_argument", file=path, hint="fix the names and values listed")
    return result


def _is_iso_date(value: Any) -> bool:
    import datetime

    if isinstance(value, datetime.date):
        return True
    try:
        datetime.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _country_problem(value: Any, default: list[Any]) -> str | None:
    """Every entry must be one of the notebook's countries, by the code it uses."""
    from heroes_research.countries import to_iso2
    from heroes_research.errors import HeroesError

    if not isinstance(value, list):
        return f"expected a list of country codes such as {default[:3]} (got {value!r})"
    wrong = []
    for entry in value:
        if entry in default:
            continue
        try:
            wrong.append(f"{entry!r} (did you mean {to_iso2(str(entry))!r}?)")
        except HeroesError:
            wrong.append(repr(entry))
    if wrong:
        return f"unknown countries {', '.join(wrong)}; choose from {', '.join(map(str, default))}"
    return None


_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _value_problem(key: str, value: Any, default: Any) -> str | None:
    """A problem with ``value`` judged by the notebook's default for ``key`` (None if fine).

    A list of country codes must hold only known codes (``UK`` is ``GB``, ``XX`` is
    nothing: a silently dropped country is worse than an error); a default that is an
    ISO date needs an ISO date, and so does any value written like one (``2024-13-45``),
    whatever the default (``as_of = None`` means "the latest date").
    """
    if key == "countries":
        from heroes_research.countries import COUNTRY_CODES

        return _country_problem(value, default if isinstance(default, list) else list(COUNTRY_CODES))
    date_like = isinstance(value, str) and _DATE_SHAPE.fullmatch(value) is not None
    date_default = isinstance(default, str) and _is_iso_date(default)
    if (date_default or date_like) and not _is_iso_date(value):
        example = default if date_default else "2024-01-31"
        return f"parameter {key!r} = {value!r} is not a date; write it as YYYY-MM-DD, e.g. {example!r}"
    return None
