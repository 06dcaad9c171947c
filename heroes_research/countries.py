"""The 15 HEROES study countries: codes, names, regions, display order and colours.

ISO 3166-1 alpha-2 codes are used internally (``GB`` for the United Kingdom);
sub-national legal systems are ``GB-EAW``, ``GB-SCT`` and ``GB-NIR``.
:func:`to_iso2` accepts the names a translated questionnaire uses
("España", "Suisse", "Österreich", "বাংলাদেশ", ...).

Example
-------
>>> from heroes_research.countries import to_iso2, COUNTRY_CODES
>>> to_iso2("España"), to_iso2(" brasil "), to_iso2("বাংলাদেশ"), to_iso2("GBR")
('ES', 'BR', 'BD', 'GB')
>>> len(COUNTRY_CODES)
15
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from heroes_research.errors import HeroesError

__all__ = [
    "COUNTRIES",
    "COUNTRY_CODES",
    "LEGAL_SYSTEMS",
    "Country",
    "by_code",
    "country_colors",
    "country_name",
    "to_iso2",
]


@dataclass(frozen=True, slots=True)
class Country:
    """One study country."""

    iso2: str
    iso3: str
    name: str
    native_names: tuple[str, ...]
    region: str  # "europe" | "south_america" | "south_asia"
    color: str


# Display order: the order used in every table and figure (alphabetical by English name
# within region, Europe first). Colours: Paul Tol's 15-colour "discrete rainbow"
# (https://personal.sron.nl/~pault/#fig:scheme_rainbow_discrete), designed to stay
# distinguishable for colour-blind readers; figures also label countries directly.
COUNTRIES: tuple[Country, ...] = (
    Country("AT", "AUT", "Austria", ("Österreich",), "europe", "#CAACCB"),
    Country("BE", "BEL", "Belgium", ("België", "Belgique", "Belgien"), "europe", "#AE76A3"),
    Country("BG", "BGR", "Bulgaria", ("България", "Balgariya"), "europe", "#AA6F9E"),
    Country("FR", "FRA", "France", ("République française",), "europe", "#882E72"),
    Country("GR", "GRC", "Greece", ("Ελλάδα", "Ελλάς", "Hellas", "Ellada"), "europe", "#1965B0"),
    Country("IE", "IRL", "Ireland", ("Éire", "Eire"), "europe", "#5289C7"),
    Country("LV", "LVA", "Latvia", ("Latvija",), "europe", "#7BAFDE"),
    Country("LT", "LTU", "Lithuania", ("Lietuva",), "europe", "#4EB265"),
    Country("PT", "PRT", "Portugal", (), "europe", "#CAE0AB"),
    Country("ES", "ESP", "Spain", ("España", "Espanya", "Espainia"), "europe", "#F7F056"),
    Country(
        "CH", "CHE", "Switzerland",
        ("Schweiz", "Suisse", "Svizzera", "Svizra", "Confoederatio Helvetica"), "europe", "#F6C141",
    ),
    Country(
        "GB", "GBR", "United Kingdom",
        ("UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"),
        "europe", "#F1932D",
    ),
    Country("BR", "BRA", "Brazil", ("Brasil",), "south_america", "#E8601C"),
    Country("CO", "COL", "Colombia", (), "south_america", "#DC050C"),
    Country("BD", "BGD", "Bangladesh", ("বাংলাদেশ", "Bangladesh"), "south_asia", "#72190E"),
)

COUNTRY_CODES: tuple[str, ...] = tuple(c.iso2 for c in COUNTRIES)

#: Legal systems that differ within a country (code -> (country, name)).
LEGAL_SYSTEMS: dict[str, tuple[str, str]] = {
    "GB-EAW": ("GB", "England and Wales"),
    "GB-SCT": ("GB", "Scotland"),
    "GB-NIR": ("GB", "Northern Ireland"),
}

_BY_CODE = {c.iso2: c for c in COUNTRIES}


def _key(text: str) -> str:
    """Normalise a name for matching: NFC, casefold, accents stripped, punctuation dropped."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).strip().casefold())
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) and (ch.isalnum() or ch == " "))
    return " ".join("".join(kept).split())


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for c in COUNTRIES:
        for name in (c.iso2, c.iso3, c.name, *c.native_names):
            lookup[_key(name)] = c.iso2
    for code, (iso2, name) in LEGAL_SYSTEMS.items():
        lookup[_key(code)] = iso2
        lookup[_key(name)] = iso2
    return lookup


_LOOKUP = _build_lookup()


def to_iso2(name: str) -> str:
    """Return the ISO alpha-2 code of a study country from a code or English/native name.

    Matching ignores case, accents, punctuation and surrounding white space.
    Names the study table does not know are looked up in ``pycountry``
    (fuzzy search is not used: a wrong match is worse than an error).

    Raises
    ------
    HeroesError
        ``reason="unknown_country"`` if the name is not one of the 15 study countries.

    Example
    -------
    >>> to_iso2("España"), to_iso2(" united kingdom "), to_iso2("GBR")
    ('ES', 'GB', 'GB')
    """
    if not isinstance(name, str) or not name.strip():
        raise HeroesError(f"{name!r} is not a country name", reason="unknown_country",
                          hint="give an ISO code or a country name")
    found = _LOOKUP.get(_key(name))
    if found is None:
        import pycountry  # lazy: only for names outside the study table

        try:
            found = pycountry.countries.lookup(name.strip()).alpha_2
        except LookupError:
            found = None
    if found not in _BY_CODE:
        raise HeroesError(
            f"{name!r} is not one of the 15 study countries",
            reason="unknown_country",
            hint=f"use one of {', '.join(COUNTRY_CODES)} or add a native name to countries.py",
        )
    return found


def by_code(code: str) -> Country:
    """The :class:`Country` for an ISO alpha-2 code (or a ``GB-EAW``-style legal system).

    Raises
    ------
    HeroesError
        ``reason="unknown_country"`` for a code that is not a study country.

    Example
    -------
    >>> by_code("GB-SCT").name
    'United Kingdom'
    """
    iso2 = LEGAL_SYSTEMS.get(code, (code, ""))[0]
    try:
        return _BY_CODE[iso2]
    except KeyError:
        raise HeroesError(
            f"unknown country code {code!r}", reason="unknown_country",
            hint=f"use one of {', '.join(COUNTRY_CODES)}",
        ) from None


def country_name(code: str) -> str:
    """English display name of a country or legal-system code.

    Example
    -------
    >>> country_name("AT"), country_name("GB-SCT")
    ('Austria', 'United Kingdom (Scotland)')
    """
    if code in LEGAL_SYSTEMS:
        return f"{by_code(code).name} ({LEGAL_SYSTEMS[code][1]})"
    return by_code(code).name


def country_colors() -> dict[str, str]:
    """The fixed colour of each country, in display order.

    Example
    -------
    >>> list(country_colors().items())[:2]
    [('AT', '#CAACCB'), ('BE', '#AE76A3')]
    """
    return {c.iso2: c.color for c in COUNTRIES}
