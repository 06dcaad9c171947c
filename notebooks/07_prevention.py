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
# # 07 · Implementation barriers of prevention programmes
#
# **Question.** What stands in the way of THB and CSA/CSE prevention programmes? How
# do implementers rate six barriers (funding, staff turnover, coordination between
# agencies, data sharing, legal constraints, awareness), how does this differ between
# countries, which barriers come together, and do programmes facing more barriers
# judge themselves less effective?
#
# **Input.** `data/processed/prevention.parquet` (written by notebook 01): the survey of
# prevention-programme implementers, one row per implementer.
#
# **Outputs.** `fig_barrier_likert` (diverging bars for one barrier by country),
# `fig_barrier_means` (small multiples, one panel per barrier), `tab_barrier_means`
# (means by country), `tab_barrier_cooccurrence` (barriers that come together) and
# `map_funding_barrier`.
#
# > **The data are synthetic** (`heroes demo`): no real programme answered. The
# > interpretations describe the synthetic data.

# %% tags=["parameters"]
data_version = "demo"
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
min_count = 5
likert_barrier = "bar_funding"
major_levels = ["Major barrier", "Severe barrier"]

# %%
from itertools import combinations, combinations_with_replacement

import pandas as pd
from IPython.display import Markdown

from heroes_research import disclosure, figures, maps, paths, tables
from heroes_research.cleaning import collapse_levels, level_indicator, likert_scores
from heroes_research.codebook import load_codebook
from heroes_research.countries import country_name
from heroes_research.io import read_processed
from heroes_research.survey import SurveyDesign

data, meta = read_processed("prevention")
codebook = load_codebook(paths.raw_dir() / data_version / meta["codebook"])
demo = meta["demo"]
source = f"HEROES survey of prevention-programme implementers ({meta['codebook']} v{meta['codebook_version']})"
out = {"source": source, "demo": demo, "data_version": data_version}
barriers = {name: name.removeprefix("bar_").replace("_", " ").capitalize() for name in codebook.batteries()["barriers"]}
asked = "; ".join(f"{short}: {codebook.variable(name).label.removeprefix('Barrier to implementation: ')}"
                  for name, short in barriers.items())
asked

# %% [markdown]
# ## Data and method
#
# Each barrier is rated on five points, from "not a barrier" to "severe barrier"; for
# means it is scored 1–5, and a barrier counts as *major* when rated "major" or
# "severe" (`major_levels`). "Don't know" answers stay missing and are left out of
# each estimate. The codebook declares no sampling design, so every implementer counts
# once (`SurveyDesign(data, **meta["design"])`: equal weights, each respondent its own
# unit); the intervals treat the implementers of a country as a simple random sample.
# Estimates on fewer than `min_count` respondents are withheld (`x`). Respondents
# entered twice are dropped.
#
# A mean of a five-point rating is not a count, but with its standard error and `n` it
# can pin the five answer counts (there are few ways to spread 16 answers over five
# levels with a given mean and variance). So a barrier's mean, like its share rated
# major, is published for a country only where the Likert chart would show that
# barrier's three merged levels: where none of them (or its complement) counts fewer
# than `min_count` implementers or none (`disclosure.rarest_count`, read by the
# disclosure rule of every table, figure and map below).

# %%
data = data.drop_duplicates(["country", "resp_id"])
data = data[data["country"].isin(countries)]
barrier_levels = {"Not a barrier": "Not or minor", "Minor barrier": "Not or minor",
                  "Moderate barrier": "Moderate", "Major barrier": "Major or severe",
                  "Severe barrier": "Major or severe"}
scores = likert_scores(data, barriers)
major = pd.DataFrame({name: level_indicator(data[name], major_levels) for name in barriers})
# "a&b": both barriers rated major or severe ("a&a": barrier a), on the implementers who
# rated all six, so that every pair and every single barrier rests on the same respondents
rated_all = major.notna().all(axis=1)
cooccur = {f"{a}&{b}": (a, b) for a, b in combinations_with_replacement(barriers, 2)}
data = data.assign(
    **scores.rename(columns=barriers), **major.add_prefix("major_"),
    **{name: (major[a] * major[b]).where(rated_all) for name, (a, b) in cooccur.items()},
    barrier_index=scores.mean(axis=1),
    effectiveness_score=likert_scores(data, ["effectiveness"])["effectiveness"],
    rating=collapse_levels(data[likert_barrier], barrier_levels),
)
design = SurveyDesign(data, **meta["design"])
rarest = pd.concat([disclosure.rarest_count(data.assign(merged=collapse_levels(data[name], barrier_levels)),
                                            "merged", by="country", name=label)
                    for name, label in barriers.items()], ignore_index=True)
design

# %% [markdown]
# ## Result 1 · How are the barriers rated?

# %%
fig = figures.likert_bars(design.mean("rating", by="country", na_rm=True), list(data["rating"].cat.categories),
                          title=f"{barriers[likert_barrier]} as a barrier to prevention programmes",
                          min_count=min_count, **out)
_ = figures.save_figure(fig, "fig_barrier_likert")

# %% [markdown]
# The bars show the share of implementers rating the barrier (here `likert_barrier`)
# as not or a minor barrier (left), moderate (split at zero) or major or severe (right).
# The five answer levels are merged into three so that fewer country cells fall below
# `min_count`; countries where one of the three still does are not drawn (marked `x`
# and named under the bars) rather than drawn with a blank segment. In the synthetic
# data implementers are split: in the countries shown a fifth to a third (18–37%) see funding
# as a major or severe barrier and a third to a half as no or a minor one; Colombia and
# Bangladesh (36–37%) lean most towards "major or severe".

# %% [markdown]
# ## Result 2 · Mean barrier ratings by country

# %%
# n_domain: implementers per country (published in notebook 01); a mean whose n falls 1-4 short of it
# would publish how many skipped the barriers (protect_estimates' non-response rule)
implementers = data.groupby("country", observed=True).size().rename("n_domain").reset_index()
means = (design.mean(list(barriers.values()), by="country", na_rm=True)
         .merge(rarest, how="left").merge(implementers, how="left"))
withheld = disclosure.protect_estimates(means, min_count=min_count)
withheld = withheld[withheld["suppression"] != ""]
fig = figures.small_multiples(
    means, by="variable", ncols=3, min_count=min_count,
    title="Barriers to implementing prevention programmes (1 = not a barrier, 5 = severe)", **out)
_ = figures.save_figure(fig, "fig_barrier_means")
mean_table = tables.estimates_table(
    means, title="Barriers to implementing prevention programmes: mean rating by country", interval="se",
    digits=2, min_count=min_count,
    note=f"Mean rating from 1 (not a barrier) to 5 (severe barrier). Barriers as asked: {asked}. "
         "Implementers weighted equally (no sampling design).", **out)
tables.save_table(mean_table, "tab_barrier_means")
design.mean(list(barriers.values()), na_rm=True).round(2)

# %%
by_reason = {"distribution": "the Likert chart would withhold one of its three merged levels",
             "nonresponse": f"1 to {min_count - 1} of the country's implementers skipped the barriers"}
Markdown("A barrier's mean is withheld (`x`) for a country where " + "; or where ".join(
    f"{text} ({', '.join(sorted(set(country_name(c) for c in withheld.loc[withheld['suppression'] == r, 'country'])))})"
    for r, text in by_reason.items() if (withheld["suppression"] == r).any())
    + ". The means are over implementers who rated all six barriers.")

# %% [markdown]
# Pooled over countries, every barrier averages just under the middle of the scale
# (about 2.8, "moderate"), none ahead of the others. Countries differ somewhat, and
# partly by a shift common to all six barriers (a country where implementers feel constrained feels
# it on every barrier), which is how the synthetic data were generated: one latent
# "resource constraint" drives all ratings.

# %% [markdown]
# ## Result 3 · Which barriers come together?
#
# For each pair of barriers, the share of implementers rating *both* as major or
# severe; on the diagonal, the share rating that barrier as major or severe. If
# barriers were independent, a pair's share would be about the product of the two
# diagonal shares; the `lift` (observed / product) says how much more often they
# come together.

# %%
order = list(barriers.values())
cells = pd.concat([design.proportion_ci(name, 1, na_rm=True) for name in cooccur], ignore_index=True)
cells = cells.assign(row=pd.Categorical([barriers[cooccur[v][0]] for v in cells["variable"]], order),
                     col=pd.Categorical([barriers[cooccur[v][1]] for v in cells["variable"]], order))
# each share publishes how many rate both barriers major (n_level) and how many do not: both are
# protected like counts (protect_estimates' numerator rule)
cooccurrence = tables.estimates_table(
    cells, rows="row", cols="col", labels={"row": "Barrier"}, interval=None, show_n=False, absent="",
    percent=True, digits=0, min_count=min_count,
    title="Barriers rated major or severe together (share of implementers)",
    note="Diagonal: share rating the barrier major or severe; upper triangle: share rating both barriers "
         "of the pair major or severe. Implementers weighted equally.", **out)
tables.save_table(cooccurrence, "tab_barrier_cooccurrence")
cooccurrence

# %%
share = cells.set_index("variable")["estimate"]
lift = {f"{barriers[a]} + {barriers[b]}": share[f"{a}&{b}"] / (share[f"{a}&{a}"] * share[f"{b}&{b}"])
        for a, b in combinations(barriers, 2)}
pd.Series(lift, name="lift").sort_values(ascending=False).round(2)

# %% [markdown]
# Every pair of barriers is rated major together 1.4–1.8 times as often as independence
# would predict: in the synthetic data the barriers share one latent
# cause, so an implementer who reports one major barrier tends to report several.
# Funding with coordination, the two barriers most tied to that common cause, come
# together most. For programme design this reads as "constraints cluster": a programme
# short of funding is likely to struggle with coordination and data sharing as well.

# %% [markdown]
# ## Result 4 · Do programmes facing more barriers judge themselves less effective?

# %%
model = design.glm("effectiveness_score ~ barrier_index + years_running", na_rm=True)
tables.model_table(model, title="Perceived effectiveness (1–5): design-weighted linear model",
                   labels={"barrier_index": "Barrier index (mean rating, 1–5)",
                           "years_running": "Years running"}, **out)

# %% [markdown]
# A design-weighted linear model of perceived effectiveness (1–5) on the mean barrier
# rating and the programme's years of running: each extra point of barriers goes with
# a lower effectiveness rating, and older programmes rate themselves slightly more
# effective — the relations the generator built in. Self-rated effectiveness is not
# measured effectiveness; the model describes implementers' views.

# %% [markdown]
# ## Result 5 · Map: funding as a major barrier

# %%
funding_rarest = rarest[rarest["variable"] == barriers["bar_funding"]].assign(variable="major_bar_funding")
fig = maps.choropleth_map(
    design.mean("major_bar_funding", by="country", na_rm=True).merge(funding_rarest, how="left"),
    percent=True, min_count=min_count,
    title="Implementers rating funding a major or severe barrier", legend_title="Implementers (%)",
    bins=[20, 25, 30, 40, 100], **out)
_ = figures.save_figure(fig, "map_funding_barrier")

# %% [markdown]
# ## Caveats
#
# * **Synthetic data**: patterns are the generator's, not findings.
# * Implementers are not a probability sample: the shares describe respondents.
# * Means of 1–5 ratings treat the steps as equal; the Likert bars do not.
# * Free-text comments are never shown here.
