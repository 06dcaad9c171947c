"""The committed country boundaries (derived from Natural Earth; never downloaded)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from heroes_research.errors import OutputError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["BOUNDARIES_FILE", "BOUNDARIES_SHA256", "boundaries_path", "load_boundaries"]

BOUNDARIES_FILE = "ne_110m_admin0_heroes.geojson"
#: sha256 of the committed file (also in data/external/README.md); checked on every load.
BOUNDARIES_SHA256 = "cb7fa79f801eff051c147b22e34687feacf1912201789b6bc6010c1205776669"


def boundaries_path() -> Path:
    """``data/external/ne_110m_admin0_heroes.geojson`` under the project root."""
    from heroes_research.paths import external_dir

    return external_dir() / BOUNDARIES_FILE


def load_boundaries() -> gpd.GeoDataFrame:
    """Read the boundaries after checking their sha256.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``region`` (europe / south_america / south_asia), ``iso_a3``,
        ``iso_a2`` (study countries only, else empty), ``name``, ``study``, geometry
        (EPSG:4326). A country drawn in two panels has one row per panel.

    Raises
    ------
    OutputError
        ``reason="no_boundaries"`` if the file is missing, ``"bad_boundaries"`` if its
        checksum differs from :data:`BOUNDARIES_SHA256`.

    Example
    -------
    >>> world = load_boundaries()
    >>> int(world["study"].sum())
    15
    """
    import geopandas as gpd

    from heroes_research.provenance import sha256_file

    path = boundaries_path()
    if not path.is_file():
        raise OutputError("map boundaries not found", reason="no_boundaries", file=path,
                          hint="restore data/external from git, or run "
                               "python -m heroes_research.maps._make_boundaries")
    digest = sha256_file(path)
    if digest != BOUNDARIES_SHA256:
        raise OutputError(f"map boundaries changed (sha256 {digest[:12]}..., expected "
                          f"{BOUNDARIES_SHA256[:12]}...)", reason="bad_boundaries", file=path,
                          hint="restore the committed file from git (see data/external/README.md)")
    return gpd.read_file(path)
