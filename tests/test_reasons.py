"""One enumeration of reason codes (errors.Reason): every code the package uses is a member or a synonym."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import heroes_research
from heroes_research.errors import SYNONYMS, HeroesError, InputFileError, Reason

PACKAGE = Path(heroes_research.__file__).parent
#: reason="x", default_reason = "x", problems.add("x", ...), rule="x" (rules become reasons of ingest errors)
PATTERNS = [r'reason\s*=\s*"([a-z_]+)"', r'default_reason\s*=\s*"([a-z_]+)"',
            r'problems\.add\(\s*"([a-z_]+)"', r'\brule\s*=\s*"([a-z_]+)"']


def _codes_in_source() -> dict[str, str]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "errors.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            for code in re.findall(pattern, text):
                found.setdefault(code, path.relative_to(PACKAGE).as_posix())
    return found


def test_every_reason_code_in_the_package_is_enumerated():
    known = {r.value for r in Reason} | set(SYNONYMS)
    unknown = {code: where for code, where in _codes_in_source().items() if code not in known}
    assert not unknown, f"add these codes to errors.Reason (or SYNONYMS): {unknown}"


def test_synonyms_are_merged_into_one_code():
    assert InputFileError("x", reason="file_not_found").reason is Reason.MISSING_FILE
    assert HeroesError("x", reason="bad_params").reason == "bad_argument"
    assert all(target in Reason for target in SYNONYMS.values())
    assert not set(SYNONYMS) & {r.value for r in Reason}


@pytest.mark.parametrize("cls", HeroesError.__subclasses__())
def test_every_error_class_defaults_to_an_enumerated_code(cls):
    assert cls("x").reason in Reason
