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
# **Inputs.** The legal codebook `data/raw/legal/indicators.yaml` (the six indicators
# of research line `undercover_agents`, area "Investigation and undercover agents")
# and the codings `data/raw/legal/codings.csv`.
#
# **Outputs.** `tab_uc_matrix` (matrix with footnoted citations), `fig_uc_heatmap`,
# `tab_uc_scores` (investigative powers and safeguards scores per country) and
# `tab_uc_unknowns` (each indicator's standard, coverage and what was searched).
#
# > **DRAFT codings.** Every legal value is a *draft* coding from secondary sources, to
# > be verified against the official statute text (criminal procedure codes and police
# > acts); none is verified yet. Nothing below is a finding about any country's law.

# %% tags=["parameters"]
as_of = "2024-01-01"
countries = ["AT", "BE", "BG", "FR", "GR", "IE", "LV", "LT", "PT", "ES", "CH", "GB", "BR", "CO", "BD"]
line = "undercover_agents"
powers = ["undercover_thb", "undercover_csa", "undercover_online_identity"]
safeguards = ["undercover_judicial_authorisation", "undercover_provocation_limits"]

# %%

import pandas as pd

from heroes_research import figures, legal, tables
from heroes_research.countries import country_name

indicators = legal.load_indicators()
line_ids = [i.id for i in indicators if i.line == line]
codings = legal.load_codings(indicators=indicators).select(countries=countries, indicators=line_ids)
snapshot = codings.as_of(as_of)
source = "HEROES legal coding, DRAFT (secondary sources, not verified against statute text)"
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
# Unknown values are left out (each score is the mean over the *known* indicators, and
# the table says how many are known); a score with nothing known is not shown. The use
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

# %% [markdown]
# Every cell is `?`: the secondary sources consulted so far (the project's legal starter
# facts) say nothing about undercover investigations in any of the 15 countries. The
# matrix therefore documents the *state of the coding*, not the law. In the heat map
# each scored value is shown by its distance to the standard (✓ met, ◐ partly met,
# ✗ not met).

# %% [markdown]
# ## Result 2 · Powers and safeguards scores

# %%
power_scores = legal.score(codings.select(indicators=powers), date=as_of, unknown="exclude").composite
safeguard_scores = legal.score(codings.select(indicators=safeguards), date=as_of, unknown="exclude").composite
scored = pd.DataFrame({
    "Powers (0–1)": power_scores.set_index("country")["score"].map("{:.2f}".format, na_action="ignore"),
    "Powers: known": power_scores.set_index("country")["n_known"].astype(str) + f" of {len(powers)}",
    "Safeguards (0–1)": safeguard_scores.set_index("country")["score"].map("{:.2f}".format, na_action="ignore"),
    "Safeguards: known": safeguard_scores.set_index("country")["n_known"].astype(str) + f" of {len(safeguards)}",
}).astype("string").fillna(tables.NOT_AVAILABLE)
score_table = tables.PublicationTable(
    data=scored.rename(index=country_name).rename_axis("Country"),
    title=f"Undercover agents: investigative powers and safeguards scores, as of {as_of} (DRAFT codings)",
    note=f"Mean indicator score over the known indicators (0 = standard not met, 1 = met); "
         f"{tables.NOT_AVAILABLE}: no indicator known, no score. Powers: {', '.join(powers)}; "
         f"safeguards: {', '.join(safeguards)}. GB: least protective of its three legal systems. "
         "DRAFT codings from secondary sources, to be verified against the official statute text.", **out)
tables.save_table(score_table, "tab_uc_scores")
score_table

# %% [markdown]
# No country has a score yet. Once coded, the two scores are meant to be read
# together: a country that allows undercover agents (high powers score) without prior
# judicial authorisation or a statutory bar on incitement (low safeguards score) is
# the case the ECtHR's incitement case law warns about. They are deliberately not
# combined into one number: more powers and more safeguards are different goods.

# %% [markdown]
# ## Result 3 · Notes on the unknowns
#
# For each indicator: its standard, how many jurisdictions are coded, and what the
# coder recorded as searched when no value was found (from the `source` column of the
# unknown rows). This is the work list for verification against the statute text.

# %%
long = snapshot.to_long()
spec = indicators.select(line_ids).to_wide().set_index("indicator")
unknown_rows = long[long["status"].eq("unknown")]
notes = pd.DataFrame({
    "Question": spec["question"],
    "Standard": spec["standard_instrument"] + (", " + spec["standard_article"]).fillna(""),
    "Scored": spec["scored"].map({True: "yes", False: "no (descriptive)"}),
    "Coded": long[long["status"].ne("unknown")].groupby("indicator").size().reindex(spec.index, fill_value=0)
    .astype(str) + f" of {len(snapshot.countries)}",
    "Searched so far": unknown_rows.drop_duplicates(["indicator", "source"]).groupby("indicator")["source"]
    .agg("; ".join),
}).reindex(spec.index).fillna("")
notes_table = tables.PublicationTable(
    data=notes.rename_axis("Indicator"),
    title=f"Undercover agents: indicators, standards and coverage of the coding, as of {as_of}",
    note=f"'Coded': jurisdictions with a (draft) value, of {len(snapshot.countries)} (the United Kingdom's three "
         "legal systems counted separately). 'Searched so far': what the coder recorded for the unknown "
         "values. DRAFT codings, to be verified against the official statute text.", **out)
tables.save_table(notes_table, "tab_uc_unknowns")
notes_table

# %% [markdown]
# ## Caveats
#
# * **DRAFT codings, mostly unknown.** No undercover-agent provision has been coded from
#   the secondary sources; every value must come from the criminal procedure code or
#   police act itself, with its article.
# * **Unknown is not "no".** A `?` means the question is open, not that the law lacks
#   the power or the safeguard; scores leave unknowns out rather than guessing.
# * **Law on the books.** The indicators describe statutes; how often undercover
#   operations run, and how courts treat evidence from them, need case law and
#   practitioner interviews.
# * **Ethics.** Whether agents may use (seized or computer-generated) abuse material is
#   recorded descriptively: the codebook takes no position on what the law should be.
