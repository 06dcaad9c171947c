"""Reading coding files: one CSV per jurisdiction (``codings/AT.csv``, ...), every cell a string.

Each row keeps the file it came from and its line in that file (the line on which
the record starts, so a quoted excerpt spanning lines does not shift the rows after it),
for error messages a coder can act on.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from heroes_research.errors import LegalDataError

__all__ = ["COLUMNS", "coding_files", "read_coding_files"]

#: The protocol's columns (data/raw/legal/CODING_PROTOCOL.md), in file order.
COLUMNS = ("jurisdiction", "indicator", "value", "valid_from", "valid_to", "attested_on", "status", "statute",
           "article", "source_type", "document", "url", "consulted", "excerpt", "coder", "searched", "note")
#: Columns every file must have (the others may be absent and are then empty).
REQUIRED = ("jurisdiction", "indicator", "value", "status", "coder")


def coding_files(path: str | os.PathLike[str]) -> list[Path]:
    """The CSV files of a codings folder (sorted by name), or ``[path]`` for one file.

    Raises
    ------
    LegalDataError
        If the path does not exist or the folder holds no ``*.csv``.
    """
    path = Path(path)
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path] if path.is_file() else []
    if not files:
        raise LegalDataError(f"load_codings: no coding files at {path}", file=path, reason="no_codings",
                             hint="put one CSV per jurisdiction (AT.csv, GB-EAW.csv, ...) in that folder, "
                                  "see data/raw/legal/CODING_PROTOCOL.md")
    return files


def _read_one(file: Path) -> pd.DataFrame:
    """Rows of one CSV as strings, with ``file`` and ``line`` (1-based line where the record starts)."""
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            records, start = [], reader.line_num + 1
            for record in reader:
                records.append({**{k: v for k, v in record.items() if k is not None}, "line": start})
                start = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise LegalDataError(f"load_codings: cannot read {file.name} ({err})", file=file,
                             reason="unreadable_codings", hint="check that it is a UTF-8 CSV file") from err
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LegalDataError(f"load_codings: {file.name} lacks the column(s) {', '.join(missing)}", file=file,
                             reason="missing_columns",
                             hint=f"the coding files have the columns {', '.join(COLUMNS)}")
    frame = pd.DataFrame(records, columns=[*header, "line"])
    return frame.assign(file=file.name)


def read_coding_files(path: str | os.PathLike[str]) -> pd.DataFrame:
    """All coding files of a folder (or one file) stacked, unvalidated.

    Parameters
    ----------
    path
        A folder of per-jurisdiction CSVs, or one CSV.

    Returns
    -------
    pandas.DataFrame
        The protocol's ``COLUMNS`` (absent ones empty, values stripped strings) plus
        ``file`` (name) and ``line`` (int).

    Example
    -------
    >>> from heroes_research.paths import raw_dir
    >>> rows = read_coding_files(raw_dir() / "legal" / "codings")  # doctest: +SKIP
    """
    frames = [_read_one(f) for f in coding_files(path)]
    stacked = pd.concat(frames, ignore_index=True)
    text = stacked.reindex(columns=list(COLUMNS)).astype("string").fillna("")
    text = text.apply(lambda col: col.str.strip())
    return text.assign(file=stacked["file"].astype(str), line=stacked["line"].astype(int))
