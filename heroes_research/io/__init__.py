"""Reading labelled survey files and writing derived data atomically.

- :func:`read_survey` reads .sav .zsav .por .dta .csv .xlsx .parquet into a
  :class:`SurveyData` (codes, labels, declared missing values, sha256); Excel files
  follow the *HEROES Excel layout* (data on the first sheet; optional ``variables``,
  ``values`` and ``missing`` sheets; see :func:`read_survey`);
- :func:`write_processed` / :func:`read_processed` store a harmonised frame as
  Parquet with its metadata embedded and a JSON sidecar;
- :func:`processed_generation` promotes every data set of one ingest by one rename,
  and :func:`exclusive_lock` keeps a second build or ingest out;
- :func:`write_manifest` / :func:`verify_manifest` guard folders of raw data;
- :func:`atomic_path` / :func:`atomic_write` make every file write all-or-nothing.

Example
-------
>>> from heroes_research.io import SurveyData
>>> import pandas as pd
>>> SurveyData(pd.DataFrame({"q1": [1, 99]}), missing={"q1": [99]}).user_missing_mask("q1").tolist()
[False, True]
"""

from heroes_research.io._atomic import atomic_path, atomic_write
from heroes_research.io._generation import current_generation, processed_generation
from heroes_research.io._lock import exclusive_lock
from heroes_research.io._manifest import verify_manifest, write_manifest
from heroes_research.io._processed import (
    MixedGenerationWarning,
    ProcessedData,
    read_processed,
    write_processed,
)
from heroes_research.io._read import read_survey
from heroes_research.io._survey_data import SurveyData

__all__ = [
    "MixedGenerationWarning",
    "ProcessedData",
    "SurveyData",
    "atomic_path",
    "atomic_write",
    "current_generation",
    "exclusive_lock",
    "processed_generation",
    "read_processed",
    "read_survey",
    "verify_manifest",
    "write_manifest",
    "write_processed",
]
