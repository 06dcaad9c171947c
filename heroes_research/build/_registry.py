"""The output registry: which notebooks exist, what they read, what they must write.

``notebooks/registry.yaml`` names every notebook, the notebooks it depends on,
the inputs that invalidate its cache (globs from the project root; ``dir/**`` is
every file below ``dir``), and each output it writes (name, kind, caption, source
note). The build refuses a notebook that writes an unregistered output or misses a
registered one. An optional top-level ``ingest: data/raw/<study>`` makes the build
ingest that folder into data/processed first, whenever a selected notebook reads
data/processed and the processed data are missing or stale.

Example
-------
>>> from heroes_research.build import load_registry
>>> registry = load_registry()
>>> registry.names[0]
'01_data_quality'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from heroes_research import paths
from heroes_research.errors import BuildError

__all__ = ["NotebookSpec", "Output", "Registry", "load_registry"]

#: Output kind -> folder under reports/.
OUTPUT_FOLDERS = {"figure": "figures", "map": "figures", "table": "tables"}


@dataclass(frozen=True)
class Output:
    """One registered output: files ``reports/<folder>/<name>.*``."""

    name: str
    kind: str
    caption: str
    source: str
    annex: bool = False  #: in the annex DOCX (heroes-report-annex.docx), not the main report

    @property
    def folder(self) -> str:
        """The folder under reports/ that holds this output's files."""
        return OUTPUT_FOLDERS[self.kind]


@dataclass(frozen=True)
class NotebookSpec:
    """One notebook of the build."""

    name: str
    title: str
    depends_on: tuple[str, ...]
    inputs: tuple[str, ...]
    outputs: tuple[Output, ...]

    def source_path(self, root: Path | None = None) -> Path:
        """The jupytext percent script of this notebook."""
        return (root or paths.project_root()) / "notebooks" / f"{self.name}.py"


@dataclass(frozen=True)
class Registry:
    """All notebooks, by name; see :func:`load_registry`."""

    notebooks: tuple[NotebookSpec, ...]
    path: Path
    ingest: str | None = None  #: raw folder (from the root) the build ingests into data/processed

    @property
    def has_annex(self) -> bool:
        """True if any output goes into the annex DOCX (``annex: true``)."""
        return any(out.annex for nb in self.notebooks for out in nb.outputs)

    @property
    def names(self) -> list[str]:
        """Notebook names, sorted (the ``NN_`` prefix gives the reading order)."""
        return [nb.name for nb in self.notebooks]

    def __getitem__(self, name: str) -> NotebookSpec:
        for nb in self.notebooks:
            if nb.name == name:
                return nb
        raise BuildError(
            f"no notebook named {name!r} in the registry", reason="unknown_notebook",
            file=self.path, hint=f"choose one of: {', '.join(self.names)}",
        )

    def select(self, only: list[str] | None) -> list[NotebookSpec]:
        """The notebooks to build for ``--only`` names (with what they depend on), in dependency order."""
        wanted: set[str] = set()

        def add(name: str) -> None:
            if name not in wanted:
                wanted.add(name)
                for dep in self[name].depends_on:
                    add(dep)

        for name in only or self.names:
            add(name)
        return [nb for nb in self.ordered() if nb.name in wanted]

    def ordered(self) -> list[NotebookSpec]:
        """Notebooks in a dependency-respecting order (by name among equals)."""
        done: list[str] = []
        remaining = list(self.notebooks)
        while remaining:
            ready = [nb for nb in remaining if set(nb.depends_on) <= set(done)]
            if not ready:
                cycle = ", ".join(nb.name for nb in remaining)
                raise BuildError(f"notebooks depend on each other in a cycle: {cycle}",
                                 reason="dependency_cycle", file=self.path,
                                 hint="remove one of the depends_on entries")
            done.extend(nb.name for nb in ready)
            remaining = [nb for nb in remaining if nb not in ready]
        return [self[name] for name in done]

    def __repr__(self) -> str:
        lines = [f"Registry({self.path.name}: {len(self.notebooks)} notebooks)"]
        for nb in self.notebooks:
            deps = f" <- {', '.join(nb.depends_on)}" if nb.depends_on else ""
            lines.append(f"  {nb.name}: {len(nb.outputs)} outputs{deps}")
        return "\n".join(lines)


def _parse_output(nb_name: str, raw: Any, problems: list[str]) -> Output | None:
    if not isinstance(raw, dict) or not {"name", "kind", "caption", "source"} <= raw.keys():
        problems.append(f"{nb_name}: each output needs name, kind, caption and source (got {raw!r})")
        return None
    if raw["kind"] not in OUTPUT_FOLDERS:
        problems.append(f"{nb_name}: output {raw['name']!r} has kind {raw['kind']!r}; "
                           f"use one of {sorted(OUTPUT_FOLDERS)}")
        return None
    annex = raw.get("annex", False)
    if not isinstance(annex, bool):
        problems.append(f"{nb_name}: output {raw['name']!r} has annex {annex!r}; use true or false")
        return None
    return Output(str(raw["name"]), raw["kind"], str(raw["caption"]), str(raw["source"]), annex)


def _parse_notebook(name: str, raw: Any, problems: list[str]) -> NotebookSpec:
    raw = raw if isinstance(raw, dict) else {}
    outputs = tuple(
        out for out in (_parse_output(name, item, problems) for item in raw.get("outputs", []))
        if out is not None
    )
    return NotebookSpec(
        name=name,
        title=str(raw.get("title", name)),
        depends_on=tuple(raw.get("depends_on", [])),
        inputs=tuple(raw.get("inputs", [])),
        outputs=outputs,
    )


def load_registry(path: Path | None = None) -> Registry:
    """Read and check ``notebooks/registry.yaml``.

    Parameters
    ----------
    path
        The registry file; default ``notebooks/registry.yaml`` of the project.

    Returns
    -------
    Registry

    Raises
    ------
    BuildError
        If the file is malformed, a dependency is unknown, an output name is used
        twice, or a notebook file is missing; every problem is listed.

    Example
    -------
    >>> [spec.name for spec in load_registry().notebooks][:2]
    ['01_data_quality', '02_legal_harmonisation']
    """
    path = path or paths.notebooks_dir() / "registry.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise BuildError(f"cannot read the output registry: {err}", reason="bad_registry",
                         file=path, hint="fix the YAML syntax") from err
    problems: list[str] = []
    notebooks = tuple(  # by name: NN_ prefixes give the reading order
        _parse_notebook(name, spec, problems)
        for name, spec in sorted((raw.get("notebooks") or {}).items())
    )
    names = {nb.name for nb in notebooks}
    seen: dict[tuple[str, str], str] = {}
    for nb in notebooks:
        problems.extend(f"{nb.name}: depends on unknown notebook {dep!r}"
                        for dep in nb.depends_on if dep not in names)
        if not nb.source_path(path.parent.parent).is_file():
            problems.append(f"{nb.name}: notebooks/{nb.name}.py does not exist")
        for out in nb.outputs:
            key = (out.folder, out.name)
            if key in seen:
                problems.append(f"{nb.name}: output {out.name!r} is also written by {seen[key]}")
            seen[key] = nb.name
    ingest = raw.get("ingest")
    if ingest is not None and not isinstance(ingest, str):
        problems.append(f"ingest: expected a raw-data folder such as data/raw/demo (got {ingest!r})")
    if problems:
        raise BuildError("the output registry has problems:\n  " + "\n  ".join(problems),
                         reason="bad_registry", file=path,
                         hint="edit notebooks/registry.yaml")
    return Registry(notebooks, path, ingest)
