"""User replicate weights constant within PSUs are stored once per PSU, with the same results."""

from __future__ import annotations

import numpy as np
import pandas as pd

from heroes_research.survey import SurveyDesign


def test_compressed_and_row_level_weights_give_the_same_variance(dclus1):
    converted = dclus1.to_replicate("JK1")
    data = pd.concat([dclus1.data, converted.replicate_weights], axis=1)
    published = SurveyDesign.from_replicate_weights(
        data,
        weights="pw",
        replicate_weights="^rep",
        type="JK1",
        scale=converted._layout.replicates.scale,
    )
    rep = published._layout.replicates
    assert rep.group is not None and rep.factors.shape == (15, 15)  # one row per district
    for a, b in (
        (published.mean("api00"), converted.mean("api00")),
        (
            published.quantile("api00", 0.5, interval="quantile"),
            converted.quantile("api00", 0.5, interval="quantile"),
        ),
    ):
        np.testing.assert_allclose(a["se"], b["se"], rtol=1e-12)


def test_distinct_rows_stay_uncompressed():
    rng = np.random.default_rng(3)
    data = pd.DataFrame({"y": rng.normal(size=20), "w": 1.0})
    for r in range(4):
        data[f"r{r}"] = rng.uniform(0.5, 1.5, 20)
    design = SurveyDesign.from_replicate_weights(
        data, weights="w", replicate_weights="^r", type="bootstrap"
    )
    assert design._layout.replicates.group is None
