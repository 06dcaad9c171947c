"""The committed boundaries: checksum, contents, derivation reproducible, no run-time download."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from heroes_research import maps
from heroes_research.countries import COUNTRIES
from heroes_research.errors import OutputError
from heroes_research.provenance import sha256_file

REPO_ROOT = Path(__file__).resolve().parents[2]
BOUNDARIES = REPO_ROOT / "data" / "external" / "ne_110m_admin0_heroes.geojson"


def test_checksum_matches_constant_and_readme():
    readme = (REPO_ROOT / "data" / "external" / "README.md").read_text()
    digest = sha256_file(BOUNDARIES)
    assert digest == maps.BOUNDARIES_SHA256
    assert re.search(r"sha256 \| `([0-9a-f]{64})`", readme).group(1) == digest


def test_all_study_countries_in_their_panel():
    world = maps.load_boundaries()
    study = world[world["study"]]
    assert dict(zip(study["iso_a2"], study["region"], strict=True)) == {c.iso2: c.region for c in COUNTRIES}
    assert set(study["iso_a3"]) == {c.iso3 for c in COUNTRIES}


def test_france_is_metropolitan_and_french_guiana_separate():
    world = maps.load_boundaries()
    france = world[world["iso_a3"] == "FRA"]
    assert list(france["region"]) == ["europe"]
    west, south, _east, _north = france.total_bounds
    assert west > -6 and south > 41  # no French Guiana (about 54 W, 4 N) in the Europe panel
    guiana = world[world["iso_a3"] == "GUF"]
    assert list(guiana["region"]) == ["south_america"] and not guiana["study"].any()
    assert "-99" not in set(world["iso_a3"])


def test_derivation_reproduces_the_committed_file(tmp_path):
    from heroes_research.maps import _make_boundaries

    if not _make_boundaries._source().is_file():
        pytest.skip("the Natural Earth fixture of pyogrio is not installed")
    out = tmp_path / "b.geojson"
    _make_boundaries.make_boundaries().to_file(out, driver="GeoJSON", layer="heroes_admin0",
                                               COORDINATE_PRECISION=3, WRITE_BBOX="NO", RFC7946="YES")
    assert sha256_file(out) == maps.BOUNDARIES_SHA256


def test_changed_or_missing_file_is_refused(project_tmp: Path):
    target = project_tmp / "data" / "external" / BOUNDARIES.name
    target.write_bytes(target.read_bytes() + b" ")
    with pytest.raises(OutputError, match="boundaries changed") as err:
        maps.load_boundaries()
    assert err.value.reason == "bad_boundaries" and err.value.file == str(target)
    target.unlink()
    with pytest.raises(OutputError, match="not found") as err:
        maps.load_boundaries()
    assert err.value.reason == "no_boundaries"


def test_runtime_code_never_reads_the_dependency_fixture():
    runtime = [p for p in (REPO_ROOT / "heroes_research" / "maps").glob("*.py") if p.name != "_make_boundaries.py"]
    assert runtime and not any("naturalearth" in p.read_text() or "http" in p.read_text() for p in runtime)
