"""Which format a file is in: by its extension, checked against its first bytes.

A survey file renamed by hand (``.sav`` saved as ``.dta``), a 0-byte download or a
Word document with a ``.csv`` name fail here with a message that says what to do,
before a reader library reports something cryptic.

Why hand-written: the magic numbers are a handful of published constants (SPSS
``$FL2``/``$FL3``, Stata ``<stata_dta>`` or a version byte, ZIP ``PK\\x03\\x04``,
Parquet ``PAR1``); a general sniffing library (``python-magic``) needs libmagic and
knows nothing about Stata versions.
"""

from __future__ import annotations

from pathlib import Path

from heroes_research.errors import InputFileError

__all__ = ["FORMATS", "check_readable", "sniff"]

#: extension -> (format, what it is, with its article)
FORMATS: dict[str, tuple[str, str]] = {
    ".sav": ("sav", "an SPSS system file"),
    ".zsav": ("zsav", "a compressed SPSS system file"),
    ".por": ("por", "an SPSS portable file"),
    ".dta": ("dta", "a Stata file"),
    ".csv": ("csv", "a CSV text file"),
    ".xlsx": ("xlsx", "an Excel workbook"),
    ".parquet": ("parquet", "a Parquet file"),
}
_EXTENSION_OF = {fmt: ext for ext, (fmt, _) in FORMATS.items()}
_NAME_OF = dict(FORMATS.values()) | {
    "xls": "a legacy Excel 97-2003 workbook",
    "sas7bdat": "a SAS data set",
    "zip": "a ZIP archive",
}
_HEAD_BYTES = 1024
# Stata 8-13 binary files start with a release byte: 113 = Stata 8/9, 114 = 10, 115 = 12.
_OLD_STATA_RELEASES = frozenset(range(104, 116))
_SAS_MAGIC = bytes.fromhex("000000000000000000000000c2ea8160b31411cfbd92080009c7318c181f1011")


def sniff(head: bytes) -> str | None:
    """Return the format the first bytes of a file belong to, or None if unrecognised."""
    if head.startswith(b"$FL2"):
        return "sav"
    if head.startswith(b"$FL3"):
        return "zsav"
    if head.startswith(b"<stata_dta>"):
        return "dta"
    if len(head) >= 4 and head[0] in _OLD_STATA_RELEASES and head[1] in (1, 2) and head[2] == 1:
        return "dta"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if b"[Content_Types].xml" in head or b"xl/" in head else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    if head.startswith(_SAS_MAGIC):
        return "sas7bdat"
    if b"SPSSPORT" in head:
        return "por"
    return None


def check_readable(path: Path) -> str:
    """Check that ``path`` exists, is not empty and holds what its extension says.

    Returns the format (``sav``, ``dta``, ...). Raises :class:`InputFileError` with
    reason ``missing_file``, ``unreadable_file``, ``empty_file``, ``unsupported_format``
    or ``wrong_extension``.
    """
    if not path.is_file():
        raise InputFileError(
            "cannot read the survey file: it does not exist" if not path.exists()
            else "cannot read the survey file: it is a folder, not a file",
            file=path, reason="missing_file",
            hint="check the path; build it with heroes_research.paths "
            "(e.g. paths.raw_dir() / 'study' / 'es.sav'), not from the current folder",
        )
    extension = path.suffix.lower()
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as error:  # permissions, a network drive gone away, ...
        raise InputFileError(
            f"cannot open the survey file: {error.strerror or error}", file=path,
            reason="unreadable_file",
            hint="check that you may read it (permissions) and that its drive is available",
        ) from error
    if not head:
        raise InputFileError(
            "cannot read the survey file: it is empty (0 bytes)", file=path, reason="empty_file",
            hint="the copy or download was interrupted; copy the file again from its source",
        )
    found = sniff(head)
    if extension not in FORMATS:
        supported = ", ".join(FORMATS)
        looks = f"; its content looks like {_NAME_OF[found]}" if found else ""
        raise InputFileError(
            f"cannot read '{extension or '(no extension)'}' files{looks}", file=path,
            reason="unsupported_format",
            hint=_rename_hint(path, found) if found in _EXTENSION_OF
            else f"save it in one of the supported formats ({supported})",
        )
    expected = FORMATS[extension][0]
    if found is not None and found != expected and (found, expected) != ("zip", "xlsx"):
        raise InputFileError(
            f"the file is named {extension} but this looks like {_NAME_OF[found]}", file=path,
            reason="wrong_extension", hint=_rename_hint(path, found),
        )
    return expected


def _rename_hint(path: Path, found: str | None) -> str:
    if found in _EXTENSION_OF:
        return f"rename it to '{path.with_suffix(_EXTENSION_OF[found]).name}'"
    if found == "xls":
        return "open it in Excel or LibreOffice and save it as .xlsx"
    return "export it from its program as .sav, .dta, .csv, .xlsx or .parquet"
