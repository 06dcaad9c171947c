"""Generate the synthetic demo data: three instruments x 15 countries, codebooks, README, MANIFEST."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.countries import COUNTRY_CODES
from heroes_research.demo import _early_identification, _missing_children, _prevention
from heroes_research.demo._codebook_yaml import codebook_dict, dump_codebook
from heroes_research.demo._localise import CountryFile, language_table, localise
from heroes_research.demo._mess import MESS, Mess, apply_mess
from heroes_research.demo._profiles import INSTRUMENTS, LEGACY_DTA, PROFILES
from heroes_research.demo._writers import write_country_file

__all__ = ["DEMO_SEED", "InstrumentFiles", "make_instrument"]

#: The fixed seed of the committed demo data.
DEMO_SEED = 20261122

_MODULES: dict[str, ModuleType] = {
    "early_identification": _early_identification,
    "missing_children": _missing_children,
    "prevention": _prevention,
}
_ID_VARIABLE = {"early_identification": "resp_id", "missing_children": "agency_id",
                "prevention": "resp_id"}


@dataclass(frozen=True)
class InstrumentFiles:
    """One instrument's generated raw files (in memory) and its codebook."""

    instrument: str
    codebook: dict[str, Any]
    files: dict[str, CountryFile]  # file name -> content

    def __repr__(self) -> str:
        rows = sum(len(f.frame) for f in self.files.values())
        formats = sorted({self.file_format(n) for n in self.files})
        return (f"InstrumentFiles({self.instrument!r}: {len(self.files)} country files "
                f"({', '.join(formats)}), {rows} rows, codebook v{self.codebook['version']})")

    def file_format(self, name: str) -> str:
        """``sav``, ``dta`` or ``xlsx`` of a file name."""
        return Path(name).suffix.lstrip(".")

    def write(self, folder: Path) -> list[Path]:
        """Write the codebook and every country file into ``folder``; return the paths."""
        from heroes_research.io import atomic_write

        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, content in self.files.items():
            country = name.split(".")[0].upper()
            legacy = (self.instrument, country) in LEGACY_DTA
            written.append(write_country_file(content, folder / name, self.file_format(name),
                                              legacy=legacy))
        with atomic_write(folder / "codebook.yaml") as handle:
            handle.write(dump_codebook(self.codebook))
        return [folder / "codebook.yaml", *written]


def _generators(
    instrument: str, country: str, seed: int
) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """The independent (simulate, localise, mess) generators of one country's file."""
    if instrument not in _MODULES:
        raise ValueError(f"unknown demo instrument {instrument!r}; use one of {', '.join(INSTRUMENTS)}")
    if country not in COUNTRY_CODES:
        raise ValueError(f"unknown demo country {country!r}; use an ISO alpha-2 code of "
                         f"{', '.join(COUNTRY_CODES)}")
    streams = np.random.SeedSequence(
        [seed, INSTRUMENTS.index(instrument), COUNTRY_CODES.index(country)]).spawn(3)
    simulate_rng, localise_rng, mess_rng = (np.random.default_rng(s) for s in streams)
    return simulate_rng, localise_rng, mess_rng


def _simulate(instrument: str, country: str, rng: np.random.Generator) -> pd.DataFrame:
    """The harmonised truth of one country, drawn from ``rng``."""
    profile = PROFILES[country]
    phrases = language_table()["comments"][profile.language]
    return _MODULES[instrument].simulate(rng, country, profile.size(instrument), phrases)


def _country_file(instrument: str, country: str, seed: int) -> CountryFile:
    """Simulate, localise and mess up one country's file of ``instrument``."""
    module = _MODULES[instrument]
    simulate_rng, localise_rng, mess_rng = _generators(instrument, country, seed)
    truth = _simulate(instrument, country, simulate_rng)
    local = localise(module.VARIABLES, truth, PROFILES[country], localise_rng)
    mess = MESS.get((instrument, country), Mess())
    sources = {k: v["source"] for k, v in local.mapping.items() if isinstance(v["source"], str)}
    text = [sources[v.name] for v in module.VARIABLES if v.role in {"id", "text"}]
    frame = apply_mess(local.frame, mess, sources, text, mess_rng)
    return CountryFile(frame, local.variable_labels, local.value_labels, local.missing,
                       local.measure, local.mapping)


def make_instrument(instrument: str, *, seed: int = DEMO_SEED) -> InstrumentFiles:
    """Generate one demo instrument in memory: every country's raw file and the codebook.

    Parameters
    ----------
    instrument
        ``early_identification``, ``missing_children`` or ``prevention``.
    seed
        Seed of the generator; the committed data use :data:`DEMO_SEED`.

    Returns
    -------
    InstrumentFiles
        ``files`` maps file names (``es.sav``) to their content; ``codebook`` is the
        codebook dict in the agreed format, with ``synthetic: true``.

    Raises
    ------
    ValueError
        If ``instrument`` is not a demo instrument.

    Example
    -------
    >>> files = make_instrument("missing_children")
    >>> sorted(files.files)[:3]
    ['at.sav', 'bd.xlsx', 'be.dta']
    """
    module = _MODULES.get(instrument)
    if module is None:
        raise ValueError(f"unknown demo instrument {instrument!r}; use one of {', '.join(INSTRUMENTS)}")
    files: dict[str, CountryFile] = {}
    countries: dict[str, dict[str, Any]] = {}
    for country in COUNTRY_CODES:
        profile = PROFILES[country]
        name = f"{country.lower()}.{profile.file_format}"
        files[name] = _country_file(instrument, country, seed)
        countries[country] = {"file": name, "language": profile.language,
                              "variables": files[name].mapping}
    book = codebook_dict(instrument, module.TITLE, _ID_VARIABLE[instrument], module.DESIGN,
                         module.VARIABLES, countries)
    return InstrumentFiles(instrument, book, files)


def truth_frame(instrument: str, country: str, *, seed: int = DEMO_SEED) -> pd.DataFrame:
    """The harmonised truth of one country before localisation (for tests and examples).

    Parameters
    ----------
    instrument
        ``early_identification``, ``missing_children`` or ``prevention``.
    country
        ISO alpha-2 code of a study country (``"ES"``).
    seed
        Seed of the generator; the committed data use :data:`DEMO_SEED`.

    Returns
    -------
    pandas.DataFrame
        One row per respondent (or agency) with harmonised codes: the values the raw
        file of ``country`` encodes before it is localised and messed up.

    Raises
    ------
    ValueError
        If ``instrument`` or ``country`` is not a demo instrument or study country.

    Example
    -------
    >>> truth = truth_frame("missing_children", "ES")
    >>> truth["agency_id"].head(2).tolist()
    ['ES-A001', 'ES-A002']
    """
    return _simulate(instrument, country, _generators(instrument, country, seed)[0])
