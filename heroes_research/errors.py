"""Structured exceptions for heroes_research.

Every error names *where* (file, variable, rows, country, ...), *what* went wrong
(a stable ``reason`` code a program can test) and *what to do* (``hint``).
Validation-style errors also carry ``failures``: a DataFrame with one row per
problem, so a notebook can display every failure at once instead of the first.

Example
-------
>>> from heroes_research.errors import InputFileError
>>> err = InputFileError("the file is empty", file="data/raw/x.sav",
...                      reason="empty_file", hint="re-export it from SPSS")
>>> print(err)
the file is empty [file 'data/raw/x.sav'] -- what to do: re-export it from SPSS
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported lazily: errors.py is imported everywhere
    import pandas as pd

__all__ = [
    "BuildError",
    "CodebookError",
    "DesignError",
    "DisclosureError",
    "EstimationError",
    "HeroesError",
    "InputFileError",
    "LegalDataError",
    "OutputError",
    "Reason",
    "SYNONYMS",
    "ValidationError",
    "canonical_reason",
]

_MAX_ROWS_SHOWN = 10


class Reason(StrEnum):
    """Every reason code an error of heroes_research carries, in one place.

    A notebook catches one kind of failure reliably by its code
    (``except HeroesError as err: if err.reason == Reason.MISSING_FILE: ...``),
    as pandera's ``SchemaErrorReason`` does. Codes are strings too, so
    ``err.reason == "missing_file"`` works as well. Synonyms used by older code are
    mapped to one code by :data:`SYNONYMS` when an error is built.

    To add a code: add a member here, in its group, with a comment saying when it
    is used (a test fails on a reason string that is neither a member nor a synonym).

    Example
    -------
    >>> InputFileError("gone", reason="file_not_found").reason is Reason.MISSING_FILE
    True
    """

    # -- generic (the default of each error class)
    ERROR = "error"  #: no more specific code
    UNREADABLE_FILE = "unreadable_file"
    BAD_CODEBOOK = "bad_codebook"  #: also several codebook problems at once
    VALIDATION_FAILED = "validation_failed"
    BAD_DESIGN = "bad_design"
    ESTIMATION_FAILED = "estimation_failed"
    BAD_TABLE = "bad_table"
    BAD_LEGAL_DATA = "bad_legal_data"
    BAD_OUTPUT = "bad_output"
    BUILD_FAILED = "build_failed"
    # -- arguments and settings
    BAD_ARGUMENT = "bad_argument"  #: a function argument or a parameter has an invalid value
    BAD_OPTION = "bad_option"
    BAD_METHOD = "bad_method"
    BAD_FAMILY = "bad_family"
    BAD_FORMAT = "bad_format"
    BAD_FORMULA = "bad_formula"
    BAD_DATE = "bad_date"
    BAD_NAME = "bad_name"
    BAD_ORDER = "bad_order"
    BAD_RANGE = "bad_range"
    BAD_SHAPE = "bad_shape"
    BAD_VALUES = "bad_values"
    BAD_RESPONSE = "bad_response"
    BAD_METADATA = "bad_metadata"
    BAD_REGISTRY = "bad_registry"
    BAD_STRUCTURE = "bad_structure"
    ALREADY_EXISTS = "already_exists"  #: a study (or other scaffold) of that name exists
    BAD_EXCEPTIONS = "bad_exceptions"  #: the output checker's disclosure exceptions file is invalid
    UNKNOWN_COUNTRY = "unknown_country"
    COUNTRY_NOT_IN_STUDY = "country_not_in_study"  #: a country the study settings do not list
    UNKNOWN_NOTEBOOK = "unknown_notebook"
    UNKNOWN_COLUMN = "unknown_column"
    UNKNOWN_VARIABLE = "unknown_variable"
    UNKNOWN_LEVEL = "unknown_level"
    UNKNOWN_CATEGORY = "unknown_category"
    UNKNOWN_ITEM = "unknown_item"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_WEIGHTS = "unknown_weights"
    DEPENDENCY_CYCLE = "dependency_cycle"
    NO_PROJECT_ROOT = "no_project_root"
    # -- files and folders
    MISSING_FILE = "missing_file"  #: the file does not exist
    EMPTY_FILE = "empty_file"
    CORRUPT_FILE = "corrupt_file"
    TRUNCATED_FILE = "truncated_file"
    WRONG_EXTENSION = "wrong_extension"
    UNSUPPORTED_FORMAT = "unsupported_format"
    BAD_ENCODING = "bad_encoding"  #: the bytes are not in the declared or detected encoding
    BAD_SHEET = "bad_sheet"
    BAD_CELLS = "bad_cells"
    FORMULA_WITHOUT_VALUE = "formula_without_value"  #: an xlsx formula cell has no cached value
    MALFORMED_YAML = "malformed_yaml"
    DUPLICATE_KEY = "duplicate_key"
    UNREADABLE_CODEBOOK = "unreadable_codebook"
    UNREADABLE_CODINGS = "unreadable_codings"
    UNREADABLE_WEIGHTS = "unreadable_weights"
    CHECKSUM_MISMATCH = "checksum_mismatch"
    DEMO_DIFFERS = "demo_differs"
    NOT_WRITABLE = "not_writable"  #: a folder or file cannot be written (read-only, no permission)
    DISK_FULL = "disk_full"  #: no space left on the device
    WRITE_FAILED = "write_failed"  #: another operating-system error while writing
    LOCKED = "locked"  #: another build or ingest holds the lock
    MIXED_GENERATIONS = "mixed_generations"  #: processed data sets from different ingests
    NO_BOUNDARIES = "no_boundaries"
    BAD_BOUNDARIES = "bad_boundaries"
    NO_SNAPSHOT = "no_snapshot"
    NAME_CLASH = "name_clash"
    NO_FOOTER = "no_footer"
    NO_SOURCE = "no_source"
    UNPROTECTED_ESTIMATES = "unprotected_estimates"  #: a figure about people from estimates that were not protected
    UNSERIALISABLE = "unserialisable"
    # -- data
    EMPTY_DATA = "empty_data"  #: no rows (or no usable rows)
    ALL_MISSING = "all_missing"
    MISSING_COLUMN = "missing_column"  #: one or more required columns are absent
    MISSING_VARIABLE = "missing_variable"
    MISSING_VALUES = "missing_values"
    MIXED_TYPES = "mixed_types"
    MIXED_VARIABLES = "mixed_variables"
    NOT_NUMERIC = "not_numeric"
    NOT_CATEGORICAL = "not_categorical"  #: a categorical (e.g. Likert) variable was expected
    DUPLICATE_ROWS = "duplicate_rows"
    DUPLICATE_LABELS = "duplicate_labels"
    DUPLICATE_COUNTRY = "duplicate_country"
    UNEQUAL_LENGTHS = "unequal_lengths"
    UNORDERED_VALUES = "unordered_values"
    NO_VARIATION = "no_variation"
    NO_CODES = "no_codes"
    TOO_MANY_VALUES = "too_many_values"
    TOO_MANY_GROUPS = "too_many_groups"
    TOO_MANY_ITEMS = "too_many_items"
    TOO_MANY_PANELS = "too_many_panels"
    TOO_FEW_ITEMS = "too_few_items"
    TOO_DEEP = "too_deep"  #: an expression nests or chains too many terms to evaluate
    # -- survey design and estimation
    BAD_WEIGHTS = "bad_weights"
    BAD_FPC = "bad_fpc"
    BAD_POPULATION = "bad_population"
    BAD_LONELY_PSU = "bad_lonely_psu"
    LONELY_PSU = "lonely_psu"
    FPC_BELOW_SAMPLE = "fpc_below_sample"
    FPC_MIXED = "fpc_mixed"
    FPC_NOT_CONSTANT = "fpc_not_constant"
    MISSING_STRATA = "missing_strata"
    MISSING_PSU = "missing_psu"
    MISSING_WEIGHTS = "missing_weights"
    MISSING_FPC = "missing_fpc"
    EMPTY_DOMAIN = "empty_domain"
    EMPTY_POSTSTRATUM = "empty_poststratum"
    MISSING_POSTSTRATUM = "missing_poststratum"
    LEVEL_NOT_IN_POPULATION = "level_not_in_population"
    NOT_CONVERGED = "not_converged"  #: an iterative fit (raking, glm) did not converge
    SINGULAR_MODEL = "singular_model"
    NO_VARIANCE = "no_variance"
    ZERO_DENOMINATOR = "zero_denominator"
    NEGATIVE_RATIO_VALUES = "negative_ratio_values"
    DEGENERATE_TABLE = "degenerate_table"
    PSU_NOT_NESTED = "psu_not_nested"  #: PSU ids reused across strata without nest=True
    FPC_STAGES = "fpc_stages"  #: the fpc columns do not match the sampling stages
    LEVEL_NOT_IN_DATA = "level_not_in_data"  #: a calibration total for a level no respondent has
    CALIBRATION_INFEASIBLE = "calibration_infeasible"  #: totals cannot be met within the bounds
    UNSUPPORTED_DESIGN = "unsupported_design"  #: the operation is not defined for this kind of design
    NO_COVARIANCE = "no_covariance"  #: a result without the covariance of its estimates (covmat=True)
    UNKNOWN_TERM = "unknown_term"  #: a model term that is not in the model
    ALIASED_TERM = "aliased_term"  #: a model term whose coefficient is aliased (NA in R)
    TOO_FEW_ROWS = "too_few_rows"
    # -- reliability, legal codings, qualitative data
    TOO_FEW_CODERS = "too_few_coders"
    UNEQUAL_RATERS = "unequal_raters"
    NO_PAIRS = "no_pairs"
    NO_PAIRABLE_UNITS = "no_pairable_units"
    NO_OVERLAP = "no_overlap"
    NO_COMPLETE_UNITS = "no_complete_units"
    NO_DOUBLE_CODING = "no_double_coding"
    NO_CODINGS_AT_DATE = "no_codings_at_date"
    INVALID_CODINGS = "invalid_codings"
    BAD_CODEFRAME = "bad_codeframe"
    # -- disclosure control
    BAD_COUNTS = "bad_counts"
    BAD_CONTRIBUTIONS = "bad_contributions"
    CONTRIBUTIONS_DO_NOT_ADD_UP = "contributions_do_not_add_up"
    MARGINS_DO_NOT_ADD_UP = "margins_do_not_add_up"
    NO_MARGINS = "no_margins"
    NOT_A_TABLE = "not_a_table"
    NOT_SQUARE = "not_square"
    EMPTY_TABLE = "empty_table"
    LP_FAILED = "lp_failed"
    MILP_FAILED = "milp_failed"
    NO_CONTROLLED_ROUNDING = "no_controlled_rounding"
    # -- validation-report rules (a ValidationError of an ingest carries its first rule)
    LABELS_DISAGREE = "labels_disagree"  #: a file's own value labels contradict the codebook's
    NO_ROWS = "no_rows"  #: a country's file has no respondents
    DESIGN_MISSING = "design_missing"  #: a declared design role has no value for a whole country
    UNKNOWN_DESIGN_ROLE = "unknown_design_role"  #: a design role the codebook does not know
    BAD_POOLED = "bad_pooled"  #: a pooled-file entry of a codebook is malformed
    POOLED_CONFLICT = "pooled_conflict"  #: a pooled file or its country declared twice, or also as a country's own file
    PARTIAL_RECODE = "partial_recode"  #: a recode leaves some of the file's codes unchanged
    CODE_NOT_DECLARED = "code_not_declared"
    OUT_OF_RANGE = "out_of_range"
    UNPARSEABLE_DATE = "unparseable_date"
    DUPLICATE_RESPONDENT = "duplicate_respondent"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    STRAIGHT_LINING = "straight_lining"
    INCONSISTENT = "inconsistent"
    # -- codebook problems (the ``problem`` column of a CodebookError's failures)
    BAD_BATTERY = "bad_battery"
    BAD_CHECK = "bad_check"
    BAD_CHECKS = "bad_checks"
    BAD_CODE = "bad_code"
    BAD_CODES = "bad_codes"
    BAD_COUNTRY = "bad_country"
    BAD_LABEL = "bad_label"
    BAD_MAPPING = "bad_mapping"
    BAD_MISSING = "bad_missing"
    BAD_RECODE = "bad_recode"
    BAD_REVERSE = "bad_reverse"
    BAD_SOURCE = "bad_source"
    BAD_VARIABLE = "bad_variable"
    CODE_IS_MISSING_CODE = "code_is_missing_code"
    CODES_NOT_ALLOWED = "codes_not_allowed"
    DUPLICATE_LABEL = "duplicate_label"
    DUPLICATE_VARIABLE = "duplicate_variable"
    ID_NOT_MAPPED = "id_not_mapped"
    MISSING_CODES = "missing_codes"
    MISSING_COUNTRIES = "missing_countries"
    MISSING_OPTIONS = "missing_options"
    MISSING_VARIABLES = "missing_variables"
    NOT_A_MAPPING = "not_a_mapping"
    OPTIONS_NOT_ALLOWED = "options_not_allowed"
    RECODE_MISSING_CONFLICT = "recode_missing_conflict"
    RECODE_NOT_ALLOWED = "recode_not_allowed"
    RECODE_TARGET_NOT_IN_CODES = "recode_target_not_in_codes"
    REVERSE_ASYMMETRIC = "reverse_asymmetric"
    REVERSE_NOT_ORDINAL = "reverse_not_ordinal"
    UNDECLARED_VARIABLE = "undeclared_variable"
    UNKNOWN_KEY = "unknown_key"
    UNKNOWN_MISSING_CODE = "unknown_missing_code"
    UNKNOWN_OPTION = "unknown_option"
    UNKNOWN_TYPE = "unknown_type"


#: Older or alternative spellings -> the one code. An error built with a synonym carries the code.
SYNONYMS: dict[str, Reason] = {
    "file_not_found": Reason.MISSING_FILE,
    "non_numeric": Reason.NOT_NUMERIC,
    "bad_parameter": Reason.BAD_ARGUMENT,
    "bad_params": Reason.BAD_ARGUMENT,
    "no_convergence": Reason.NOT_CONVERGED,
    "missing_columns": Reason.MISSING_COLUMN,
    "encoding": Reason.BAD_ENCODING,
    "invalid_codebook": Reason.BAD_CODEBOOK,
    "no_data": Reason.EMPTY_DATA,
    # arguments
    "bad_by": Reason.BAD_ARGUMENT,
    "bad_conf_level": Reason.BAD_ARGUMENT,
    "bad_type": Reason.BAD_ARGUMENT,
    "bad_newdata": Reason.BAD_ARGUMENT,
    "bad_quantile": Reason.BAD_ARGUMENT,
    "bad_rho": Reason.BAD_ARGUMENT,
    "bad_bounds": Reason.BAD_ARGUMENT,
    "bad_total": Reason.BAD_ARGUMENT,
    "bad_hadamard": Reason.BAD_ARGUMENT,
    "bad_rscales": Reason.BAD_ARGUMENT,
    "missing_rscales": Reason.BAD_ARGUMENT,
    "too_many_replicates": Reason.BAD_ARGUMENT,
    "bad_interval": Reason.BAD_METHOD,
    "bad_calfun": Reason.BAD_METHOD,
    "bad_statistic": Reason.BAD_METHOD,
    "bad_replicate_type": Reason.BAD_METHOD,
    "mixed_conf_level": Reason.BAD_VALUES,
    "bad_synthetic": Reason.BAD_CODEBOOK,
    "pooled_not_in_excel": Reason.UNSUPPORTED_FORMAT,
    "study_exists": Reason.ALREADY_EXISTS,
    # data
    "empty_by": Reason.ALL_MISSING,
    "missing_country_variable": Reason.MISSING_VARIABLE,
    "missing_calibration_variable": Reason.MISSING_VARIABLE,
    "unmapped_country_value": Reason.UNKNOWN_COUNTRY,
    "undeclared_country": Reason.COUNTRY_NOT_IN_STUDY,
    "pooled_file_twice": Reason.POOLED_CONFLICT,
    "pooled_country_has_file": Reason.POOLED_CONFLICT,
    "pooled_country_twice": Reason.POOLED_CONFLICT,
    # survey design
    "bad_weight": Reason.BAD_WEIGHTS,
    "bad_replicate_weight": Reason.BAD_WEIGHTS,
    "bad_replicates": Reason.BAD_WEIGHTS,
    "bad_replicate_weights": Reason.BAD_WEIGHTS,
    "no_replicate_weights": Reason.MISSING_WEIGHTS,
    "psu_crosses_strata": Reason.PSU_NOT_NESTED,
    "level_absent_from_data": Reason.LEVEL_NOT_IN_DATA,
    "inconsistent_margins": Reason.MARGINS_DO_NOT_ADD_UP,
    "calibration_failed": Reason.CALIBRATION_INFEASIBLE,
    "trim_not_converged": Reason.NOT_CONVERGED,
    "trim_replicates": Reason.UNSUPPORTED_DESIGN,
    "calibrated_conversion": Reason.UNSUPPORTED_DESIGN,
    "not_replicate": Reason.UNSUPPORTED_DESIGN,
    "brr_not_two_psus": Reason.UNSUPPORTED_DESIGN,
    "group_not_binary": Reason.BAD_VALUES,
    # legal codings
    "no_codings": Reason.MISSING_FILE,
    "unreadable_reconciliation": Reason.UNREADABLE_CODINGS,
    "no_cells": Reason.EMPTY_DATA,
}


def canonical_reason(reason: str | None, default: str) -> str:
    """The :class:`Reason` for ``reason`` (synonyms merged); an unlisted string as given.

    Example
    -------
    >>> canonical_reason("bad_params", "error")
    <Reason.BAD_ARGUMENT: 'bad_argument'>
    """
    code = reason or default
    if code in SYNONYMS:
        return SYNONYMS[code]
    try:
        return Reason(code)
    except ValueError:
        return code


class HeroesError(Exception):
    """Base class of every error raised by heroes_research.

    Parameters
    ----------
    message
        What went wrong, in one sentence.
    reason
        Stable machine-readable code, one of :class:`Reason` (``"empty_file"``,
        ``"lonely_psu"``, ...); a synonym is replaced by its code (:data:`SYNONYMS`).
    file, variable, rows, country
        Where it went wrong. ``rows`` are row ids or 0-based positions.
    hint
        What the user should do about it.
    failures
        Optional DataFrame with one row per problem (validation errors).
    """

    default_reason = "error"

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        file: Any = None,
        variable: str | None = None,
        rows: Sequence[Any] | None = None,
        country: str | None = None,
        hint: str | None = None,
        failures: pd.DataFrame | None = None,
    ) -> None:
        self.message = message
        self.reason = canonical_reason(reason, self.default_reason)
        self.file = None if file is None else str(file)
        self.variable = variable
        self.rows = None if rows is None else list(rows)
        self.country = country
        self.hint = hint
        self.failures = failures
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"file '{self.file}'")
        if self.country is not None:
            where.append(f"country {self.country}")
        if self.variable is not None:
            where.append(f"variable '{self.variable}'")
        if self.rows:
            shown = ", ".join(map(str, self.rows[:_MAX_ROWS_SHOWN]))
            more = len(self.rows) - _MAX_ROWS_SHOWN
            where.append(f"rows [{shown}{f', ... {more} more' if more > 0 else ''}]")
        text = self.message
        if where:
            text += " [" + "; ".join(where) + "]"
        if self.failures is not None and len(self.failures):
            text += f"\n{len(self.failures)} problem(s):\n" + self.failures.head(20).to_string()
            if len(self.failures) > 20:
                text += f"\n... see .failures for all {len(self.failures)}"
        if self.hint:
            text += f" -- what to do: {self.hint}"
        return text


class InputFileError(HeroesError):
    """A file could not be read: missing, empty, corrupt, wrong extension or encoding."""

    default_reason = "unreadable_file"


class CodebookError(HeroesError):
    """A harmonisation codebook is malformed or does not fit the data."""

    default_reason = "bad_codebook"


class ValidationError(HeroesError):
    """Data violate rules; ``failures`` lists every violation."""

    default_reason = "validation_failed"


class DesignError(HeroesError):
    """A survey design cannot be built (weights, strata, PSUs, fpc)."""

    default_reason = "bad_design"


class EstimationError(HeroesError):
    """An estimate cannot be computed (missing values, empty domain, singular model)."""

    default_reason = "estimation_failed"


class DisclosureError(HeroesError):
    """A table cannot be protected or is not a valid table of counts or magnitudes."""

    default_reason = "bad_table"


class LegalDataError(HeroesError):
    """Legal indicators or codings are invalid; ``failures`` lists every problem."""

    default_reason = "bad_legal_data"


class OutputError(HeroesError):
    """An output cannot be written (name clash, unknown country, empty data)."""

    default_reason = "bad_output"


class BuildError(HeroesError):
    """The notebook build failed (unknown notebook, bad parameters, failing cell)."""

    default_reason = "build_failed"
