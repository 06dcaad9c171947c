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
# **Inputs.** `data/raw/legal/indicators.yaml` (the codebook: each indicator with its
# international standard, instrument and article, and a fixed goalpost), the first
# coding `codings/<JURISDICTION>.csv` (one file per jurisdiction, every value cited to
# a document with a verbatim excerpt, see `CODING_PROTOCOL.md`), the blind second
# coding `second_coding/<JURISDICTION>.csv` with `reconciliation.csv`, and
# `weights_expert.yaml` (a *placeholder* alternative weighting).
#
# **Outputs.** `tab_legal_coverage` and `fig_legal_coverage` (what is coded),
# `tab_legal_matrix` and `fig_legal_heatmap` (the law, cell by cell), `tab_legal_scores`,
# `fig_legal_rank_intervals` and `tab_legal_sensitivity` (scores and ranks, only where
# the coverage supports them), `fig_legal_similarity`, `tab_legal_gaps_by_country`,
# `tab_legal_gaps_by_standard`, `tab_legal_agreement` and `tab_legal_reconciliation`
# (blind double coding), `map_legal_composite`, and one fact sheet per jurisdiction
# (`tab_legal_facts_<jurisdiction>`: every indicator with its value, article, excerpt
# and source, so a reader can check each cell).
#
# > **DRAFT codings.** Most values come from secondary sources (GRETA, US TIP, Lanzarote
# > Committee, ECPAT and similar reports) and are `draft`; only cells re-read in the
# > statute text are `verified`. Many cells are still `unknown`. The numbers below are
# > computed from the codings as they are: where coverage is low they describe the
# > state of the coding, not the law.

# %% tags=["parameters"]
as_of = None  # the law in force on this date; None: the latest date a coded rule takes effect
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
min_coverage = 0.8
unknown = "exclude"
heatmap_line = "legal_harmonisation"
n_draws = 2000
concentration = 50.0
seed = 20261122

# %%
import pandas as pd
from IPython.display import Markdown

from heroes_research import figures, legal, maps, paths, tables
from heroes_research.countries import country_name
from heroes_research.errors import LegalDataError

indicators = legal.load_indicators()
all_codings = legal.load_codings(indicators=indicators)
as_of = as_of or str(all_codings.latest().date.date())
codings = all_codings.select(countries=countries)
snapshot = codings.as_of(as_of)
source = "HEROES legal coding from cited sources, DRAFT (mostly secondary sources; verified cells marked)"
out = {"source": source, "demo": False, "data_version": f"codebook v{indicators.version}"}
area_labels = {area: label.split(":")[0] for area, label in indicators.areas.items()}
cov = legal.coverage(codings, date=as_of, jurisdictions=countries, min_coverage=min_coverage)
targets = cov.targets().set_index("target")["value"]
snapshot


pct = legal.share_text  # a whole percentage, rounded down: 79.7 % never prints as the 80 % gate


# %% [markdown]
# ## Data: what is coded
#
# One row per (jurisdiction, indicator, validity interval), each with its citation and
# status. The United Kingdom is coded per legal system (England & Wales, Scotland,
# Northern Ireland); scores merge them into GB by the *least-protective* rule (if any
# system is unknown, GB is unknown). A cell with no row at all counts as unknown.

# %%
n_cells, n_known = len(cov.cells), int(cov.cells["known"].sum())
areas = cov.area_shares().rename(index=area_labels)
least, most = areas.idxmin(), areas.idxmax()
Markdown(
    f"As of {as_of}, **{n_known} of {n_cells} cells ({pct(targets['cells coded with a citation'])})** are coded "
    f"with a citation, {pct(targets['coded cells cited to the article'])} of them to the article or section; "
    f"{int(cov.cells['status'].eq('verified').sum())} are verified against the statute text. Coverage runs from "
    f"{pct(areas[least])} ({least}) to {pct(areas[most])} ({most}). "
    + (f"No jurisdiction has {pct(min_coverage)} of its scored indicators known, so **no composite score, rank or "
       "map colour is published**: the scores below stay beside their coverage."
       if not cov.by_jurisdiction["publishable"].any() else
       f"{int(cov.by_jurisdiction['publishable'].sum())} jurisdiction(s) reach {pct(min_coverage)} of their scored "
       "indicators and get a composite score; the others are shown with their coverage only.")
)

# %%
counts = cov.by_area.assign(cell=lambda t: t["n_known"].astype(str) + "/" + t["n_indicators"].astype(str)
                            + " (" + t["share_known"].map(pct) + ")")
coverage_wide = counts.pivot(index="jurisdiction", columns="area", values="cell").reindex(
    index=list(cov.by_jurisdiction["jurisdiction"]), columns=list(indicators.areas))
by_j = cov.by_jurisdiction.set_index("jurisdiction")
coverage_wide["All"] = (by_j["n_known"].astype(str) + "/" + by_j["n_indicators"].astype(str)
                        + " (" + by_j["share_known"].map(pct) + ")")
coverage_wide["To the article"] = by_j["n_article"].astype(str)
coverage_wide["Verified"] = by_j["n_verified"].astype(str)
coverage_table = tables.PublicationTable(
    data=coverage_wide.rename(columns=area_labels).rename_axis("Jurisdiction"),
    title=f"Coverage of the legal coding by jurisdiction and area, as of {as_of}",
    note="Cells coded with a citation / indicators in the area (share). 'To the article': coded cells whose "
         "citation names the article or section; 'Verified': checked against the statute text. GB-EAW England & "
         "Wales, GB-SCT Scotland, GB-NIR Northern Ireland. DRAFT codings.", **out)
tables.save_table(coverage_table, "tab_legal_coverage")
coverage_table

# %%
shares = cov.to_wide().rename(columns=area_labels).T * 100
fig = figures.matrix_heatmap(
    shares, title=f"Indicators coded with a citation (%), as of {as_of}",
    value_label="Coded (%)", vmin=0, vmax=100, annotate=True, fmt="{:.0f}", **out)
_ = figures.save_figure(fig, "fig_legal_coverage")

# %% [markdown]
# ## Result 1 · The indicator matrix
#
# Every cell is the coded value with a superscript pointing to its legal source;
# `?` means no source answered the question yet (absence of evidence, not absence of a
# law). Numeric indicators (ages, days, years) are printed as coded.

# %%
matrix = tables.legal_matrix_table(
    snapshot, title=f"Legal framework against international standards, as of {as_of} (DRAFT codings)",
    note="Draft values come from secondary sources; verified values were checked against the statute text.", **out)
tables.save_table(matrix, "tab_legal_matrix")
matrix

# %% [markdown]
# The heat map shows the indicators of the research line `heatmap_line`, each scored
# value as its distance to the standard (✓ met, ◐ partly met, ✗ not met); solid cells
# are verified against the statute text, pale cells are drafts, hatched cells unknown.

# %%
line_ids = [i.id for i in indicators if i.line == heatmap_line]
fig = figures.legal_heatmap(snapshot.select(indicators=line_ids), color_by="score",
                            title=f"Legal harmonisation indicators, as of {as_of}", **out)
_ = figures.save_figure(fig, "fig_legal_heatmap")

# %%
line_cells = cov.cells[cov.cells["indicator"].isin(line_ids)]
scored_line = snapshot.select(indicators=line_ids).to_long().dropna(subset=["score"])
Markdown(
    f"On the {len(line_ids)} indicators of this line, {pct(line_cells['known'].mean())} of the cells are coded. "
    f"Of the {len(scored_line)} scored values, {int(scored_line['score'].eq(1).sum())} meet the standard, "
    f"{int(scored_line['score'].between(0, 1, inclusive='neither').sum())} meet it partly and "
    f"{int(scored_line['score'].eq(0).sum())} fall short of it."
)

# %% [markdown]
# ## Method
#
# * **Scores** (OECD/JRC *Handbook on constructing composite indicators*, 2008): each
#   value is scored 0–1 against the codebook's *fixed* goalposts, so a country's score
#   does not depend on which other countries are coded; area score = weighted mean of
#   its known indicators; composite = weighted mean of the area scores (equal weights).
# * **Coverage gate.** A country gets a composite score, a rank and a map colour only
#   when at least `min_coverage` of its scored indicators are known; otherwise it is
#   shown as "insufficient coverage" with its coverage. Every score sits beside the
#   number of indicators it rests on.
# * **Unknown values** are excluded (`unknown = "exclude"`): a score is over what is
#   known. Scoring unknowns 0.5 or 0 would present ignorance as half-compliance or as
#   non-compliance; both are kept as sensitivity runs only.
# * **Uncertainty**: `n_draws` Monte Carlo draws over the modeller's choices — weight
#   set (equal or the placeholder "expert" set, each with Dirichlet noise), aggregation
#   (arithmetic or geometric) and the treatment of unknowns — give each ranked country a
#   median rank and a 5–95 % rank interval. No bare rank order is published.

# %% [markdown]
# ## Result 2 · Area scores and the composite index, beside their coverage

# %%
scores = legal.score(codings, date=as_of, unknown=unknown, min_coverage=min_coverage)
unknown_rules = [unknown, *[rule for rule in ("exclude", "half", "zero") if rule != unknown]]
mc = legal.uncertainty(codings, date=as_of, weight_sets=["equal", "expert"], unknowns=unknown_rules,
                       draws=n_draws, concentration=concentration, indicator_concentration=concentration,
                       seed=seed, min_coverage=min_coverage)
area = scores.area.assign(cell=lambda t: t["score"].map("{:.2f}".format, na_action="ignore").fillna("–")
                          + " (" + t["n_known"].astype(str) + "/" + t["n_indicators"].astype(str) + ")")
area_cells = area.pivot(index="country", columns="area", values="cell").reindex(
    index=scores.composite["country"], columns=[a for a in indicators.areas if a in set(area["area"])])
comp = scores.composite.set_index("country")
ranked = mc.summary.set_index("country")
rank_text = (ranked["median_rank"].map("{:.0f}".format) + " (" + ranked["rank_p05"].map("{:.0f}".format)
             + "–" + ranked["rank_p95"].map("{:.0f}".format) + ")")
score_table = tables.PublicationTable(
    data=area_cells.rename(columns=area_labels).assign(**{
        "Coverage": comp["coverage"].map(pct) + " (" + comp["n_known"].astype(str) + "/"
        + comp["n_indicators"].astype(str) + ")",
        "Composite": comp["score"].map("{:.2f}".format, na_action="ignore").fillna("insufficient coverage"),
        "Rank: median (5–95 %)": rank_text.reindex(comp.index).fillna("not ranked"),
    }).rename(index=country_name).rename_axis("Country"),
    title=f"Area scores and composite harmonisation index with their coverage, as of {as_of} (DRAFT codings)",
    note=f"Area cells: score 0 (standard not met) to 1 (met) over the known indicators (known/in the area); "
         f"–: none known. Composite and rank only where at least {pct(min_coverage)} of the scored indicators are "
         f"known ('insufficient coverage' otherwise); unknown values {unknown}d; ranks over {n_draws} Monte Carlo "
         "draws of weights, aggregation and unknown treatment. GB: least protective of its three legal systems. "
         "DRAFT codings.", **out)
tables.save_table(score_table, "tab_legal_scores")
score_table

# %%
published = comp[comp["published"]]
Markdown(
    f"{len(published)} of {len(comp)} countries have a composite score. "
    + ("No country is ranked: a rank needs at least two countries with enough coverage, and the coverage of the "
       f"scored indicators runs from {pct(comp['coverage'].min())} to {pct(comp['coverage'].max())}. The area scores "
       "are over the known indicators only and should be read with the counts beside them."
       if len(published) < 2 else
       f"Composites run from {published['score'].min():.2f} to {published['score'].max():.2f}; see the rank "
       "intervals below before reading any order into them.")
)

# %% [markdown]
# ## Result 3 · How certain are the ranks?

# %%
fig = figures.rank_interval_plot(
    mc, title=f"Composite index: rank intervals over {n_draws} draws, as of {as_of}", **out)
_ = figures.save_figure(fig, "fig_legal_rank_intervals")
mc.to_wide().round(3)

# %%
sensitivity = mc.sensitivity
if len(sensitivity):
    sens_data = pd.DataFrame({
        "Alternative setting": sensitivity["setting"].astype(str),
        "Mean |rank shift|": sensitivity["mean_abs_rank_shift"].map("{:.2f}".format),
        "Max |rank shift|": sensitivity["max_abs_rank_shift"].map("{:.0f}".format),
        "First-order index": sensitivity["first_order_index"].map("{:.2f}".format, na_action="ignore"),
    }).set_axis(pd.Index(sensitivity["factor"].str.capitalize(), name="Choice"), axis=0).fillna(
        tables.NOT_AVAILABLE)
else:
    sens_data = pd.DataFrame({"Alternative setting": ["all"], "Mean |rank shift|": [tables.NOT_AVAILABLE],
                              "Max |rank shift|": [tables.NOT_AVAILABLE],
                              "First-order index": [tables.NOT_AVAILABLE]},
                             index=pd.Index(["No ranking"], name="Choice"))
sensitivity_table = tables.PublicationTable(
    data=sens_data,
    title=f"Sensitivity of the composite ranks to the modelling choices, as of {as_of} (DRAFT codings)",
    note=f"Rank shifts: one choice changed from the reference (equal weights, arithmetic mean, unknown "
         f"{unknown}d); first-order index: share of rank variance over {n_draws} Monte Carlo draws explained "
         f"by the choice (Saltelli et al. 2008). Only countries with at least {pct(min_coverage)} of their scored "
         f"indicators known are ranked ({len(mc.countries)} now). {tables.NOT_AVAILABLE}: not applicable.", **out)
tables.save_table(sensitivity_table, "tab_legal_sensitivity")
sensitivity_table

# %%
Markdown(
    "No rank intervals can be drawn yet: the figure lists every country with its coverage instead."
    if len(mc.countries) < 2 else
    f"{len(mc.countries)} countries are ranked; the choice that moves the ranks most is "
    f"*{sensitivity.iloc[0]['factor']}* ({sensitivity.iloc[0]['setting']}), mean shift "
    f"{sensitivity.iloc[0]['mean_abs_rank_shift']:.2f} places."
)

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

# %%
common = comparison.pairs[comparison.pairs["country_a"] != comparison.pairs["country_b"]]["n_common"]
Markdown(
    f"Pairs of countries share between {common.min()} and {common.max()} known indicators (median "
    f"{common.median():.0f}). "
    + ("With so few in common, similarities rest on a handful of provisions and the clustering order is not yet a "
       "grouping of legal families." if common.median() < 0.5 * len(indicators) else
       "The clustering order groups countries whose coded provisions agree most.")
)

# %% [markdown]
# ## Result 5 · Gaps: standards not (fully) met, and what is still unknown
#
# Each legal system separately (the GB merge would hide a system's value behind
# another's unknown).

# %%
gap_list = legal.gaps(codings, date=as_of, merge_systems=False, include_unknown=True)
indicator_scores = snapshot.to_long()
indicator_scores = indicator_scores[indicator_scores["indicator"].isin(indicators.scored.ids)]
grid = cov.cells[cov.cells["scored"]][["jurisdiction", "indicator"]]
scored_cells = grid.merge(indicator_scores.rename(columns={"country": "jurisdiction"})[
    ["jurisdiction", "indicator", "score"]], how="left")
status = tables.standard_status(scored_cells["score"]).fillna("unknown")
by_country = pd.crosstab(scored_cells["jurisdiction"], status).reindex(
    index=list(by_j.index), columns=["met", "partly met", "not met", "unknown"], fill_value=0)
listed = gap_list[gap_list["gap"] != "unknown"].groupby("country")["indicator"].agg(", ".join)
known_n = by_country[["met", "partly met", "not met"]].sum(axis=1)
by_country["standards not (fully) met"] = listed.reindex(by_country.index).fillna(
    "none among the " + known_n.astype(str) + " known; " + by_country["unknown"].astype(str) + " unknown")
gaps_country = tables.PublicationTable(
    data=by_country.astype(str).rename(columns=str.capitalize).rename(index=country_name)
    .rename_axis("Country or legal system"),
    title=f"Scored standards met, partly met, not met and unknown, by jurisdiction, as of {as_of} (DRAFT codings)",
    note=f"Counts of the {len(indicators.scored)} scored indicators (descriptive indicators excluded). 'Unknown': "
         "no source answered yet (a cell with no row counts as unknown). A standard listed as not met rests on a "
         "cited value; an unknown is not a gap. DRAFT codings.", **out)
tables.save_table(gaps_country, "tab_legal_gaps_by_country")
gaps_country

# %%
spec = indicators.to_wide().set_index("indicator").loc[list(indicators.scored.ids)]
named = gap_list.assign(place=gap_list["country"])
met = scored_cells[status.eq("met")].groupby("indicator")["jurisdiction"].agg(" ".join)
by_standard = pd.DataFrame({
    "Standard": spec["standard_instrument"] + (", " + spec["standard_article"]).fillna(""),
    "Met": met,
    "Partly met": named[named["gap"].eq("partly met")].groupby("indicator")["place"].agg(" ".join),
    "Not met": named[named["gap"].eq("not met")].groupby("indicator")["place"].agg(" ".join),
    "Unknown (n)": scored_cells[status.eq("unknown")].groupby("indicator").size().astype(str),
}).reindex(spec.index).fillna("")
by_standard["Unknown (n)"] = by_standard["Unknown (n)"].replace("", "0")
by_standard.index = pd.Index([f"{i}. {q}" for i, q in zip(spec.index, spec["question"], strict=True)],
                             name="Indicator")
gaps_standard = tables.PublicationTable(
    data=by_standard, title=f"Which jurisdictions meet each international standard, as of {as_of} (DRAFT codings)",
    note="Jurisdictions by ISO code (GB-EAW England & Wales, GB-SCT Scotland, GB-NIR Northern Ireland). "
         "DRAFT codings.", **out)
tables.save_table(gaps_standard, "tab_legal_gaps_by_standard")
gap_list[gap_list["gap"] != "unknown"]

# %%
real_gaps = gap_list[gap_list["gap"] != "unknown"]
Markdown(
    f"{len(real_gaps)} cited values fall short of their standard ({int(real_gaps['gap'].eq('not met').sum())} not "
    f"met, {int(real_gaps['gap'].eq('partly met').sum())} partly met), against "
    f"{int(status.eq('unknown').sum())} scored cells still unknown. Every unknown row in the coding files records "
    "what was searched: the unknown column is the work list for the next coding round."
)

# %% [markdown]
# ## Result 6 · Blind second coding: agreement and reconciliation
#
# A second coder recoded, from the sources and without seeing the first coding, a
# seeded random sample of cells stratified by area (`data/raw/legal/second_coding_sample.csv`;
# how it was drawn is in the legal README). Agreement is computed on the cells both
# coded (`unknown` left out of kappa and alpha); every cell where the two differ —
# including one coder finding a value and the other not — is reconciled in
# `reconciliation.csv` with the agreed value and a note.

# %%
try:
    second = legal.load_codings(paths.raw_dir() / "legal" / "second_coding", indicators=indicators)
except LegalDataError as err:
    if err.reason != "no_codings":
        raise
    second = None
# the first coding as it was compared (the reconciliation record keeps those values): agreement
# measures the blind comparison, not the codings after they adopted the agreed values
recorded = legal.load_reconciliation()
double = (legal.agreement(codings, second.select(countries=countries), recorded=recorded)
          if second is not None else None)
if double is not None:
    per_area = double.per_area.set_index("area")
    agreement_data = pd.DataFrame({
        "Cells": per_area["n_units"].astype(str),
        "Known to both": per_area["n_both_known"].astype(str),
        "Agreement": per_area["percent_agreement"].map("{:.0%}".format, na_action="ignore"),
        "Cohen's kappa": per_area["kappa"].map("{:.2f}".format, na_action="ignore"),
        "Krippendorff's alpha": per_area["alpha"].map("{:.2f}".format, na_action="ignore"),
    }).fillna(tables.NOT_AVAILABLE).rename(index={**area_labels, "all": "All areas"}).rename_axis("Area")
    recon = legal.reconciliation(double, recorded)
else:
    agreement_data = pd.DataFrame({"Cells": ["0"]}, index=pd.Index(["No second coding yet"], name="Area"))
    recon = pd.DataFrame(columns=["jurisdiction", "indicator", "first", "second", "agreed", "note"])
agreement_table = tables.PublicationTable(
    data=agreement_data,
    title=f"Agreement of the first and the blind second coding, by area, as of {as_of} (DRAFT codings)",
    note=f"Nominal statistics on (indicator, value) codes pooled by area; unknown values left out. "
         f"{tables.NOT_AVAILABLE}: undefined (no cell known to both, or a single category). The second coder "
         "did not see the first coding.", **out)
tables.save_table(agreement_table, "tab_legal_agreement")
agreement_table

# %%
recon_data = pd.DataFrame({
    "Indicator": recon["indicator"], "First coding": recon["first"], "Second coding": recon["second"],
    "Agreed": recon["agreed"].replace("", "to reconcile"), "Note": recon["note"],
}).set_axis(pd.Index(recon["jurisdiction"], name="Jurisdiction"), axis=0)
if recon_data.empty:
    recon_data = pd.DataFrame({"Indicator": ["none"], "First coding": [""], "Second coding": [""], "Agreed": [""],
                               "Note": ["no disagreement to reconcile" if double is not None else
                                        "no second coding yet"]}, index=pd.Index(["–"], name="Jurisdiction"))
reconciliation = tables.PublicationTable(
    data=recon_data,
    title=f"Reconciliation: every double-coded cell on which the two codings differ, as of {as_of}",
    note="'Agreed' and 'Note' come from data/raw/legal/reconciliation.csv, written by the coders after "
         "re-reading the sources; 'to reconcile' where not yet done. DRAFT codings.", **out)
tables.save_table(reconciliation, "tab_legal_reconciliation")
reconciliation

# %%
sample_file = paths.raw_dir() / "legal" / "second_coding_sample.csv"
sample = pd.read_csv(sample_file, dtype=str) if sample_file.exists() else pd.DataFrame(
    columns=["jurisdiction", "indicator"])
recoded = (sample.merge(second.data.rename(columns={"country": "jurisdiction"})[["jurisdiction", "indicator"]]
                        .drop_duplicates()) if second is not None else sample.iloc[:0])
if double is None:
    text = (f"No blind second coding has been loaded yet ({len(sample)} cells are sampled for it), so no agreement "
            "is reported.")
else:
    overall = double.per_area.set_index("area").loc["all"]
    text = (f"The two codings share {overall['n_units']} cells, {overall['n_both_known']} known to both; on those "
            f"they agree on {overall['percent_agreement']:.0%} (Cohen's kappa {overall['kappa']:.2f}, Krippendorff's "
            f"alpha {overall['alpha']:.2f}). {len(recon)} cells differ, {int(recon['agreed'].ne('').sum())} of them "
            f"reconciled so far. The second coder has recoded {len(recoded)} of the {len(sample)} sampled cells. "
            "Per-area statistics rest on few cells and are fragile.")
Markdown(text)

# %% [markdown]
# ## Result 7 · Map of the composite index

# %%
shown = comp[comp["published"]]["score"]
if len(shown):
    fig = maps.choropleth_map(
        shown, title=f"Composite harmonisation index, as of {as_of} (DRAFT codings)",
        legend_title="Composite index (0–1)",
        missing_label=f"Insufficient coverage (under {pct(min_coverage)} of scored indicators known)",
        # fixed classes on the 0-1 scale; classes below the lowest score would get a reversed label
        bins=[b for b in (0.25, 0.5, 0.75, 1.0) if b >= shown.min()], fmt="{:.2f}", **out)
else:
    fig = maps.choropleth_map(
        comp["coverage"] * 100,
        title=f"No composite published: share of scored indicators coded, as of {as_of}",
        legend_title=f"Scored indicators known (%); a composite needs {pct(min_coverage)}",
        bins=[20, 40, 60, 80, 100], fmt="{:.0f}", **out)
_ = figures.save_figure(fig, "map_legal_composite")

# %% [markdown]
# ## Fact sheets: every cell with its citation
#
# One table per jurisdiction: each indicator's value, status, statute and article, the
# verbatim excerpt and the document it comes from, with the date the rule entered into
# force (or, where the source does not say, the date a source attests it). For unknown
# cells the excerpt column shows the start of what was searched.

# %%
facts = legal.fact_sheet(codings, countries, date=as_of)
searched = facts["searched"].where(facts["searched"].str.len() <= 160, facts["searched"].str[:157] + "…")
facts = facts.assign(excerpt=facts["excerpt"].where(facts["value"] != "unknown",
                                                    ("searched: " + searched).where(searched.ne(""), "")))
for jurisdiction, sheet in facts.groupby("jurisdiction", sort=False):
    known_here = sheet["value"].ne("unknown")
    table = tables.PublicationTable(
        data=pd.DataFrame({
            "Value": sheet["value"], "Status": sheet["status"], "Statute and article": sheet["statute_article"],
            "Excerpt": sheet["excerpt"], "Document": sheet["document"], "URL": sheet["url"],
            "In force from": sheet["valid_from"],
        }).set_axis(pd.Index(sheet["indicator"], name="Indicator"), axis=0),
        title=f"Fact sheet: {country_name(jurisdiction)} ({jurisdiction}), law as of {as_of}",
        note=f"{int(known_here.sum())} of {len(sheet)} indicators coded. 'In force from': entry into force where the "
             "source states it, else 'attested' and the date a source describes the rule as in force. DRAFT codings.",
        **out)
    tables.save_table(table, f"tab_legal_facts_{jurisdiction.lower().replace('-', '_')}")
facts.groupby("jurisdiction", sort=False)["value"].apply(lambda v: int(v.ne("unknown").sum()))

# %% [markdown]
# ## Caveats
#
# * **Coverage first.** Every score, gap and similarity above is over the known cells
#   only; read each beside its coverage. Unknown is not "no": a `?` records that no
#   source answered yet, and the row says what was searched.
# * **Draft and verified.** Draft values rest on secondary reports, which can lag behind
#   reforms; verified values were checked in the statute text.
# * **Weights.** The "expert" weights are a placeholder, used only to show how much
#   weighting moves the ranks.
# * **Sub-national law.** GB merges three legal systems by the least-protective rule;
#   federal systems elsewhere (e.g. Switzerland's cantons, Brazil's states) are coded
#   at the national level only.
