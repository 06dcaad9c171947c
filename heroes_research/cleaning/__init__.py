"""Cleaning and harmonisation: pure functions, and ``harmonise`` that chains them.

Example
-------
>>> import pandas as pd
>>> from heroes_research.cleaning import harmonise_country, normalise_text
>>> harmonise_country(pd.Series(["España", "Suisse "])).tolist()
['ES', 'CH']
>>> normalise_text(pd.Series(["  a   b "])).tolist()
['a b']
"""

from heroes_research.cleaning._codes import apply_missing, recode, reverse_code
from heroes_research.cleaning._harmonise import Harmonised, harmonise
from heroes_research.cleaning._likert import collapse_levels, level_indicator, likert_scores
from heroes_research.cleaning._quality import (
    check_consistency,
    check_ranges,
    find_duplicates,
    flag_straightlining,
)
from heroes_research.cleaning._report import REPORT_COLUMNS, WARNING_RULES, empty_report
from heroes_research.cleaning._text import harmonise_country, normalise_text
from heroes_research.cleaning._variable import (
    INVALID_CODE,
    NOT_ASKED,
    NOT_IN_FILE,
    OUT_OF_RANGE,
    UNPARSEABLE,
)

__all__ = [
    "INVALID_CODE",
    "NOT_ASKED",
    "NOT_IN_FILE",
    "OUT_OF_RANGE",
    "REPORT_COLUMNS",
    "UNPARSEABLE",
    "WARNING_RULES",
    "Harmonised",
    "apply_missing",
    "check_consistency",
    "check_ranges",
    "collapse_levels",
    "empty_report",
    "find_duplicates",
    "flag_straightlining",
    "harmonise",
    "harmonise_country",
    "level_indicator",
    "likert_scores",
    "normalise_text",
    "recode",
    "reverse_code",
]
