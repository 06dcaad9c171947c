"""SPSS (.sav, .zsav, .por) and Stata (.dta) files through pyreadstat.

The data keep their stored codes (``apply_value_formats=False``) and their
user-missing codes (``user_missing=True``); labels and missing declarations go to
the metadata. The only per-variable Python work is over the metadata dictionaries,
never over rows.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pandas as pd

from heroes_research.errors import InputFileError

__all__ = ["ENCODING_HINT", "codec_name", "read_statistical"]

ENCODING_HINT = ("declare the file's real encoding: in the codebook, 'encoding: cp1252' (or latin-1, "
                 "utf-8) under the country beside 'file'; in code, read_survey(path, encoding=\"cp1252\")")


def read_statistical(path: Path, file_format: str, encoding: str | None) -> dict[str, Any]:
    """Read an SPSS or Stata file; return the fields of a SurveyData (without provenance)."""
    import pyreadstat

    options: dict[str, Any] = {"apply_value_formats": False, "dates_as_pandas_datetime": True}
    if file_format != "por":  # portable files have neither user-missing values nor an encoding
        iconv = codec_name(encoding, path)  # pyreadstat passes it to iconv, which knows these
        options |= {"user_missing": True, "encoding": iconv and iconv.upper()}
    reader = {"sav": pyreadstat.read_sav, "zsav": pyreadstat.read_sav,
              "por": pyreadstat.read_por, "dta": pyreadstat.read_dta}[file_format]
    try:
        data, meta = reader(path, **options)
    except UnicodeDecodeError as error:
        raise _encoding_error(path, f"byte {error.object[error.start:error.start + 1]!r} at "
                                    f"position {error.start} of a text field is not valid "
                                    f"{encoding or error.encoding}") from error
    except pyreadstat.ReadstatError as error:
        if file_format != "por" and _is_encoding_error(str(error)):
            _check_labels_decoded(path, encoding or "utf-8")  # names the label if it is one
        raise _readstat_error(path, str(error)) from error
    used = encoding or meta.file_encoding
    if file_format in ("sav", "zsav") and used:
        _check_labels_decoded(path, used)
    value_labels = {k: dict(v) for k, v in meta.variable_value_labels.items()}
    if file_format == "dta":
        if used is None:
            _check_not_mojibake(path, data, meta)
        data, value_labels = _stata_missing_as_codes(data, meta)
    return {
        "data": data,
        "variable_labels": {k: v for k, v in meta.column_names_to_labels.items() if v},
        "value_labels": value_labels,
        "missing": _missing(meta),
        "encoding": used,
    }


def codec_name(encoding: str | None, path: Path) -> str | None:
    """Python's name for an ``encoding=`` override (``"latin-1"`` -> ``"iso8859-1"``)."""
    if encoding is None:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError as error:
        raise InputFileError(
            f"unknown text encoding {encoding!r}", file=path, reason="bad_encoding",
            hint='use a standard name such as "utf-8", "cp1252" or "latin-1"',
        ) from error


def _missing(meta: Any) -> dict[str, list]:
    """Declared user-missing values: SPSS discrete codes and (low, high) ranges; Stata .a-.z."""
    missing: dict[str, list] = {}
    for variable, ranges in meta.missing_ranges.items():
        missing[variable] = [r["lo"] if r["lo"] == r["hi"] else (r["lo"], r["hi"]) for r in ranges]
    for variable, letters in meta.missing_user_values.items():
        if meta.readstat_variable_types.get(variable) != "string" and variable not in missing:
            missing[variable] = [f".{letter}" for letter in letters]
    return missing


def _stata_missing_as_codes(data: pd.DataFrame, meta: Any) -> tuple[pd.DataFrame, dict]:
    """Write Stata extended missing values as ``.a``-``.z``, as Stata shows them.

    pyreadstat returns the bare letter (``'a'``) in an otherwise numeric column and as
    a value-label key; the Stata spelling cannot be confused with a real string value.
    Returns the data and the value labels with their keys respelled.
    """
    columns = {}
    for variable, letters in meta.missing_user_values.items():
        values = data[variable]
        dotted = {letter: f".{letter}" for letter in letters}
        columns[variable] = values.mask(values.isin(letters), values.map(dotted))  # hash lookups
    numeric = {v for v, kind in meta.readstat_variable_types.items() if kind != "string"}
    value_labels = {
        variable: {
            (f".{code}" if variable in numeric and isinstance(code, str) else code): label
            for code, label in mapping.items()
        }
        for variable, mapping in meta.variable_value_labels.items()
    }
    return data.assign(**columns), value_labels


def _check_labels_decoded(path: Path, encoding: str) -> None:
    """Raise ``encoding`` naming the first label whose bytes are not valid in ``encoding``.

    pyreadstat (ReadStat) stops a variable or value label at the first byte that is
    invalid in the file's encoding, without an error: a Latin-1 file that declares
    UTF-8 reads 'Qué' as 'Qu'. Re-reading the metadata as Latin-1 (which accepts every
    byte) recovers the raw bytes, which Python then decodes strictly.
    """
    import pyreadstat

    try:
        codec = codecs.lookup(encoding).name
    except LookupError:  # an iconv-only name from the file header: nothing to compare with
        return
    _, raw = pyreadstat.read_sav(path, metadataonly=True, encoding="LATIN1")
    labels = [("variable", k, v) for k, v in raw.column_names_to_labels.items() if v]
    labels += [("value", k, label) for k, mapping in raw.variable_value_labels.items()
               for label in mapping.values()]
    for kind, variable, label in labels:
        try:
            label.encode("latin-1").decode(codec)
        except UnicodeDecodeError as error:
            byte = error.object[error.start:error.start + 1]
            raise _encoding_error(
                path, f"a {kind} label of variable '{variable}' has byte {byte!r}, "
                      f"which is not valid {encoding}",
                variable=variable) from None


def _utf8_read_as_latin(text: str) -> str | None:
    """``text`` as it should read if it is UTF-8 bytes decoded as Latin-1/cp1252, else None."""
    if text.isascii():
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return fixed if fixed != text else None
    return None


def _check_not_mojibake(path: Path, data: pd.DataFrame, meta: Any) -> None:
    """Raise ``bad_encoding`` if an old Stata file (no declared encoding) holds UTF-8 text.

    Stata 13 and older store no encoding; pyreadstat reads them as Latin-1, so UTF-8
    text written by other software would silently become mojibake ('EspaÃ±a').
    """
    texts = [(name, label) for name, labels in meta.variable_value_labels.items() for label in labels.values()]
    texts += [(name, label) for name, label in meta.column_names_to_labels.items() if label]
    for name in data.columns:
        if data[name].dtype == object or pd.api.types.is_string_dtype(data[name]):
            texts += [(name, v) for v in data[name].dropna().unique()[:200] if isinstance(v, str)]
    for name, text in texts:
        fixed = _utf8_read_as_latin(str(text))
        if fixed is not None:
            raise InputFileError(
                f"the Stata file declares no encoding (format 117 or older) and holds UTF-8 text: "
                f"read as Latin-1, {text!r} would be wrong for {fixed!r}", file=path, variable=str(name),
                reason="bad_encoding",
                hint="declare 'encoding: utf-8' under this country beside 'file' in the codebook "
                     "(in code: read_survey(path, encoding=\"utf-8\"))")


def _encoding_error(path: Path, detail: str, variable: str | None = None) -> InputFileError:
    return InputFileError(f"cannot decode the text of the file: {detail}", file=path,
                          variable=variable, reason="bad_encoding", hint=ENCODING_HINT)


def _is_encoding_error(message: str) -> bool:
    return "encoding" in message.lower() or "character set" in message.lower()


def _readstat_error(path: Path, message: str) -> InputFileError:
    """Translate a ReadStat message into a reason code and advice."""
    if _is_encoding_error(message):
        return _encoding_error(path, message)
    if "unable to read" in message.lower():
        return InputFileError(
            f"the file ends early: {message}", file=path, reason="truncated_file",
            hint="the copy or download was cut short; copy the file again from its source",
        )
    return InputFileError(
        f"the file is damaged or not a valid file of its type: {message}", file=path,
        reason="corrupt_file",
        hint="open it in SPSS/Stata/PSPP to check it, then save or export it again",
    )
