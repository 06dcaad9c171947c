"""Bad input, end to end through `heroes ingest`: a clear error, and data/processed untouched.

Each case runs a good ingest, breaks one input, runs the ingest again and checks
that the command fails with exit status 2, that the message names the file (and
the variable and rows where there are some) and says what to do, and that every
file in data/processed is byte-identical to before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from heroes_research.cli import main
from tests.pipeline.conftest import snapshot, spanish_frame, write_spanish


def _corrupt(folder: Path) -> None:
    rng = np.random.default_rng(1)
    (folder / "es.sav").write_bytes(b"$FL2" + rng.integers(0, 256, 600, dtype=np.uint8).tobytes())


def _truncated(folder: Path) -> None:
    data = (folder / "es.sav").read_bytes()
    (folder / "es.sav").write_bytes(data[: len(data) // 2])


def _wrong_extension(folder: Path) -> None:
    spanish_frame().to_stata(folder / "es.sav", write_index=False)  # a Stata file named .sav


def _wrong_encoding(folder: Path) -> None:
    """A label written in latin-1 inside a file that declares UTF-8."""
    import pyreadstat

    path = folder / "es.sav"
    pyreadstat.write_sav(spanish_frame(), path, missing_ranges={"p1_importancia": [8, 9]},
                         variable_value_labels={"p1_importancia": {1: "Baja", 9: "No contestó"}})
    data = path.read_bytes()
    path.write_bytes(data.replace("contestó".encode(), b"contest" + b"\xf3 "))


def _empty(folder: Path) -> None:
    (folder / "es.sav").write_bytes(b"")


def _absent_variable(folder: Path) -> None:
    path = folder / "codebook.yaml"
    book = yaml.safe_load(path.read_text(encoding="utf-8"))
    book["countries"]["ES"]["variables"]["q1"]["source"] = "p1_importancia_v2"
    path.write_text(yaml.safe_dump(book, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _code_outside_codebook(folder: Path) -> None:
    frame = spanish_frame()
    frame.loc[2, "p1_importancia"] = 7.0  # respondent ES-03
    write_spanish(folder, frame)


def _duplicate_ids(folder: Path) -> None:
    frame = spanish_frame()
    write_spanish(folder, pd.concat([frame, frame.iloc[[1]]], ignore_index=True))  # ES-02 twice


# name -> (break the input, extra CLI flags, fragments the message must contain)
CASES: dict[str, tuple[Callable[[Path], None], list[str], list[str]]] = {
    "corrupt": (_corrupt, [], ["es.sav"]),
    "truncated": (_truncated, [], ["es.sav"]),
    "wrong_extension": (_wrong_extension, [], ["es.sav", ".dta"]),
    "wrong_encoding": (_wrong_encoding, [], ["es.sav", "encoding", "p1_importancia"]),
    "empty": (_empty, [], ["es.sav", "empty"]),
    "absent_variable": (_absent_variable, [], ["es.sav", "variable 'q1'", "p1_importancia_v2",
                                               "missing_variable"]),
    "code_outside_codebook": (_code_outside_codebook, ["--strict"],
                              ["es.sav", "variable 'q1'", "ES-03", "code_not_declared"]),
    "duplicate_ids": (_duplicate_ids, ["--strict"],
                      ["es.sav", "variable 'resp_id'", "ES-02", "duplicate_respondent"]),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_clearly_and_keeps_processed_data(case, mini_raw, project_tmp, capsys):
    breaker, flags, fragments = CASES[case]
    command = ["ingest", "--raw", str(mini_raw), "--no-progress", *flags]
    assert main(command) == 0
    processed = project_tmp / "data" / "processed"
    before = snapshot(processed)
    assert {"mini.parquet", "mini.json", "mini.validation.csv"} <= set(before)
    capsys.readouterr()

    breaker(mini_raw / "mini")
    assert main(command) == 2
    message = capsys.readouterr().err
    assert message.startswith("heroes ingest: error: ingest 'mini'"), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert "what to do:" in message
    assert snapshot(processed) == before


def test_lenient_ingest_reports_bad_codes_instead_of_failing(mini_raw, project_tmp, capsys):
    _code_outside_codebook(mini_raw / "mini")
    assert main(["ingest", "--raw", str(mini_raw), "--no-progress"]) == 0
    report = pd.read_csv(project_tmp / "data" / "processed" / "mini.validation.csv", dtype=str)
    row = report.iloc[0]
    assert (row["file"], row["row_id"], row["variable"], row["value"], row["rule"]) == (
        "mini/es.sav", "ES-03", "q1", "7", "code_not_declared")
    assert "code_not_declared" in capsys.readouterr().out
