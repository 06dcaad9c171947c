"""``heroes new-study NAME``: the files of a new study, ready to fill in.

Writes ``data/raw/<name>/study.yaml`` (settings: title, countries),
``data/raw/<name>/<instrument>/codebook.yaml`` (a template to complete),
``data/raw/<name>/README.md`` (where the raw files go; they are never committed),
``notebooks/NN_<name>.py`` (a notebook with a parameters cell) and its section in
``notebooks/registry.yaml``. Nothing is overwritten: an existing study is an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from heroes_research.countries import COUNTRY_CODES, country_name, to_iso2
from heroes_research.errors import HeroesError, InputFileError

__all__ = ["NewStudy", "new_study"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class NewStudy:
    """The files :func:`new_study` wrote."""

    settings: Path
    codebook: Path
    readme: Path
    notebook: Path
    registry: Path

    def files(self) -> list[Path]:
        """Every file written or extended."""
        return [self.settings, self.codebook, self.readme, self.notebook, self.registry]


def _settings_text(name: str, title: str, countries: Sequence[str]) -> str:
    listed = ", ".join(countries)
    return (f"# Settings of the study {name!r} (tracked in git; the raw data files beside it are not).\n"
            f"study: {name}\n"
            f"title: {title}\n"
            f"# ISO 3166-1 codes in display order (any country; quote a code if in doubt: \"NO\").\n"
            f"# Omit the key for the 15 HEROES countries.\n"
            f"countries: [{listed}]\n")


def _codebook_text(instrument: str, title: str, countries: Sequence[str]) -> str:
    entries = "\n".join(
        f"  {code}:                      # {country_name(code)}\n"
        f"    file: {code.lower()}.sav            # the raw file, in this folder (never committed)\n"
        f"    language: en\n"
        f"    variables: {{resp_id: id, weight: wt, q1: q1}}   # harmonised name: column in the file"
        for code in countries)
    return f"""\
# Harmonisation codebook of {instrument!r}: edit the variables and each country's columns,
# then `heroes validate --raw data/raw/<study>` lists every mismatch with the files.
# Format: heroes_research.codebook (python -c "import heroes_research.codebook as c; help(c)").
instrument: {instrument}
version: "0.1.0"
title: {title}
synthetic: false                    # true only for generated data: outputs then say "synthetic"
id: resp_id                         # respondent id, unique within a country
design: {{weights: weight, strata: country}}   # roles: weights, strata, psu, fpc, lonely_psu, nest, replicates
missing: {{98: Don't know, 99: Refused}}
variables:
  - {{name: resp_id, label: Respondent id, type: text}}
  - {{name: weight, label: Design weight, type: numeric}}
  - name: q1
    label: Your first question
    type: categorical               # categorical | ordinal | numeric | multi_response | text | date
    codes: {{1: "Yes", 2: "No"}}
# One file holding several countries? Declare it here instead of each country's 'file':
# pooled:
#   - file: pooled.sav
#     country: cntry                # the column that says each row's country
#     values: {{578: "NO", 276: DE}}   # value in that column -> ISO code
countries:
{entries}
"""


def _readme_text(name: str, instrument: str) -> str:
    return f"""\
# Study `{name}`

* `study.yaml` — the study's title and countries (tracked in git).
* `{instrument}/codebook.yaml` — how each country's file maps to the harmonised variables (tracked).
* `{instrument}/*.sav|.dta|.csv|.xlsx` — the raw files: **never committed** (`.gitignore` and the
  pre-commit hygiene hook refuse them).

Then: `heroes validate --raw data/raw/{name}`, `heroes ingest --raw data/raw/{name}`, and
`heroes build --only <the study's notebook>` (the build re-runs the ingest when the raw
files or the codebook change).
"""


def _notebook_text(name: str, instrument: str, title: str, notebook: str) -> str:
    return f'''\
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
# # {notebook[:2]} · {title}
#
# **Question.** (Write the study question here.)
#
# **Inputs.** `data/processed/{instrument}.parquet`, made from `data/raw/{name}/` by
# `heroes ingest --raw data/raw/{name}` (`heroes build` runs it when the data changed).

# %% tags=["parameters"]
instrument = "{instrument}"
variable = "q1"
min_count = 5

# %%
from heroes_research import tables
from heroes_research.io import read_processed
from heroes_research.survey import SurveyDesign

data, meta = read_processed(instrument)
out = {{"source": f"{{meta['title']}} (codebook v{{meta['codebook_version']}})", "demo": meta["demo"],
       "data_version": f"codebook v{{meta['codebook_version']}}"}}
design = SurveyDesign.from_metadata(data, meta["design"])  # replicate weights too, if declared
design

# %% [markdown]
# ## Result · {{variable}} by country

# %%
counts = tables.counts_table(data, "country", variable, title=f"Respondents by country and {{variable}}",
                             min_count=min_count, **out)
tables.save_table(counts, "tab_{name}_counts")
counts.data
'''


def _registry_text(notebook: str, title: str, name: str, instrument: str) -> str:
    return (f"  {notebook}:\n"
            f"    title: \"{notebook[:2]} · {title}\"\n"
            f"    depends_on: []\n"
            f"    inputs: [data/processed/{instrument}.parquet]\n"
            f"    outputs:\n"
            f"      - {{name: tab_{name}_counts, kind: table, caption: \"Respondents by country and "
            f"answer (protected counts)\", source: \"{title}\"}}\n")


def _next_number(notebooks: Path) -> int:
    numbers = [int(p.name[:2]) for p in notebooks.glob("[0-9][0-9]_*.py")]
    return max(numbers, default=0) + 1


def new_study(name: str, *, title: str | None = None, countries: Sequence[str] | None = None,
              instrument: str | None = None, root: Path | None = None) -> NewStudy:
    """Scaffold a study: settings, a codebook template, a README, a notebook and its registry section.

    Parameters
    ----------
    name
        The study's name: lower-case letters, digits and ``_`` (its folder ``data/raw/<name>``).
    title
        Human title (default: the name).
    countries
        ISO codes or names, in display order (default: the 15 HEROES countries).
    instrument
        The first instrument's name (default: ``name``); also the processed file's name.
    root
        The project root (default: :func:`heroes_research.paths.project_root`).

    Returns
    -------
    NewStudy
        The paths written.

    Raises
    ------
    HeroesError
        ``bad_name`` for a name that is not lower_case, ``unknown_country``,
        ``study_exists`` if ``data/raw/<name>`` or the notebook exists (nothing is written).

    Example
    -------
    >>> new_study("values", countries=["NO", "DE", "PL", "SE"], root=tmp)  # doctest: +SKIP
    """
    from heroes_research.io import atomic_write
    from heroes_research.paths import project_root

    root = Path(root or project_root())
    instrument = instrument or name
    for label, value in (("study", name), ("instrument", instrument)):
        if not _NAME.match(value):
            raise HeroesError(f"{label} name {value!r} must be lower-case letters, digits and _",
                              reason="bad_name", hint="e.g. values_survey")
    codes = tuple(dict.fromkeys(to_iso2(c) for c in countries)) if countries else COUNTRY_CODES
    title = title or name.replace("_", " ").capitalize()
    folder = root / "data" / "raw" / name
    number = _next_number(root / "notebooks")
    notebook_name = f"{number:02d}_{name}"
    result = NewStudy(settings=folder / "study.yaml", codebook=folder / instrument / "codebook.yaml",
                      readme=folder / "README.md", notebook=root / "notebooks" / f"{notebook_name}.py",
                      registry=root / "notebooks" / "registry.yaml")
    if folder.exists() or result.notebook.exists():
        raise InputFileError(f"study {name!r} exists already", file=folder, reason="study_exists",
                             hint="choose another name, or edit its files")
    registry = result.registry.read_text(encoding="utf-8") if result.registry.is_file() else "notebooks:\n"
    (folder / instrument).mkdir(parents=True)
    result.notebook.parent.mkdir(parents=True, exist_ok=True)
    for path, text in ((result.settings, _settings_text(name, title, codes)),
                       (result.codebook, _codebook_text(instrument, title, codes)),
                       (result.readme, _readme_text(name, instrument)),
                       (result.notebook, _notebook_text(name, instrument, title, notebook_name)),
                       (result.registry, registry.rstrip("\n") + "\n" + _registry_text(notebook_name, title, name, instrument))):
        with atomic_write(path) as handle:
            handle.write(text)
    return result
