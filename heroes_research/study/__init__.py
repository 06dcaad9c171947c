"""Studies: a study is a folder you can commit, and the data say whether they are synthetic.

``data/raw/<study>/study.yaml`` holds the study's settings (its countries: any ISO
3166 codes, default the 15 HEROES countries); each ``data/raw/<study>/<instrument>/``
holds a ``codebook.yaml`` (tracked) and the raw files (never committed).
``heroes new-study NAME`` scaffolds one; ``heroes build`` re-runs the ingest of a
study whose processed data are missing or stale.

Example
-------
>>> from heroes_research.study import any_synthetic, ingest_command
>>> any_synthetic(["data/raw/demo/**"]), any_synthetic(["data/raw/legal/**"])
(True, False)
>>> ingest_command("prevention")
'heroes ingest --raw data/raw/demo --instrument prevention'
"""

from heroes_research.study._fresh import (
    StaleInput,
    codebook_of,
    ingest_command,
    refresh_inputs,
    stale_inputs,
)
from heroes_research.study._scaffold import NewStudy, new_study
from heroes_research.study._settings import (
    SETTINGS_NAME,
    StudySettings,
    check_study_countries,
    country_categories,
    load_study,
    study_of,
    study_settings,
)
from heroes_research.study._synthetic import any_synthetic, is_synthetic, synthetic_inputs

__all__ = [
    "SETTINGS_NAME",
    "NewStudy",
    "StaleInput",
    "StudySettings",
    "any_synthetic",
    "check_study_countries",
    "codebook_of",
    "country_categories",
    "ingest_command",
    "is_synthetic",
    "load_study",
    "new_study",
    "refresh_inputs",
    "stale_inputs",
    "study_of",
    "study_settings",
    "synthetic_inputs",
]
