"""Law-enforcement questionnaire on responses to missing-children reports (synthetic).

One row per agency. Countries differ in their policy on waiting before acting on a
report (most act at once; a few wait 24-48 hours), in the use of a risk-assessment
protocol, cooperation with the 116 000 hotline (an EU/European number: "not
applicable" in Bangladesh, Brazil and Colombia) and cross-border alerts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.demo._simulate import (
    cut,
    ids,
    interview_dates,
    with_missing,
    with_numeric_missing,
)
from heroes_research.demo._variables import Var

__all__ = ["VARIABLES", "simulate"]

TITLE = "Law-enforcement questionnaire on national strategies for missing-children reports"

AGENCY_TYPES = {1: "National police", 2: "Regional police", 3: "Local police",
                4: "Gendarmerie or military police", 5: "Specialised missing-persons unit"}
PROTOCOL = {1: "Never", 2: "Sometimes", 3: "Usually", 4: "Always"}
COOPERATION = {1: "Yes, formal agreement", 2: "Yes, informal", 3: "No"}
ALERT = {1: "Never", 2: "Rarely", 3: "Sometimes", 4: "Often"}

VARIABLES: tuple[Var, ...] = (
    Var("agency_id", "Agency id", "text", "agency", "id"),
    Var("agency_type", "Type of agency", "categorical", "agency_type", "nominal", codes=AGENCY_TYPES),
    Var("waiting_hours", "Waiting period before acting on a report (hours)", "numeric", "waiting",
        "count", range=(0, 168)),
    Var("risk_protocol", "Use of a risk-assessment protocol", "ordinal", "protocol", "ordinal",
        codes=PROTOCOL),
    Var("coop_116000", "Cooperation with the 116 000 missing-children hotline", "categorical",
        "coop116", "nominal", codes=COOPERATION),
    Var("cross_border_alert", "Use of cross-border alerts", "ordinal", "alert", "ordinal",
        codes=ALERT),
    Var("reports_last_year", "Missing-children reports received last year", "numeric", "reports",
        "count", range=(0, 100000)),
    Var("staff_trained", "Staff trained in missing-children cases", "numeric", "trained", "count",
        range=(0, 10000)),
    Var("staff_total", "Staff in total", "numeric", "staff", "count", range=(1, 10000)),
    Var("survey_date", "Date of questionnaire", "date", "date", "date"),
)

DESIGN = None
_NO_HOTLINE = {"BD", "BR", "CO"}
_WAITING_POLICY = {"BD": 24.0, "CO": 24.0, "BG": 12.0, "GR": 48.0}


def simulate(rng: np.random.Generator, country: str, n: int, phrases: list[str]) -> pd.DataFrame:
    """Harmonised truth of one country: one row per agency (``phrases`` unused: no free text)."""
    del phrases
    kind = rng.choice(5, n, p=[0.15, 0.25, 0.40, 0.10, 0.10]) + 1
    policy = _WAITING_POLICY.get(country, 0.0)
    waiting = np.where(rng.random(n) < 0.8, policy, rng.choice([0.0, 2.0, 6.0, 24.0], n))
    capacity = rng.normal(0, 1, n) + 0.5 * (kind == 5) + (0.4 if country not in _NO_HOTLINE else -0.3)
    protocol = cut(capacity + rng.normal(0, 0.8, n), [-1.2, -0.2, 0.8])
    if country in _NO_HOTLINE:
        cooperation = np.full(n, 97)
    else:
        cooperation = cut(-capacity + rng.normal(0, 0.7, n), [-0.4, 0.7])
    alert = cut(0.6 * capacity + 0.5 * (kind <= 2) + rng.normal(0, 0.9, n), [-1.0, 0.0, 1.0])
    staff = np.round(rng.lognormal(3.5 + 0.8 * (kind <= 2), 0.7, n)) + 1
    trained = np.round(staff * np.clip(0.3 + 0.1 * capacity + rng.normal(0, 0.1, n), 0, 1))
    reports = rng.negative_binomial(2, 2 / (2 + 0.6 * staff))
    return pd.DataFrame({
        "agency_id": ids(f"{country}-A", np.arange(1, n + 1), 3),
        "agency_type": kind,
        "waiting_hours": with_numeric_missing(rng, waiting, {98: 0.03}),
        "risk_protocol": with_missing(rng, protocol, {98: 0.02}),
        "coop_116000": cooperation,
        "cross_border_alert": with_missing(rng, alert, {98: 0.03}),
        "reports_last_year": with_numeric_missing(rng, reports, {98: 0.05}),
        "staff_trained": with_numeric_missing(rng, trained, {98: 0.04}),
        "staff_total": staff,
        "survey_date": interview_dates(rng, n),
    })
