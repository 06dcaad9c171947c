"""countries.py: any ISO 3166 country; the 15 HEROES countries keep order, regions and colours."""

from __future__ import annotations

import pytest

from heroes_research.countries import (
    COUNTRIES,
    COUNTRY_CODES,
    OTHER_COLORS,
    by_code,
    country_colors,
    country_name,
    display_order,
    is_heroes_country,
    sort_key,
    to_iso2,
)
from heroes_research.errors import HeroesError


def test_the_fifteen_keep_their_order_regions_and_colours():
    assert COUNTRY_CODES == ("AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR",
                             "CO", "BD")
    assert country_colors()["AT"] == "#CAACCB" and country_colors()["BD"] == "#72190E"
    assert {c.region for c in COUNTRIES} == {"europe", "south_america", "south_asia"}
    assert display_order(reversed(COUNTRY_CODES)) == list(COUNTRY_CODES)


@pytest.mark.parametrize(("name", "code"), [
    ("Norway", "NO"), ("NO", "NO"), ("nor", "NO"), ("Germany", "DE"), ("pl", "PL"), ("SWE", "SE"),
    ("España", "ES"), ("বাংলাদেশ", "BD"), ("GB-SCT", "GB"), (" united kingdom ", "GB"),
])
def test_any_iso_code_or_name(name, code):
    assert to_iso2(name) == code


@pytest.mark.parametrize("bad", ["Narnia", "", "ZZ", "False"])
def test_unknown_country_says_what_to_write(bad):
    with pytest.raises(HeroesError) as info:
        to_iso2(bad)
    assert info.value.reason == "unknown_country" and "ISO 3166" in info.value.hint


def test_other_countries_sort_after_the_fifteen_by_name():
    assert display_order(["SE", "NO", "ES", "DE", "GB-SCT", "PL"]) == ["ES", "GB-SCT", "DE", "NO", "PL", "SE"]
    assert sort_key("BD") < sort_key("AF")  # Afghanistan after the 15
    assert isinstance(sort_key("NO"), float)


def test_other_countries_have_names_regions_and_fixed_distinct_colours():
    assert country_name("DE") == "Germany" and by_code("NO").region == "other"
    assert not is_heroes_country("NO") and is_heroes_country("GB-NIR")
    colors = country_colors(["NO", "DE", "PL", "SE"] + [c for c in "AD AE AF AG AL AM AO".split()])
    assert len(set(colors.values())) == len(colors)
    assert set(colors.values()) <= set(OTHER_COLORS)
    assert by_code("NO").color == by_code("NO").color and colors["NO"] == by_code("NO").color
    assert not set(OTHER_COLORS) & {c.color for c in COUNTRIES}
    with pytest.raises(HeroesError, match="unknown country code"):
        by_code("XX")
