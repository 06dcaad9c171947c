"""Countries: any ISO 3166-1 code, with the 15 HEROES countries as the default study set.

ISO 3166-1 alpha-2 codes are used internally (``GB`` for the United Kingdom);
sub-national legal systems are ``GB-EAW``, ``GB-SCT`` and ``GB-NIR``. The list
of countries and their English names come from ``pycountry`` (the ISO 3166
data of Debian's iso-codes); the 15 HEROES countries keep their display order,
regions, native names and colours. Any other ISO country gets region
``"other"``, sorts after the 15 by English name and has a deterministic colour.
:func:`to_iso2` accepts the names a translated questionnaire uses ("España",
"Suisse", "Österreich", "বাংলাদেশ", ...) and any ISO name or code.

A study declares its own country set in its settings file
(:mod:`heroes_research.study`); :func:`display_order` and :func:`country_colors`
take such a set.

Example
-------
>>> from heroes_research.countries import to_iso2, COUNTRY_CODES, country_name
>>> to_iso2("España"), to_iso2(" brasil "), to_iso2("বাংলাদেশ"), to_iso2("GBR"), to_iso2("Norway")
('ES', 'BR', 'BD', 'GB', 'NO')
>>> len(COUNTRY_CODES), country_name("NO")
(15, 'Norway')
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from collections.abc import Iterable
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
    "display_order",
    "is_heroes_country",
    "sort_key",
    "to_iso2",
]


@dataclass(frozen=True, slots=True)
class Country:
    """One country: ISO codes, English and native names, region and colour."""

    iso2: str
    iso3: str
    name: str
    native_names: tuple[str, ...]
    region: str  # "europe" | "south_america" | "south_asia" for the 15; "other" otherwise
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

#: The 15 HEROES countries in display order: the default study set.
COUNTRY_CODES: tuple[str, ...] = tuple(c.iso2 for c in COUNTRIES)

#: Legal systems that differ within a country (code -> (country, name)).
LEGAL_SYSTEMS: dict[str, tuple[str, str]] = {
    "GB-EAW": ("GB", "England and Wales"),
    "GB-SCT": ("GB", "Scotland"),
    "GB-NIR": ("GB", "Northern Ireland"),
}

#: Colours of countries outside the 15: Paul Tol's "muted" and "light" schemes (colour-blind
#: safe), none of them one of the 15's colours. A country's colour is fixed by its code.
OTHER_COLORS: tuple[str, ...] = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
    "#AA4499", "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#BBCC33", "#AAAA00",
)

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


def _hint() -> str:
    return ("use an ISO 3166-1 code (e.g. NO, DE, 'NOR') or an English country name; "
            "in YAML write the code as text if in doubt (\"NO\")")


def to_iso2(name: str) -> str:
    """Return the ISO alpha-2 code of a country from a code or an English/native name.

    Matching ignores case, accents, punctuation and surrounding white space. The
    native names of the 15 HEROES countries are known; other names and codes are
    looked up in the ISO 3166 list (``pycountry``; fuzzy search is not used: a wrong
    match is worse than an error).

    Raises
    ------
    HeroesError
        ``reason="unknown_country"`` if the name is not an ISO 3166 country.

    Example
    -------
    >>> to_iso2("España"), to_iso2(" united kingdom "), to_iso2("GBR"), to_iso2("pl")
    ('ES', 'GB', 'GB', 'PL')
    """
    if not isinstance(name, str) or not name.strip():
        raise HeroesError(f"{name!r} is not a country name or code", reason="unknown_country",
                          hint=_hint())
    found = _LOOKUP.get(_key(name))
    if found is not None:
        return found
    import pycountry  # lazy: only for names outside the HEROES table

    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        raise HeroesError(f"{name!r} is not an ISO 3166 country", reason="unknown_country",
                          hint=_hint()) from None


def _other_color(iso2: str) -> str:
    digest = hashlib.sha256(iso2.encode("ascii")).digest()
    return OTHER_COLORS[digest[0] % len(OTHER_COLORS)]


@functools.cache
def _iso_country(iso2: str) -> Country | None:
    import pycountry

    found = pycountry.countries.get(alpha_2=iso2) if len(iso2) == 2 and iso2.isascii() else None
    if found is None:
        return None
    name = getattr(found, "common_name", None) or found.name
    return Country(found.alpha_2, found.alpha_3, name, (), "other", _other_color(found.alpha_2))


def by_code(code: str) -> Country:
    """The :class:`Country` for an ISO alpha-2 code (or a ``GB-EAW``-style legal system).

    Raises
    ------
    HeroesError
        ``reason="unknown_country"`` for a code that is not an ISO 3166-1 alpha-2 code.

    Example
    -------
    >>> by_code("GB-SCT").name, by_code("NO").region
    ('United Kingdom', 'other')
    """
    iso2 = LEGAL_SYSTEMS.get(code, (code, ""))[0]
    country = _BY_CODE.get(iso2) or (_iso_country(iso2) if isinstance(iso2, str) else None)
    if country is None:
        raise HeroesError(f"unknown country code {code!r}", reason="unknown_country", hint=_hint())
    return country


def is_heroes_country(code: str) -> bool:
    """True for one of the 15 HEROES countries (or one of their legal systems).

    Example
    -------
    >>> is_heroes_country("GB-SCT"), is_heroes_country("NO")
    (True, False)
    """
    return LEGAL_SYSTEMS.get(code, (code, ""))[0] in _BY_CODE


def country_name(code: str) -> str:
    """English display name of a country or legal-system code.

    Example
    -------
    >>> country_name("AT"), country_name("GB-SCT"), country_name("DE")
    ('Austria', 'United Kingdom (Scotland)', 'Germany')
    """
    if code in LEGAL_SYSTEMS:
        return f"{by_code(code).name} ({LEGAL_SYSTEMS[code][1]})"
    return by_code(code).name


@functools.cache
def _iso_rank() -> dict[str, int]:
    """ISO alpha-2 code -> rank of its English name among every ISO 3166-1 country."""
    import pycountry

    names = sorted((getattr(c, "common_name", None) or c.name, c.alpha_2) for c in pycountry.countries)
    return {code: rank for rank, (_name, code) in enumerate(names)}


def sort_key(code: str) -> float:
    """Display-order key: the 15 in their order, then other countries by English name;
    a legal system right after its country.

    Example
    -------
    >>> sorted(["SE", "GB-SCT", "AT", "DE", "GB"], key=sort_key)
    ['AT', 'GB', 'GB-SCT', 'DE', 'SE']
    """
    parent = LEGAL_SYSTEMS.get(code, (code, ""))[0]
    extra = (list(LEGAL_SYSTEMS).index(code) + 1) / 10 if code in LEGAL_SYSTEMS else 0.0
    if parent in _BY_CODE:
        return COUNTRY_CODES.index(parent) + extra
    return len(COUNTRY_CODES) + _iso_rank()[by_code(parent).iso2] + extra


def display_order(codes: Iterable[str]) -> list[str]:
    """Distinct codes in display order (see :func:`sort_key`).

    Example
    -------
    >>> display_order(["PL", "ES", "NO", "ES"])
    ['ES', 'NO', 'PL']
    """
    return sorted(dict.fromkeys(codes), key=sort_key)


def country_colors(codes: Iterable[str] | None = None) -> dict[str, str]:
    """The fixed colour of each country, in the order given (default: the 15, in display order).

    The 15 keep their colours; another country's colour is fixed by its code, and
    where two countries of ``codes`` would share one, the later takes the next
    colour not yet used, so a study's countries are told apart.

    Example
    -------
    >>> list(country_colors().items())[:2]
    [('AT', '#CAACCB'), ('BE', '#AE76A3')]
    >>> country_colors(["NO", "DE"])["NO"] == by_code("NO").color
    True
    """
    out: dict[str, str] = {}
    for code in (COUNTRY_CODES if codes is None else codes):
        color = by_code(code).color
        if not is_heroes_country(code) and color in out.values():
            start = OTHER_COLORS.index(color)
            free = [c for c in OTHER_COLORS[start:] + OTHER_COLORS[:start] if c not in out.values()]
            color = free[0] if free else color
        out[code] = color
    return out
