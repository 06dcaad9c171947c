"""normalise_text and harmonise_country."""

from __future__ import annotations

import pandas as pd
import pytest

from heroes_research.cleaning import harmonise_country, normalise_text
from heroes_research.countries import COUNTRY_CODES
from heroes_research.errors import ValidationError


def test_normalise_text_nfc_strip_collapse():
    values = pd.Series(["  São\u00a0  Paulo ", "e\u0301xito", "a\t\nb", "   ", None], index=[3, 4, 5, 6, 7])
    out = normalise_text(values)
    assert out.iloc[:3].tolist() == ["São Paulo", "éxito", "a b"]
    assert out.iloc[1] == "\u00e9xito"  # composed (NFC), not e + combining accent
    assert out.isna().tolist()[3:] == [True, True]
    assert out.index.tolist() == [3, 4, 5, 6, 7] and str(out.dtype) == "string"


def test_normalise_text_options():
    assert normalise_text(pd.Series(["  Straße "]), casefold=True).tolist() == ["strasse"]
    assert normalise_text(pd.Series([" "]), empty_as_na=False).tolist() == [""]
    assert normalise_text(pd.Series([12, 3])).tolist() == ["12", "3"]


def test_harmonise_country_accepts_native_names():
    values = pd.Series(["España", " Brasil ", "Suisse", "Österreich", "বাংলাদেশ", "GBR", None, "es"])
    out = harmonise_country(values)
    assert out.tolist()[:6] == ["ES", "BR", "CH", "AT", "BD", "GB"]
    assert pd.isna(out.iloc[6]) and out.iloc[7] == "ES"
    assert list(out.cat.categories) == list(COUNTRY_CODES)


def test_harmonise_country_unknown_raises_with_rows_or_coerces():
    values = pd.Series(["Spain", "Atlantis", "Atlantis", "Narnia"], name="pais")
    with pytest.raises(ValidationError) as info:
        harmonise_country(values)
    err = info.value
    assert err.reason == "unknown_country" and err.variable == "pais" and err.rows == [1, 2, 3]
    assert err.failures.set_index("value")["count"].to_dict() == {"Atlantis": 2, "Narnia": 1}
    out = harmonise_country(values, errors="coerce")
    assert out.iloc[0] == "ES" and out.iloc[1:].isna().all()
