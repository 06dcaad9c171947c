"""Legal-framework comparison: indicator codebook, cited codings, scoring, uncertainty, comparison.

The 15 study countries' laws on trafficking in human beings (THB) and child
sexual abuse and exploitation (CSA/CSE) are coded against 50 indicators
(``data/raw/legal/indicators.yaml``), each measured against an international
standard with a fixed goalpost. Codings (``codings.csv``) are tidy, cited and
dated; legal systems within a country (GB-EAW, GB-SCT, GB-NIR) stay explicit.

Anchors: ICMEC's CSAM model-legislation review (yes/no criteria), Economist
Impact's Out of the Shadows Index (ordinal sub-indicators, weighted pillars),
UNODC SHERLOC (act / means / purpose), the Comparative Constitutions Project
(double coding, reconciliation, a citation for every answer) and the OECD/JRC
Handbook on composite indicators (2008: normalisation, weighting, aggregation,
uncertainty and sensitivity analysis).

Example
-------
>>> from heroes_research import legal
>>> codings = legal.load_codings()
>>> s = legal.score(codings, date="2024-01-01", weights="equal", unknown="half")
>>> s.to_wide().shape[0]
15
"""

from heroes_research.legal._agreement import Agreement, agreement
from heroes_research.legal._codings import Codings, codings_from_frame, load_codings
from heroes_research.legal._compare import Comparison, compare, gaps
from heroes_research.legal._indicators import Indicator, IndicatorSet, load_indicators, score_values
from heroes_research.legal._scoring import Scores, score
from heroes_research.legal._uncertainty import Uncertainty, uncertainty
from heroes_research.legal._weights import Weights, equal_weights, load_weights

__all__ = [
    "Agreement",
    "Codings",
    "Comparison",
    "Indicator",
    "IndicatorSet",
    "Scores",
    "Uncertainty",
    "Weights",
    "agreement",
    "codings_from_frame",
    "compare",
    "equal_weights",
    "gaps",
    "load_codings",
    "load_indicators",
    "load_weights",
    "score",
    "score_values",
    "uncertainty",
]
