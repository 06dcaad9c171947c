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
# # 04 · Law-enforcement strategies for missing-children reports
#
# **Question.** How do law-enforcement agencies in the fifteen countries respond to a
# report of a missing child? What share of agencies use a risk-assessment protocol, act
# at once (no waiting period), cooperate with the 116 000 missing-children hotline and
# use cross-border alerts — and how does this differ between countries and types of
# agency?
#
# **Input.** `data/processed/missing_children.parquet` (written by notebook 01): the
# agency questionnaire, one row per agency.
#
# **Outputs.** `tab_missing_children_strategies` (shares by country),
# `fig_missing_children_strategies` (small multiples, one panel per strategy) and
# `map_risk_protocol` (agencies using a risk-assessment protocol).
#
# > **The data are synthetic** (`heroes demo`): no real agency answered. The
# > interpretations describe the synthetic data.

# %% tags=["parameters"]
data_version = "demo"
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
min_count = 5
protocol_levels = ["Usually", "Always"]
alert_levels = ["Sometimes", "Often"]

# %%
import warnings

import pandas as pd

from heroes_research import disclosure, figures, maps, tables
from heroes_research.cleaning import level_indicator
from heroes_research.io import read_processed
from heroes_research.survey import SurveyDesign

data, meta = read_processed("missing_children")
demo = meta["demo"]
source = f"HEROES law-enforcement questionnaire on missing children ({meta['codebook']} v{meta['codebook_version']})"
out = {"source": source, "demo": demo, "data_version": data_version}
# a share of 0 or 1 has no logit interval; the notebook shows those shares without one
warnings.filterwarnings("ignore", message=".*share 0 or 1 with SE 0 -> the interval is the point",
                        category=RuntimeWarning)
meta["design"]

# %% [markdown]
# ## Data and method
#
# The questionnaire went to agencies, not to a probability sample of people, and the
# codebook declares no sampling design (the `design` section above is empty). Every
# agency therefore counts once: `SurveyDesign(data, **meta["design"])` gives equal
# weights and each agency as its own sampling unit, so the intervals describe the
# sampling variability of agencies within a country as if they were a simple random
# sample of that country's agencies. If real fieldwork supplies weights, the same code
# uses them once the codebook names them.
#
# Each strategy is a yes/no indicator; `design.proportion_ci(..., by=...)` estimates the
# share of agencies with it in each country and a 95% interval on the logit scale (R's
# `svyby(..., svyciprop)`):
#
# * **risk-assessment protocol**: used "usually" or "always" (`protocol_levels`);
# * **immediate response**: no waiting period before acting on a report (0 hours);
# * **116 000 cooperation**: a formal or informal agreement with the hotline;
# * **cross-border alerts**: used "sometimes" or "often" (`alert_levels`).
#
# "Don't know" answers are left out of each share, and `n` is the number of agencies
# that answered (`n_level` the number with the strategy): the disclosure rule of at
# least `min_count` agencies per published share counts `n`. The 116 000 question is *not
# applicable* in Bangladesh, Brazil and Colombia (a European number): those countries
# show `..` rather than a share. Agencies entered twice are dropped.
#
# A share's `n` is also a difference: the agencies of a country (published in
# notebook 01) minus those that did not answer the question. Where some agencies, but fewer
# than `min_count`, did not answer, the share is withheld like a small count
# (`n_domain`, read by the disclosure rule of the table, figure and map).

# %%
data = data.drop_duplicates(["country", "agency_id"])
data = data[data["country"].isin(countries)]
strategies = {
    "protocol": "Risk-assessment protocol",
    "immediate": "Immediate response",
    "hotline": "116 000 cooperation",
    "alert": "Cross-border alerts",
}
hotline_levels = [level for level in data["coop_116000"].cat.categories if level.startswith("Yes")]
data = data.assign(
    protocol=level_indicator(data["risk_protocol"], protocol_levels),
    immediate=level_indicator(data["waiting_hours"], [0]),
    hotline=level_indicator(data["coop_116000"], hotline_levels),
    alert=level_indicator(data["cross_border_alert"], alert_levels),
    hotline_country=data["country"].where(data["coop_116000__missing"] != "Not applicable"),
)
design = SurveyDesign(data, **meta["design"])
design

# %% [markdown]
# ## Result 1 · Strategies by country
#
# Where all or no agencies of a country report a strategy there is no logit interval
# (R's `svyciprop` returns the point); such a share says something about every agency
# of the country, so it is withheld like a small count. The first output counts the
# shares withheld, by reason (estimates, not agencies).

# %%
# the 116 000 hotline is estimated only in the countries where it exists (a European number)
by = {name: "hotline_country" if name == "hotline" else "country" for name in strategies}
estimates = pd.concat([design.proportion_ci(name, 1, by=by[name], na_rm=True)
                       .rename(columns={"hotline_country": "country"}) for name in strategies],
                      ignore_index=True)
# at a share of 0 or 1 there is no logit interval (R returns the point): show the share alone
estimates[["ci_low", "ci_high"]] = estimates[["ci_low", "ci_high"]].where(estimates["se"] > 0)
agencies = data.groupby("country", observed=True).size().rename("n_domain").reset_index()
estimates = estimates.merge(agencies, how="left")
withheld = disclosure.protect_estimates(estimates, min_count=min_count)["suppression"]
withheld[withheld != ""].value_counts().rename("shares withheld")

# %%
strategy_table = tables.estimates_table(
    estimates, labels=strategies, title="Law-enforcement agencies by strategy for missing-children reports",
    percent=True, min_count=min_count,
    note=f"Share of agencies: risk-assessment protocol used {' or '.join(protocol_levels).lower()}; "
         f"no waiting period before acting; formal or informal cooperation with the 116 000 hotline "
         f"(not applicable outside Europe); cross-border alerts used {' or '.join(alert_levels).lower()}. "
         "Agencies weighted equally (no sampling design). Logit intervals; none where all or no "
         "agencies of a country report the strategy.", **out)
tables.save_table(strategy_table, "tab_missing_children_strategies")
strategy_table

# %%
fig = figures.small_multiples(
    estimates, by="variable", labels=strategies, ncols=2, percent=True, min_count=min_count,
    title="Strategies of law-enforcement agencies for missing-children reports", **out)
_ = figures.save_figure(fig, "fig_missing_children_strategies")

# %% [markdown]
# With 8–45 agencies per country, little can be published country by country: most
# shares are withheld, because nearly all or nearly none of a country's agencies report
# the strategy (the others would be a handful of agencies), or because a few agencies
# did not answer the question. Acting at once cannot be shown for any country. Where
# shown, in the synthetic data risk-assessment protocols are used usually or always by
# 50–69% of the agencies in Austria, France, Portugal, Switzerland and Brazil and by
# about a third in Bangladesh; 116 000 cooperation is reported by 80–83% of the
# agencies in Spain and the United Kingdom. The intervals are wide: with 14–20 agencies
# they span 40 percentage points or more, so only large gaps between countries are
# more than noise. Being logit intervals they stay within 0–100% and are asymmetric
# near the edges.

# %% [markdown]
# ## Result 2 · Does the use of a protocol depend on the type of agency?

# %%
by_type = design.proportion_ci("protocol", 1, by="agency_type", na_rm=True)
test = design.chisq("agency_type", "risk_protocol", na_rm=True)
tables.estimates_table(by_type, rows="agency_type", percent=True, min_count=min_count,
                       title="Agencies using a risk-assessment protocol usually or always", **out)

# %%
test.round(4)

# %% [markdown]
# The Rao–Scott test compares the whole distribution of protocol use (never … always)
# across agency types. In the synthetic data specialised missing-persons units use a
# protocol usually or always most often (about three in four, against one in two to two
# in three for the other types), the direction the generator built in; but with about
# 300 agencies the test does not separate the types beyond chance (p ≈ 0.4). A real
# study that wants to compare agency types needs more agencies per type.

# %% [markdown]
# ## Result 3 · Map: agencies using a risk-assessment protocol
#
# Acting at once cannot be mapped country by country: in every country nearly all, or
# nearly none, of the agencies act at once (or a few did not answer), so each share
# would disclose a handful of agencies. The use of a risk-assessment protocol is
# mapped instead, in the six countries where its share can be published.

# %%
fig = maps.choropleth_map(
    estimates[estimates["variable"] == "protocol"], percent=True, min_count=min_count,
    title=f"Agencies using a risk-assessment protocol {' or '.join(protocol_levels).lower()}",
    legend_title="Agencies (%)", bins=[40, 55, 65, 100], **out)
_ = figures.save_figure(fig, "map_risk_protocol")

# %% [markdown]
# ## Caveats
#
# * **Synthetic data**: the country patterns are the generator's, not findings.
# * Agencies are not sampled with known probabilities: the shares describe the
#   responding agencies; how well they represent all agencies of a country depends on
#   the (unknown) response process.
# * The intervals are logit intervals (`design.proportion_ci`, R's `svyciprop` by
#   domain): they stay within 0% and 100%, unlike Wald intervals, but where all or no
#   agencies of a country report a strategy there is none (R returns the point); such
#   shares are withheld anyway (they describe every agency of the country), and with
#   8–12 agencies a share of 0% or 100% is compatible with a true share well away from
#   it.
# * **Disclosure.** Shares are withheld where fewer than `min_count` agencies stand
#   behind the share, its complement or the item nonresponse, and at 0% or 100%; with
#   more agencies per country, more of the table could be shown.
# * The questionnaire has no free text.
