"""Design-based survey estimation with R ``survey`` semantics.

Build a :class:`SurveyDesign` from a data frame and the names of its weight,
strata, PSU and fpc columns; its methods return one tidy shape (the ``by``
columns, then ``variable``, ``level``, ``estimate``, ``se``, ``ci_low``, ``ci_high``,
``conf_level``, ``n``, ``n_level``, ``deff``; see :func:`tidy_frame`) that equal R's ``svymean``, ``svytotal``,
``svyratio``, ``svyby``, ``svyciprop``, ``svychisq``, ``svyglm`` and ``svypredmeans``
to 1e-6.
``rake`` and ``poststratify`` return new, calibrated designs. With ``covmat=True``
an estimate carries the covariance of its rows (R's ``svyby(..., covmat=TRUE)``), read
by :func:`vcov` and used by :func:`contrast` (R's ``svycontrast``).

Example
-------
>>> import pandas as pd
>>> from heroes_research.survey import SurveyDesign
>>> df = pd.DataFrame({"y": [3.0, 5, 4, 6], "w": [10.0, 10, 20, 20],
...                    "psu": [1, 2, 3, 4], "s": ["a", "a", "b", "b"]})
>>> d = SurveyDesign(df, weights="w", strata="s", psu="psu")
>>> d.mean("y")[["estimate", "se"]].round(3).iloc[0].tolist()
[4.667, 0.745]
"""

from heroes_research.survey._contrast import contrast
from heroes_research.survey._covariance import estimate_names, vcov
from heroes_research.survey._design import SurveyDesign
from heroes_research.survey._layout import LONELY_PSU_RULES
from heroes_research.survey._tidy import TIDY_COLUMNS, by_columns, tidy_frame

__all__ = [
    "LONELY_PSU_RULES",
    "TIDY_COLUMNS",
    "SurveyDesign",
    "by_columns",
    "contrast",
    "estimate_names",
    "tidy_frame",
    "vcov",
]
