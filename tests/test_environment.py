"""environment.yml (conda users) and pyproject.toml (pip) must list the same packages."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import REPO_ROOT
from packaging.requirements import Requirement


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    specs = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return {_normalise(req.name): str(req.specifier) for req in map(Requirement, specs)}


def _environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    entries: list[str] = []
    for item in env["dependencies"]:
        entries.extend(item["pip"] if isinstance(item, dict) else [item])
    reqs = map(Requirement, entries)
    return {
        _normalise(req.name): str(req.specifier) for req in reqs if req.name not in {"python", "pip"}
    }


def test_environment_yml_matches_pyproject():
    pyproject, environment = _pyproject_requirements(), _environment_requirements()
    assert sorted(set(pyproject) - set(environment)) == [], "in pyproject.toml only"
    assert sorted(set(environment) - set(pyproject)) == [], "in environment.yml only"
    differing = {n: (pyproject[n], environment[n]) for n in pyproject if pyproject[n] != environment[n]}
    assert differing == {}, "version bounds differ (pyproject, environment.yml)"


def test_environment_yml_requires_python_311():
    env = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    assert "python>=3.11" in env["dependencies"]
