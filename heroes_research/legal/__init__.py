"""Legal-framework comparison: indicator codebook, cited codings, scoring, uncertainty, comparison.

The 15 study countries' laws on trafficking in human beings (THB) and child
sexual abuse and exploitation (CSA/CSE) are coded against the indicators of
``data/raw/legal/indicators.yaml``, each measured against an international
standard with a fixed goalpost. Codings (``codings/<JURISDICTION>.csv``, see
``CODING_PROTOCOL.md``) are tidy, cited to a document with a verbatim excerpt and
valid over dated intervals; legal systems within a country (GB-EAW, GB-SCT,
GB-NIR) stay explicit. A country gets a composite score or a rank only when
enough of its indicators are known (:func:`coverage`).

Anchors: ICMEC's CSAM model-legislation review (yes/no criteria), Economist
Impact's Out of the Shadows Index (ordinal sub-indicators, weighted pillars),
UNODC SHERLOC (act / means / purpose), the Comparative Constitutions Project
(double coding, reconciliation, a citation for every answer) and the OECD/JRC
Handbook on composite indicators (2008: normalisation, weighting, aggregation,
uncertainty and sensitivity analysis).

Example
-------
>>> from heroes_research import legal
>>> codings = legal.load_codings()  # doctest: +SKIP
>>> legal.coverage(codings, date="2024-01-01").by_jurisdiction  # doctest: +SKIP
"""

from heroes_research.legal._agreement import Agreement, agreement
from heroes_research.legal._codings import Codings, codings_from_frame, load_codings
from heroes_research.legal._compare import Comparison, compare, gaps
from heroes_research.legal._coverage import Coverage, coverage, share_text
from heroes_research.legal._factsheet import fact_sheet
from heroes_research.legal._indicators import Indicator, IndicatorSet, load_indicators, score_values
from heroes_research.legal._reconcile import load_reconciliation, reconciliation
from heroes_research.legal._sample import (
    JURISDICTIONS,
    all_cells,
    coded_cells,
    second_coding_sample,
)
from heroes_research.legal._scoring import Scores, score
from heroes_research.legal._uncertainty import Uncertainty, uncertainty
from heroes_research.legal._weights import Weights, equal_weights, load_weights

__all__ = [
    "JURISDICTIONS",
    "Agreement",
    "Codings",
    "Comparison",
    "Coverage",
    "Indicator",
    "IndicatorSet",
    "Scores",
    "Uncertainty",
    "Weights",
    "agreement",
    "all_cells",
    "coded_cells",
    "codings_from_frame",
    "compare",
    "coverage",
    "equal_weights",
    "fact_sheet",
    "gaps",
    "load_codings",
    "load_indicators",
    "load_reconciliation",
    "load_weights",
    "reconciliation",
    "score",
    "score_values",
    "second_coding_sample",
    "share_text",
    "uncertainty",
]
