"""Derive the committed map boundaries from Natural Earth (run once; never at run time).

Source: Natural Earth 1:110m admin-0 countries (public domain), as shipped inside the
pyogrio wheel (``pyogrio/tests/fixtures/naturalearth_lowres``). The derivation:

1. fix the ISO codes Natural Earth leaves as ``-99`` (France, Norway, Kosovo, ...);
2. split French Guiana out of France (a separate, non-study feature ``GUF``), so the
   Europe panel draws metropolitan France and Corsica only;
3. keep the countries touching the three map windows (Europe, South America,
   South Asia) and clip them to those windows (Russia, China, ... become small);
4. snap coordinates to a 0.001° grid (about 100 m) and sort the features, so the
   output is small and byte-stable;
5. write GeoJSON to ``data/external/ne_110m_admin0_heroes.geojson`` and print its sha256,
   which goes into ``BOUNDARIES_SHA256`` (``_boundaries.py``) and the README.

Run: ``.venv/bin/python -m heroes_research.maps._make_boundaries``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["WINDOWS", "main", "make_boundaries"]

#: lon/lat windows (west, south, east, north) of the three panels, generous on purpose.
WINDOWS: dict[str, tuple[float, float, float, float]] = {
    "europe": (-25.0, 33.0, 45.0, 72.0),
    "south_america": (-95.0, -57.0, -30.0, 16.0),
    "south_asia": (72.0, 12.0, 104.0, 35.0),
}
# Natural Earth codes its disputed or special cases -99; the ISO (or user-assigned) codes.
_FIX_ISO3 = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": "CYN",
             "Somaliland": "SOL"}
_GRID = 0.001


def _source() -> Path:
    import pyogrio

    return Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"


def _split_french_guiana(world):
    """France minus French Guiana, plus French Guiana as its own feature."""
    import geopandas as gpd
    import shapely

    france = world.loc[world["iso_a3"] == "FRA"]
    parts = shapely.get_parts(france.geometry.iloc[0])
    overseas = [p for p in parts if p.centroid.x < -30]  # South America
    europe = [p for p in parts if p.centroid.x >= -30]
    guiana = gpd.GeoDataFrame({"name": ["French Guiana"], "iso_a3": ["GUF"], "continent": ["South America"]},
                              geometry=[shapely.MultiPolygon(overseas)], crs=world.crs)
    world = world.copy()
    world.loc[france.index, "geometry"] = shapely.MultiPolygon(europe)
    return gpd.pd.concat([world, guiana], ignore_index=True)


def make_boundaries():
    """The derived GeoDataFrame: name, iso_a3, iso_a2 (study countries), study, region, geometry."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    from heroes_research.countries import COUNTRIES

    world = gpd.read_file(_source())[["name", "iso_a3", "continent", "geometry"]]
    world["iso_a3"] = world["name"].map(_FIX_ISO3).fillna(world["iso_a3"])
    world = _split_french_guiana(world)
    study = {c.iso3: c.iso2 for c in COUNTRIES}
    pieces = []
    for region, (west, south, east, north) in WINDOWS.items():
        box = shapely.box(west, south, east, north)
        inside = world[world.intersects(box)].copy()
        inside["geometry"] = inside.geometry.intersection(box)
        inside["region"] = region
        pieces.append(inside)
    out = pd.concat(pieces, ignore_index=True)
    out["geometry"] = shapely.set_precision(out.geometry.to_numpy(), _GRID)
    out = out[~out.geometry.is_empty]
    # A country in two windows (e.g. Turkey) keeps one row per region it is drawn in.
    out["iso_a2"] = out["iso_a3"].map(study).fillna("")
    out["study"] = out["iso_a2"] != ""
    out = out.sort_values(["region", "iso_a3"], kind="stable").reset_index(drop=True)
    return gpd.GeoDataFrame(out[["region", "iso_a3", "iso_a2", "name", "study", "geometry"]],
                            crs="EPSG:4326")


def main() -> None:
    """Write the GeoJSON (atomically) and print its sha256."""
    from heroes_research.io import atomic_path
    from heroes_research.maps._boundaries import boundaries_path
    from heroes_research.provenance import sha256_file

    target = boundaries_path()
    with atomic_path(target) as tmp:
        make_boundaries().to_file(tmp, driver="GeoJSON", layer="heroes_admin0",
                                  COORDINATE_PRECISION=3, WRITE_BBOX="NO", RFC7946="YES")
    print(f"{target}\nsha256 {sha256_file(target)}")


if __name__ == "__main__":
    main()
