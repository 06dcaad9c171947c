"""Study settings: a study's name, title and country set, read from ``data/raw/<study>/study.yaml``.

A study is a folder under ``data/raw/``: its ``study.yaml`` and one sub-folder per
instrument holding its ``codebook.yaml`` (all tracked in git) and the raw country files
(ignored by git). Without a ``study.yaml`` (the demo) the countries are the 15 HEROES
countries, or, for a codebook naming others, its own countries in display order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heroes_research.countries import (
    COUNTRY_CODES,
    LEGAL_SYSTEMS,
    country_colors,
    country_name,
    display_order,
    to_iso2,
)
from heroes_research.errors import CodebookError, HeroesError

if TYPE_CHECKING:
    from heroes_research.codebook import Codebook

__all__ = ["SETTINGS_NAME", "StudySettings", "check_study_countries", "country_categories", "load_study",
           "study_of", "study_settings"]

#: The settings file of a study folder.
SETTINGS_NAME = "study.yaml"
_KEYS = ("study", "title", "countries")
_FAILURE_COLUMNS = ("file", "line", "country", "variable", "problem", "message")


@dataclass(frozen=True)
class StudySettings:
    """One study: its name, title and countries (ISO codes, in display order).

    Example
    -------
    >>> s = StudySettings("values", "Values survey", ("NO", "DE"))
    >>> s.names()
    {'NO': 'Norway', 'DE': 'Germany'}
    """

    name: str
    title: str
    countries: tuple[str, ...] = COUNTRY_CODES
    path: Path | None = field(default=None, compare=False)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def folder(self) -> Path | None:
        """The study folder (holding ``study.yaml`` and one folder per instrument)."""
        return None if self.path is None else self.path.parent

    def names(self) -> dict[str, str]:
        """Country code -> English display name, in the study's order."""
        return {code: country_name(code) for code in self.countries}

    def colors(self) -> dict[str, str]:
        """Country code -> colour (the 15 keep theirs; others are fixed by code, told apart)."""
        return country_colors(self.countries)


def _problem(path: Path, line: int | None, message: str, problem: str, country: str | None = None) -> dict:
    return {"file": str(path), "line": line, "country": country, "variable": None, "problem": problem,
            "message": message}


def _raise(problems: list[dict], path: Path, hint: str) -> None:
    import pandas as pd

    first = problems[0]
    where = f" (line {first['line']})" if first["line"] else ""
    message = first["message"] + where if len(problems) == 1 else \
        f"{len(problems)} problems, first: {first['message']}{where}"
    failures = pd.DataFrame(problems, columns=list(_FAILURE_COLUMNS)).astype({"line": "Int64"})
    raise CodebookError(message, reason=first["problem"] if len(problems) == 1 else "invalid_study",
                        file=path, country=first["country"], failures=failures, hint=hint)


def _countries(node: Any, path: Path, problems: list[dict]) -> tuple[tuple[str, ...], dict[str, int]]:
    if node is None:
        return COUNTRY_CODES, {}
    if not isinstance(node, list) or not node:
        problems.append(_problem(path, getattr(node, "line", None), "'countries' must be a list of ISO codes "
                                 "([NO, DE, PL]); omit it for the 15 HEROES countries", "bad_countries"))
        return (), {}
    codes: dict[str, int] = {}
    for i, item in enumerate(node):
        line = node.lines.get(i) if hasattr(node, "lines") else None
        try:
            legal = isinstance(item, str) and item.strip().upper() in LEGAL_SYSTEMS
            code = item.strip().upper() if legal else to_iso2(item if isinstance(item, str) else "")
        except HeroesError as error:
            problems.append(_problem(path, line, f"countries: {item!r} is not an ISO 3166 country; {error.hint}",
                                     "unknown_country", str(item)))
            continue
        if code in codes:
            problems.append(_problem(path, line, f"countries: {code} is listed twice", "duplicate_country", code))
        codes.setdefault(code, line)
    return tuple(codes), codes


def load_study(path: str | os.PathLike[str]) -> StudySettings:
    """Read and check a study's settings.

    Parameters
    ----------
    path
        The study folder or its ``study.yaml``::

            study: values                  # the study's name (its folder's name)
            title: European values survey
            countries: [NO, DE, PL, SE]    # ISO 3166-1 codes (or GB-EAW, GB-SCT, GB-NIR),
                                           # in display order; omit for the 15 HEROES countries

    Returns
    -------
    StudySettings

    Raises
    ------
    CodebookError
        Naming the file, the line and the fix: an unknown key, a country that is not
        an ISO 3166 code, a country listed twice (``failures`` lists every problem).

    Example
    -------
    >>> load_study("data/raw/values").countries  # doctest: +SKIP
    ('NO', 'DE', 'PL', 'SE')
    """
    from heroes_research.codebook._problems import close
    from heroes_research.codebook._yaml import read_yaml

    path = Path(path)
    path = path / SETTINGS_NAME if path.is_dir() else path
    raw = read_yaml(path, "study settings")
    problems: list[dict] = []
    if not isinstance(raw, Mapping):
        problems.append(_problem(path, None, "the study settings must be a mapping of study, title, countries",
                                 "not_a_mapping"))
        _raise(problems, path, "see `heroes new-study --help` for the layout")
    for key in raw:
        if key not in _KEYS:
            problems.append(_problem(path, raw.lines.get(key), f"unknown key {key!r}{close(key, _KEYS)}; "
                                     f"allowed: {', '.join(_KEYS)}", "unknown_key"))
    countries, lines = _countries(raw.get("countries"), path, problems)
    if problems:
        _raise(problems, path, f"fix {path.name} at the lines listed")
    name = str(raw.get("study") or path.parent.name)
    return StudySettings(name=name, title=str(raw.get("title") or name), countries=countries, path=path,
                         lines=lines)


def study_settings(folder: str | os.PathLike[str]) -> StudySettings:
    """The settings of a study folder: its ``study.yaml``, or the defaults (the 15 HEROES
    countries) for a folder without one, such as the demo.

    Example
    -------
    >>> study_settings("data/raw/demo").countries[:3]
    ('AT', 'BE', 'BG')
    """
    folder = Path(folder)
    if (folder / SETTINGS_NAME).is_file():
        return load_study(folder)
    return StudySettings(name=folder.name, title=folder.name)


def study_of(codebook_path: str | os.PathLike[str] | None) -> StudySettings | None:
    """The settings of the study a codebook belongs to (``../study.yaml``), or None.

    Example
    -------
    >>> study_of("data/raw/demo/prevention/codebook.yaml") is None  # the demo has no settings file
    True
    """
    if codebook_path is None:
        return None
    folder = Path(codebook_path).resolve().parent
    for candidate in (folder.parent / SETTINGS_NAME, folder / SETTINGS_NAME):
        if candidate.is_file():
            return load_study(candidate)
    return None


def country_categories(codebook: Codebook) -> tuple[str, ...]:
    """The ``country`` categories of a codebook's harmonised frame, in display order.

    The study's countries when the codebook belongs to a study with a ``study.yaml``;
    else the 15 HEROES countries when it names only those; else its own countries in
    display order (:func:`heroes_research.countries.display_order`).

    Raises
    ------
    CodebookError
        ``reason="country_not_in_study"`` for a codebook country the study does not list.

    Example
    -------
    >>> from heroes_research.codebook import build_codebook
    >>> cb = build_codebook({"instrument": "x", "version": "1", "variables": [
    ...     {"name": "a", "label": "A", "type": "numeric"}],
    ...     "countries": {"SE": {"file": "se.csv", "variables": {"a": "a"}}, "NO": {"file": "no.csv",
    ...                   "variables": {"a": "a"}}}})
    >>> country_categories(cb)
    ('NO', 'SE')
    """
    study = study_of(codebook.path)
    if study is not None:
        check_study_countries(study, [codebook], require_data=False)
        return study.countries
    codes = tuple(codebook.countries)
    if set(codes) <= set(COUNTRY_CODES):
        return COUNTRY_CODES
    return tuple(display_order(codes))


def _fed(codebook: Codebook) -> set[str]:
    """Countries whose rows a codebook reads (from their own file or a pooled one)."""
    own = {code for code, mapping in codebook.countries.items() if mapping.file is not None}
    return own | {code for pooled in codebook.pooled for code in pooled.countries}


def check_study_countries(study: StudySettings, codebooks: Iterable[Codebook], *,
                          require_data: bool = True) -> None:
    """Every codebook country is in the study's set; with ``require_data``, every study
    country has data in at least one codebook.

    Raises
    ------
    CodebookError
        ``country_not_in_study`` (naming the codebook and line: add the country to
        ``study.yaml``) or ``country_without_data`` (naming ``study.yaml`` and line:
        remove the country or give it a file); ``failures`` lists every problem.

    Example
    -------
    >>> check_study_countries(study, codebooks)  # doctest: +SKIP
    """
    codebooks = list(codebooks)
    problems = []
    for codebook in codebooks:
        for code, mapping in codebook.countries.items():
            if code not in study.countries:
                problems.append(_problem(codebook.path, mapping.line, f"codebook {codebook.instrument!r} maps "
                                         f"country {code}, which study {study.name!r} does not list",
                                         "country_not_in_study", code))
    if require_data:
        fed = set().union(*(_fed(c) for c in codebooks)) if codebooks else set()
        for code in study.countries:
            if code not in fed:
                problems.append(_problem(study.path, study.lines.get(code), f"study {study.name!r} lists "
                                         f"{code} ({country_name(code)}), but no codebook gives it a file",
                                         "country_without_data", code))
    if problems:
        first = problems[0]["problem"]
        hint = (f"add the country to 'countries' in {study.path}" if first == "country_not_in_study" else
                "remove the country from 'countries' in study.yaml, or give it a 'file' (or a pooled "
                "file) in an instrument's codebook.yaml")
        _raise(problems, Path(problems[0]["file"]), hint)
