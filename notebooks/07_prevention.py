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
from itertools import combinations

import numpy as np
import pandas as pd

from heroes_research import figures, maps, paths, tables
from heroes_research.codebook import load_codebook
from heroes_research.disclosure import protect_estimates
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

# %%
data = data.drop_duplicates(["country", "resp_id"])
data = data[data["country"].isin(countries)]
scores = pd.DataFrame({name: data[name].cat.codes.astype(float).replace(-1, np.nan) + 1 for name in barriers})
major = pd.DataFrame({name: data[name].isin(major_levels).astype(float).mask(data[name].isna())
                      for name in barriers})
pairs = {f"{a}&{b}": major[a] * major[b] for a, b in combinations(barriers, 2)}
data = data.assign(
    **scores.rename(columns=barriers), **major.add_prefix("major_"), **pairs,
    barrier_index=scores.mean(axis=1),
    effectiveness_score=data["effectiveness"].cat.codes.astype(float).replace(-1, np.nan) + 1,
)
design = SurveyDesign(data, **meta["design"])
design

# %% [markdown]
# ## Result 1 · How are the barriers rated?

# %%
barrier_levels = {"Not a barrier": "Not or minor", "Minor barrier": "Not or minor",
                  "Moderate barrier": "Moderate", "Major barrier": "Major or severe",
                  "Severe barrier": "Major or severe"}
levels = list(dict.fromkeys(barrier_levels.values()))
design_likert = SurveyDesign(data.assign(rating=pd.Categorical(
    data[likert_barrier].astype("string").map(barrier_levels), categories=levels)), **meta["design"])
fig = figures.likert_bars(design_likert.mean("rating", by="country", na_rm=True), levels,
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
means = design.mean(list(barriers.values()), by="country", na_rm=True)
fig = figures.small_multiples(
    means, by="variable", ncols=3, min_count=min_count, xlabel="Mean (1–5), 95% CI",
    title="Barriers to implementing prevention programmes (1 = not a barrier, 5 = severe)", **out)
_ = figures.save_figure(fig, "fig_barrier_means")
mean_table = tables.estimates_table(
    means, title="Barriers to implementing prevention programmes: mean rating by country", interval="se",
    digits=2, min_count=min_count,
    note=f"Mean rating from 1 (not a barrier) to 5 (severe barrier). Barriers as asked: {asked}. "
         "Implementers weighted equally (no sampling design).", **out)
tables.save_table(mean_table, "tab_barrier_means")
design.mean(list(barriers.values()), na_rm=True).round(2)

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
single = design.mean(list(major.add_prefix("major_").columns), na_rm=True)
joint = design.mean(list(pairs), na_rm=True)
cells = pd.concat([single.set_axis([f"{v}&{v}" for v in barriers]), joint]).rename_axis("pair").reset_index()
cells[["row", "col"]] = cells["pair"].str.split("&", expand=True)
# disclosure: a cell counts the respondents rating both barriers major, not all who answered
in_cell = {**{f"{v}&{v}": major[v].sum() for v in barriers}, **{pair: both.sum() for pair, both in pairs.items()}}
cells = protect_estimates(cells.assign(n=cells["pair"].map(in_cell).astype(int)), min_count=min_count)
percent = (cells["estimate"] * 100).map("{:.0f}%".format, na_action="ignore").fillna(tables.SUPPRESSED)
matrix = cells.assign(cell=percent).pivot(index="row", columns="col", values="cell")
matrix = matrix.reindex(index=list(barriers), columns=list(barriers)).fillna("")
matrix = matrix.rename(index=barriers, columns=barriers).rename_axis(index="Barrier", columns=None)
cooccurrence = tables.PublicationTable(
    data=matrix, title="Barriers rated major or severe together (share of implementers)",
    source=source, demo=demo, data_version=data_version,
    note=f"Diagonal: share rating the barrier major or severe; upper triangle: share rating both barriers "
         f"of the pair major or severe. Implementers weighted equally. {tables.SUPPRESSED}: not shown, "
         f"fewer than {min_count} respondents in the cell.")
tables.save_table(cooccurrence, "tab_barrier_cooccurrence")
cooccurrence.data

# %%
lift = joint["estimate"].to_numpy() / np.array(
    [single.loc[f"major_{a}", "estimate"] * single.loc[f"major_{b}", "estimate"] for a, b in combinations(barriers, 2)])
pd.Series(lift, index=[f"{barriers[a]} + {barriers[b]}" for a, b in combinations(barriers, 2)],
          name="lift").sort_values(ascending=False).round(2)

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
model.round(3)

# %% [markdown]
# A design-weighted linear model of perceived effectiveness (1–5) on the mean barrier
# rating and the programme's years of running: each extra point of barriers goes with
# a lower effectiveness rating, and older programmes rate themselves slightly more
# effective — the relations the generator built in. Self-rated effectiveness is not
# measured effectiveness; the model describes implementers' views.

# %% [markdown]
# ## Result 5 · Map: funding as a major barrier

# %%
funding = protect_estimates(design.mean("major_bar_funding", by="country", na_rm=True).reset_index(),
                            min_count=min_count)
fig = maps.choropleth_map(
    funding.assign(value=funding["estimate"] * 100)[["country", "value", "suppressed"]],
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
