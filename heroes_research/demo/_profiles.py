"""Fieldwork profiles: how each country's partner named, coded and stored its files.

Each of the 15 countries' fieldwork partners has its own conventions, as real
multi-country studies do: language of the variable names, file format, the
question-number prefix, 1-5 or 0-4 scales, scales running the other way, its own
missing-value codes, yes/no coded 1/0 or 1/2, and its own order of category
codes. The generator applies a profile to the harmonised truth; the codebook
written beside the files states the exact inverse mapping.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["INSTRUMENTS", "LEGACY_DTA", "MISSING_STYLES", "PROFILES", "Profile"]

#: The demo instruments, in the order their seeds are derived.
INSTRUMENTS: tuple[str, ...] = ("early_identification", "missing_children", "prevention")

#: Country missing codes -> harmonised missing code (97 N/A, 98 don't know, 99 refused).
#: ``coded`` applies to categorical/ordinal variables, ``numeric`` to counts and years.
MISSING_STYLES: dict[str, dict[str, dict[int, int]]] = {
    "8/9": {"coded": {7: 97, 8: 98, 9: 99}, "numeric": {9997: 97, 9998: 98, 9999: 99}},
    "9x": {"coded": {97: 97, 98: 98, 99: 99}, "numeric": {9997: 97, 9998: 98, 9999: 99}},
    "neg": {"coded": {-3: 97, -1: 98, -2: 99}, "numeric": {-3: 97, -1: 98, -2: 99}},
    "7x": {"coded": {77: 97, 88: 98, 99: 99}, "numeric": {-7: 97, -8: 98, -9: 99}},
}
#: Style used for a coded variable whose valid codes collide with the country's style.
FALLBACK_STYLE = "9x"

#: (instrument, country) files saved by an old Stata (format 117, Windows-1252/latin-1 text).
LEGACY_DTA: frozenset[tuple[str, str]] = frozenset({("early_identification", "PT")})


@dataclass(frozen=True)
class Profile:
    """The conventions of one country's fieldwork partner.

    Attributes
    ----------
    country
        ISO alpha-2 code.
    language
        Language of the variable names and value labels (key of ``languages.yaml``).
    file_format
        ``sav``, ``dta`` or ``xlsx``.
    prefix
        Question-number prefix of item names (``p12_aislamiento``).
    zero_based
        Scales coded 0-4 instead of 1-5.
    reversed_scales
        Scales run from 1 = most to 5 = least.
    missing_style
        Key of :data:`MISSING_STYLES`.
    yes_no
        Codes of (yes, no).
    own_order
        Categories numbered in the country's own order.
    sizes
        Target sample size per instrument (respondents, agencies, programme staff).
    """

    country: str
    language: str
    file_format: str
    prefix: str
    zero_based: bool
    reversed_scales: bool
    missing_style: str
    yes_no: tuple[int, int]
    own_order: bool
    sizes: tuple[int, int, int]

    def size(self, instrument: str) -> int:
        """Target sample size of ``instrument`` in this country."""
        return self.sizes[INSTRUMENTS.index(instrument)]


# country, language, format, prefix, 0-4, reversed, missing, (yes, no), own order,
# sizes (early_identification respondents, missing_children agencies, prevention respondents)
PROFILES: dict[str, Profile] = {
    p.country: p
    for p in (
        Profile("AT", "de", "sav", "f", False, False, "9x", (1, 2), False, (85, 14, 30)),
        Profile("BE", "fr", "dta", "q", False, False, "neg", (1, 0), True, (70, 12, 25)),
        Profile("BG", "bg", "sav", "v", True, False, "8/9", (1, 2), False, (45, 10, 18)),
        Profile("FR", "fr", "sav", "q", False, True, "9x", (1, 0), True, (150, 30, 60)),
        Profile("GR", "el", "sav", "er", False, False, "8/9", (1, 2), True, (60, 11, 22)),
        Profile("IE", "en", "sav", "q", False, False, "9x", (1, 0), False, (40, 8, 20)),
        Profile("LV", "lv", "sav", "j", True, False, "neg", (1, 2), False, (30, 8, 15)),
        Profile("LT", "lt", "sav", "kl", False, True, "7x", (1, 0), False, (35, 9, 16)),
        Profile("PT", "pt", "dta", "q", True, False, "neg", (1, 2), True, (90, 18, 35)),
        Profile("ES", "es", "sav", "p", False, False, "8/9", (1, 0), True, (280, 45, 110)),
        Profile("CH", "de", "dta", "f", False, False, "7x", (1, 0), False, (55, 16, 24)),
        Profile("GB", "en", "sav", "q", False, False, "9x", (1, 0), False, (300, 40, 120)),
        Profile("BR", "pt", "sav", "q", True, True, "9x", (1, 2), True, (310, 42, 95)),
        Profile("CO", "es", "sav", "p", False, False, "7x", (1, 0), False, (260, 33, 80)),
        Profile("BD", "bn", "xlsx", "proshno", False, False, "9x", (1, 2), False, (240, 20, 70)),
    )
}
