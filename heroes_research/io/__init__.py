"""Reading labelled survey files and writing derived data atomically.

Example
-------
>>> from heroes_research.io import SurveyData
>>> import pandas as pd
>>> SurveyData(pd.DataFrame({"q1": [1, 99]}), missing={"q1": [99]}).user_missing_mask("q1").tolist()
[False, True]
"""

from heroes_research.io._atomic import atomic_path, atomic_write
from heroes_research.io._survey_data import SurveyData

__all__ = ["SurveyData", "atomic_path", "atomic_write"]
