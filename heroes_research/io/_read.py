"""read_survey: one entry point for every survey file format HEROES receives."""

from __future__ import annotations

import os
from pathlib import Path

from heroes_research.io._detect import check_readable
from heroes_research.io._survey_data import SurveyData

__all__ = ["read_survey"]


def read_survey(path: str | os.PathLike[str], *, encoding: str | None = None) -> SurveyData:
    """Read a survey file with its codes, labels and declared missing values.

    Parameters
    ----------
    path
        A ``.sav``, ``.zsav``, ``.por`` (SPSS), ``.dta`` (Stata), ``.csv``, ``.xlsx``
        or ``.parquet`` file. The extension chooses the reader; the first bytes are
        checked against it.
    encoding
        Text encoding of the file. Default: the encoding the SPSS/Stata file
        declares, UTF-8 for CSV. Use ``"cp1252"`` or ``"latin-1"`` for old Western
        European files whose accented letters fail to decode. Ignored for .por, .xlsx
        and .parquet, which have their own encoding.

    Returns
    -------
    SurveyData
        ``data`` holds the stored codes (never the labels). User-missing codes stay
        in ``data`` and are declared in ``missing``; system-missing values are NA.

    Raises
    ------
    InputFileError
        With ``reason``: ``missing_file``, ``unreadable_file`` (no permission),
        ``empty_file``, ``unsupported_format``, ``formula_without_value``, ``bad_sheet``,
        ``wrong_extension`` (the content is another format: the message says which
        name to give it), ``truncated_file``, ``corrupt_file``, ``bad_encoding`` (the
        message names the byte and where it is) or ``bad_metadata`` (an Excel
        metadata sheet does not fit the data).

    Notes
    -----
    Per format:

    - **SPSS .sav/.zsav** (pyreadstat, ``user_missing=True``): discrete missing
      values become codes, ``MISSING VALUES x (1 THRU 2)`` ranges become ``(1, 2)``
      tuples; string variables keep their value labels and missing codes; date
      formats (DATE, EDATE, ADATE, DATETIME, ...) come back as ``datetime64``.
      pyreadstat silently cuts a label at a byte that is invalid in the declared
      encoding; read_survey detects that and raises ``encoding`` instead.
    - **SPSS .por**: the portable format has no user-missing declarations pyreadstat
      can read, so ``missing`` is empty.
    - **Stata .dta**: extended missing values ``.a``-``.z`` stay in the column as the
      strings ``".a"``-``".z"`` (the column becomes ``object``) and are declared in
      ``missing``; plain ``.`` is NA.
    - **CSV**: comma-separated with a header row, UTF-8 unless ``encoding`` says
      otherwise; no labels.
    - **Excel .xlsx** (the *HEROES Excel layout*): data on the first sheet; optional
      sheets ``variables`` (columns ``variable``, ``label``), ``values``
      (``variable``, ``code``, ``label``) and ``missing`` (``variable``, ``code``)
      give variable labels, value labels and user-missing codes.
    - **Parquet**: labels from the metadata :func:`write_processed` embeds, or from a
      JSON sidecar ``<name>.json`` in the same format.

    Example
    -------
    >>> import pathlib, tempfile, pandas as pd, pyreadstat
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "es.sav"
    >>> pyreadstat.write_sav(pd.DataFrame({"q1": [1.0, 99.0, None]}), path,
    ...                      variable_value_labels={"q1": {1: "yes", 99: "refused"}},
    ...                      missing_ranges={"q1": [99]})
    >>> survey = read_survey(path)
    >>> survey.missing, survey.value_labels["q1"][99]
    ({'q1': [99.0]}, 'refused')
    >>> survey.user_missing_mask("q1").tolist()  # 99 is user-missing, None system-missing
    [False, True, False]
    """
    from heroes_research.provenance import sha256_file

    source = Path(path)
    file_format = check_readable(source)
    if file_format in ("sav", "zsav", "por", "dta"):
        from heroes_research.io._read_stat import read_statistical

        fields = read_statistical(source, file_format, encoding)
    elif file_format == "csv":
        from heroes_research.io._read_tabular import read_csv

        fields = read_csv(source, encoding)
    elif file_format == "xlsx":
        from heroes_research.io._read_tabular import read_xlsx

        fields = read_xlsx(source)
    else:
        from heroes_research.io._processed import read_parquet

        fields = read_parquet(source)
    return SurveyData(**fields, source=source, sha256=sha256_file(source), file_format=file_format)
