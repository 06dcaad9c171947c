"""The codebook model: frozen dataclasses for variables, country mappings and checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research.codebook._frozen import FrozenMap
from heroes_research.errors import CodebookError

if TYPE_CHECKING:  # pandas is imported where a table is built
    import pandas as pd

__all__ = [
    "CODED_TYPES",
    "VARIABLE_TYPES",
    "Check",
    "Codebook",
    "CountryMapping",
    "DESIGN_ROLES",
    "DesignSpec",
    "LONELY_PSU_RULES",
    "PooledFile",
    "ReplicateSpec",
    "Variable",
    "VariableMapping",
    "code_span",
]

#: The harmonised variable types a codebook may declare.
VARIABLE_TYPES: tuple[str, ...] = ("categorical", "ordinal", "numeric", "multi_response", "text", "date")
#: Types whose values are codes with labels (pandas Categoricals in the harmonised frame).
CODED_TYPES: tuple[str, ...] = ("categorical", "ordinal")


#: Design roles that name a column of the harmonised frame.
DESIGN_ROLES: tuple[str, ...] = ("weights", "strata", "psu", "fpc")
#: What a stratum with one PSU does (R's ``options(survey.lonely.psu)``), as SurveyDesign takes it.
LONELY_PSU_RULES: tuple[str, ...] = ("fail", "remove", "certainty", "adjust", "average")


def code_span(codes: Any) -> str:
    """Codes for messages: ``1-5`` for a run of three or more, else ``1, 3, 7``; ``none`` if empty."""
    codes = sorted(codes)
    if not codes:
        return "none"
    if len(codes) > 2 and codes == list(range(codes[0], codes[-1] + 1)):
        return f"{codes[0]}-{codes[-1]}"
    return ", ".join(map(str, codes))


@dataclass(frozen=True, slots=True)
class Variable:
    """One harmonised variable.

    Attributes
    ----------
    name, label
        Harmonised name (a column of the harmonised frame) and its label.
    type
        One of :data:`VARIABLE_TYPES`.
    codes
        Harmonised code -> label (categorical and ordinal), in code order.
    options
        Option key -> label (multi_response; column ``<name>__<option>``).
    range
        Inclusive valid ``(low, high)`` of a numeric variable, or None.
    battery
        Name of the item battery the variable belongs to, or None.
    """

    name: str
    label: str
    type: str
    codes: FrozenMap[int, str] = FrozenMap()
    options: FrozenMap[str, str] = FrozenMap()
    range: tuple[float, float] | None = None
    battery: str | None = None

    @property
    def is_coded(self) -> bool:
        """True for categorical and ordinal variables."""
        return self.type in CODED_TYPES

    def option_columns(self) -> tuple[str, ...]:
        """The harmonised 0/1 columns of a multi_response variable."""
        return tuple(f"{self.name}__{option}" for option in self.options)

    def __repr__(self) -> str:
        parts = [repr(self.name), self.type]
        if self.codes:
            parts.append(f"codes {code_span(self.codes)}")
        if self.options:
            parts.append(f"options {', '.join(self.options)}")
        if self.range is not None:
            parts.append(f"range {self.range[0]:g}-{self.range[1]:g}")
        if self.battery:
            parts.append(f"battery {self.battery!r}")
        return f"Variable({', '.join(parts)})"


@dataclass(frozen=True, slots=True)
class VariableMapping:
    """How one country's file gives one harmonised variable.

    Attributes
    ----------
    source
        Source column name; for multi_response, option -> source column.
    recode
        Country code -> harmonised code; codes not listed keep their value.
    missing
        Country missing code -> harmonised missing code (e.g. ``{8: 98, 9: 99}``).
    reverse
        Reverse-code after recoding: ``c -> min + max - c`` over the harmonised codes.
    """

    source: str | FrozenMap[str, str]
    recode: FrozenMap[Any, int] = FrozenMap()
    missing: FrozenMap[Any, int] = FrozenMap()
    reverse: bool = False

    def source_columns(self) -> tuple[str, ...]:
        """Every source column this mapping reads."""
        return tuple(self.source.values()) if isinstance(self.source, FrozenMap) else (self.source,)

    def __repr__(self) -> str:
        parts = [repr(self.source.to_dict() if isinstance(self.source, FrozenMap) else self.source)]
        if self.recode:
            parts.append(f"recode={self.recode!r}")
        if self.missing:
            parts.append(f"missing={self.missing!r}")
        if self.reverse:
            parts.append("reverse=True")
        return f"VariableMapping({', '.join(parts)})"


@dataclass(frozen=True, slots=True)
class CountryMapping:
    """One country version of the instrument: its file and variable mappings.

    ``file`` is None for a country whose rows come from a pooled file
    (:class:`PooledFile`); ``line`` is the codebook line of its key (messages only).
    ``encoding`` is the file's text encoding when it does not declare its own
    correctly (e.g. a Stata 13 file holding UTF-8 text); None: the file's own.
    """

    country: str
    file: str | None
    language: str | None
    variables: FrozenMap[str, VariableMapping] = FrozenMap()
    encoding: str | None = None
    line: int | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        return (f"CountryMapping({self.country}, file={self.file!r}, language={self.language!r}, "
                f"{len(self.variables)} variables)")


@dataclass(frozen=True, slots=True)
class ReplicateSpec:
    """Published replicate weights of an instrument (R's ``svrepdesign``), under ``design: replicates:``.

    Attributes
    ----------
    weights
        As declared: a regular expression matched against the declared variable
        names (``"^repw"``), or the list of names.
    columns
        The declared (numeric) variables it names, in codebook order for a pattern.
    type
        ``JK1``, ``JKn``, ``BRR``, ``Fay``, ``bootstrap``, ``successive-difference``,
        ``ACS`` or ``other`` (R's ``type=``).
    scale, rscales, rho, mse, combined_weights
        R's ``scale``, ``rscales`` (one number or one per replicate), ``rho`` (Fay),
        ``mse`` and ``combined.weights``; None/defaults as R's.

    Example
    -------
    >>> spec = ReplicateSpec(weights="^rep", columns=("rep1", "rep2"), type="JK1")
    >>> spec.to_dict(), spec.survey_kwargs()["replicate_weights"]
    ({'weights': '^rep', 'type': 'JK1'}, ['rep1', 'rep2'])
    """

    weights: str | tuple[str, ...]
    columns: tuple[str, ...]
    type: str
    scale: float | None = None
    rscales: float | tuple[float, ...] | None = None
    rho: float | None = None
    mse: bool = False
    combined_weights: bool = True

    def _options(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        for name in ("scale", "rscales", "rho"):
            value = getattr(self, name)
            if value is not None:
                out[name] = list(value) if isinstance(value, tuple) else value
        if self.mse:
            out["mse"] = True
        if not self.combined_weights:
            out["combined_weights"] = False
        return out

    def to_dict(self) -> dict[str, Any]:
        """The non-default entries, as the YAML ``replicates:`` mapping writes them."""
        weights = self.weights if isinstance(self.weights, str) else list(self.weights)
        return {"weights": weights, **self._options()}

    def survey_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``SurveyDesign.from_replicate_weights`` (with the design weight)."""
        return {"replicate_weights": list(self.columns), **self._options()}


@dataclass(frozen=True, slots=True)
class DesignSpec:
    """The sampling design of an instrument, checked when the codebook loads.

    Attributes
    ----------
    weights, strata, psu, fpc
        Harmonised variables (or ``country``) playing each role; None if absent.
    lonely_psu
        What a stratum with one PSU does: one of :data:`LONELY_PSU_RULES`.
    nest
        True if PSU ids are only unique within strata (R's ``nest=TRUE``); when
        False, ``heroes validate`` reports a PSU id found in two strata.
    replicates
        Published replicate weights (:class:`ReplicateSpec`): the design is then a
        replicate design (R's ``svrepdesign``), built by
        ``SurveyDesign.from_metadata``; strata, psu and fpc stay documentation.

    Example
    -------
    >>> spec = DesignSpec(weights="w", strata="country")
    >>> spec.to_dict(), spec.columns()
    ({'weights': 'w', 'strata': 'country'}, {'weights': 'w', 'strata': 'country'})
    """

    weights: str | None = None
    strata: str | None = None
    psu: str | None = None
    fpc: str | None = None
    lonely_psu: str = "fail"
    nest: bool = False
    replicates: ReplicateSpec | None = None

    def columns(self) -> dict[str, str]:
        """Role -> column, for the roles that name a column."""
        return {role: getattr(self, role) for role in DESIGN_ROLES if getattr(self, role) is not None}

    def replicate_columns(self) -> tuple[str, ...]:
        """The replicate weight columns (none without ``replicates``)."""
        return () if self.replicates is None else self.replicates.columns

    def to_dict(self) -> dict[str, Any]:
        """The non-default entries, as the YAML ``design:`` mapping writes them."""
        out: dict[str, Any] = self.columns()
        if self.lonely_psu != "fail":
            out["lonely_psu"] = self.lonely_psu
        if self.nest:
            out["nest"] = True
        if self.replicates is not None:
            out["replicates"] = self.replicates.to_dict()
        return out

    def survey_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :meth:`SurveyDesign.from_metadata
        <heroes_research.survey.SurveyDesign.from_metadata>`: those of ``SurveyDesign``
        (``nest`` is a check at ingest), or with replicate weights those of
        ``SurveyDesign.from_replicate_weights``."""
        if self.replicates is not None:
            return {"weights": self.weights, **self.replicates.survey_kwargs()}
        out = self.to_dict()
        out.pop("nest", None)
        return out

    def __bool__(self) -> bool:
        return bool(self.to_dict())


@dataclass(frozen=True, slots=True)
class PooledFile:
    """One file holding several countries' rows, split by a country column.

    Attributes
    ----------
    file
        The file, relative to the codebook's folder.
    country
        The column (in the file) that says each row's country.
    values
        Value in that column -> ISO code; empty when the column holds ISO codes or
        country names (:func:`heroes_research.countries.to_iso2`).
    countries
        The countries whose rows the file holds, in codebook order.
    """

    file: str
    country: str
    values: FrozenMap[Any, str] = FrozenMap()
    countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Check:
    """A declarative consistency rule, e.g. ``years_experience <= age - 16``."""

    rule: str
    message: str

    @property
    def variables(self) -> tuple[str, ...]:
        """The harmonised variables the rule refers to."""
        from heroes_research.codebook._expr import rule_names

        return rule_names(self.rule)


@dataclass(frozen=True)
class Codebook:
    """A harmonisation codebook: harmonised variables and their per-country mappings.

    Build it with :func:`~heroes_research.codebook.load_codebook` (YAML) or
    :func:`~heroes_research.codebook.from_excel`; both validate it.
    ``path`` (the file it came from) does not take part in equality.

    Example
    -------
    >>> from heroes_research.codebook import build_codebook
    >>> cb = build_codebook({
    ...     "instrument": "pilot", "version": "1.0.0", "id": "resp_id",
    ...     "variables": [{"name": "resp_id", "label": "Id", "type": "text"},
    ...                   {"name": "q1", "label": "Trained?", "type": "categorical",
    ...                    "codes": {1: "Yes", 2: "No"}}],
    ...     "countries": {"ES": {"file": "es.sav", "variables": {"resp_id": "id", "q1": "p1"}}}})
    >>> cb
    Codebook('pilot' v1.0.0: 2 variables (1 text, 1 categorical); countries ES; missing codes none; 0 checks)
    >>> cb.variable("q1").codes[2], cb.countries["ES"].variables["q1"].source
    ('No', 'p1')
    """

    instrument: str
    version: str
    title: str
    id: str | None
    missing: FrozenMap[int, str]
    variables: tuple[Variable, ...]
    countries: FrozenMap[str, CountryMapping]
    design: DesignSpec = DesignSpec()
    checks: tuple[Check, ...] = ()
    pooled: tuple[PooledFile, ...] = ()
    synthetic: bool = False
    path: Path | None = field(default=None, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Harmonised variable names in codebook order."""
        return tuple(v.name for v in self.variables)

    @property
    def folder(self) -> Path | None:
        """The folder country files are relative to (the codebook's folder)."""
        return None if self.path is None else self.path.parent

    def variable(self, name: str) -> Variable:
        """The :class:`Variable` called ``name``.

        Raises
        ------
        CodebookError
            ``reason="unknown_variable"`` if the codebook does not declare it.
        """
        for variable in self.variables:
            if variable.name == name:
                return variable
        raise CodebookError(
            f"the codebook does not declare variable {name!r}", reason="unknown_variable",
            file=self.path, variable=name, hint=f"declared: {', '.join(self.names)}",
        )

    def batteries(self) -> dict[str, tuple[str, ...]]:
        """Battery name -> its item variables, in codebook order."""
        found: dict[str, list[str]] = {}
        for variable in self.variables:
            if variable.battery:
                found.setdefault(variable.battery, []).append(variable.name)
        return {name: tuple(items) for name, items in found.items()}

    def check_against(self, surveys: Mapping[str, Any]) -> pd.DataFrame:
        """Report mapped source columns absent from the files (see :func:`check_against`).

        ``surveys`` maps country -> SurveyData; returns a validation-report DataFrame
        (rule ``missing_variable``, message with difflib close matches).
        """
        from heroes_research.codebook._check import check_against

        return check_against(self, surveys)

    def variables_table(self) -> pd.DataFrame:
        """One row per harmonised variable: name, label, type, codes, and the countries mapping it."""
        import pandas as pd

        rows = []
        for v in self.variables:
            entries = v.codes or v.options
            rows.append({
                "name": v.name, "label": v.label, "type": v.type,
                "codes": "; ".join(f"{k}={label}" for k, label in entries.items()),
                "range": "" if v.range is None else f"{v.range[0]:g}-{v.range[1]:g}",
                "battery": v.battery or "",
                "countries": " ".join(c for c, m in self.countries.items() if v.name in m.variables),
            })
        return pd.DataFrame(rows, columns=["name", "label", "type", "codes", "range", "battery", "countries"])

    def _repr_html_(self) -> str:
        from html import escape

        return f"<p>{escape(repr(self))}</p>" + self.variables_table().to_html(index=False)

    def to_dict(self) -> dict[str, Any]:
        """The codebook as plain YAML-ready data (the agreed format)."""
        from heroes_research.codebook._yaml import codebook_to_dict

        return codebook_to_dict(self)

    def __repr__(self) -> str:
        types = Counter(v.type for v in self.variables)
        kinds = ", ".join(f"{n} {t}" for t, n in types.items())
        return (
            f"Codebook({self.instrument!r} v{self.version}: {len(self.variables)} variables ({kinds}); "
            f"countries {', '.join(self.countries) or 'none'}; missing codes {code_span(self.missing)}; "
            f"{len(self.checks)} checks{'; pooled files ' if self.pooled else ''}"
            f"{', '.join(p.file for p in self.pooled)}{'; SYNTHETIC' if self.synthetic else ''})"
        )
