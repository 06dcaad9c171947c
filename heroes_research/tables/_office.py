"""Saving Office files (XLSX, DOCX) reproducibly, with their document properties.

The table writers live in :mod:`heroes_research.tables._xlsx` and
:mod:`heroes_research.tables._docx`; this module holds what both share: the
properties every file carries and the atomic, byte-identical save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from heroes_research.io import atomic_path
from heroes_research.tables._ooxml import FIXED_DATE, normalise_ooxml

__all__ = ["AUTHOR", "save_office"]

#: Author and last editor of every Office file.
AUTHOR = "heroes_research"


def save_office(document: Any, path: Path, *, title: str, date: str = FIXED_DATE,
                properties: Mapping[str, str] | None = None) -> Path:
    """Save an openpyxl workbook or python-docx document atomically and byte-identically.

    Parameters
    ----------
    document
        ``openpyxl.Workbook`` or ``docx.Document``.
    path
        Target file; written through a temporary file.
    title
        The document title (File > Properties).
    date
        ISO date-time stored as created/modified (never the clock: from the data or fixed).
    properties
        Further core properties by python-docx name (``subject``, ``keywords``,
        ``comments``, ``version``, ``identifier``, ``category``).
    """
    stamp = dt.datetime.fromisoformat(date.replace("Z", "+00:00")).replace(tzinfo=None)
    extra = dict(properties or {})
    if hasattr(document, "core_properties"):  # python-docx
        core = document.core_properties
        core.author = core.last_modified_by = AUTHOR
        core.title = title
        core.created = core.modified = core.last_printed = stamp
        core.revision = 1
        for key, value in extra.items():
            setattr(core, key, value)
    else:  # openpyxl
        props = document.properties
        props.creator = props.lastModifiedBy = AUTHOR
        props.title = title
        props.created = props.modified = stamp
        renamed = {"comments": "description"}
        for key, value in extra.items():
            setattr(props, renamed.get(key, key), value)
    with atomic_path(path) as tmp:
        document.save(str(tmp))
        normalise_ooxml(tmp, date=date)
    return path

