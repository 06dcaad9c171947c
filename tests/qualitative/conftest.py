"""Fixtures of the qualitative tests: a tiny hand-made segments table and the demo data."""

from __future__ import annotations

import pandas as pd
import pytest

from heroes_research.qualitative import SEGMENT_COLUMNS, load_segments

# I1 (AT judge) and I2 (AT police) coded by C1; I3 (BE judge) double-coded by C1 and C2.
_TINY = [
    ("I1", "AT", "judge", 1, "a/x", "C1"),
    ("I1", "AT", "judge", 2, "a/y", "C1"),
    ("I1", "AT", "judge", 3, "b/z", "C1"),
    ("I2", "AT", "police", 1, "a/x", "C1"),
    ("I2", "AT", "police", 2, "b/w", "C1"),
    ("I3", "BE", "judge", 1, "a/x", "C1"),
    ("I3", "BE", "judge", 2, "b/z", "C1"),
    ("I3", "BE", "judge", 1, "a/x", "C2"),
    ("I3", "BE", "judge", 2, "a/y", "C2"),
    ("I3", "BE", "judge", 3, "b/z", "C2"),
]


@pytest.fixture
def tiny() -> pd.DataFrame:
    """Ten coded segments of three interviews (codes a/x, a/y, b/z, b/w)."""
    frame = pd.DataFrame(_TINY, columns=list(SEGMENT_COLUMNS[1:]))
    frame.insert(0, "segment_id", [f"S{i}" for i in range(1, len(frame) + 1)])
    return frame


@pytest.fixture(scope="session")
def demo() -> pd.DataFrame:
    """The committed synthetic demo segments."""
    return load_segments()
