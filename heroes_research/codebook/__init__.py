"""Harmonisation codebooks: harmonised variables and their per-country mappings.

A codebook is one YAML file per study instrument (human-editable, diffable), with
an ``.xlsx`` export/import for researchers who edit in Excel. Loading validates it
and reports every problem at once, with file, line, country and variable.

Format
------
.. code-block:: yaml

    instrument: early_identification     # id; also the processed file name
    version: "1.0.0"
    title: Practitioner survey on early identification of potential victims
    id: resp_id                          # respondent id, unique within country
    synthetic: false                     # true for generated data (outputs then say "synthetic")
    design: {strata: country}            # weights, strata, psu, fpc, lonely_psu, nest (see DesignSpec)
    # or published replicate weights (R's svrepdesign), each declared as a numeric variable:
    # design: {weights: pw, replicates: {weights: "^repw", type: JKn, rscales: [...], mse: false}}
    missing: {97: Not applicable, 98: Don't know, 99: Refused}   # shared by coded variables
    variables:
      - {name: resp_id, label: Respondent id, type: text}
      - name: ind_isolation
        label: "Importance of indicator: social isolation"
        type: ordinal                    # categorical | ordinal | numeric | multi_response | text | date
        codes: {1: Not at all important, 2: Slightly, 3: Moderately, 4: Very, 5: Extremely}
        battery: indicators              # straight-lining is checked per battery
      - name: ind_poverty
        label: "Importance of indicator: poverty"
        type: ordinal
        codes: {1: Not at all important, 2: Slightly, 3: Moderately, 4: Very, 5: Extremely}
        battery: indicators
      - {name: age, label: Age, type: numeric, range: [16, 90]}
      - {name: years_experience, label: Years of experience, type: numeric, range: [0, 50]}
      - name: training_topics
        type: multi_response             # one 0/1 column per option: training_topics__law, ...
        label: Training topics received
        options: {law: Legal framework, referral: Referral procedures}
    checks:                              # optional consistency rules (+ - * /, comparisons, and/or/not)
      - {rule: "years_experience <= age - 16", message: more experience than the age allows}
    pooled:                              # optional: one file holding several countries' rows
      - {file: pooled.dta, country: cntry, values: {276: DE, 616: PL}}   # value -> ISO code
    countries:
      DE: {variables: {resp_id: id}}     # fed by the pooled file: no 'file' of its own
      PL: {variables: {resp_id: id}}
      NO: {file: no.sav, variables: {resp_id: id}}   # NO is Norway (booleans are true/false only)
      ES:                                # any ISO 3166 code, or a name countries.to_iso2 accepts
        file: es.sav                     # relative to the codebook's folder
        language: es
        variables:
          resp_id: id_encuestado         # shorthand for {source: id_encuestado}
          ind_isolation: {source: p12, recode: {0: 1, 1: 2, 2: 3, 3: 4, 4: 5}, missing: {8: 98, 9: 99}}
          ind_poverty: {source: p13, reverse: true}
          age: edad
          years_experience: {source: anos_experiencia, missing: {-1: 99}}
          training_topics: {source: {law: formacion_ley, referral: formacion_derivacion}}

Rules: a country's code is first looked up in its ``missing`` (-> harmonised
missing code), else ``recode``d (codes not listed keep their value), then
``reverse``d (``c -> min + max - c``, ordinal with symmetric codes only); the result
must be a harmonised code or a harmonised missing code, else harmonisation reports
``code_not_declared``. ``recode`` targets must be among ``codes`` (0/1 for
multi_response); ``missing`` targets among the top-level ``missing``. Variables a
country does not map are "Not asked" there. Names may not contain ``__`` nor be
``country`` (both are taken by the harmonised frame).

Example
-------
>>> from heroes_research.codebook import load_codebook
>>> cb = load_codebook("data/raw/demo/early_identification/codebook.yaml")  # doctest: +SKIP
>>> cb.variable("sector").codes[1]  # doctest: +SKIP
'Law enforcement'
"""

from heroes_research.codebook._excel import from_excel, to_excel
from heroes_research.codebook._frozen import FrozenMap
from heroes_research.codebook._model import (
    CODED_TYPES,
    DESIGN_ROLES,
    LONELY_PSU_RULES,
    VARIABLE_TYPES,
    Check,
    Codebook,
    CountryMapping,
    DesignSpec,
    PooledFile,
    ReplicateSpec,
    Variable,
    VariableMapping,
)
from heroes_research.codebook._parse import build_codebook
from heroes_research.codebook._problems import FAILURE_COLUMNS
from heroes_research.codebook._yaml import load_codebook, save_codebook

__all__ = [
    "CODED_TYPES",
    "DESIGN_ROLES",
    "FAILURE_COLUMNS",
    "LONELY_PSU_RULES",
    "VARIABLE_TYPES",
    "Check",
    "Codebook",
    "CountryMapping",
    "DesignSpec",
    "FrozenMap",
    "PooledFile",
    "ReplicateSpec",
    "Variable",
    "VariableMapping",
    "build_codebook",
    "from_excel",
    "load_codebook",
    "save_codebook",
    "to_excel",
]
