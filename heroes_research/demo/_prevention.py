"""Survey of prevention-programme implementers on implementation barriers (synthetic).

Six barriers rated 1-5 share a latent "resource constraint" factor (loadings
0.55-0.75); perceived effectiveness falls as constraints rise and grows with the
programme's years of running.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.demo._simulate import (
    comments,
    cut,
    ids,
    interview_dates,
    with_missing,
    with_numeric_missing,
)
from heroes_research.demo._variables import Var

__all__ = ["VARIABLES", "simulate"]

TITLE = "Survey of prevention-programme implementers on implementation barriers"

PROGRAMMES = {1: "Awareness campaign", 2: "School-based education", 3: "Training of professionals",
              4: "Community outreach", 5: "Online safety", 6: "Economic empowerment"}
TARGETS = {1: "Children", 2: "Adolescents", 3: "Parents and carers", 4: "Migrants and refugees",
           5: "Women", 6: "General public", 7: "Professionals"}
BARRIER = {1: "Not a barrier", 2: "Minor barrier", 3: "Moderate barrier", 4: "Major barrier",
           5: "Severe barrier"}
EFFECTIVENESS = {1: "Not at all effective", 2: "Slightly effective", 3: "Moderately effective",
                 4: "Very effective", 5: "Extremely effective"}
BARRIERS = [("bar_funding", "funding", "funding"), ("bar_turnover", "turnover", "staff turnover"),
            ("bar_coordination", "coordination", "coordination between agencies"),
            ("bar_data_sharing", "datasharing", "data sharing"),
            ("bar_legal", "legal", "legal constraints"), ("bar_awareness", "awareness", "awareness")]

VARIABLES: tuple[Var, ...] = (
    Var("resp_id", "Respondent id", "text", "id", "id"),
    Var("programme_type", "Type of programme", "categorical", "programme", "nominal",
        codes=PROGRAMMES),
    Var("target_group", "Main target group", "categorical", "target", "nominal", codes=TARGETS),
    *(Var(name, f"Barrier to implementation: {text}", "ordinal", stem, "scale", codes=BARRIER,
          battery="barriers") for name, stem, text in BARRIERS),
    Var("effectiveness", "Perceived effectiveness of the programme", "ordinal", "effectiveness",
        "scale", codes=EFFECTIVENESS),
    Var("years_running", "Years the programme has been running", "numeric", "running", "count",
        range=(0, 40)),
    Var("survey_date", "Date of interview", "date", "date", "date"),
    Var("comments", "Free-text comments", "text", "comments", "text"),
)

DESIGN = None
_LOADINGS = np.array([0.75, 0.60, 0.70, 0.65, 0.55, 0.60])


def simulate(rng: np.random.Generator, country: str, n: int, phrases: list[str]) -> pd.DataFrame:
    """Harmonised truth of one country: one row per programme implementer."""
    constraint = rng.standard_normal(n) + rng.normal(0, 0.3)
    noise = rng.standard_normal((n, len(BARRIERS)))
    latent = constraint[:, None] * _LOADINGS + noise * np.sqrt(1 - _LOADINGS**2)
    years = np.clip(np.round(rng.gamma(1.8, 3.5, n)), 0, 40)
    effective = cut(-0.5 * constraint + 0.05 * years + rng.normal(0, 0.9, n), [-1.5, -0.6, 0.4, 1.4])
    return pd.DataFrame({
        "resp_id": ids(f"{country}-P", np.arange(1, n + 1), 3),
        "programme_type": rng.choice(6, n, p=[0.25, 0.2, 0.2, 0.15, 0.1, 0.1]) + 1,
        "target_group": rng.choice(7, n, p=[0.2, 0.2, 0.1, 0.15, 0.1, 0.15, 0.1]) + 1,
        **{name: with_missing(rng, cut(latent[:, k], [-1.0, -0.3, 0.5, 1.3]), {98: 0.02})
           for k, (name, _stem, _text) in enumerate(BARRIERS)},
        "effectiveness": with_missing(rng, effective, {98: 0.03}),
        "years_running": with_numeric_missing(rng, years, {98: 0.02}),
        "survey_date": interview_dates(rng, n),
        "comments": comments(rng, n, phrases, 0.2),
    })
