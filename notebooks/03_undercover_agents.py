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
# # 03 · Undercover agents: legal and ethical safeguards compared
#
# **Question.** May undercover agents be used in investigations of trafficking in
# human beings (THB) and of child sexual abuse and exploitation (CSA/CSE), also online
# under a covert identity, and which safeguards bind them: prior judicial
# authorisation, a prohibition of incitement (entrapment), rules on using abuse
# material to enter closed forums? How do the 15 countries compare?
#
# **Inputs.** The legal codebook `data/raw/legal/indicators.yaml` (the indicators of
# research line `undercover_agents`, area "Investigation and undercover agents") and the
# codings `data/raw/legal/codings/<JURISDICTION>.csv` (each value cited to a document
# with a verbatim excerpt; see `CODING_PROTOCOL.md`).
#
# **Outputs.** `tab_uc_matrix` (matrix with footnoted citations), `fig_uc_heatmap`,
# `tab_uc_scores` (investigative powers and safeguards scores per country) and
# `tab_uc_unknowns` (each indicator's standard, coverage and what was searched).
#
# > **DRAFT codings.** Most legal values are *draft* codings from secondary sources;
# > only cells re-read in the criminal procedure code or police act are `verified`. The
# > text below is computed from the codings as they are: where few cells are coded, it
# > describes the state of the coding, not the law.

# %% tags=["parameters"]
as_of = None  # the law in force on this date; None: the latest date a coded rule takes effect
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
line = "undercover_agents"
powers = ["undercover_thb", "undercover_csa", "undercover_online_identity"]
safeguards = ["undercover_judicial_authorisation", "undercover_provocation_limits"]
min_coverage = 0.8

# %%
import pandas as pd
from IPython.display import Markdown

from heroes_research import figures, legal, tables
from heroes_research.countries import country_name

indicators = legal.load_indicators()
line_ids = [i.id for i in indicators if i.line == line]
all_codings = legal.load_codings(indicators=indicators)
as_of = as_of or str(all_codings.latest().date.date())
codings = all_codings.select(countries=countries, indicators=line_ids)
snapshot = codings.as_of(as_of)
source = "HEROES legal coding from cited sources, DRAFT (mostly secondary sources; verified cells marked)"
out = {"source": source, "demo": False, "data_version": f"codebook v{indicators.version}"}
indicators.select(line_ids)

# %% [markdown]
# ## Data and method
#
# Six questions per country (the United Kingdom per legal system), each tied to a
# standard: the UN Convention against Transnational Organized Crime (art. 20: special
# investigative techniques), the Lanzarote Convention (art. 30(5)) and Directive
# 2011/93/EU (art. 15(3): effective investigative tools for online CSA), and the
# European Convention on Human Rights for the safeguards (art. 8(2): interference with
# private life "in accordance with the law"; art. 6(1) and *Teixeira de Castro v.
# Portugal*, 1998: no conviction resting on incitement by the police).
#
# Two scores per country, on the codebook's fixed goalposts (0–1):
#
# * **powers** — the mean over the three "undercover agents allowed" indicators
#   (`powers`);
# * **safeguards** — the mean over judicial authorisation (none 0, prosecutor 0.5,
#   judge 1) and a prohibition of incitement (`safeguards`).
#
# Unknown values are left out, and a score is shown only when at least `min_coverage`
# of its indicators are known (otherwise "insufficient coverage", with the count); the
# table always says how many are known. The use
# of abuse material by undercover agents is descriptive only: internationally
# unregulated and ethically contested, it has no goalpost and is never scored.

# %%
snapshot.summary()

# %% [markdown]
# ## Result 1 · The matrix

# %%
matrix = tables.legal_matrix_table(
    snapshot, title=f"Undercover agents: powers and safeguards in law, as of {as_of} (DRAFT codings)",
    note="DRAFT codings from secondary sources, to be verified against the official statute text.", **out)
tables.save_table(matrix, "tab_uc_matrix")
matrix

# %%
fig = figures.legal_heatmap(snapshot, color_by="score",
                            title=f"Undercover agents: powers and safeguards, as of {as_of} (DRAFT)", **out)
_ = figures.save_figure(fig, "fig_uc_heatmap")

# %%
cov = legal.coverage(codings, date=as_of, jurisdictions=countries)
known = cov.cells[cov.cells["known"]]
coded_in = sorted(set(known["jurisdiction"]))
Markdown(
    f"{len(known)} of {len(cov.cells)} cells ({cov.cells['known'].mean():.0%}) are coded, in "
    f"{len(coded_in)} of {cov.cells['jurisdiction'].nunique()} jurisdictions"
    + (f" ({', '.join(coded_in)})" if 0 < len(coded_in) <= 8 else "") + "; "
    f"{int(known['status'].eq('verified').sum())} are verified against the statute text. "
    + ("Most cells are still `?`, so the matrix documents the state of the coding more than the law. "
       if cov.cells["known"].mean() < 0.5 else "")
    + "In the heat map each scored value is shown by its distance to the standard (✓ met, ◐ partly met, ✗ not met); "
      "solid cells are verified, pale cells drafts."
)

# %% [markdown]
# ## Result 2 · Powers and safeguards scores

# %%
def gated(ids: list[str]) -> pd.DataFrame:
    """Score over ``ids`` where coverage allows, else "insufficient coverage"; and the count known."""
    comp = legal.score(codings.select(indicators=ids), date=as_of, unknown="exclude",
                       min_coverage=min_coverage).composite.set_index("country")
    value = comp["score"].map("{:.2f}".format, na_action="ignore").fillna("insufficient coverage")
    return pd.DataFrame({"score": value, "known": comp["n_known"].astype(str) + f" of {len(ids)}"})


power_scores, safeguard_scores = gated(powers), gated(safeguards)
scored = pd.DataFrame({
    "Powers (0–1)": power_scores["score"], "Powers: known": power_scores["known"],
    "Safeguards (0–1)": safeguard_scores["score"], "Safeguards: known": safeguard_scores["known"],
}).astype("string")
score_table = tables.PublicationTable(
    data=scored.rename(index=country_name).rename_axis("Country"),
    title=f"Undercover agents: investigative powers and safeguards scores, as of {as_of} (DRAFT codings)",
    note=f"Mean indicator score over the known indicators (0 = standard not met, 1 = met), shown only where at "
         f"least {min_coverage:.0%} of the score's indicators are known. Powers: {', '.join(powers)}; "
         f"safeguards: {', '.join(safeguards)}. GB: least protective of its three legal systems. "
         "DRAFT codings.", **out)
tables.save_table(score_table, "tab_uc_scores")
score_table

# %%
with_both = scored[scored["Powers (0–1)"].ne("insufficient coverage")
                   & scored["Safeguards (0–1)"].ne("insufficient coverage")]
Markdown(
    f"{int(scored['Powers (0–1)'].ne('insufficient coverage').sum())} countries have a powers score and "
    f"{int(scored['Safeguards (0–1)'].ne('insufficient coverage').sum())} a safeguards score; "
    f"{len(with_both)} with both. "
    "The two scores are meant to be read together: a country that allows undercover agents (high powers score) "
    "without prior judicial authorisation or a statutory bar on incitement (low safeguards score) is the case the "
    "ECtHR's incitement case law warns about. They are deliberately not combined into one number: more powers and "
    "more safeguards are different goods."
)

# %% [markdown]
# ## Result 3 · Notes on the unknowns
#
# For each indicator: its standard, how many jurisdictions are coded, and how many
# unknown cells record what was searched (the `searched` column of the coding files,
# with the start of one record). This is the work list for the next coding round.

# %%
long = snapshot.to_long()
spec = indicators.select(line_ids).to_wide().set_index("indicator")
unknown_rows = long[long["status"].eq("unknown") & long["searched"].ne("")]
n_places = cov.cells["jurisdiction"].nunique()
example = unknown_rows.groupby("indicator")["searched"].first()
notes = pd.DataFrame({
    "Question": spec["question"],
    "Standard": spec["standard_instrument"] + (", " + spec["standard_article"]).fillna(""),
    "Scored": spec["scored"].map({True: "yes", False: "no (descriptive)"}),
    "Coded": cov.cells.groupby("indicator")["known"].sum().reindex(spec.index).astype(int).astype(str)
    + f" of {n_places}",
    "Unknown with a search recorded": unknown_rows.groupby("indicator").size().reindex(spec.index, fill_value=0)
    .astype(str),
    "Searched (start of one record)": example.where(example.str.len() <= 160, example.str[:157] + "…"),
}).reindex(spec.index).fillna("")
notes_table = tables.PublicationTable(
    data=notes.rename_axis("Indicator"),
    title=f"Undercover agents: indicators, standards and coverage of the coding, as of {as_of}",
    note=f"'Coded': jurisdictions with a cited value, of {n_places} (the United Kingdom's three legal systems "
         "counted separately; a jurisdiction without a row counts as not coded). The full search records are in "
         "the coding files and the fact sheets of notebook 02. DRAFT codings.", **out)
tables.save_table(notes_table, "tab_uc_unknowns")
notes_table

# %% [markdown]
# ## Caveats
#
# * **DRAFT codings.** Draft values come from secondary reports; a value is verified
#   only once read in the criminal procedure code or police act itself, with its
#   article.
# * **Unknown is not "no".** A `?` means the question is open, not that the law lacks
#   the power or the safeguard; scores leave unknowns out rather than guessing.
# * **Law on the books.** The indicators describe statutes; how often undercover
#   operations run, and how courts treat evidence from them, need case law and
#   practitioner interviews.
# * **Ethics.** Whether agents may use (seized or computer-generated) abuse material is
#   recorded descriptively: the codebook takes no position on what the law should be.
