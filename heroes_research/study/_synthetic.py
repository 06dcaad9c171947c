"""Whether data are synthetic: read from the data's own flags, never from a folder name.

A processed file's sidecar carries ``demo`` (true for synthetic data: set by the ingest
from the codebook's ``synthetic: true``, which the demo generator writes); a codebook or
code frame carries ``synthetic: true`` at its top level. Outputs print the synthetic
banner only when one of their inputs is synthetic.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["any_synthetic", "is_synthetic", "synthetic_inputs"]

_FLAG = re.compile(r"^synthetic:\s*(true|True|TRUE)\s*(#.*)?$", re.MULTILINE)
_FLAGGED_FILES = ("codebook.yaml", "codeframe.yaml")


def _yaml_flag(path: Path) -> bool:
    return bool(_FLAG.search(path.read_text(encoding="utf-8", errors="replace")))


def _processed_flag(path: Path) -> bool:
    """The sidecar's ``demo`` flag; before the first ingest, the codebook that will write it."""
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        return bool(json.loads(sidecar.read_text(encoding="utf-8")).get("demo", False))
    from heroes_research.study._fresh import codebook_of

    codebook = codebook_of(path.stem)
    return codebook is not None and _yaml_flag(codebook)


def is_synthetic(source: str | os.PathLike[str], *, root: Path | None = None) -> bool:
    """Whether one input is synthetic.

    Parameters
    ----------
    source
        A processed data set name (``"early_identification"``), a ``.parquet`` or its
        ``.json`` sidecar, a ``codebook.yaml``/``codeframe.yaml``, a folder (true if any
        codebook or code frame under it is synthetic) or a glob of them, as the
        registry's ``inputs`` list (``data/raw/demo/**``). Relative paths are from ``root``.
    root
        Default: the project root.

    Returns
    -------
    bool
        True if the input says it is synthetic; False for real data and for inputs
        that carry no flag (legal codings, reference data).

    Example
    -------
    >>> is_synthetic("data/raw/demo/**"), is_synthetic("data/raw/legal/**")
    (True, False)
    """
    from heroes_research.paths import processed_dir, project_root

    text = os.fspath(source)
    if not any(ch in text for ch in "/\\*.") and not Path(text).exists():
        return _processed_flag(processed_dir() / f"{text}.parquet")
    base = root or project_root()
    pattern = text if Path(text).is_absolute() else str(base / text)
    for name in sorted(glob.glob(pattern, recursive=True)) or [pattern]:
        path = Path(name)
        if path.is_dir():
            if any(_yaml_flag(p) for flagged in _FLAGGED_FILES for p in sorted(path.rglob(flagged))):
                return True
        elif path.suffix in (".parquet", ".json") and path.parent.resolve() == processed_dir().resolve():
            if _processed_flag(path.with_suffix(".parquet")):
                return True
        elif path.name in _FLAGGED_FILES and path.is_file() and _yaml_flag(path):
            return True
    return False


def synthetic_inputs(inputs: Iterable[str | os.PathLike[str]], *, root: Path | None = None) -> list[str]:
    """The inputs (as given) that are synthetic; see :func:`is_synthetic`.

    Example
    -------
    >>> synthetic_inputs(["data/raw/legal/**", "data/raw/demo/**"])
    ['data/raw/demo/**']
    """
    return [os.fspath(i) for i in inputs if is_synthetic(i, root=root)]


def any_synthetic(inputs: Iterable[str | os.PathLike[str]], *, root: Path | None = None) -> bool:
    """True if any input is synthetic: the test for printing the synthetic banner on a
    notebook's outputs (pass the notebook's registry ``inputs``).

    Example
    -------
    >>> from heroes_research.build import load_registry
    >>> any_synthetic(load_registry()["02_legal_harmonisation"].inputs)
    False
    """
    return any(is_synthetic(i, root=root) for i in inputs)
