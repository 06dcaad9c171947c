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
# # 05 · Early identification of potential victims
#
# **Question.** Which social, psychological and economic indicators do practitioners
# rate as most important for the early identification of potential victims of
# trafficking and child sexual abuse/exploitation, how does this differ by sector and
# country, and what is associated with having identified a potential victim in the
# last 12 months? Which indicator sets should the manual recommend, by sector, for
# Bangladesh, Colombia, Spain and the United Kingdom?
#
# **Input.** `data/processed/early_identification.parquet` (written by notebook 01):
# the practitioner survey, one row per practitioner; a stratified cluster sample
# (countries as strata, organisations as primary sampling units, design weights,
# finite population correction), as the codebook's `design` section declares.
#
# **Outputs.** `tab_indicator_alpha` (reliability of the three indicator batteries by
# country), `fig_indicator_scores` (battery scores by country),
# `fig_identified_by_sector` (small multiples by sector), `fig_confidence_likert`
# (diverging bars), `tab_identification_model` (weighted logistic model),
# `tab_sector_indicator_sets` (indicator sets for BD, CO, ES, GB) and
# `map_identified_victim`.
#
# > **The data are synthetic** (`heroes demo`): every number below illustrates the
# > method and says nothing about real practitioners. The interpretations describe what
# > the synthetic data show.

# %% tags=["parameters"]
data_version = "demo"
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
manual_countries = ["BD", "CO", "ES", "GB"]
min_count = 5
top_indicators = 3
n_boot = 1000

# %%
import pandas as pd

from heroes_research import figures, maps, paths, tables
from heroes_research.cleaning import collapse_levels, level_indicator, likert_scores
from heroes_research.codebook import load_codebook
from heroes_research.io import read_processed
from heroes_research.reliability import cronbach_alpha
from heroes_research.survey import SurveyDesign

data, meta = read_processed("early_identification")
codebook = load_codebook(paths.raw_dir() / data_version / meta["codebook"])
demo = meta["demo"]
source = f"HEROES practitioner survey on early identification ({meta['codebook']} v{meta['codebook_version']})"
out = {"source": source, "demo": demo, "data_version": data_version}
meta["design"]

# %% [markdown]
# ## Data
#
# The ingest keeps respondents entered twice in the raw files and reports them as
# `duplicate_respondent`; here the second copy is dropped (same id, same answers).
# The twelve importance ratings are ordinal labels; for means and reliability they are
# scored 1 ("not at all important") to 5 ("extremely important"). "Don't know" and
# "refused" stay missing (their reasons are in the `__missing` columns) and are left out
# of each estimate (`na_rm=True`), never counted as zero. Confidence is grouped into
# three levels for the Likert bars. Country × sector domains are estimated with
# `by=["country", "sector"]`; those with fewer than `min_count` respondents are withheld.

# %%
data = data.drop_duplicates(["country", "resp_id"])
data = data[data["country"].isin(countries)]
batteries = {name.capitalize(): members for name, members in codebook.batteries().items()}
items = [item for battery in batteries.values() for item in battery]
labels = {f"score_{v.name}": v.label.removeprefix("Importance of indicator: ").capitalize()
          for v in codebook.variables}
scores = likert_scores(data, items)
battery_scores = pd.DataFrame({name: scores[list(members)].mean(axis=1, skipna=False)
                               for name, members in batteries.items()})
training = list(codebook.variable("training").option_columns())
confidence_levels = {"Not at all confident": "Not or slightly", "Slightly confident": "Not or slightly",
                     "Moderately confident": "Moderately", "Very confident": "Very or completely",
                     "Completely confident": "Very or completely"}
data = data.assign(
    **scores.add_prefix("score_"), **battery_scores,
    identified=level_indicator(data["identified_victim"], ["Yes"]),
    confidence3=collapse_levels(data["confidence"], confidence_levels),
)
levels = list(data["confidence3"].cat.categories)
design = SurveyDesign(data, **meta["design"])
# the manual countries alone: whole strata, so their domain estimates equal the full design's
manual_design = SurveyDesign(data[data["country"].isin(manual_countries)], **meta["design"])
design

# %% [markdown]
# ## Method
#
# * **Design-based estimates** (`SurveyDesign`, Taylor linearisation with the
#   ultimate-cluster variance, as R `survey`): battery scores and shares by country,
#   domain estimates by sector. Shares (having identified a potential victim) come with
#   logit 95% intervals (`design.proportion_ci(..., by=[...])`, R's `svyciprop` by domain),
#   which stay within 0–100%.
# * **Reliability**: Cronbach's alpha of each four-item battery in each country, with a
#   bootstrap 95% interval over respondents (unweighted: alpha describes the scale in
#   the sample).
# * **Model**: a design-weighted logistic regression (`design.glm(..., family="binomial")`,
#   R's `svyglm` with quasibinomial family) of having identified a potential victim in
#   the last 12 months on the four training topics, sector and years of experience.
# * **Disclosure control**: every estimate resting on fewer than `min_count` unweighted
#   respondents is withheld (`x`) by the table and figure helpers, and so is an alpha
#   whose `n` falls short of the country's respondents by fewer than `min_count` (the
#   respondents published in notebook 01 minus `n` would count those who skipped an
#   item).

# %% [markdown]
# ## Result 1 · Are the indicator batteries reliable scales?

# %%
alpha = pd.concat(
    [cronbach_alpha(scores.loc[data["country"] == country, list(members)], n_boot=n_boot)
     .to_frame().assign(country=country, variable=name)
     for name, members in batteries.items() for country in countries],
    ignore_index=True,
).rename(columns={"confidence": "conf_level"})  # the bootstrap interval's level
# n (complete answers) is also the country's respondents minus those who skipped an item: a
# difference of fewer than min_count respondents is withheld like a small count (n_domain)
alpha = alpha.merge(data.groupby("country", observed=True).size().rename("n_domain").reset_index(), how="left")
alpha_table = tables.estimates_table(
    alpha, title="Cronbach's alpha of the indicator batteries, by country", digits=2,
    min_count=min_count, note="Raw alpha of four 1-5 importance ratings; complete answers only; "
    "percentile bootstrap interval over respondents.", **out)
tables.save_table(alpha_table, "tab_indicator_alpha")
alpha_table

# %% [markdown]
# In the synthetic data each battery reaches an alpha of about 0.7–0.9 where it is
# shown, the strength the generator built in. In the smallest samples (Ireland, Latvia,
# Lithuania) every alpha is withheld, because only a few respondents skipped an item
# there; their battery scores rest on few respondents and are noisy summaries, so
# country differences in the scores should not be over-read.

# %% [markdown]
# ## Result 2 · Battery scores by country

# %%
battery_means = design.mean(list(batteries), by="country", na_rm=True)
fig = figures.small_multiples(
    battery_means, by="variable", ncols=3,
    title="Importance of social, psychological and economic indicators (mean, 1–5)", min_count=min_count, **out)
_ = figures.save_figure(fig, "fig_indicator_scores")
tables.estimates_table(design.mean(list(batteries), by="sector", na_rm=True), rows="sector", interval=None,
                       digits=2, title="Battery scores by sector", min_count=min_count, **out)

# %% [markdown]
# All three batteries are rated between "moderately" and "very" important almost
# everywhere; the country-to-country spread is larger than the spread between the
# batteries, because the synthetic countries differ by a shift common to all items. By
# sector (the table above, all countries pooled), NGO and social-service staff rate the
# indicators highest and transport and education staff lowest — again the generator's
# sector shifts.

# %% [markdown]
# ## Result 3 · Who identifies potential victims? Shares by sector and country

# %%
tables.estimates_table(design.proportion_ci("identified", 1, by="sector", na_rm=True), rows="sector",
                       percent=True, title="Identified a potential victim, by sector", min_count=min_count,
                       **out)

# %%
by_domain = manual_design.proportion_ci("identified", 1, by=["country", "sector"], na_rm=True)
fig = figures.small_multiples(
    by_domain, by="sector", ncols=3, percent=True,
    title="Identified a potential victim in the last 12 months, by sector", min_count=min_count, **out)
_ = figures.save_figure(fig, "fig_identified_by_sector")

# %% [markdown]
# In the synthetic data, law-enforcement, prosecution, NGO and social-service
# practitioners report having identified a potential victim about twice as often as
# health, education and transport staff. The sector panels show the four manual
# countries (`manual_countries`): elsewhere most country × sector cells rest on fewer
# than `min_count` respondents and would be withheld. A share is also withheld when
# fewer than `min_count` respondents gave the answer, or fewer than `min_count` did not,
# or when it is 0% or 100%: an unweighted share times its `n` would publish that count.
# The withheld cells are named under the figure. The intervals are logit intervals
# (`design.proportion_ci`, R's `svyciprop` by domain): they stay within 0–100% and are
# asymmetric near the edges, not a symmetric band cut off at zero.

# %% [markdown]
# ## Result 4 · Confidence in identifying potential victims

# %%
fig = figures.likert_bars(design.mean("confidence3", by="country", na_rm=True), levels,
                          title="Confidence in identifying potential victims", min_count=min_count, **out)
_ = figures.save_figure(fig, "fig_confidence_likert")

# %% [markdown]
# Confidence is split: in most countries a quarter to two fifths of the (synthetic)
# practitioners feel at most slightly confident, and a third to two fifths very or
# completely confident. Countries where one of the three
# categories has fewer than `min_count` respondents are not drawn (marked `x` and named
# under the bars) rather than shown with a blank segment, which would distort the
# other shares and leave the hidden one derivable from them.

# %% [markdown]
# ## Result 5 · What is associated with having identified a potential victim?

# %%
model = design.glm(
    "identified ~ training__law + training__indicators + training__referral + training__interviewing"
    " + sector + years_experience", family="binomial", na_rm=True)
term_labels = {**{c: f"Trained: {codebook.variable('training').options[c.split('__')[1]]}" for c in training},
               "years_experience": "Years of experience (per year)"}
model_table = tables.model_table(
    model, exponentiate=True, intercept=False, labels=term_labels,
    title="Identified a potential victim in the last 12 months: design-weighted logistic model",
    note="Quasibinomial svyglm with strata, PSUs, weights and fpc; reference sector: law enforcement.", **out)
tables.save_table(model_table, "tab_identification_model")
model_table

# %% [markdown]
# Each training topic raises the odds of having identified a potential victim (odds
# ratios of roughly 1.4–1.8 per topic), and so do years of experience; health,
# education and transport practitioners have clearly lower odds than law enforcement
# at the same training and experience. This reproduces the logistic model the
# synthetic generator used, which is the point of the check: the design-based estimates
# recover the built-in effects. Being cross-sectional, the model shows association, not
# the effect of training.

# %% [markdown]
# ## Result 6 · Sector-specific indicator sets for the manual (BD, CO, ES, GB)
#
# For each sector in the four manual countries, the indicators with the highest
# design-based mean importance (each item on the respondents who rated it). Country ×
# sector cells with fewer than `min_count` respondents are not estimated and are
# withheld.

# %%
manual = pd.concat([manual_design.mean(f"score_{item}", by=["country", "sector"], na_rm=True)
                    for item in items], ignore_index=True)
sets_table = tables.ranking_table(
    manual, rows=["country", "sector"], top=top_indicators,
    labels=labels, min_count=min_count,
    title=f"Top {top_indicators} indicators by sector: {', '.join(manual_countries)}",
    note="Design-based mean importance (1 = not at all, 5 = extremely important).", **out)
tables.save_table(sets_table, "tab_sector_indicator_sets")
sets_table

# %% [markdown]
# In the synthetic data the top indicators differ little between sectors: debt
# bondage, fear and social isolation lead almost everywhere, because the generator
# shifts whole batteries by sector rather than single items. With real data this table
# is the evidence for the sector-specific indicator lists of the manual; the means of
# the top three are often within one standard error of each other, so the manual
# should present them as a set, not as a strict ranking.

# %% [markdown]
# ## Result 7 · Map of the headline indicator

# %%
headline = design.proportion_ci("identified", 1, by="country", na_rm=True)
fig = maps.choropleth_map(
    headline, percent=True, min_count=min_count,
    title="Practitioners who identified a potential victim in the last 12 months",
    legend_title="Identified (%)", **out)
_ = figures.save_figure(fig, "map_identified_victim")
headline.round(3)

# %% [markdown]
# ## Caveats
#
# * **Synthetic data.** All figures and tables come from the seeded synthetic demo data;
#   the patterns are those the generator was built with.
# * **Free text** (`comments`) is never shown here; it belongs to the coded qualitative
#   analysis.
# * Ratings are ordinal; means of 1–5 scores treat the steps as equal. The Likert bars
#   show the distribution without that assumption.
# * Small countries give wide intervals; country × sector cells are often withheld.
