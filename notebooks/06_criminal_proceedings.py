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
# # 06 · Treatment of victims in criminal proceedings
#
# **Question.** What does the law provide to protect victims of trafficking and child
# sexual abuse and exploitation when they take part in criminal proceedings
# (video-recorded testimony, Barnahus, testimony without visual contact with the
# accused, closed hearings, non-prosecution, legal aid, compensation), and what do
# practitioners report as barriers, remedies, harmful and good practices?
#
# **Inputs.** The legal codebook and codings (`data/raw/legal/indicators.yaml`,
# `codings/<JURISDICTION>.csv`: the indicators of research line `criminal_proceedings`,
# each value cited to a document with a verbatim excerpt) and the
# coded practitioner interviews (`data/raw/demo/interviews/coded_segments.csv` with
# its `codeframe.yaml`: one row per coded passage, no interview text).
#
# **Outputs.** `tab_cp_legal_matrix` and `fig_cp_legal_heatmap` (the law),
# `tab_cp_interviews` (interviews by country and stakeholder), `tab_cp_codes_by_stakeholder`
# and `tab_cp_categories_by_country` (protected code frequencies), `fig_cp_cooccurrence`
# (codes mentioned in the same interview), `tab_cp_agreement` (intercoder agreement),
# `fig_cp_saturation` (code saturation) and `tab_cp_law_practice` (law and practice side
# by side).
#
# > **Two kinds of data, both provisional.** The legal values are *DRAFT* codings, mostly
# > from secondary sources (cells re-read in the statute text are `verified`). The
# > interviews are **synthetic** (`heroes demo`): no interview took place, and every
# > interview result below illustrates the method and says nothing about real
# > practitioners.

# %% tags=["parameters"]
as_of = None  # the law in force on this date; None: the latest date a coded rule takes effect
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
line = "criminal_proceedings"
min_count = 5
n_boot = 500
seed = 20261122
agreement_unit = "passage"
cooccurrence_classes = [5, 10, 20, 30]  # colour classes of the co-occurrence heat map (counts below min_count withheld)
law_practice = {
    "video_recorded_testimony": "remedy/video_testimony",
    "barnahus": "good_practice/barnahus",
    "no_visual_contact": "harmful_practice/confrontation_with_offender",
    "closed_hearing": "harmful_practice/identity_disclosure",
    "victim_non_prosecution_csa": "harmful_practice/prosecution_of_victims",
    "free_legal_aid": "remedy/legal_aid",
    "state_compensation": "remedy/compensation",
}

# %%
import pandas as pd
from IPython.display import Markdown

from heroes_research import disclosure, figures, legal, paths, tables
from heroes_research import qualitative as ql
from heroes_research.study import is_synthetic

indicators = legal.load_indicators()
line_ids = [i.id for i in indicators if i.line == line]
all_codings = legal.load_codings(indicators=indicators)
as_of = as_of or str(all_codings.latest().date.date())
codings = all_codings.select(countries=countries, indicators=line_ids)
snapshot = codings.as_of(as_of)
cov = legal.coverage(codings, date=as_of, jurisdictions=countries)
legal_out = {"source": "HEROES legal coding from cited sources, DRAFT (mostly secondary sources; verified cells marked)",
             "demo": False, "data_version": f"codebook v{indicators.version}"}

segments = ql.load_segments()
segments = segments[segments["country"].isin(countries)]
codeframe = ql.load_codeframe().set_index("code")
interviews = ql.primary_coding(segments).drop_duplicates("interview_id")
stakeholder_labels = {group: group.replace("_", " ").capitalize() for group in ql.STAKEHOLDERS} | {"ngo": "NGO"}
interview_out = {"source": "HEROES practitioner interviews on criminal proceedings, coded segments",
                 "demo": is_synthetic(paths.demo_raw_dir() / "interviews"),  # its code frame's flag
                 "data_version": "demo"}
# what the coded data hold, without showing any record (no interview ids, no codes by interview)
pd.Series({"coded passages": len(segments), "interviews": segments["interview_id"].nunique(),
           "countries": segments["country"].nunique(), "codes in the code frame": len(codeframe)},
          name="coded interview data")

# %% [markdown]
# ## Part A · The law
#
# The indicators of the line, each tied to its standard: the Lanzarote Convention
# (art. 35: child-friendly interviews, video recording; art. 36(2): hearings without the
# public), Directive 2011/36/EU (art. 12: no visual contact, legal aid; art. 17:
# compensation), Directive 2011/93/EU (art. 14: non-prosecution of child victims) and
# the Victims' Rights Directive 2012/29/EU (art. 8 support services, art. 16
# compensation from the offender, art. 20 fewer interviews, art. 22 individual
# assessment, art. 23 private-life questions, art. 24 special representative).

# %%
matrix = tables.legal_matrix_table(
    snapshot, title=f"Victims in criminal proceedings: protections in law, as of {as_of} (DRAFT codings)",
    note="Draft values come from secondary sources; verified values were checked against the statute text.",
    **legal_out)
tables.save_table(matrix, "tab_cp_legal_matrix")
fig = figures.legal_heatmap(snapshot, color_by="score",
                            title=f"Victims in criminal proceedings: the law, as of {as_of} (DRAFT)", **legal_out)
_ = figures.save_figure(fig, "fig_cp_legal_heatmap")
snapshot.summary()

# %%
per_indicator = cov.cells.groupby("indicator", sort=False)["known"].sum()
Markdown(
    f"{int(cov.cells['known'].sum())} of {len(cov.cells)} cells ({cov.cells['known'].mean():.0%}) are coded with a "
    f"citation, {int(cov.cells['status'].eq('verified').sum())} verified. The best-covered protection is "
    f"`{per_indicator.idxmax()}` ({per_indicator.max()} of {cov.cells['jurisdiction'].nunique()} jurisdictions), the "
    f"least `{per_indicator.idxmin()}` ({per_indicator.min()}). "
    + ("Most cells are still unknown: the matrix is the work list for the codes of criminal procedure, and the "
       "comparison with the (synthetic) interviews below can only be partial."
       if cov.cells["known"].mean() < 0.5 else
       "Unknown cells remain the work list for the next coding round.")
)

# %% [markdown]
# ## Part B · The interviews
#
# **Data.** 92 synthetic interviews with judges, prosecutors, police, lawyers,
# victim-support staff, NGO and health workers in the 15 countries. Each coded passage
# carries one or more codes of a four-category code frame (barriers, remedies, harmful
# practices, good practices). 22 interviews were coded by two coders: they count once
# (the first coder's coding) in the frequencies, and both codings enter the agreement.
#
# **Method.** Frequencies count *interviews mentioning* a code (not passages), so a
# talkative interviewee weighs no more than a brief one. Counts by country and
# stakeholder are small: every published count goes through disclosure control
# (counts below `min_count` hidden, plus secondary suppression so no hidden count can
# be derived from totals).

# %%
sample = tables.counts_table(
    interviews.assign(stakeholder=interviews["stakeholder"].map(stakeholder_labels)), "country", "stakeholder", title="Interviews by country and stakeholder type",
    min_count=min_count, zeros="disclosive", note="One interview per practitioner.", **interview_out)
tables.save_table(sample, "tab_cp_interviews")
sample

# %% [markdown]
# With a handful of interviews per country spread over seven stakeholder types, almost
# every country × stakeholder cell is below the threshold and hidden, and so are the
# totals of the smallest country samples. This is the point of the table: the sample is
# too thin to report any qualitative finding by country and stakeholder together.

# %% [markdown]
# ### Which codes do the stakeholder groups mention?

# %%
freq = ql.code_frequencies(segments, by="stakeholder")
by_stakeholder = (freq.pivot(index="code", columns="stakeholder", values="interviews")
                  .reindex(index=codeframe.index, columns=list(ql.STAKEHOLDERS), fill_value=0)
                  .rename(columns=stakeholder_labels)
                  .set_axis(pd.MultiIndex.from_arrays([codeframe["category_label"], codeframe["code_label"]],
                                                      names=["Category", "Code"])))
group_sizes = interviews["stakeholder"].value_counts().reindex(list(ql.STAKEHOLDERS))
# zeros hidden too: "no prosecutor mentioned it" is said of every prosecutor interviewed
protected_codes = disclosure.protect_table(by_stakeholder, margins=False, min_count=min_count, zeros="disclosive")
codes_table = tables.counts_table(
    protected_codes, title="Interviews mentioning each code, by stakeholder type",
    note="Interviews, not passages: an interview mentioning a code several times counts once; an interview "
         "can mention several codes, so columns do not add up. Interviews per group: "
         + ", ".join(f"{stakeholder_labels[g]} {n}" for g, n in group_sizes.items()) + ".",
    **interview_out)
tables.save_table(codes_table, "tab_cp_codes_by_stakeholder")
codes_table

# %% [markdown]
# In the synthetic data, poor interpretation is the barrier named most often in every
# group but the police (who name delays and missing information more often) and the
# prosecutors (who name distrust of police or courts more often), and free legal aid is
# the remedy named most often. Lawyers mention most codes more often than
# the other groups, partly because they are the largest group (20 interviews). Rare
# codes (fear of reprisal, independent victim advocate, residence permit, Barnahus,
# single point of contact) are hidden in every group: their mention by a handful of
# practitioners could identify them. Zeros are hidden too: that no one in a group named
# a code is a statement about everyone interviewed in it.

# %%
categories = ql.code_frequencies(ql.collapse_codes(segments), by="country")
category_labels = codeframe.drop_duplicates("category").set_index("category")["category_label"]
by_country = (categories.pivot(index="country", columns="code", values="interviews")
              .reindex(columns=category_labels.index).fillna(0).astype(int)
              .rename(columns=category_labels).rename_axis(columns=None))
country_table = tables.counts_table(
    by_country, margins=False, min_count=min_count, zeros="disclosive",
    title="Interviews mentioning barriers, remedies, harmful and good practices, by country",
    note="Interviews mentioning at least one code of the category; an interview can mention several "
         "categories.", **interview_out)
tables.save_table(country_table, "tab_cp_categories_by_country")
country_table

# %% [markdown]
# Nearly every (synthetic) interview mentions a barrier, a remedy and a harmful
# practice; good practices are named less often. Counts under `min_count` are hidden,
# so countries with few interviews show little: comparisons between countries need
# more interviews per country than the study plans.

# %% [markdown]
# ### Which codes go together?
#
# Two codes co-occur when the same interview mentions both. Pairs mentioned together
# in fewer than `min_count` interviews are hatched grey. The diagonal counts the
# interviews mentioning each code. Colours are classes of counts (5–9, 10–19, ...), not
# a continuous scale: a continuous colour bar can be read back to every count.

# %%
pairs = ql.cooccurrence(segments)
co = pairs.pivot(index="code_a", columns="code_b", values="interviews").reindex(
    index=codeframe.index, columns=codeframe.index)
shown = co.where(co >= min_count).set_axis(codeframe["code_label"], axis=0).set_axis(codeframe["code_label"], axis=1)
fig = figures.matrix_heatmap(
    shown, groups=codeframe["category"], bins=cooccurrence_classes, value_label="Interviews mentioning both codes",
    blank_label=f"hatched: fewer than {min_count} interviews", title="Codes mentioned in the same interview",
    **interview_out)
_ = figures.save_figure(fig, "fig_cp_cooccurrence")

# %% [markdown]
# Lines separate the four categories (barriers, remedies, harmful practices, good
# practices). The darkest cells (30 interviews or more) pair poor interpretation with
# free legal aid, with the costs of legal representation and with victims not informed
# of their rights: interviews about access to justice raise these themes together. In the synthetic data these pairings mostly reflect how often each code
# is used; with real interviews, the off-diagonal pattern is what to interpret.

# %% [markdown]
# ### Do two coders apply the codes alike?

# %%
agree = ql.code_agreement(segments, unit=agreement_unit, n_boot=n_boot, seed=seed).set_index("code")
shown2 = agree.filter(regex="^(kappa|alpha)").map("{:.2f}".format, na_action="ignore")
agreement_table = tables.PublicationTable(
    data=pd.DataFrame({
        "Units coded by any coder": agree["n_applied"].astype(str) + " of " + agree["n_units"].astype(str),
        "Agreement": agree["percent_agreement"].map("{:.0%}".format),
        "Cohen's kappa (95% CI)": shown2["kappa"] + " (" + shown2["kappa_ci_low"] + " to "
        + shown2["kappa_ci_high"] + ")",
        "Krippendorff's alpha (95% CI)": shown2["alpha"] + " (" + shown2["alpha_ci_low"] + " to "
        + shown2["alpha_ci_high"] + ")",
    }).fillna(tables.NOT_AVAILABLE)
    # a code applied to fewer than min_count passages: its count and coefficients (a 2x2 table of passages) withheld
    .mask(agree["n_applied"] < min_count, tables.SUPPRESSED)
    .reindex(codeframe.index).set_axis(pd.Index(codeframe["code_label"], name="Code"))
    .assign(Category=codeframe["category_label"].to_numpy()).iloc[:, [4, 0, 1, 2, 3]],
    title=f"Intercoder agreement per code on the double-coded interviews ({agreement_unit}s as units)",
    note=f"Presence or absence of the code in each {agreement_unit} of the double-coded interviews; "
         f"percentile bootstrap intervals over {agreement_unit}s ({n_boot} resamples). Percent agreement is "
         f"high for every code because most passages carry none of them; kappa and alpha correct for that. "
         f"{tables.NOT_AVAILABLE}: undefined. {tables.SUPPRESSED}: the code was applied to fewer than "
         f"{min_count} {agreement_unit}s, so its count and coefficients are not shown.",
    ledger=(disclosure.counts_ledger(agree[["n_applied"]].where(agree[["n_applied"]] >= min_count),
                                     unit=f"{agreement_unit}s", method="threshold"),),
    **interview_out)
tables.save_table(agreement_table, "tab_cp_agreement")
agreement_table

# %% [markdown]
# Kappa and alpha agree closely (as they should for two coders and a binary code).
# Frequent, concrete codes (prosecution of victims, identity disclosure, delays) reach
# 0.8–0.9; vaguer ones (victim advocate, multi-agency cooperation, specialised
# prosecutors) stay near 0.4–0.6 with intervals reaching zero, because few passages
# carry them. Codes applied to fewer than `min_count` passages (fear of reprisal,
# single point of contact, among others) are withheld altogether. These codes need a
# sharper definition in the code book and another round of double coding before their
# frequencies are reported.

# %% [markdown]
# ### Have we heard everything? Code saturation

# %%
overall = ql.saturation(segments, seed=seed)
# per group, only the codes the protected table shows for the group count as found: the number of
# codes a group mentions at all would tell how many of its hidden counts are zero
codes_shown = protected_codes.table.notna()
assert list(codes_shown.index.get_level_values("Code")) == list(codeframe["code_label"])
codes_shown = codes_shown.set_axis(codeframe.index, axis=0).set_axis(list(ql.STAKEHOLDERS), axis=1)
by_group = ql.saturation(segments, by="stakeholder", seed=seed, published=codes_shown)
orders = pd.concat([ql.saturation(segments, seed=seed + k).assign(order=k) for k in range(200)])
fig = figures.saturation_plot(
    overall, by_group, by="stakeholder", total=len(codeframe), labels=stakeholder_labels,
    band=figures.saturation_band(orders),
    title="Code saturation: distinct codes found as interviews accumulate", **interview_out)
_ = figures.save_figure(fig, "fig_cp_saturation")
overall.loc[overall["new_codes"] > 0, ["interview_index", "new_codes", "cumulative_codes"]]

# %% [markdown]
# Over all interviews, every code of the frame has turned up after about twenty
# interviews and the curve is flat after that: no new code in the remaining ~70
# interviews, the usual operational sign of saturation (Guest, Bunce and Johnson 2006).
# The curves by stakeholder group are drawn from the protected table above: a code
# counts as found in a group only where the table shows its count for that group
# (at least `min_count` interviews), so each curve ends at the number of codes the table
# shows for the group (from 13 for lawyers down to a handful for victim support and
# health workers) and says nothing about the hidden counts. Read this way, no group
# alone covers the code frame: the full picture needs every group. (Synthetic data:
# the generator draws codes from a fixed frame, so saturation is built in.)

# %% [markdown]
# ## Law and practice side by side
#
# For each legal protection, the interview code that speaks to it: the remedy or good
# practice it should make possible, or the harmful practice it should prevent.

# %%
law = cov.cells.merge(snapshot.to_long().rename(columns={"country": "jurisdiction"})[
    ["jurisdiction", "indicator", "score"]], how="left")  # every jurisdiction: no row = unknown
law_status = tables.standard_status(law["score"]).fillna("unknown")
law_counts = pd.crosstab(law["indicator"], law_status).reindex(
    index=list(law_practice), columns=["met", "partly met", "not met", "unknown"], fill_value=0)
mentions = ql.code_frequencies(segments, by=None).set_index("code")["interviews"].reindex(
    list(law_practice.values()), fill_value=0)
spec = indicators.select(line_ids).to_wide().set_index("indicator")
side_by_side = pd.DataFrame({
    "Law: met / partly / not met / unknown": law_counts.astype(str).agg(" / ".join, axis=1).to_numpy(),
    "Related interview code": (codeframe.loc[list(law_practice.values()), "category"].str.replace("_", " ")
                               .str.capitalize() + ": " + codeframe.loc[list(law_practice.values()), "code_label"])
    .to_numpy(),
    f"Interviews mentioning it (of {len(interviews)})": mentions.astype("string").mask(
        mentions.lt(min_count), tables.SUPPRESSED).to_numpy(),
}, index=pd.Index([f"{i}. {spec.loc[i, 'question']}" for i in law_practice], name="Legal protection"))
practice_table = tables.PublicationTable(
    data=side_by_side, title=f"Victims in criminal proceedings: the law (DRAFT codings, as of {as_of}) and what "
                             "practitioners report (synthetic interviews)",
    source="HEROES legal coding, DRAFT; HEROES practitioner interviews, coded segments", demo=True,
    data_version=f"codebook v{indicators.version}; interviews demo",
    note=f"Law: jurisdictions ({cov.cells['jurisdiction'].nunique()}, the United Kingdom's three legal systems "
         "separately) by distance to the standard; DRAFT codings, mostly from secondary sources. Interviews: "
         f"synthetic; {tables.SUPPRESSED}: fewer than {min_count} interviews.",
    ledger=(disclosure.counts_ledger(mentions.where(mentions >= min_count).to_frame("interviews"),
                                     unit=interview_out["source"], method="threshold"),))
tables.save_table(practice_table, "tab_cp_law_practice")
practice_table

# %% [markdown]
# This table asks the study's question directly: where the law provides
# video-recorded testimony or testimony without visual contact, do practitioners still
# report confrontation with the accused and repeated interviews? Read the law column
# with its unknowns: a protection coded in few jurisdictions cannot yet be set against
# practice. In the synthetic interviews, confrontation with the offender and the
# prosecution of victims are each mentioned in a sizeable minority of interviews,
# while Barnahus is rarely named as a good practice.

# %% [markdown]
# ## Caveats
#
# * **DRAFT legal codings**, many still unknown for this research line (see the
#   coverage above); draft values rest on secondary reports until re-read in the statute.
# * **Synthetic interviews.** Every interview count, co-occurrence, agreement and
#   saturation result comes from seeded synthetic data and shows the method only.
# * **Counts are not prevalence.** Interviewees were chosen purposively; how many
#   mention a code says how widespread a theme is *in the sample*, not among
#   practitioners.
# * **Disclosure.** No interview text is read or shown; counts below `min_count` are
#   hidden, also in the figure. Country × stakeholder detail cannot be published at
#   this sample size.
