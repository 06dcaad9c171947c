"""Text cleaning: free-text normalisation and country names to ISO 3166 alpha-2."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from heroes_research.cleaning._codes import map_unique
from heroes_research.errors import HeroesError, ValidationError

__all__ = ["harmonise_country", "normalise_text"]

#: Runs of white space, Unicode separators included (no-break space, em space, ...), in RE2 syntax.
_WHITESPACE = r"[\s\p{Z}\x{85}]+"


def normalise_text(values: pd.Series, *, casefold: bool = False, empty_as_na: bool = True) -> pd.Series:
    """Normalise free text: Unicode NFC, strip, collapse inner white space, optionally casefold.

    Parameters
    ----------
    values
        Text (any dtype; non-strings are converted).
    casefold
        Also casefold (aggressive lower-casing: "Straße" -> "strasse"), for matching.
    empty_as_na
        Turn empty answers ("" or only spaces) into NA.

    Returns
    -------
    pandas.Series
        String dtype.

    Notes
    -----
    NFC composes "e" + combining acute into "é", so the same answer typed on two
    keyboards compares equal. Free text is never published raw (sensitive domain).

    Example
    -------
    >>> import pandas as pd
    >>> normalise_text(pd.Series(["  São\\u00a0 Paulo ", "   "])).tolist()
    ['São Paulo', <NA>]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    # pyarrow's C++ kernels: pandas' own .str.normalize/.str.replace loop in Python per row.
    arrow = pa.array(values.astype(pd.StringDtype("pyarrow")).array)
    arrow = pc.utf8_normalize(arrow, "NFC")
    arrow = pc.utf8_trim_whitespace(pc.replace_substring_regex(arrow, _WHITESPACE, " "))
    text = pd.Series(pd.arrays.ArrowStringArray(arrow), index=values.index, name=values.name)
    if casefold:
        text = text.str.casefold()
    if empty_as_na:
        text = text.mask(text == "")
    return text


def harmonise_country(values: pd.Series, *, errors: Literal["raise", "coerce"] = "raise") -> pd.Series:
    """Country names or codes -> ISO 3166 alpha-2, as a categorical in display order.

    The categories are the 15 HEROES countries, then any other ISO country found in
    ``values`` (by English name).

    Accepts what :func:`heroes_research.countries.to_iso2` accepts ("España",
    " Brasil ", "Suisse", "Österreich", "বাংলাদেশ", "GBR"); each distinct value is
    looked up once.

    Parameters
    ----------
    values
        Country names or codes.
    errors
        ``"raise"``: unknown names raise; ``"coerce"``: they become NA.

    Raises
    ------
    ValidationError
        ``reason="unknown_country"``; ``failures`` lists each unknown value, its
        count and its first rows.

    Example
    -------
    >>> import pandas as pd
    >>> harmonise_country(pd.Series(["España", " Brasil ", "বাংলাদেশ", "Norway"])).tolist()
    ['ES', 'BR', 'BD', 'NO']
    """
    from heroes_research.countries import COUNTRY_CODES, display_order, to_iso2

    def iso(name: object) -> str | None:
        try:
            return to_iso2(str(name))
        except HeroesError:
            return None

    found = {iso(v) for v in pd.unique(values.dropna())} - {None}
    categories = [*COUNTRY_CODES, *display_order(found - set(COUNTRY_CODES))]  # the 15, then others
    position = {code: i for i, code in enumerate(categories)}

    def lookup(name: object) -> int:
        code = iso(name)
        return -2 if code is None else position[code]  # unknown is told apart from NA (-1)

    codes = map_unique(values, lookup, -1, np.int16)
    unknown = codes == -2
    if unknown.any() and errors == "raise":
        bad = pd.DataFrame({"value": values[unknown].astype("string"), "row": np.flatnonzero(unknown)})
        failures = bad.groupby("value", sort=True).agg(count=("row", "size"), first_rows=("row", lambda r: list(r[:5])))
        raise ValidationError(
            f"{len(failures)} value(s) are not ISO 3166 countries: {', '.join(map(repr, failures.index[:5]))}",
            reason="unknown_country", variable=None if values.name is None else str(values.name),
            rows=np.flatnonzero(unknown)[:10].tolist(), failures=failures.reset_index(),
            hint="use ISO 3166 codes or English names, or add a native name to heroes_research/countries.py",
        )
    codes[unknown] = -1
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories),
                     index=values.index, name=values.name)
