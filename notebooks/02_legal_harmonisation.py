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
# # 02 · Legal-framework harmonisation
#
# **Question.** How far do the 15 study countries' laws on trafficking in human beings
# (THB) and child sexual abuse and exploitation (CSA/CSE) meet the international
# standards (Palermo Protocol, EU directives, Lanzarote Convention), how alike are the
# countries' laws, and which standards does each country not (yet) meet?
#
# **Inputs.** `data/raw/legal/indicators.yaml` (the codebook: 50 indicators in 8 areas,
# each with its international standard and a fixed goalpost), `codings.csv` (coder A),
# `codings_second_coder.csv` (coder B, a second pass over 10 jurisdictions) and
# `weights_expert.yaml` (a *placeholder* alternative weighting).
#
# **Outputs.** `tab_legal_matrix` (indicator matrix with footnoted citations),
# `fig_legal_heatmap`, `tab_legal_scores` (area scores and composite index),
# `fig_legal_rank_intervals` and `tab_legal_sensitivity` (Monte Carlo uncertainty),
# `fig_legal_similarity` (similarity heat map in clustering order),
# `tab_legal_gaps_by_country` and `tab_legal_gaps_by_standard`, `tab_legal_agreement`
# and `tab_legal_reconciliation` (double coding), `map_legal_composite`.
#
# > **DRAFT codings.** Every legal value here is a *draft* coding from secondary
# > sources, to be verified against the official statute text; none is verified yet and
# > most indicators are still `unknown`. Scores, ranks and maps below demonstrate the
# > method; they are **not findings** about any country's law. The expert weights are a
# > placeholder, not an elicitation, and coder B is not an independent coder.

# %% tags=["parameters"]
as_of = "2024-01-01"
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
unknown = "half"
heatmap_line = "legal_harmonisation"
n_draws = 2000
concentration = 50.0
seed = 20261122

# %%

import pandas as pd

from heroes_research import figures, legal, maps, paths, tables
from heroes_research.countries import country_name

indicators = legal.load_indicators()
codings = legal.load_codings(indicators=indicators).select(countries=countries)
second = legal.load_codings(paths.raw_dir() / "legal" / "codings_second_coder.csv",
                            indicators=indicators).select(countries=countries)
snapshot = codings.as_of(as_of)
source = "HEROES legal coding, DRAFT (secondary sources, not verified against statute text)"
out = {"source": source, "demo": False, "data_version": f"codebook v{indicators.version}"}
snapshot

# %% [markdown]
# ## Data
#
# One row per (country or legal system, indicator, date), each with its citation and
# status. The United Kingdom is coded per legal system (England & Wales, Scotland,
# Northern Ireland); the matrix keeps them apart, the scores merge them into GB by the
# *least-protective* rule (if any system is unknown, GB is unknown). The status counts
# show how little is known so far:

# %%
snapshot.summary()

# %% [markdown]
# ## Result 1 · The indicator matrix
#
# Every cell is the draft value with a superscript pointing to its legal source;
# `?` means no value was found in the secondary sources (absence of evidence, not
# absence of a law). Numeric indicators (ages, days, years) are printed as coded.

# %%
matrix = tables.legal_matrix_table(
    snapshot, title=f"Legal framework against international standards, as of {as_of} (DRAFT codings)",
    note="DRAFT codings from secondary sources, to be verified against the official statute text.", **out)
tables.save_table(matrix, "tab_legal_matrix")
matrix

# %% [markdown]
# The heat map shows the indicators of the research line `heatmap_line`, each scored
# value as its distance to the standard: ✓ met, ◐ partly met, ✗ not met.

# %%
line_ids = [i.id for i in indicators if i.line == heatmap_line]
fig = figures.legal_heatmap(snapshot.select(indicators=line_ids), color_by="score",
                            title=f"Legal harmonisation indicators, as of {as_of} (DRAFT)", **out)
_ = figures.save_figure(fig, "fig_legal_heatmap")

# %% [markdown]
# Matrix and heat map are mostly `?`: of 50 indicators, each jurisdiction has between
# two and seven coded values. What is coded is almost all ✓ (the offence of trafficking
# exists, the 116 000 hotline runs); the one partial value is Scotland's
# non-punishment rule, which rests on prosecutorial discretion rather than a statutory
# defence. Ages of consent (14 to 17) are descriptive and never scored.

# %% [markdown]
# ## Method
#
# * **Scores** (OECD/JRC *Handbook on constructing composite indicators*, 2008): each
#   value is scored 0–1 against the codebook's *fixed* goalposts, so a country's score
#   does not depend on which other countries are coded; area score = weighted mean of
#   its indicators; composite = weighted mean of the 8 area scores (equal weights).
# * **Unknown values** are scored `unknown = "half"` (neutral 0.5) in the reference
#   configuration: excluding them would give every country a perfect score from the
#   handful of coded ✓, and scoring them 0 would rank countries by how much has been
#   coded.
# * **Uncertainty**: `n_draws` Monte Carlo draws over the modeller's choices — weight
#   set (equal or the placeholder "expert" set, each with Dirichlet noise of
#   concentration `concentration` on area and indicator weights), aggregation
#   (arithmetic or geometric) and the treatment of unknowns (half, exclude, zero) —
#   give each country a median rank and a 5–95 % rank interval.

# %% [markdown]
# ## Result 2 · Area scores and the composite index

# %%
scores = legal.score(codings, date=as_of, unknown=unknown)
wide = scores.to_wide()
area_labels = {area: label.split(":")[0] for area, label in indicators.areas.items()}
known = scores.composite.set_index("country")
score_table = tables.PublicationTable(
    data=pd.concat([
        wide.drop(columns=["composite", "rank"]).rename(columns=area_labels).map("{:.2f}".format),
        pd.DataFrame({"Composite": wide["composite"].map("{:.3f}".format),
                      "Rank": wide["rank"].astype(int).astype(str),
                      "Indicators known": known["n_known"].astype(str) + " of " + known["n_indicators"].astype(str)},
                     index=wide.index),
    ], axis=1).rename(index=country_name).rename_axis("Country"),
    title=f"Area scores and composite harmonisation index, as of {as_of} (DRAFT codings)",
    note=f"Scores 0 (standard not met) to 1 (met) against fixed goalposts; equal weights, arithmetic mean; "
         f"unknown values scored {unknown!r}. Rank 1 = most protective; ties share the best rank. "
         "DRAFT codings from secondary sources, to be verified against the official statute text: "
         "not findings.", **out)
tables.save_table(score_table, "tab_legal_scores")
score_table

# %% [markdown]
# With unknowns at 0.5, every area score sits near 0.5 and the composite ranges only
# from about 0.51 to 0.56: the ranking reflects how many *protections were found in the
# secondary sources* (Ireland has five scored indicators known, Brazil and Bangladesh one), not the
# strength of the law. This is the expected state of a draft coding.

# %% [markdown]
# ## Result 3 · How certain are the ranks?

# %%
unknown_rules = [unknown, *[rule for rule in ("exclude", "zero", "half") if rule != unknown]]
mc = legal.uncertainty(codings, date=as_of, weight_sets=["equal", "expert"], unknowns=unknown_rules,
                       draws=n_draws, concentration=concentration, indicator_concentration=concentration,
                       seed=seed)
fig = figures.rank_interval_plot(
    mc.summary,
    title=f"Composite index: rank intervals over {n_draws} draws, as of {as_of} (DRAFT)",
    **out)
_ = figures.save_figure(fig, "fig_legal_rank_intervals")
mc.to_wide().round(3)

# %%
sensitivity = mc.sensitivity
sensitivity_table = tables.PublicationTable(
    data=pd.DataFrame({
        "Alternative setting": sensitivity["setting"].astype(str),
        "Mean |rank shift|": sensitivity["mean_abs_rank_shift"].map("{:.2f}".format),
        "Max |rank shift|": sensitivity["max_abs_rank_shift"].map("{:.0f}".format),
        "First-order index": sensitivity["first_order_index"].map("{:.2f}".format, na_action="ignore"),
    }).set_axis(pd.Index(sensitivity["factor"].str.capitalize(), name="Choice"), axis=0).fillna(tables.NOT_AVAILABLE),
    title=f"Sensitivity of the composite ranks to the modelling choices, as of {as_of} (DRAFT codings)",
    note=f"Rank shifts: one choice changed from the reference (equal weights, arithmetic mean, unknown "
         f"{unknown!r}); first-order index: share of rank variance over {n_draws} Monte Carlo draws explained "
         f"by the choice (Saltelli et al. 2008). {tables.NOT_AVAILABLE}: not applicable.", **out)
tables.save_table(sensitivity_table, "tab_legal_sensitivity")
sensitivity_table

# %% [markdown]
# Every 5–95 % rank interval starts at rank 1 and most are wide (Ireland 1–5,
# Colombia 1–13, Brazil and Bangladesh 1–14). The treatment of unknown values explains
# most of the rank variance (first-order index about 0.9; weights and aggregation
# almost none): excluding unknowns ties every country at rank 1, while scoring them 0
# instead of 0.5 changes no rank, since both order countries by the number of
# protections found. With so many gaps in the coding, the choice of how to fill them
# *is* the ranking: until the coding is completed, no country's rank should be
# reported.

# %% [markdown]
# ## Result 4 · Which countries' laws are alike?
#
# Gower similarity (1 − distance) over the indicators known for both countries
# (binary and categorical: same or not; ordinal: rank gap; numeric: gap over the
# codebook range), with countries in average-linkage clustering order.

# %%
comparison = legal.compare(codings, date=as_of)
similarity = 1 - comparison.to_wide("gower_distance")
fig = figures.similarity_heatmap(
    similarity, order=list(comparison.order), value_label="Similarity (1 − Gower distance)", vmin=0, vmax=1,
    title=f"Legal similarity, as of {as_of}, in clustering order (DRAFT codings)", **out)
_ = figures.save_figure(fig, "fig_legal_similarity")
comparison.to_wide("n_common")

# %% [markdown]
# Most pairs share only two or three known indicators (the `n_common` table above), on
# which they nearly always agree, so every similarity is between about 0.86 and 1.
# The differences that do appear come from the descriptive ages of consent (e.g.
# Ireland 17 against Brazil and Colombia 14). The clustering order is therefore not yet
# a grouping of legal families.

# %% [markdown]
# ## Result 5 · Gaps: standards not (fully) met
#
# Each legal system separately (the GB merge would hide Scotland's partial value
# behind Northern Ireland's unknown).

# %%
gap_list = legal.gaps(codings, date=as_of, merge_systems=False, include_unknown=True)
indicator_scores = snapshot.to_long()
indicator_scores = indicator_scores[indicator_scores["indicator"].isin(indicators.scored.ids)]
status = tables.standard_status(indicator_scores["score"]).fillna("unknown")
by_country = pd.crosstab(indicator_scores["country"], status).reindex(
    index=snapshot.countries, columns=["met", "partly met", "not met", "unknown"], fill_value=0)
listed = gap_list[gap_list["gap"] != "unknown"].groupby("country")["indicator"].agg(", ".join)
by_country["standards not (fully) met"] = listed.reindex(by_country.index).fillna("none found")
gaps_country = tables.PublicationTable(
    data=by_country.astype(str).rename(columns=str.capitalize).rename(index=country_name)
    .rename_axis("Country or legal system"),
    title=f"Scored standards met, partly met, not met and unknown, by country, as of {as_of} (DRAFT codings)",
    note=f"Counts of the {len(indicators.scored)} scored indicators (descriptive indicators excluded). "
         "'Unknown': no value in the secondary sources yet. DRAFT codings, to be verified against the "
         "official statute text.", **out)
tables.save_table(gaps_country, "tab_legal_gaps_by_country")
gaps_country

# %%
spec = indicators.to_wide().set_index("indicator").loc[list(indicators.scored.ids)]
named = gap_list.assign(place=gap_list["country"])
by_standard = pd.DataFrame({
    "Standard": spec["standard_instrument"] + (", " + spec["standard_article"]).fillna(""),
    "Met": indicator_scores[status.eq("met")].groupby("indicator")["country"].agg(" ".join),
    "Partly met": named[named["gap"].eq("partly met")].groupby("indicator")["place"].agg(" ".join),
    "Not met": named[named["gap"].eq("not met")].groupby("indicator")["place"].agg(" ".join),
    "Unknown (n)": named[named["gap"].eq("unknown")].groupby("indicator").size().astype(str),
}).reindex(spec.index).fillna("")
by_standard.index = pd.Index([f"{i}. {q}" for i, q in zip(spec.index, spec["question"], strict=True)],
                             name="Indicator")
gaps_standard = tables.PublicationTable(
    data=by_standard, title=f"Which jurisdictions meet each international standard, as of {as_of} (DRAFT codings)",
    note="Jurisdictions by ISO code (GB-EAW England & Wales, GB-SCT Scotland, GB-NIR Northern Ireland). "
         "DRAFT codings from secondary sources, to be verified against the official statute text.", **out)
tables.save_table(gaps_standard, "tab_legal_gaps_by_standard")
gap_list[gap_list["gap"] != "unknown"]

# %% [markdown]
# No coded standard is clearly *not* met; the one partial gap is Scotland's
# non-punishment provision. The unknown column is the work list for the legal partners:
# each unknown names, in `codings.csv`, what was already searched.

# %% [markdown]
# ## Result 6 · Double coding: agreement and reconciliation
#
# Coder B coded 10 jurisdictions again. Agreement is computed on the units both coded
# (`unknown` left out of kappa and alpha); every unit where the two differ — including
# one coder finding a value and the other not — goes to the reconciliation report with
# both citations.

# %%
double = legal.agreement(codings, second, date=as_of)
per_area = double.per_area.set_index("area")
agreement_table = tables.PublicationTable(
    data=pd.DataFrame({
        "Units": per_area["n_units"].astype(str),
        "Known to both": per_area["n_both_known"].astype(str),
        "Agreement": per_area["percent_agreement"].map("{:.0%}".format, na_action="ignore"),
        "Cohen's kappa": per_area["kappa"].map("{:.2f}".format, na_action="ignore"),
        "Krippendorff's alpha": per_area["alpha"].map("{:.2f}".format, na_action="ignore"),
    }).fillna(tables.NOT_AVAILABLE).rename(index={**area_labels, "all": "All areas"}).rename_axis("Area"),
    title=f"Agreement of two coders on the double-coded jurisdictions, as of {as_of} (DRAFT codings)",
    note=f"Nominal statistics on (indicator, value) codes pooled by area; unknown values left out. "
         f"{tables.NOT_AVAILABLE}: undefined (no unit known to both, or a single category). Coder B is a "
         "second pass by the same engineer, not an independent coder: illustrative only.", **out)
tables.save_table(agreement_table, "tab_legal_agreement")
agreement_table

# %%
recon = double.disagreements
reconciliation = tables.PublicationTable(
    data=pd.DataFrame({
        "Indicator": recon["indicator"], "Coder A": recon["value_first"], "Coder B": recon["value_second"],
        "Kind": recon["kind"], "Source A": recon["source_first"], "Source B": recon["source_second"],
        "Resolution": recon["resolution"].replace("", "to reconcile"),
    }).set_axis(pd.Index(recon["country"], name="Jurisdiction"), axis=0),
    title=f"Reconciliation report: every double-coded unit on which the coders differ, as of {as_of}",
    note="To be resolved by the two coders against the official statute text; the resolution is recorded "
         "in codings.csv with its citation. DRAFT codings.", **out)
tables.save_table(reconciliation, "tab_legal_reconciliation")
reconciliation

# %% [markdown]
# On the few units both coders found a value for, they mostly agree; the disagreements
# are of two kinds: genuinely different readings (Bangladesh's age of consent: 16 under
# the Nari-O-Shishu Nirjatan Daman Ain against 14 under the Penal Code) and one coder
# finding a value the other left unknown (e.g. Bulgaria's reflection period). Kappa on
# so few units is fragile, and coder B is not independent: the figures exercise the
# workflow, they do not measure the coding's reliability.

# %% [markdown]
# ## Result 7 · Map of the composite index

# %%
fig = maps.choropleth_map(
    scores.composite.rename(columns={"score": "value"})[["country", "value"]],
    title=f"Composite harmonisation index, as of {as_of} (DRAFT codings: not a finding)",
    legend_title=f"Composite index (0–1; unknown values scored {unknown!r})", scheme="equal_interval", k=4,
    fmt="{:.2f}", **out)
_ = figures.save_figure(fig, "map_legal_composite")

# %% [markdown]
# ## Caveats
#
# * **DRAFT codings.** All values come from secondary sources and must be verified
#   against the official statute text; no value is verified yet, and about nine in ten
#   are unknown. Do not cite any score, rank, gap or map here as a finding.
# * **Unknown is not "no".** A `?` records that the secondary sources did not answer
#   the question. The unknown treatment dominates the ranks (Result 3).
# * **Weights.** The "expert" weights are a placeholder, used only to show how much
#   weighting moves the ranks.
# * **Double coding.** Coder B is a second pass by the same person; replace it with an
#   independent researcher's coding before reporting agreement.
# * **Sub-national law.** GB merges three legal systems by the least-protective rule;
#   federal systems elsewhere (e.g. Switzerland's cantons, Brazil's states) are coded
#   at the national level only.
