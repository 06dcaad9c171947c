"""MANIFEST files: the SHA-256 of every file in a folder of raw data.

The format is that of ``sha256sum`` (``<hex>  <relative/path>``, one line per file,
sorted by path, ``/`` as separator), so ``cd folder && sha256sum -c MANIFEST`` checks
it without Python. Files and folders whose name starts with ``.`` (``.gitkeep``,
editor and temporary files) and the MANIFEST itself are not listed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from heroes_research.errors import InputFileError
from heroes_research.io._atomic import atomic_write

__all__ = ["MANIFEST", "verify_manifest", "write_manifest"]

MANIFEST = "MANIFEST"


def write_manifest(folder: str | os.PathLike[str]) -> Path:
    """Write ``folder/MANIFEST`` listing the SHA-256 of every file below ``folder``.

    Parameters
    ----------
    folder
        The folder of immutable inputs, e.g. ``data/raw/demo``.

    Returns
    -------
    Path
        The MANIFEST written (atomically; byte-identical for identical contents).

    Raises
    ------
    InputFileError
        ``missing_file`` if ``folder`` is not a folder.

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("q1\\n1\\n")
    >>> write_manifest(folder).read_text().endswith("  a.csv\\n")
    True
    """
    root = _check_folder(folder)
    lines = "".join(f"{digest}  {name}\n" for name, digest in sorted(_checksums(root).items()))
    target = root / MANIFEST
    with atomic_write(target) as handle:
        handle.write(lines)
    return target


def verify_manifest(folder: str | os.PathLike[str]) -> None:
    """Check every file below ``folder`` against ``folder/MANIFEST``.

    Parameters
    ----------
    folder
        The folder that holds the MANIFEST, e.g. ``data/raw/demo``.

    Returns
    -------
    None
        Silent when every listed file exists with its checksum and none is extra.

    Raises
    ------
    InputFileError
        ``missing_file`` if there is no MANIFEST; ``checksum_mismatch`` listing, in
        ``failures`` (columns ``path``, ``problem``, ``expected``, ``actual``), every
        file that ``changed``, is ``missing`` or is ``extra`` (not in the MANIFEST).

    Example
    -------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("q1\\n1\\n")
    >>> _ = write_manifest(folder)
    >>> verify_manifest(folder)  # silent when every file matches
    >>> _ = (folder / "a.csv").write_text("q1\\n2\\n")
    >>> verify_manifest(folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    heroes_research.errors.InputFileError: 1 file(s) differ from the MANIFEST ...
    """
    root = _check_folder(folder)
    manifest = root / MANIFEST
    if not manifest.is_file():
        raise InputFileError(
            "the folder has no MANIFEST", file=manifest, reason="missing_file",
            hint="create it with heroes_research.io.write_manifest(folder) "
            "once the files are final",
        )
    expected = _parse(manifest)
    actual = _checksums(root)
    both = pd.DataFrame({"expected": pd.Series(expected, dtype="str"),
                         "actual": pd.Series(actual, dtype="str")})
    problem = pd.Series("changed", index=both.index)
    problem = problem.mask(both["actual"].isna(), "missing").mask(both["expected"].isna(), "extra")
    bad = both.assign(problem=problem).loc[lambda f: f["expected"].ne(f["actual"]).fillna(True)]
    if len(bad):
        failures = (bad.rename_axis("path").reset_index()
                    .loc[:, ["path", "problem", "expected", "actual"]]
                    .sort_values("path", ignore_index=True))
        raise InputFileError(
            f"{len(failures)} file(s) differ from the MANIFEST", file=manifest,
            reason="checksum_mismatch", failures=failures,
            hint="raw data are immutable: restore the files from their source; if the change is "
            "intended, review it and run write_manifest(folder) again",
        )


def _check_folder(folder: str | os.PathLike[str]) -> Path:
    root = Path(folder)
    if not root.is_dir():
        raise InputFileError("not a folder" if root.exists() else "the folder does not exist",
                             file=root, reason="missing_file",
                             hint="check the path of the raw-data folder")
    return root


def _checksums(root: Path) -> dict[str, str]:
    from heroes_research.provenance import sha256_file

    files = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and relative != Path(MANIFEST) and not any(
            part.startswith(".") for part in relative.parts
        ):
            files[relative.as_posix()] = sha256_file(path)
    return files


def _parse(manifest: Path) -> dict[str, str]:
    entries = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise InputFileError(
                f"line {number} of the MANIFEST is not '<sha256>  <path>': {line!r}",
                file=manifest, reason="corrupt_file", rows=[number],
                hint="recreate it with write_manifest(folder) from trusted files",
            )
        entries[name] = digest
    return entries
