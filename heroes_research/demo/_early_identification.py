"""Practitioner survey on the early identification of potential victims (synthetic).

Design: in each country (stratum) organisations are sampled from a known number
of organisations (``fpc``); every sampled organisation works in one sector and
contributes one or more practitioners. The weight is the inverse selection
probability, ``N_org / n_org * M_i / m_i``.

Model: three correlated latent factors (social, psychological, economic
indicators) each drive four 1-5 importance ratings with loadings 0.65-0.8, so
Cronbach's alpha per battery is about 0.7-0.85. Training topics depend on sector
and country; confidence and having identified a potential victim in the last 12
months depend on training, sector and experience through a logistic model.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.demo._simulate import (
    comments,
    cut,
    ids,
    interview_dates,
    logistic,
    with_missing,
    with_numeric_missing,
)
from heroes_research.demo._variables import Var

__all__ = ["VARIABLES", "simulate"]

TITLE = "Practitioner survey on early identification of potential victims"

SECTORS = {1: "Law enforcement", 2: "Prosecution and judiciary", 3: "Health", 4: "Education",
           5: "Social services", 6: "NGO", 7: "Transport"}
IMPORTANCE = {1: "Not at all important", 2: "Slightly important", 3: "Moderately important",
              4: "Very important", 5: "Extremely important"}
CONFIDENCE = {1: "Not at all confident", 2: "Slightly confident", 3: "Moderately confident",
              4: "Very confident", 5: "Completely confident"}
GENDER = {1: "Woman", 2: "Man", 3: "Other or self-described"}
YES_NO = {0: "No", 1: "Yes"}
TRAINING = {"law": "Legal framework on trafficking", "indicators": "Indicators of trafficking",
            "referral": "Referral procedures", "interviewing": "Victim-centred interviewing"}

# battery -> (item name, stem, label)
BATTERIES = {
    "social": [("ind_isolation", "isolation", "social isolation"),
               ("ind_no_documents", "documents", "no control of identity documents"),
               ("ind_restricted_movement", "movement", "restricted freedom of movement"),
               ("ind_no_family_contact", "family", "no contact with family")],
    "psychological": [("ind_fear", "fear", "fear of employer or others"),
                      ("ind_anxiety", "anxiety", "anxiety or distress"),
                      ("ind_distrust", "distrust", "distrust of the authorities"),
                      ("ind_scripted_story", "story", "scripted or rehearsed story")],
    "economic": [("ind_debt", "debt", "debt bondage"),
                 ("ind_unpaid_wages", "wages", "unpaid or withheld wages"),
                 ("ind_excessive_hours", "hours", "excessive working hours"),
                 ("ind_poverty", "poverty", "poverty of the family")],
}

VARIABLES: tuple[Var, ...] = (
    Var("resp_id", "Respondent id", "text", "id", "id"),
    Var("org_id", "Organisation (primary sampling unit)", "text", "org", "plain"),
    Var("weight", "Design weight (inverse selection probability)", "numeric", "weight", "plain"),
    Var("fpc", "Number of organisations in the country (finite population correction)", "numeric",
        "fpc", "plain"),
    Var("sector", "Sector of work", "categorical", "sector", "nominal", codes=SECTORS),
    Var("gender", "Gender", "categorical", "gender", "nominal", codes=GENDER),
    Var("years_experience", "Years of professional experience", "numeric", "experience", "count",
        range=(0, 50)),
    *(Var(name, f"Importance of indicator: {text}", "ordinal", stem, "scale", codes=IMPORTANCE,
          battery=battery)
      for battery, items in BATTERIES.items() for name, stem, text in items),
    Var("training", "Training topics received", "multi_response", "training", "multi",
        options=TRAINING),
    Var("confidence", "Confidence in identifying potential victims", "ordinal", "confidence",
        "scale", codes=CONFIDENCE),
    Var("identified_victim", "Identified a potential victim in the last 12 months", "categorical",
        "identified", "yesno", codes=YES_NO),
    Var("survey_date", "Date of interview", "date", "date", "date"),
    Var("comments", "Free-text comments", "text", "comments", "text"),
)

DESIGN = {"strata": "country", "psu": "org_id", "weights": "weight", "fpc": "fpc"}

_SECTOR_SHARE = np.array([0.22, 0.10, 0.15, 0.12, 0.18, 0.15, 0.08])
_WOMEN_SHARE = np.array([0.35, 0.50, 0.75, 0.75, 0.80, 0.70, 0.30])
_TRAINING_EFFECT = np.array([0.9, 0.5, -0.2, -0.6, 0.3, 0.7, -0.8])
_IDENTIFY_EFFECT = np.array([0.8, 0.3, -0.1, -0.6, 0.4, 0.6, -0.5])
_FACTOR_SHIFT = np.array([0.1, 0.0, 0.0, -0.2, 0.2, 0.3, -0.3])
_TOPIC_OFFSET = np.array([0.3, 0.0, -0.2, -0.5])
_LOADINGS = np.array([0.80, 0.75, 0.70, 0.65])
_FACTOR_CORR = 0.45
_THRESHOLDS = np.array([-1.8, -0.9, 0.1, 1.1])
_ITEM_SHIFT = np.array([0.25, -0.15, 0.05, -0.3])  # items differ in how important they are rated


def _organisations(rng: np.random.Generator, n_target: int) -> pd.DataFrame:
    """Sampled organisations: sector, size, respondents and the population count."""
    n_org = max(4, round(n_target / 3))
    share = rng.dirichlet(_SECTOR_SHARE * 40)
    sector = rng.choice(7, n_org, p=share) + 1
    size = 5 + rng.poisson(30, n_org)
    taken = np.minimum(1 + rng.poisson(2.0, n_org), size)
    population = n_org * int(rng.integers(3, 12))
    return pd.DataFrame({"sector": sector, "size": size, "taken": taken,
                         "weight": population / n_org * size / taken, "fpc": float(population)})


def _ratings(rng: np.random.Generator, sector: np.ndarray, country_shift: float) -> dict:
    """Twelve 1-5 importance ratings from three correlated latent factors."""
    n = len(sector)
    corr = np.full((3, 3), _FACTOR_CORR) + np.eye(3) * (1 - _FACTOR_CORR)
    factors = rng.multivariate_normal(np.zeros(3), corr, n) + _FACTOR_SHIFT[sector - 1, None]
    factors += country_shift
    out = {}
    for b, items in enumerate(BATTERIES.values()):
        noise = rng.standard_normal((n, len(items)))
        latent = factors[:, [b]] * _LOADINGS + noise * np.sqrt(1 - _LOADINGS**2)
        for j, (name, _stem, _text) in enumerate(items):
            codes = cut(latent[:, j], _THRESHOLDS - _ITEM_SHIFT[j])
            out[name] = with_missing(rng, codes, {98: 0.02, 99: 0.005})
    return out


def simulate(rng: np.random.Generator, country: str, n: int, phrases: list[str]) -> pd.DataFrame:
    """Harmonised truth of one country: one row per practitioner.

    ``n`` is the target size; the realised size follows the organisations drawn.
    """
    orgs = _organisations(rng, n)
    rows = np.repeat(np.arange(len(orgs)), orgs["taken"].to_numpy())
    size = len(rows)
    sector = orgs["sector"].to_numpy()[rows]
    country_effect = rng.normal(0, 0.4)
    women = rng.random(size) < _WOMEN_SHARE[sector - 1]
    gender = np.where(women, 1, np.where(rng.random(size) < 0.03, 3, 2))
    years = np.clip(np.round(rng.gamma(2.2, 6.0, size)), 0, 45)
    topic_p = logistic(-0.6 + _TRAINING_EFFECT[sector - 1, None] + country_effect + _TOPIC_OFFSET)
    trained = (rng.random((size, 4)) < topic_p).astype(np.int64)
    n_topics = trained.sum(axis=1)
    confidence = cut(0.35 * n_topics + 0.03 * years + 0.3 * (sector == 1) + rng.standard_normal(size),
                     [-0.3, 0.5, 1.4, 2.4])
    identify_p = logistic(-1.6 + 0.45 * n_topics + _IDENTIFY_EFFECT[sector - 1] + 0.025 * years
                          + 0.2 * country_effect)
    identified = (rng.random(size) < identify_p).astype(np.int64)
    frame = pd.DataFrame({
        "resp_id": ids(f"{country}-", np.arange(1, size + 1), 4),
        "org_id": ids(f"{country}-O", rows + 1, 3),
        "weight": orgs["weight"].to_numpy()[rows].round(4),
        "fpc": orgs["fpc"].to_numpy()[rows],
        "sector": sector,
        "gender": with_missing(rng, gender, {99: 0.01}),
        "years_experience": with_numeric_missing(rng, years, {99: 0.015}),
        **_ratings(rng, sector, rng.normal(0, 0.2)),
        **{f"training__{topic}": trained[:, k] for k, topic in enumerate(TRAINING)},
        "confidence": with_missing(rng, confidence, {98: 0.01}),
        "identified_victim": with_missing(rng, identified, {98: 0.015}),
        "survey_date": interview_dates(rng, size),
        "comments": comments(rng, size, phrases, 0.25),
    })
    return frame
