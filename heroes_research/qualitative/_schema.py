"""The coded-segments table: its columns, the code frame, reading and validation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from heroes_research.countries import by_code
from heroes_research.errors import HeroesError, InputFileError, ValidationError

__all__ = [
    "FAILURE_COLUMNS",
    "SEGMENT_COLUMNS",
    "STAKEHOLDERS",
    "load_codeframe",
    "load_segments",
    "require_columns",
    "validate_segments",
]

#: Columns of a coded-segments table, in order.
SEGMENT_COLUMNS = (
    "segment_id",
    "interview_id",
    "country",
    "stakeholder",
    "passage",
    "code",
    "coder",
)
#: Stakeholder types of the practitioner interviews.
STAKEHOLDERS = ("judge", "prosecutor", "police", "lawyer", "victim_support", "ngo", "health")
#: Columns of ValidationError.failures.
FAILURE_COLUMNS = ("row", "segment_id", "column", "check", "value")

_SEGMENTS_FILE = "coded_segments.csv"
_CODEFRAME_FILE = "codeframe.yaml"


def _iso_codes(countries: pd.Series) -> list[str]:
    """The values of ``countries`` that are ISO 3166-1 alpha-2 codes (or GB-EAW-style legal systems)."""
    def known(code: object) -> bool:
        try:
            return by_code(str(code)).iso2 == str(code).split("-")[0]
        except HeroesError:
            return False

    return [code for code in pd.unique(countries.dropna()) if known(code)]


def _interviews_dir() -> Path:
    from heroes_research.paths import demo_raw_dir

    return demo_raw_dir() / "interviews"


def load_codeframe(path: str | Path | None = None) -> pd.DataFrame:
    """Read a code frame YAML into a table: ``code, category, code_label, category_label``.

    Parameters
    ----------
    path
        The YAML file (``categories: [{id, label, codes: [{id, label}]}]``).
        Default: the demo ``data/raw/demo/interviews/codeframe.yaml``.

    Returns
    -------
    pandas.DataFrame
        One row per code, in code-frame order; ``code`` is ``category/code``.

    Raises
    ------
    InputFileError
        The file is missing or is not a code frame.

    Example
    -------
    >>> frame = load_codeframe()
    >>> frame.loc[0, "code"]
    'barrier/secondary_victimisation'
    """
    import yaml

    path = Path(path) if path is not None else _interviews_dir() / _CODEFRAME_FILE
    if not path.is_file():
        raise InputFileError(
            "code frame not found",
            file=path,
            reason="missing_file",
            hint="pass codeframe= or regenerate the demo data with `heroes demo`",
        )
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = [
            {
                "code": f"{cat['id']}/{code['id']}",
                "category": cat["id"],
                "code_label": code["label"],
                "category_label": cat["label"],
            }
            for cat in document["categories"]
            for code in cat["codes"]
        ]
    except (yaml.YAMLError, KeyError, TypeError) as err:
        raise InputFileError(
            f"not a code frame: {err}",
            file=path,
            reason="bad_codeframe",
            hint="use `categories: [{id, label, codes: [{id, label}]}]`",
        ) from err
    return pd.DataFrame(rows, columns=["code", "category", "code_label", "category_label"])


def load_segments(
    path: str | Path | None = None, *, codeframe: str | Path | None = None
) -> pd.DataFrame:
    """Read and validate a coded-segments CSV (default: the synthetic demo file).

    Parameters
    ----------
    path
        CSV with the columns ``SEGMENT_COLUMNS``. Default:
        ``paths.demo_raw_dir() / "interviews" / "coded_segments.csv"``.
    codeframe
        Code frame YAML the codes must come from. Default: ``codeframe.yaml`` beside ``path``.

    Returns
    -------
    pandas.DataFrame
        The segments with ``passage`` as int64 and the other columns as strings.

    Raises
    ------
    InputFileError
        The file is missing.
    ValidationError
        Missing columns, empty cells, unknown codes, countries or stakeholder types,
        non-integer passages or duplicate segment ids; ``failures`` (columns
        ``FAILURE_COLUMNS``) lists every problem with its row.

    Example
    -------
    >>> segments = load_segments()
    >>> sorted(segments["coder"].unique())
    ['C1', 'C2', 'C3']
    """
    path = Path(path) if path is not None else _interviews_dir() / _SEGMENTS_FILE
    if not path.is_file():
        raise InputFileError(
            "coded segments file not found",
            file=path,
            reason="missing_file",
            hint="regenerate the demo data with `heroes demo` or pass path=",
        )
    codes = load_codeframe(codeframe if codeframe is not None else path.with_name(_CODEFRAME_FILE))
    segments = pd.read_csv(path, dtype="str", keep_default_na=False, na_values=[""])
    return validate_segments(segments, codes["code"], file=path)


def require_columns(segments: pd.DataFrame, columns: tuple[str, ...], *, step: str) -> None:
    """Raise ValidationError naming every column of ``columns`` that ``segments`` lacks."""
    missing = [c for c in columns if c not in segments.columns]
    if missing:
        raise ValidationError(
            f"{step}: the segments table lacks column(s) {missing}",
            variable=missing[0],
            reason="missing_columns",
            hint=f"a coded-segments table has the columns {list(SEGMENT_COLUMNS)}",
        )


def validate_segments(
    segments: pd.DataFrame, codes: pd.Series | list[str], *, file: str | Path | None = None
) -> pd.DataFrame:
    """Check a segments table against a code frame; return it typed, or raise with every failure.

    Parameters
    ----------
    segments
        A table with the columns ``SEGMENT_COLUMNS`` (extra columns are dropped).
    codes
        The codes allowed (``load_codeframe()["code"]``).
    file
        Named in the error, when the table came from a file.

    Returns
    -------
    pandas.DataFrame
        The columns ``SEGMENT_COLUMNS``: ``passage`` int64, the others strings.

    Raises
    ------
    ValidationError
        ``failures`` (columns ``FAILURE_COLUMNS``) holds one row per problem: ``empty``,
        ``unknown_code``, ``unknown_country``, ``unknown_stakeholder``,
        ``not_a_positive_integer`` (passage) and ``duplicate_segment_id`` (both rows).

    Example
    -------
    >>> import pandas as pd
    >>> row = ["S1", "I1", "ES", "judge", "1", "remedy/legal_aid", "C1"]
    >>> table = pd.DataFrame([row], columns=list(SEGMENT_COLUMNS))
    >>> validate_segments(table, ["remedy/legal_aid"])["passage"].dtype
    dtype('int64')
    """
    require_columns(segments, SEGMENT_COLUMNS, step="load_segments")
    frame = segments[list(SEGMENT_COLUMNS)].reset_index(drop=True)
    passage = pd.to_numeric(frame["passage"], errors="coerce")
    checks = {
        "empty": frame.isna(),
        "unknown_code": ~frame[["code"]].isin(list(codes)) & frame[["code"]].notna(),
        "unknown_country": ~frame[["country"]].isin(_iso_codes(frame["country"])) & frame[["country"]].notna(),
        "unknown_stakeholder": ~frame[["stakeholder"]].isin(STAKEHOLDERS)
        & frame[["stakeholder"]].notna(),
        "not_a_positive_integer": (
            ~((passage % 1 == 0) & (passage > 0)) & frame["passage"].notna()
        ).to_frame("passage"),
        "duplicate_segment_id": (
            frame["segment_id"].duplicated(keep=False) & frame["segment_id"].notna()
        ).to_frame("segment_id"),
    }
    failures = pd.concat(
        [_failure_rows(frame, mask, check) for check, mask in checks.items()], ignore_index=True
    ).sort_values(["row", "column"], kind="stable", ignore_index=True)
    if len(failures):
        raise ValidationError(
            f"load_segments: {len(failures)} problem(s) in the coded segments",
            file=file,
            rows=failures["row"].unique().tolist(),
            failures=failures,
            hint="fix the rows listed in .failures; codes must come from the code frame "
            f"and stakeholder types from {list(STAKEHOLDERS)}",
        )
    return frame.astype({c: "str" for c in SEGMENT_COLUMNS if c != "passage"}).assign(
        passage=passage.astype("int64")
    )


def _failure_rows(frame: pd.DataFrame, mask: pd.DataFrame, check: str) -> pd.DataFrame:
    """One failure row per True cell of ``mask`` (rows × columns)."""
    stacked = mask.stack()
    hits = stacked[stacked].index
    values = frame[mask.columns].astype(object).stack()
    rows, columns = hits.get_level_values(0), hits.get_level_values(1)
    return pd.DataFrame(
        {
            "row": rows.to_numpy(dtype="int64"),
            "segment_id": frame["segment_id"].to_numpy(dtype=object)[rows],
            "column": columns.to_numpy(dtype=object),
            "check": check,
            "value": values.reindex(hits).to_numpy(dtype=object),
        },
        columns=list(FAILURE_COLUMNS),
    )
