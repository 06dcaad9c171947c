"""Processed data: Parquet with its metadata inside and a JSON sidecar beside it.

``data/processed/<name>.parquet`` holds the frame; its Arrow schema metadata (key
``heroes``) holds the metadata document, so the pair can never disagree. The
sidecar ``<name>.json`` is a readable copy of the same document for people, diff
tools and programs without a Parquet reader.

The metadata document
---------------------
``format``           ``"heroes-processed/1"``
``name``             the data set name
``rows``, ``columns``  row count and ``{column: dtype}``
``package_version``  heroes_research version that wrote it
``created_by``       what produced it (default ``"heroes_research <version>"``)
``demo``             True if derived from the synthetic demo data (required)
``codebook_version`` optional: version of the harmonisation codebook applied
``sources``          optional: ``{raw file: sha256}`` of the inputs
``variable_labels``, ``value_labels``, ``missing``  optional labels, as in SurveyData
plus any other JSON-serialisable keys the caller passes.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from heroes_research.errors import InputFileError, OutputError
from heroes_research.io._atomic import atomic_path, atomic_write
from heroes_research.io._labels_json import decode_labels, dumps, encode_labels

__all__ = ["FORMAT", "MixedGenerationWarning", "ProcessedData", "read_parquet", "read_processed",
           "write_processed"]

FORMAT = "heroes-processed/1"
_SCHEMA_KEY = b"heroes"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_RESERVED = ("format", "name", "rows", "columns", "package_version")
# Written with these options so that the same frame always gives the same bytes:
# no timestamps are stored, and pyarrow's own "created_by" is fixed per version.
_PARQUET_OPTIONS = {"compression": "zstd", "use_dictionary": True, "write_statistics": True}


class ProcessedData(NamedTuple):
    """A processed data set as read: ``data, metadata = read_processed("x")`` also works."""

    data: pd.DataFrame
    metadata: dict[str, Any]


def write_processed(
    frame: pd.DataFrame,
    name: str,
    *,
    metadata: dict[str, Any],
    root: str | Path | None = None,
) -> Path:
    """Write ``frame`` to ``<root>/<name>.parquet`` with a JSON sidecar, atomically.

    Parameters
    ----------
    frame
        The tidy, harmonised data set. Its columns must be Arrow-serialisable
        (one type per column: no mix of numbers and text in an object column).
    name
        Data set name: letters, digits, ``_``, ``-``, ``.``; becomes the file name.
    metadata
        JSON-serialisable dict; must hold ``demo`` (bool). Recognised keys are listed
        in the module docstring; ``value_labels`` (``{var: {code: label}}``) and
        ``missing`` (``{var: [code or (low, high)]}``) keep the type of their codes.
    root
        Folder to write to; default :func:`heroes_research.paths.processed_dir`.

    Returns
    -------
    Path
        The Parquet file written.

    Raises
    ------
    OutputError
        ``bad_name``, ``bad_metadata`` (no ``demo`` flag, a reserved key, not JSON,
        labels for a variable that is not a column) or
        ``unserialisable`` (a column Arrow cannot store). Nothing is replaced then.

    Notes
    -----
    Both files are first written to temporary files; the sidecar replaces the old one,
    then the Parquet file does. Any failure before the replacements leaves the old pair
    byte-identical. Readers trust the metadata embedded in the Parquet file, so a crash
    between the two renames leaves at worst a stale sidecar, which
    :func:`read_processed` reports. The same frame and metadata give byte-identical
    files (zstd, no timestamps).

    Example
    -------
    >>> import pandas as pd, tempfile
    >>> out = write_processed(pd.DataFrame({"q1": [1, 2]}), "example",
    ...                       metadata={"demo": True}, root=tempfile.mkdtemp())
    >>> read_processed("example", root=out.parent).metadata["rows"]
    2
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = _folder(root)
    document = _document(frame, name, metadata)
    try:
        table = pa.Table.from_pandas(frame, preserve_index=None)
    except (pa.ArrowException, TypeError, ValueError) as error:
        raise OutputError(
            f"cannot store data set '{name}' as Parquet: {error}", reason="unserialisable",
            file=folder / f"{name}.parquet",
            hint="give every column one type (e.g. pd.to_numeric or .astype(str)) before writing",
        ) from error
    table = table.replace_schema_metadata(
        {**(table.schema.metadata or {}), _SCHEMA_KEY: dumps(document).encode("utf-8")}
    )
    target = folder / f"{name}.parquet"
    with atomic_path(target) as tmp_parquet:
        pq.write_table(table, tmp_parquet, **_PARQUET_OPTIONS)
        with atomic_write(target.with_suffix(".json")) as sidecar:
            sidecar.write(dumps(document))
    return target


def read_processed(name: str, *, root: str | Path | None = None) -> ProcessedData:
    """Read a data set written by :func:`write_processed`.

    Parameters
    ----------
    name
        Data set name, as given to :func:`write_processed`.
    root
        Folder to read from; default :func:`heroes_research.paths.processed_dir`.

    Returns
    -------
    ProcessedData
        ``(data, metadata)``; ``metadata["value_labels"]`` and ``["missing"]`` have
        their codes restored to numbers or strings, and ranges to ``(low, high)``.

    Raises
    ------
    InputFileError
        ``missing_file`` if it was never written, ``corrupt_file`` if it is damaged
        or lacks the heroes metadata. Warns if the sidecar differs from the metadata
        or is not valid JSON (the Parquet file's own metadata is used).

    Example
    -------
    >>> import pandas as pd, tempfile
    >>> root = tempfile.mkdtemp()
    >>> _ = write_processed(pd.DataFrame({"q1": [1.0, 99.0]}), "es", root=root,
    ...                     metadata={"demo": True, "missing": {"q1": [99.0, (-9.0, -1.0)]}})
    >>> data, meta = read_processed("es", root=root)
    >>> meta["missing"]
    {'q1': [99.0, (-9.0, -1.0)]}
    """
    path = _folder(root) / f"{_check_name(name)}.parquet"
    if not path.is_file():
        from heroes_research.study import ingest_command

        raise InputFileError(
            f"processed data set '{name}' does not exist", file=path, reason="missing_file",
            hint=f"run `{ingest_command(name)}` (or `heroes build`, which runs it for a study's notebook)",
        )
    data, raw = _read_table(path)
    if raw is None:
        raise InputFileError(
            "the Parquet file has no heroes metadata", file=path, reason="corrupt_file",
            hint="write it with heroes_research.io.write_processed",
        )
    _check_generation(path)
    sidecar = path.with_suffix(".json")
    if sidecar.is_file() and _read_sidecar(sidecar) != raw:
        warnings.warn(
            f"{sidecar} differs from the metadata inside {path.name} (a write was interrupted?); "
            "using the Parquet file's metadata; re-run the step that writes it",
            stacklevel=2,
        )
    return ProcessedData(data, _decode(raw))


#: folder -> generation id of the first data set this process read from it
_GENERATIONS_READ: dict[Path, str] = {}


def _check_generation(path: Path) -> None:
    """Warn if ``path`` comes from another ingest than data sets read before from its folder."""
    from heroes_research.io._generation import GENERATIONS

    resolved = path.resolve()
    if resolved.parent.parent.name != GENERATIONS:
        return  # written alone by write_processed, not by an ingest
    folder, generation = path.parent.resolve(), resolved.parent.name
    first = _GENERATIONS_READ.setdefault(folder, generation)
    if first != generation:
        _GENERATIONS_READ[folder] = generation
        warnings.warn(
            f"processed data set '{path.stem}' in {path.parent} comes from a newer ingest "
            f"({generation}) than the data sets read before in this session ({first}): "
            "the results would mix two versions of the data; re-run the notebook from the start",
            MixedGenerationWarning, stacklevel=3,
        )


class MixedGenerationWarning(UserWarning):
    """Data sets read in one session come from different ingests (reason ``mixed_generations``)."""

    reason = "mixed_generations"


def read_parquet(path: Path) -> dict[str, Any]:
    """Read any Parquet file for read_survey: labels from the embedded metadata or a sidecar."""
    data, raw = _read_table(path)
    sidecar = path.with_suffix(".json")
    if raw is None and sidecar.is_file():
        try:
            raw = json.loads(sidecar.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputFileError(
                f"the JSON sidecar is not valid UTF-8 JSON: {error}", file=sidecar,
                reason="corrupt_file", hint="fix or delete the sidecar",
            ) from error
    meta = _decode(raw or {})
    return {key: meta.get(key, {}) for key in ("variable_labels", "value_labels", "missing")} | {
        "data": data
    }


def _read_sidecar(sidecar: Path) -> Any:
    """The sidecar's JSON document, or None if it is not valid UTF-8 JSON."""
    try:
        return json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _read_table(path: Path) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        with open(path, "rb") as handle:
            handle.seek(-min(4, path.stat().st_size), 2)
            truncated = handle.read() != b"PAR1"
        raise InputFileError(
            f"cannot read the Parquet file: {error}", file=path,
            reason="truncated_file" if truncated else "corrupt_file",
            hint="write it again (re-run the step that produced it)",
        ) from error
    embedded = (table.schema.metadata or {}).get(_SCHEMA_KEY)
    return table.to_pandas(), None if embedded is None else json.loads(embedded)


def _document(frame: pd.DataFrame, name: str, metadata: dict[str, Any]) -> dict[str, Any]:
    from heroes_research.provenance import package_version

    _check_name(name)
    clash = sorted(set(metadata) & set(_RESERVED))
    if clash or not isinstance(metadata.get("demo"), bool):
        raise OutputError(
            f"metadata for data set '{name}' "
            + (f"uses reserved key(s) {clash}" if clash else "lacks a 'demo' flag (True/False)"),
            reason="bad_metadata",
            hint="pass metadata={'demo': True or False, ...} without "
            + ", ".join(_RESERVED),
        )
    columns = {str(c) for c in frame.columns}
    unknown = sorted({v for key in ("variable_labels", "value_labels", "missing")
                      for v in metadata.get(key) or {}} - columns)
    if unknown:
        raise OutputError(
            f"metadata for data set '{name}' labels variable(s) that are not columns: {unknown}",
            reason="bad_metadata",
            hint="drop their labels, or rename them as the columns were renamed",
        )
    version = package_version()
    document = {
        "created_by": f"heroes_research {version}",
        **metadata,
        **encode_labels(metadata.get("value_labels", {}), metadata.get("missing", {})),
        "format": FORMAT,
        "name": name,
        "rows": len(frame),
        "columns": {str(c): str(t) for c, t in frame.dtypes.items()},
        "package_version": version,
    }
    try:
        text = dumps(document)
    except (TypeError, ValueError) as error:
        raise OutputError(
            f"metadata for data set '{name}' is not JSON-serialisable: {error}",
            reason="bad_metadata", hint="use str, numbers, bools, lists and dicts",
        ) from error
    return json.loads(text)  # exactly what is read back


def _decode(raw: dict[str, Any]) -> dict[str, Any]:
    value_labels, missing = decode_labels(raw)
    return raw | {"value_labels": value_labels, "missing": missing}


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise OutputError(
            f"invalid data set name {name!r}", reason="bad_name",
            hint="use letters, digits, '_', '-' and '.' only, e.g. 'early_id_es'",
        )
    return name


def _folder(root: str | Path | None) -> Path:
    if root is not None:
        return Path(root)
    from heroes_research.paths import processed_dir

    return processed_dir()
