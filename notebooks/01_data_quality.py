# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · Data quality and harmonisation of the demo surveys
#
# **Question.** Do the country files of the three HEROES instruments harmonise into one
# clean data set each, and how good are the answers: how many respondents per country,
# which validation rules fail where, how much item nonresponse ("don't know",
# "refused") and straight-lining is there?
#
# **Inputs.** `data/raw/<data_version>/*/` — for each instrument (practitioner survey on
# early identification, agency questionnaire on missing children, survey of prevention
# programme implementers) its harmonisation `codebook.yaml` and one raw file per
# country (.sav, .dta, .xlsx, in each fieldwork partner's own coding).
#
# **Outputs.** `tab_respondents_by_country`, `tab_violations_by_rule`, `tab_item_missing_reasons`
# and `fig_item_nonresponse`.
#
# > **The data are synthetic** (`heroes demo`, seeded): the raw files imitate the mess of
# > real multi-country fieldwork but describe no real person or agency. Interpretations
# > below describe the synthetic data.

# %% tags=["parameters"]
data_version = "demo"
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
min_count = 5
nonresponse_reasons = ["Don't know", "Refused"]

# %%
import pandas as pd

from heroes_research import figures, paths, tables
from heroes_research.pipeline import validate
from heroes_research.survey import SurveyDesign

raw = paths.raw_dir() / data_version

# %% [markdown]
# ## Method
#
# `heroes_research.pipeline.ingest` reads every country file of every instrument
# (`io.read_survey`), applies the codebook (renames, recodes country codes to harmonised
# codes, reverses reversed scales, maps each partner's missing codes to *not
# applicable* / *don't know* / *refused*), checks ranges, duplicates and straight-lining,
# and `heroes build` writes the processed files (its ingest step, before any notebook).
# This notebook runs the same checks without writing anything. Violations that do not make the
# data unusable are kept in the validation report rather than stopping the ingest; a
# value that fails a check becomes missing with its reason in `<variable>__missing`.

# %%
result = validate(raw, progress=False)
instruments = {r.instrument: r for r in result.instruments}
demo = all(r.metadata["demo"] for r in result.instruments)
source = f"HEROES demo surveys, ingest of data/raw/{data_version}"
out = {"source": source, "demo": demo, "data_version": data_version}
result.summary()

# %% [markdown]
# All fifteen countries of all three instruments were read and harmonised. The early
# identification survey is the large one (about 2,000 practitioners); the agency
# questionnaire has about 300 agencies, 8 to 45 per country.

# %% [markdown]
# ## Result 1 · Respondents per country and instrument

# %%
units = pd.concat([r.data[["country"]].assign(instrument=name.replace("_", " ").capitalize())
                   for name, r in instruments.items()])
units = units[units["country"].isin(countries)]
respondents = tables.counts_table(
    units, "country", "instrument", title="Respondents (agencies) per country and instrument",
    min_count=min_count, note="Rows as ingested, before duplicates are removed. Early identification: "
    "practitioner survey; missing children: agency questionnaire; prevention: programme implementers.", **out)
tables.save_table(respondents, "tab_respondents_by_country")
respondents.data

# %% [markdown]
# No cell is below the disclosure threshold of `min_count`, so nothing is suppressed.
# The sample sizes follow the (synthetic) fieldwork plan: large samples in Spain, the
# United Kingdom, Brazil, Colombia and Bangladesh, the countries of the indicator
# manual; 26–44 practitioners in the Baltic states, Bulgaria and Ireland, which limits
# what can be said about them country by country.

# %% [markdown]
# ## Result 2 · Validation violations by rule and country

# %%
report = result.report
report = report[report["country"].isin(countries)]
violations = tables.counts_table(
    report.assign(rule=report["instrument"].str.replace("_", " ").str.capitalize() + ": "
                  + report["rule"].str.replace("_", " ")),
    "country", "rule", title="Validation findings by instrument, rule and country", protect=False,
    note="Counts of findings of the ingest checks (file problems), not of respondents' answers; "
         "straight-lining counts respondent × battery flags.", **out)
tables.save_table(violations, "tab_violations_by_rule")
violations.data

# %% [markdown]
# The table counts problems in the files, not answers, so it is published without
# suppression (the opt-out is stated in its note). It finds exactly the mess built into
# the synthetic files: respondents entered twice in Spain, Brazil and Greece (early
# identification), Colombia (agencies) and the United Kingdom (prevention); codes
# outside the codebook (a `6` on a 1–5 scale in France, Bulgaria and Austria); one
# implausible number of years of experience in Colombia. Duplicates are dropped by the
# analysis notebooks; invalid codes and out-of-range values are missing with their
# reason.
#
# Straight-lining (the same answer to every item of a battery) is the largest count,
# but it is a warning, not an error: with four correlated items rated on five points,
# identical answers are common for honest respondents. It is a reason to look at a
# respondent, not to drop one. Pooled over countries, per battery:

# %%
respondents_per_instrument = result.summary().set_index("instrument")["respondents"]
straight = report[report["rule"] == "straight_lining"].groupby(["instrument", "variable"]).size()
straight.rename("flagged").to_frame().assign(
    share=straight / straight.index.get_level_values("instrument").map(respondents_per_instrument)).round(3)

# %% [markdown]
# About one practitioner in twelve gives identical answers within each four-item
# battery of the early-identification survey, under 2% on the six-item barrier battery
# of the prevention survey: the longer the battery, the rarer chance straight-lining.

# %% [markdown]
# ## Result 3 · Why answers are missing: item by item

# %%
reasons = pd.concat({
    name: pd.DataFrame({
        r.harmonised.codebook.variable(column.removesuffix("__missing")).label:
            r.data.loc[r.data["country"].isin(countries), column].value_counts()
        for column in r.data.columns if column.endswith("__missing")
    }).T
    for name, r in instruments.items()
})
reasons = reasons.loc[reasons.sum(axis=1) > 0, reasons.sum() > 0]
reasons.index = pd.Index([f"{name.replace('_', ' ').capitalize()}: {label}" for name, label in reasons.index],
                         name="Item")
missing_table = tables.counts_table(
    reasons, title="Missing answers by item and reason", min_count=min_count,
    note="Reasons as harmonised from each country's missing codes; 'Invalid code' and 'Out of range' are "
         "values the ingest rejected.", **out)
tables.save_table(missing_table, "tab_item_missing_reasons")
missing_table.data

# %% [markdown]
# "Don't know" is the main reason for missing importance ratings (2–3% per item);
# refusals are rare and some are suppressed as small cells. The 116 000 hotline question
# is *not applicable* for every agency in Bangladesh, Brazil and Colombia (a European
# number): these are structural, not nonresponse, and the analysis treats them so.

# %% [markdown]
# ## Result 4 · Item nonresponse by country
#
# For each respondent, the share of the questionnaire's coded and numeric items answered
# "don't know" or "refused"; its mean by country is estimated with the instrument's
# design (stratified cluster design with weights and fpc for the practitioner survey;
# every agency or implementer with equal weight for the other two, which carry no design).

# %%
nonresponse = []
for name, r in instruments.items():
    codebook = r.harmonised.codebook
    items = [v.name for v in codebook.variables
             if v.type in {"categorical", "ordinal", "numeric"} and v.name not in codebook.design.values()]
    frame = r.data.drop_duplicates(["country", codebook.id])
    frame = frame[frame["country"].isin(countries)]
    rate = frame[[f"{item}__missing" for item in items]].isin(nonresponse_reasons).mean(axis=1)
    design = SurveyDesign(frame.assign(nonresponse=rate), **r.metadata["design"])
    nonresponse.append(design.mean("nonresponse", by="country").reset_index()
                       .assign(instrument=name.replace("_", " ").capitalize()))
nonresponse = pd.concat(nonresponse, ignore_index=True).drop(columns="variable")
fig = figures.small_multiples(
    nonresponse, by="instrument", ncols=3, percent=True, min_count=min_count,
    xlabel="Items (%), 95% CI", title="Item nonresponse (don't know or refused) by country", **out)
_ = figures.save_figure(fig, "fig_item_nonresponse")

# %% [markdown]
# Item nonresponse is low everywhere, at most about 5% of items, with no country
# standing out beyond its sampling error: in the synthetic data "don't know" answers are drawn at
# the same rate in every country. In real data a country with much higher nonresponse
# would point to a translation or fieldwork problem worth checking before comparing it.

# %% [markdown]
# ## Caveats
#
# * **Synthetic data**: the problems found are the ones the generator injected
#   (`heroes_research/demo/_mess.py`); real files will have others.
# * Free-text fields (`comments`) are harmonised and stored but never shown here; the
#   validation report's raw values are summarised, not listed.
# * Straight-lining flags on four-item batteries have many false positives.
