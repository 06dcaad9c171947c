"""A tiny project with three notebooks for exercising the build end to end."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REGISTRY = """
notebooks:
  a_first:
    title: First
    inputs: [data/raw/demo/input.txt]
    outputs:
      - {name: fig_a, kind: figure, caption: A line, source: test input}
  b_second:
    title: Second
    depends_on: [a_first]
    outputs:
      - {name: tab_b, kind: table, caption: A table, source: test input}
  c_independent:
    title: Independent
    outputs:
      - {name: fig_c, kind: figure, caption: Another line, source: test input}
"""

WRITE_FIGURE = '''
import json
import matplotlib.pyplot as plt
from heroes_research import paths
out = paths.reports_dir() / "figures"
out.mkdir(parents=True, exist_ok=True)
fig, ax = plt.subplots()
ax.plot([0, 1], [0, scale])
fig.savefig(out / "{name}.png")
(out / "{name}.json").write_text(json.dumps({{"scale": scale}}))
'''

WRITE_TABLE = '''
import json
import pandas as pd
from heroes_research import paths
out = paths.reports_dir() / "tables"
out.mkdir(parents=True, exist_ok=True)
pd.DataFrame({{"x": [1, 2]}}).to_csv(out / "{name}.csv", index=False)
(out / "{name}.html").write_text("<table></table>")
(out / "{name}.json").write_text(json.dumps({{"note": "a note"}}))
'''


def _notebook_source(body: str, parameters: str = "scale = 1") -> str:
    """A jupytext percent script with a parameters cell and ``body``."""
    return (
        "# %% [markdown]\n# Test notebook\n\n"
        f'# %% tags=["parameters"]\n{parameters}\n\n'
        f"# %%\n{textwrap.dedent(body).strip()}\n"
    )


@pytest.fixture
def write_notebook(build_project: Path):
    """Write notebook ``name`` that saves figure ``output`` (``prelude`` code first, optional typo)."""

    def write(name: str, output: str, parameters: str = "scale = 1", typo: bool = False,
              prelude: str = "") -> Path:
        body = prelude + WRITE_FIGURE.format(name=output)
        if typo:
            body = body.replace("ax.plot", "ax.plott")
        path = build_project / "notebooks" / f"{name}.py"
        path.write_text(_notebook_source(body, parameters))
        return path

    return write


@pytest.fixture
def build_project(project_tmp: Path) -> Path:
    """project_tmp with notebooks a -> b and an independent c."""
    notebooks = project_tmp / "notebooks"
    notebooks.mkdir()
    (notebooks / "registry.yaml").write_text(REGISTRY)
    (notebooks / "a_first.py").write_text(_notebook_source(WRITE_FIGURE.format(name="fig_a")))
    (notebooks / "b_second.py").write_text(_notebook_source(WRITE_TABLE.format(name="tab_b")))
    (notebooks / "c_independent.py").write_text(_notebook_source(WRITE_FIGURE.format(name="fig_c")))
    (project_tmp / "data" / "raw" / "demo").mkdir(parents=True, exist_ok=True)
    (project_tmp / "data" / "raw" / "demo" / "input.txt").write_text("v1")
    return project_tmp
