"""Choropleth maps of the 15 study countries, from boundaries committed under data/external.

Example
-------
>>> from heroes_research import maps
>>> fig = maps.choropleth_map(values, title="Aware of the NRM", source="HEROES survey",
...                           legend_title="Aware (%)", demo=True)      # doctest: +SKIP
"""

from heroes_research.maps._boundaries import BOUNDARIES_SHA256, boundaries_path, load_boundaries
from heroes_research.maps._choropleth import PANELS, Panel, choropleth_map

__all__ = ["BOUNDARIES_SHA256", "PANELS", "Panel", "boundaries_path", "choropleth_map", "load_boundaries"]
