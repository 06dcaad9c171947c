"""The deliberate mess of real multi-country fieldwork, injected into a few raw files.

Each entry is small and documented so the ingest tests can check that the
pipeline reports exactly these problems (see ``MESS``):

* ``duplicates``: respondents entered twice (same id, same answers);
* ``out_of_range``: a code the codebook does not declare (a typo ``6`` on a 1-5
  scale) or a number outside the valid range, at given row positions;
* ``whitespace``: stray blanks around ids and free text (typical of Excel entry).

Other kinds of mess (0-4 vs 1-5 scales, reversed scales, own category order,
different missing codes, a Windows-1252 file) are fieldwork conventions, applied
by ``_localise.py`` from the country profiles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["MESS", "Mess", "apply_mess"]


@dataclass(frozen=True)
class Mess:
    """Problems injected into one raw file.

    Attributes
    ----------
    duplicates
        Row positions (of the clean file) entered a second time, at the end of the file.
    out_of_range
        (harmonised variable, row position, raw value) triples.
    whitespace
        Pad ids and free text with stray blanks.
    """

    duplicates: tuple[int, ...] = ()
    out_of_range: tuple[tuple[str, int, float], ...] = ()
    whitespace: bool = False


#: (instrument, country) -> the mess in that file.
MESS: dict[tuple[str, str], Mess] = {
    ("early_identification", "ES"): Mess(duplicates=(3, 17)),
    ("early_identification", "BR"): Mess(duplicates=(40,)),
    ("early_identification", "GR"): Mess(duplicates=(5,)),
    ("early_identification", "FR"): Mess(out_of_range=(("ind_fear", 2, 6), ("ind_fear", 11, 6))),
    ("early_identification", "CO"): Mess(out_of_range=(("years_experience", 7, 65),)),
    ("early_identification", "BD"): Mess(whitespace=True),
    ("early_identification", "LV"): Mess(whitespace=True),
    ("missing_children", "CO"): Mess(duplicates=(2,)),
    ("missing_children", "BG"): Mess(out_of_range=(("risk_protocol", 4, 6),)),
    ("missing_children", "BD"): Mess(whitespace=True),
    ("prevention", "GB"): Mess(duplicates=(9,)),
    ("prevention", "AT"): Mess(out_of_range=(("bar_funding", 0, 6),)),
    ("prevention", "BD"): Mess(whitespace=True),
}


def _pad(values: pd.Series, rng: np.random.Generator) -> pd.Series:
    """Add leading/trailing blanks to about a third of non-empty strings."""
    pads = np.array(["", " ", "  ", "\t"], dtype=object)
    left = pads[rng.integers(0, len(pads), len(values))]
    right = pads[rng.integers(0, len(pads), len(values))]
    chosen = (rng.random(len(values)) < 0.35) & (values.str.len() > 0).to_numpy()
    padded = left + values.astype(object) + right
    return values.where(~chosen, pd.Series(padded, index=values.index, dtype="string"))


def apply_mess(
    frame: pd.DataFrame, mess: Mess, sources: dict[str, str], text_columns: list[str],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return ``frame`` with ``mess`` injected; ``sources`` maps harmonised -> raw names."""
    out = frame.copy()
    for variable, row, value in mess.out_of_range:
        out.loc[row, sources[variable]] = value
    if mess.whitespace:
        for column in text_columns:
            out[column] = _pad(out[column].astype("string"), rng)
    if mess.duplicates:
        out = pd.concat([out, out.iloc[list(mess.duplicates)]], ignore_index=True)
    return out
