"""save_table: every format under reports/tables, atomically, with a JSON provenance side-car."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from heroes_research.errors import OutputError
from heroes_research.tables._outputs import (
    check_name,
    claim_name,
    data_sha256,
    disclosure_block,
    provenance_record,
    write_sidecar,
)
from heroes_research.tables._table import PublicationTable

__all__ = ["TABLE_FORMATS", "save_table"]

#: Formats :func:`save_table` writes by default, in this order.
TABLE_FORMATS: tuple[str, ...] = ("csv", "xlsx", "docx", "html", "tex")
_METHOD = {"csv": "to_csv", "xlsx": "to_xlsx", "docx": "to_docx", "html": "to_html", "tex": "to_latex"}


def save_table(
    table: PublicationTable,
    name: str,
    *,
    formats: Sequence[str] = TABLE_FORMATS,
    folder: Path | None = None,
    overwrite: bool = False,
) -> dict[str, Path]:
    """Write ``table`` as ``<name>.<fmt>`` for each format, plus ``<name>.json`` (provenance).

    Parameters
    ----------
    table
        A :class:`PublicationTable` (from :func:`estimates_table` and friends).
    name
        File stem: lower-case letters, digits, ``_``, ``-``, ``.``.
    formats
        Any of ``csv``, ``xlsx``, ``docx``, ``html``, ``tex``.
    folder
        Where to write; default ``paths.reports_dir() / "tables"``.
    overwrite
        Allow replacing a *different* table saved under the same name earlier in
        this process (saving the same table again is always fine).

    Returns
    -------
    dict
        Format -> path written, including ``"json"`` for the side-car. A table that
        registered its cells (``table.ledger``) carries them in the side-car's
        ``disclosure`` block (:func:`~heroes_research.tables._outputs.disclosure_block`).

    Raises
    ------
    OutputError
        Bad name or format, or a name clash in this build.

    Example
    -------
    >>> paths = save_table(table, "tab_01_awareness")  # doctest: +SKIP
    >>> sorted(paths)  # doctest: +SKIP
    ['csv', 'docx', 'html', 'json', 'tex', 'xlsx']
    """
    from heroes_research.paths import reports_dir

    check_name(name, "table")
    if not isinstance(table, PublicationTable):
        raise OutputError(f"saving table {name!r}: expected a PublicationTable, got {type(table).__name__}",
                          reason="bad_argument", variable="table",
                          hint="build it with estimates_table, legal_matrix_table or counts_table")
    unknown = [f for f in formats if f not in _METHOD]
    if unknown or not formats:
        raise OutputError(f"saving table {name!r}: unknown format(s) {unknown}", reason="bad_format",
                          variable="formats", hint=f"choose from {', '.join(TABLE_FORMATS)}")
    content = data_sha256(json.dumps(table.to_record(), sort_keys=True, ensure_ascii=False))
    claim_name("table", name, content, overwrite=overwrite)
    target = Path(folder) if folder is not None else reports_dir() / "tables"
    written = {fmt: getattr(table, _METHOD[fmt])(target / f"{name}.{fmt}") for fmt in formats}
    record = provenance_record(
        source=table.source, demo=table.demo,
        extra={"kind": "table", "name": name, "title": table.title, "data_version": table.data_version,
               "note": table.note_lines(), "table": dict(table.metadata),
               "publication": table.to_record()},
    )
    if table.ledger:
        record["disclosure"] = disclosure_block(table.ledger, name,
                                                protected=table.metadata.get("protected", True) is not False)
    written["json"] = write_sidecar(target / f"{name}.json", record, written)
    return written
