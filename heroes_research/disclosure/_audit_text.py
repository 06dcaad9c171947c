"""Small counts of people in prose: what a report's narrative reveals beside its tables.

A protected table hides a cell of 2; a sentence saying "two of whom identified a
victim" publishes it again. This module finds such statements in the text of an
executed notebook (markdown and printed output) so an output checker can review
them, as SACRO/ACRO flag free text for manual review.

Notes
-----
A statement is flagged when a count below the threshold (digits or English number
words, "none"/"no" excluded: a zero is reported by the table rules) stands within
three words before a noun for people or units of people (respondents, interviews,
agencies, ...), or in the pattern "k of n" with ``k`` or ``n - k`` below the
threshold. The rule is deliberately simple and errs towards review: it cannot tell
a count of people from a count of countries unless the noun says so.

Example
-------
>>> [f.text for f in small_counts("Of 12 respondents, two of whom identified a victim.")]
['two of whom']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PEOPLE_NOUNS", "SmallCount", "small_counts"]

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "single": 1, "a couple of": 2,
}  # fmt: skip

PEOPLE_NOUNS = (
    "respondent", "practitioner", "interview", "interviewee", "agency", "agencies", "victim",
    "child", "children", "person", "persons", "people", "officer", "prosecutor", "judge",
    "organisation", "organization", "participant", "case", "survivor", "professional", "worker",
    "whom", "answer", "answered", "report",
)  # fmt: skip

_NUMBER = r"(?P<num>\d+|" + "|".join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True)) + r")"
_NOUN = r"(?P<noun>" + "|".join(PEOPLE_NOUNS) + r")\w*"
_NEAR = re.compile(rf"\b{_NUMBER}\b(?:\s+[\w'-]+){{0,2}}?\s+(?:of\s+)?{_NOUN}", re.IGNORECASE)
# "16 of 17 jurisdictions": counts of laws, places or items, not of people.
_NOT_PEOPLE = re.compile(
    r"\b(jurisdictions?|countr(?:y|ies)|indicators?|items?|cells?|codes?|areas?|barriers?|standards?|"
    r"regions?|years?|days?|questions?|variables?|levels?|categor(?:y|ies))\b", re.IGNORECASE)
# "one row per agency", "each respondent": a description of the data, not a count.
_DESCRIPTIVE = re.compile(r"\b(per|each|every|row|rows)\b", re.I)
# "one practitioner in twelve", "one interview per practitioner": a rate or a design, not a count.
_RATIO = re.compile(
    r"\s+(?:per|each|a)\s|\s+in\s+(?:every\s+)?(?:\d+|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"|\w+(?:teen|ty)\b|a\s+(?:hundred|thousand))", re.IGNORECASE)
_K_OF_N = re.compile(rf"\b{_NUMBER}\s+(?:out\s+)?of\s+(?:the\s+)?(?P<total>\d+)\b(?:\s+[\w'-]+){{0,2}}", re.I)


@dataclass(frozen=True)
class SmallCount:
    """One statement of a small count: the matched text, the count and why it is small."""

    text: str
    count: int
    reason: str


def _value(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else _WORDS[token]


def small_counts(text: str, min_count: int = 5) -> list[SmallCount]:
    """Statements in ``text`` that give a count of people below ``min_count``.

    Parameters
    ----------
    text
        Prose: a markdown cell's text or a printed output.
    min_count
        The threshold of the table rules (a count 1 .. min_count - 1 is small).

    Returns
    -------
    list of SmallCount
        In the order they appear; empty if none.

    Example
    -------
    >>> [f.reason for f in small_counts("1 of 19 agencies reported it", min_count=5)]
    ['count 1 below 5']
    >>> small_counts("the 15 countries and 4 regions; one row per agency")
    []
    """
    found: list[SmallCount] = []
    seen: set[tuple[int, int]] = set()
    for match in _K_OF_N.finditer(text):
        if _NOT_PEOPLE.search(match.group(0)):
            continue
        k, total = _value(match["num"]), int(match["total"])
        rest = total - k
        if 0 < k < min_count or 0 < rest < min_count:
            small = k if 0 < k < min_count else rest
            which = "count" if small == k else "complement"
            found.append(SmallCount(match.group(0), small, f"{which} {small} below {min_count}"))
            seen.add(match.span())
    for match in _NEAR.finditer(text):
        count = _value(match["num"])
        if (_DESCRIPTIVE.search(match.group(0)) or _RATIO.match(text, match.end())
                or any(s <= match.start() < e for s, e in seen)):
            continue
        if 0 < count < min_count:
            found.append(SmallCount(match.group(0), count, f"count {count} below {min_count}"))
    return sorted(found, key=lambda f: text.find(f.text))
