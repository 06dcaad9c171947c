"""What every saved output shares: a safe name, a clash registry, provenance and a JSON side-car.

Tables, figures and maps all go through :func:`claim_name` (refuses two different
outputs under one name in one process) and :func:`write_sidecar` (the JSON record
beside the files). Side-cars hold no timestamps, so two builds of the same inputs
write identical bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd

    from heroes_research.disclosure import LedgerTable

__all__ = [
    "check_name",
    "claim_name",
    "data_sha256",
    "disclosure_block",
    "provenance_record",
    "reset_registry",
    "write_sidecar",
]

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
# (kind, name) -> fingerprint of the content written under it in this process.
_REGISTRY: dict[tuple[str, str], str] = {}
_LOCK = threading.Lock()


def check_name(name: str, kind: str) -> str:
    """Return ``name`` if it is a safe file stem, else raise :class:`OutputError`."""
    if not isinstance(name, str) or not _NAME.match(name) or name.endswith("."):
        raise OutputError(
            f"saving a {kind}: {name!r} is not a valid output name",
            reason="bad_name",
            variable="name",
            hint="use lower-case letters, digits, '_', '-' or '.' (e.g. 'fig_01_forest_awareness')",
        )
    return name


def claim_name(kind: str, name: str, fingerprint: str, *, overwrite: bool = False) -> None:
    """Register that ``name`` now holds the content ``fingerprint``.

    Raises
    ------
    OutputError
        ``reason="name_clash"`` if another content was already saved under ``name``
        in this process and ``overwrite`` is false.
    """
    with _LOCK:
        previous = _REGISTRY.get((kind, name))
        if previous is not None and previous != fingerprint and not overwrite:
            raise OutputError(
                f"saving a {kind}: another {kind} was already saved as {name!r} in this build",
                reason="name_clash",
                variable="name",
                hint="give each output its own name, or pass overwrite=True to replace it on purpose",
            )
        _REGISTRY[(kind, name)] = fingerprint


def reset_registry() -> None:
    """Forget the names written so far (a new build, or a notebook kernel restart).

    Example
    -------
    >>> reset_registry()  # the next save_table/save_figure may reuse any name
    """
    with _LOCK:
        _REGISTRY.clear()


def data_sha256(data: pd.DataFrame | pd.Series | bytes | str | None) -> str | None:
    """SHA-256 of the data behind an output (a frame's CSV bytes), or ``None``."""
    if data is None:
        return None
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    if isinstance(data, str):
        return hashlib.sha256(data.encode("utf-8")).hexdigest()
    return hashlib.sha256(data.to_csv(lineterminator="\n").encode("utf-8")).hexdigest()


def provenance_record(*, source: str, demo: bool, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The provenance every output carries: source, git commit, package version, demo flag.

    It holds no hash of the data behind the output: a hash of data that are not
    published (an unprotected table, the estimates behind a chart) lets a reader confirm
    a guess of every hidden cell. :func:`write_sidecar` adds the hash of what *is*
    published.
    """
    from heroes_research.provenance import DEMO_NOTE, git_commit, package_version

    record: dict[str, Any] = {
        "source": source,
        "git_commit": git_commit(),
        "package": f"heroes_research {package_version()}",
        "demo_data": bool(demo),
    }
    if demo:
        record["demo_note"] = DEMO_NOTE
    record.update(extra or {})
    return record


def disclosure_block(entries: Sequence[LedgerTable], name: str, *, protected: bool) -> dict[str, Any]:
    """The side-car's ``disclosure`` block: what the output reveals, for the build's ledger.

    ``unit`` is ``"people"``; ``protected`` says whether the values passed disclosure
    control; ``ledger`` holds one entry per registered table of cells (see
    :func:`~heroes_research.disclosure._ledger.entry_record`: unit, method, cell keys,
    published values, null where hidden, and the equations that link them), named
    ``name``. The audit collects every block of a build into one joint attack.

    Example
    -------
    >>> disclosure_block([], "tab_x", protected=True)
    {'unit': 'people', 'protected': True, 'ledger': []}
    """
    from heroes_research.disclosure._ledger import entry_record

    return {"unit": "people", "protected": bool(protected),
            "ledger": [entry_record(e.renamed(name)) for e in entries]}


#: The file whose hash identifies an output (``data_sha256``): the first of these it has.
PRIMARY_FORMATS = ("csv", "png", "xlsx", "svg", "pdf", "html", "docx", "tex")


def write_sidecar(target: Path, record: Mapping[str, Any], files: Mapping[str, Path]) -> Path:
    """Write ``record`` plus the sha256 of each written file to ``target`` (JSON, atomic).

    ``data_sha256`` is the sha256 of the output's primary published file (its CSV for a
    table, its PNG for a figure): it identifies what was published and reveals nothing
    else.
    """
    from heroes_research.io import atomic_write
    from heroes_research.provenance import sha256_file

    body = dict(record)
    body["files"] = {
        fmt: {"file": path.name, "sha256": sha256_file(path)} for fmt, path in sorted(files.items())
    }
    primary = next((f for f in PRIMARY_FORMATS if f in body["files"]), None)
    body["data_sha256"] = body["files"][primary]["sha256"] if primary else None
    with atomic_write(target) as handle:
        json.dump(body, handle, indent=2, sort_keys=True, ensure_ascii=False)
        handle.write("\n")
    return target
