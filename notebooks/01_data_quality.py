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
# # 01 · Data quality and harmonisation of the surveys
#
# **Question.** Do the country files of a study's instruments harmonise into one
# clean data set each, and how good are the answers: how many respondents per country,
# which validation rules fail where, how much item nonresponse ("don't know",
# "refused") and straight-lining is there?
#
# **Inputs.** `data/raw/<study>/*/` — for each instrument its harmonisation
# `codebook.yaml` and the raw files (one per country, or pooled files; .sav, .dta, .xlsx,
# .csv, in each fieldwork partner's own coding). The default study is the HEROES demo:
# a practitioner survey on early identification, an agency questionnaire on missing
# children and a survey of prevention programme implementers. Any study runs here
# (parameter `study`); the text below describes the demo.
#
# **Outputs.** `tab_respondents_by_country`, `tab_violations_by_rule`, `tab_item_missing_reasons`
# and `fig_item_nonresponse`.
#
# > **The demo data are synthetic** (`heroes demo`, seeded): the raw files imitate the mess
# > of real multi-country fieldwork but describe no real person or agency. Every output
# > built from them says so; outputs of a real study do not.

# %% tags=["parameters"]
study = "demo"
countries = []  # the countries to show; empty: every country of the study
min_count = 5
nonresponse_reasons = ["Don't know", "Refused"]

# %%
import pandas as pd
from scipy.special import expit, logit
from scipy.stats import norm

from heroes_research import disclosure, figures, paths, tables
from heroes_research.pipeline import validate
from heroes_research.study import study_settings
from heroes_research.survey import SurveyDesign

raw = paths.raw_dir() / study

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
demo = any(r.metadata["demo"] for r in result.instruments)  # the codebooks' `synthetic:` flags
settings = study_settings(raw)  # data/raw/<study>/study.yaml: title and countries
source = f"{settings.title}, ingest of data/raw/{study}"
out = {"source": source, "demo": demo, "data_version": study}
countries = countries or list(settings.countries)
result.summary()

# %% [markdown]
# In the demo, all fifteen countries of all three instruments were read and harmonised. The early
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
    min_count=min_count, zeros="disclosive", note="Rows as ingested, before duplicates are removed. Early identification: "
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
# the reasons an answer is missing use the same words as the checks that rejected it
reason_of_rule = {"code_not_declared": "Invalid code", "out_of_range": "Out of range"}
findings = (pd.crosstab([report["instrument"].str.replace("_", " ").str.capitalize().rename("instrument"),
                         report["rule"].map(lambda r: reason_of_rule.get(r, r.replace("_", " ").capitalize()))
                         .rename("reason")], report["country"].astype("string"))
            if len(report) else  # a clean study has none
            pd.DataFrame({c: 0 for c in countries}, index=pd.MultiIndex.from_tuples(
                [("All instruments", "No findings")], names=["instrument", "reason"])).rename_axis(columns="country"))
reasons = pd.concat({  # missing answers by item and reason (Result 3)
    name.replace("_", " ").capitalize(): pd.DataFrame({
        r.harmonised.codebook.variable(column.removesuffix("__missing")).label:
            r.data.loc[r.data["country"].isin(countries), column].value_counts()
        for column in r.data.columns if column.endswith("__missing")
    }).T
    for name, r in instruments.items()
}, names=["instrument", "item"])
reasons = reasons.loc[reasons.sum(axis=1) > 0, reasons.sum() > 0].fillna(0).astype(int).rename_axis(columns="reason")

# %% [markdown]
# This table and the table of missing answers (Result 3) count the same answers: an
# invalid code found by the checks is an answer missing as "Invalid code" there, so each
# instrument's total of a check is the instrument's total of that reason. Protected one
# by one, the shown cells of one table would give away the hidden cells of the other.
# They are protected together (`disclosure.protect_linked`: one suppression over both,
# the shared totals one cell), and the joint attack over both, as a reader holding both
# files would mount it, must find no hidden cell it can pin or narrow to fewer than
# `min_count` (and more than none). Zeros are published here (`zeros="safe"`): a zero
# says a check found nothing in a country's file, or that an item cannot have that
# reason (only the hotline question is "not applicable"), not that a group of
# respondents share an answer.

# %%
linked = {"tab_violations_by_rule": findings, "tab_item_missing_reasons": reasons}
protected = disclosure.protect_linked(linked, unit="ingest findings", complete=["country", "item"],
                                      min_count=min_count, zeros="safe")
joint = disclosure.joint_attack([disclosure.ledger_table(name, "ingest findings", table,
                                                         complete=["country", "item"])
                                 for name, table in protected.items()], min_count=min_count)
assert not joint["disclosed"].any(), joint[joint["disclosed"]]
joint.assign(width=joint["high"] - joint["low"]).groupby("output").agg(
    hidden=("width", "size"), narrowest_interval=("width", "min"))

# %%
violations = tables.counts_table(
    protected["tab_violations_by_rule"], title="Validation findings by instrument, check and country",
    note="Counts of findings of the ingest checks; duplicates and straight-lining are flags on "
         "respondents, so the table is protected like any count of people, together with the table of "
         "missing answers (the same invalid codes counted twice). The full list is for the research team "
         "only: `heroes validate --output FILE`.", **out)
tables.save_table(violations, "tab_violations_by_rule")
violations.data

# %% [markdown]
# Most findings are flags on respondents (entered twice, the same answer to a whole
# battery), so the table is protected like any count of people: small counts, and the
# cells they could be derived from, are not shown. In the synthetic files the checks find
# the mess built into them: duplicated respondents, codes outside the codebook (a `6` on
# a 1–5 scale) and implausible numbers of years of experience. Duplicates are dropped by
# the analysis notebooks; invalid codes and out-of-range values are missing with their
# reason. The complete list, row by row, stays with the research team
# (`heroes validate --output FILE`), outside the published report.
#
# Straight-lining (the same answer to every item of a battery) is the largest count,
# but it is a warning, not an error: with four correlated items rated on five points,
# identical answers are common for honest respondents. It is a reason to look at a
# respondent, not to drop one. Pooled over countries, per battery:

# %%
respondents_per_instrument = result.summary().set_index("instrument")["respondents"]
straight = report[report["rule"] == "straight_lining"].groupby(["instrument", "variable"]).size()
base = straight.index.get_level_values("instrument").map(respondents_per_instrument).to_numpy(dtype=float)
straight.rename("flagged").to_frame().assign(  # empty for instruments without item batteries
    share=straight.to_numpy() / base).round(3)

# %% [markdown]
# About one practitioner in twelve gives identical answers within each four-item
# battery of the early-identification survey, under 2% on the six-item barrier battery
# of the prevention survey: the longer the battery, the rarer chance straight-lining.

# %% [markdown]
# ## Result 3 · Why answers are missing: item by item

# %%
missing_table = tables.counts_table(
    protected["tab_item_missing_reasons"], title="Missing answers by instrument, item and reason",
    note="Reasons as harmonised from each country's missing codes; 'Invalid code' and 'Out of range' are "
         "values the ingest rejected (protected together with the table of validation findings).", **out)
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
             if v.type in {"categorical", "ordinal", "numeric"} and v.name not in codebook.design.columns().values()]
    frame = r.data if codebook.id is None else r.data.drop_duplicates(["country", codebook.id])
    frame = frame[frame["country"].isin(countries)]
    rate = frame[[f"{item}__missing" for item in items]].isin(nonresponse_reasons).mean(axis=1)
    design = SurveyDesign(frame.assign(nonresponse=rate), **r.metadata["design"])
    nonresponse.append(design.mean("nonresponse", by="country").reset_index()
                       .assign(instrument=name.replace("_", " ").capitalize()))
nonresponse = pd.concat(nonresponse, ignore_index=True).drop(columns="variable")
# A share near 0 gets a logit interval, expit(logit p ± z·se / (p(1 − p))), which stays
# inside [0, 1] (R's svyciprop method "logit"); the normal interval would reach below 0.
p, z = nonresponse["estimate"].clip(1e-9, 1 - 1e-9), norm.ppf(0.975)
half = z * nonresponse["se"] / (p * (1 - p))
nonresponse = nonresponse.assign(ci_low=expit(logit(p) - half), ci_high=expit(logit(p) + half))
fig = figures.small_multiples(
    nonresponse, by="instrument", ncols=3, percent=True, min_count=min_count,
    xlabel="Items (%), logit 95% CI", title="Item nonresponse (don't know or refused) by country", **out)
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
