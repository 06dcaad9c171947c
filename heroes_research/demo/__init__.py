"""The embedded default: seeded synthetic raw data of the three HEROES survey instruments.

:func:`write_demo` generates, from a fixed seed, the raw files of three instruments
for the 15 study countries in their native formats (.sav, .dta, .xlsx) with
country-specific names, codings and fieldwork mess, plus each instrument's
harmonisation codebook, the coded interview segments (:func:`make_coded_segments`),
a README and a MANIFEST, under ``data/raw/demo``.
:func:`check_demo` verifies the committed files against a fresh regeneration.
Everything here is synthetic and says so (:data:`heroes_research.provenance.DEMO_NOTE`).

Example
-------
>>> from heroes_research.demo import make_instrument, INSTRUMENTS
>>> INSTRUMENTS
('early_identification', 'missing_children', 'prevention')
>>> files = make_instrument("prevention")
>>> files.codebook["countries"]["ES"]["file"]
'es.sav'
"""

from heroes_research.demo._files import check_demo, write_demo
from heroes_research.demo._generate import DEMO_SEED, InstrumentFiles, make_instrument, truth_frame
from heroes_research.demo._mess import MESS, Mess
from heroes_research.demo._profiles import INSTRUMENTS, PROFILES, Profile
from heroes_research.demo._segments import make_coded_segments

__all__ = [
    "DEMO_SEED",
    "INSTRUMENTS",
    "MESS",
    "PROFILES",
    "InstrumentFiles",
    "Mess",
    "Profile",
    "check_demo",
    "make_coded_segments",
    "make_instrument",
    "truth_frame",
    "write_demo",
]
