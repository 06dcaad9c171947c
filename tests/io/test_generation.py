"""Processed-data generations: an ingest of some data sets keeps the others, whole."""

from __future__ import annotations

import pandas as pd

from heroes_research.io import read_processed, write_processed
from heroes_research.io._generation import current_generation, processed_generation


def _ingest(folder, **data_sets) -> None:
    with processed_generation(folder) as gen:
        for name, values in data_sets.items():
            write_processed(pd.DataFrame({"q": values}), name, metadata={"demo": False}, root=gen)


def test_an_ingest_of_one_study_keeps_the_other_studies_data(tmp_path):
    _ingest(tmp_path, demo_survey=[1, 2, 3])
    first = current_generation(tmp_path)
    _ingest(tmp_path, my_study=[7, 8])
    assert current_generation(tmp_path) != first
    assert read_processed("demo_survey", root=tmp_path).data["q"].tolist() == [1, 2, 3]
    assert read_processed("my_study", root=tmp_path).data["q"].tolist() == [7, 8]


def test_a_rewritten_data_set_is_replaced_whole(tmp_path):
    _ingest(tmp_path, a=[1], b=[2])
    _ingest(tmp_path, a=[10])
    assert read_processed("a", root=tmp_path).data["q"].tolist() == [10]
    assert read_processed("b", root=tmp_path).data["q"].tolist() == [2]
    generation = tmp_path / ".generations" / current_generation(tmp_path)
    assert sorted(p.name.split(".", 1)[0] for p in generation.iterdir()) == ["a", "a", "b", "b"]
    assert len(list((tmp_path / ".generations").iterdir())) == 1  # the older generation is gone
