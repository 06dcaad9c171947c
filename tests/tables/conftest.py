"""Each test starts with an empty registry of output names (it is per process); shared survey data."""

from __future__ import annotations

import pandas as pd
import pytest

from heroes_research.survey import SurveyDesign


@pytest.fixture(autouse=True)
def _fresh_output_names():
    from heroes_research.tables import reset_registry

    reset_registry()
    yield
    reset_registry()


@pytest.fixture
def practitioners() -> SurveyDesign:
    """Sectors x agency types, with one small police-NGO-... cell (2 respondents)."""
    sector = ["Police"] * 30 + ["NGO"] * 22 + ["Health"] * 14
    agency = (["public", "private"] * 15) + ["public"] * 2 + ["private"] * 20 + ["public"] * 14
    aware = ([1.0, 0.0, 1.0] * 22)
    frame = pd.DataFrame({"sector": pd.Categorical(sector, ["Police", "NGO", "Health"]),
                          "agency": agency, "aware": aware})
    return SurveyDesign(frame)
