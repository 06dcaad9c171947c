"""The intruder: attack a built report with only its published files, then check against the data.

:func:`intrude` reads what a reader of ``reports/`` holds (tables in every format,
side-cars, executed notebook pages, the site, the Word report; never the build's own
ledger or audit) and derives what it can about people:

- ``linked_lp``: one linear programme over every count table, cells with the same labels
  in tables of the same stated source merged, totals linked as margins;
- ``published_small``: a count of 1 .. min_count - 1 a table of whole counts shows;
- ``suppression_rule``: in a table without margins every hidden cell is under the stated
  threshold, and not zero when zeros are shown;
- ``zero_floor_lp``: the same programme assuming that a table showing zeros hides none;
- ``share_x_n``: counts implied by an unweighted share and its n, and 0 % / 100 %;
- ``likert_mean_se``: answer counts pinned by a published mean, SE and n of a rating;
- ``differencing``: respondents minus duplicates minus an estimate's n (item non-response);
- ``printed_count``: counts a notebook page prints beside tidy estimates (``n_level``);
- ``narrative``: small counts of people stated in prose (HTML, DOCX);
- ``record_id``: record identifiers (``AT-I01``) printed anywhere;
- ``format``: a cell the CSV hides but the table's XLSX or DOCX shows;
- ``digest``: a published SHA-256 (or its first 16 hex digits) that is not the hash of a
  published file but of a table consistent with the published cells (a hash oracle).

:func:`confirm` checks each derivation against the truth recomputed from the processed
data (:class:`~heroes_research.disclosure._intruder_truth.Truth`): a derivation is
``confirmed`` when the truth lies in the derived interval, ``refuted`` when it does not
(the intruder assumed a link that is not there), ``unverified`` when the published labels
do not say what to count, and ``stated`` for a count the narrative states outright.

Example
-------
>>> import tempfile, pathlib
>>> reports = pathlib.Path(tempfile.mkdtemp())
>>> (reports / "notebooks").mkdir()
>>> _ = (reports / "notebooks" / "a.html").write_text("<p>Interview AT-I01 said so.</p>")
>>> intrude(reports)[["attack", "cell"]].values.tolist()
[['record_id', 'AT-I01']]
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from heroes_research.disclosure._intruder_attacks import (
    COLUMNS,
    differencing_attack,
    likert_attack,
    published_small_attack,
    share_attack,
    suppression_rule_attack,
)
from heroes_research.disclosure._intruder_lp import count_tables, linked_attack, numeric_layout
from heroes_research.disclosure._intruder_read import (
    PublishedTable,
    chart_withholdings,
    document_texts,
    printed_frames,
    prose_texts,
    published_files,
    read_tables,
)
from heroes_research.disclosure._intruder_text import (
    identifier_attack,
    narrative_attack,
    printed_estimates_attack,
)
from heroes_research.disclosure._intruder_truth import Truth

__all__ = ["confirm", "digest_attack", "format_attack", "intrude", "print_intrusion"]

_DIGEST = re.compile(r"(?<![0-9a-fA-F])(?:[0-9a-f]{64}|[0-9a-f]{16})(?![0-9a-fA-F])")
_MAX_CANDIDATES = 200_000
_HYPOTHESES = ("zero_floor_lp", "suppression_rule")  # attacks resting on an assumption about the table
def _serialisations(table: PublishedTable, values: np.ndarray, layout) -> list[bytes]:
    """Ways a build might have hashed a full table: with and without totals, as CSV text."""
    full = layout.to_frame(values).astype("int64")
    full.index.names = table.frame.index.names
    inner = layout.inner(full)
    texts = [frame.to_csv(lineterminator="\n") for frame in (full, inner)]
    texts += [frame.to_csv(lineterminator="\n", index=False) for frame in (full, inner)]
    return [t.encode("utf-8") for t in texts]


def _completions(table: PublishedTable, intervals: pd.DataFrame) -> tuple[object, np.ndarray, list[np.ndarray]]:
    """Every table consistent with the published cells (hidden cells within their LP intervals)."""
    layout, _, published, _ = numeric_layout(table)
    hidden = np.flatnonzero(np.isnan(published))
    mine = intervals[intervals["output"] == table.name]
    if not len(hidden) or len(mine) != len(hidden) or not np.isfinite(mine["high"]).all():
        return layout, hidden, []
    ranges = [range(int(lo), int(hi) + 1) for lo, hi in zip(mine["low"], mine["high"], strict=True)]
    if np.prod([len(r) for r in ranges], dtype=float) > _MAX_CANDIDATES:
        return layout, hidden, []
    constraints = layout.constraints
    out = []
    for combo in itertools.product(*ranges):  # bounded by _MAX_CANDIDATES
        values = published.copy()
        values[hidden] = combo
        if not np.abs(constraints @ values).any():
            out.append(values)
    return layout, hidden, out


def digest_attack(
    reports: Path, tables: Sequence[PublishedTable], intervals: pd.DataFrame
) -> list[dict]:
    """Hidden cells recovered by matching a published digest against enumerated tables.

    A 64- or 16-hex digest in a published file that is the hash (or its prefix) of no
    published file is compared with the SHA-256 of every count table consistent with
    the published cells, serialised as CSV with and without totals and index.
    """
    files = published_files(reports)
    explained = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    found: dict[str, str] = {}
    for path in files:
        if path.suffix in {".png", ".pdf", ".xlsx", ".docx", ".zip"}:
            continue
        for digest in _DIGEST.findall(path.read_text(encoding="utf-8", errors="replace")):
            if not any(h.startswith(digest) for h in explained):
                found.setdefault(digest, path.relative_to(reports).as_posix())
    if not found:
        return []
    rows = []
    for table in count_tables(tables):
        layout, hidden, candidates = _completions(table, intervals)
        for values in candidates:
            hashes = {hashlib.sha256(text).hexdigest() for text in _serialisations(table, values, layout)}
            hit = next((d for d in found if any(h.startswith(d) for h in hashes)), None)
            if hit is None:
                continue
            mine = intervals[intervals["output"] == table.name]
            for cell, key, added, value in zip(mine["cell"], mine["key"], mine["added"], values[hidden],
                                               strict=True):
                if added:
                    continue
                rows.append({"attack": "digest", "output": table.name, "cell": cell,
                             "derivation": f"sha256 {hit[:16]}... in {found[hit]} matches one of "
                                           f"{len(candidates)} consistent tables",
                             "low": float(value), "high": float(value),
                             "claim": {"kind": "count", "source": table.source, "key": [list(p) for p in key]}})
    return rows


def _grid_rows(grid: list[list[str]], header: list[str], labels: int) -> dict[tuple[str, ...], list[str]]:
    """Rows of the block of ``grid`` under a row equal to ``header``, keyed by their ``labels`` cells."""
    cells = [[str(c).strip() for c in row[:len(header)]] for row in grid]
    start = next((i for i, row in enumerate(cells) if row == header), None)
    rows: dict[tuple[str, ...], list[str]] = {}
    for row in cells[start + 1:] if start is not None else []:
        if not row or not row[0]:
            break
        rows.setdefault(tuple(row[:labels]), row)
    return rows


def _other_formats(reports: Path, name: str) -> list[Path]:
    candidates = [reports / "tables" / f"{name}.xlsx", reports / "tables" / f"{name}.docx"]
    return [p for p in candidates if p.is_file()]


def format_attack(reports: Path, tables: Sequence[PublishedTable]) -> list[dict]:
    """Cells a table's CSV hides but its XLSX or DOCX (what a reader may open instead) shows."""
    from heroes_research.disclosure._intruder_read import HIDDEN, number, table_cells_in

    rows = []
    for table in tables:
        frame = table.frame
        labels = [str(n) for n in frame.index.names]
        header = labels + [str(c) for c in frame.columns]
        for path in _other_formats(reports, table.name):
            shown = _grid_rows(table_cells_in(path), header, len(labels))
            for label, record in frame.iterrows():
                key = tuple(str(v) for v in (label if isinstance(label, tuple) else (label,)))
                other = shown.get(key)
                for position, column in enumerate(frame.columns, start=len(labels)):
                    value = number(other[position]) if other else None
                    if str(record[column]).strip() not in HIDDEN or value is None:
                        continue
                    dims = [*zip(labels, key, strict=True), ("column", str(column))]
                    rows.append({"attack": "format", "output": table.name,
                                 "cell": ", ".join(f"{d}={v}" for d, v in dims),
                                 "derivation": f"hidden in the CSV, {value:g} in {path.name}",
                                 "low": value, "high": value,
                                 "claim": {"kind": "count", "source": table.source, "key": [list(d) for d in dims]}})
    return rows


def intrude(reports: Path, *, min_count: int = 5) -> pd.DataFrame:
    """Attack a built report folder with only its published files.

    Parameters
    ----------
    reports
        The built reports folder.
    min_count
        The threshold: a derived count of people within ``1 .. min_count - 1`` discloses.

    Returns
    -------
    pandas.DataFrame
        One row per disclosing derivation: ``attack``, ``output`` (the output or file),
        ``cell``, ``derivation`` (how), ``low``, ``high`` (the interval learnt) and
        ``claim`` (what the cell counts, for :func:`confirm`).
    """
    tables = read_tables(reports)
    rows, intervals = linked_attack(tables, min_count)
    disclosed = {(r["output"], r["cell"]) for r in rows}
    floored, _ = linked_attack(tables, min_count, floor=True)
    rows += [r for r in floored if (r["output"], r["cell"]) not in disclosed]
    rows += published_small_attack(tables, min_count)
    rows += suppression_rule_attack(tables, min_count)
    rows += share_attack(tables, min_count)
    rows += likert_attack(tables, min_count, chart_withholdings(reports))
    rows += differencing_attack(tables, intervals, min_count)
    rows += printed_estimates_attack(printed_frames(reports), min_count)
    rows += narrative_attack(prose_texts(reports), min_count)
    rows += identifier_attack(document_texts(reports))
    rows += digest_attack(reports, tables, intervals)
    rows += format_attack(reports, tables)
    return pd.DataFrame(rows, columns=COLUMNS)


def confirm(derivations: pd.DataFrame, truth: Truth) -> pd.DataFrame:
    """Check each derivation against the truth recomputed from the data.

    Adds ``truth`` (the true value(s), comma-separated; empty when unknown) and
    ``status``: ``confirmed`` (a true value lies in ``[low, high]``; for an identifier,
    the record exists), ``refuted``, ``unverified`` or ``stated`` (a narrative count).
    A derivation resting on an assumption about a table (no hidden zero, no secondary
    suppression) is refuted when the data contradict the assumption anywhere in it.
    """
    truths, status = [], []
    for row in derivations.itertuples():
        values = truth.values(row.claim)
        truths.append(", ".join(f"{v:g}" for v in sorted(values)))
        if row.claim.get("kind") == "stated":
            status.append("stated")
        elif not values:
            status.append("unverified")
        elif row.claim.get("kind") == "identifier" or any(
                row.low - 1e-9 <= v <= row.high + 1e-9 for v in values):
            status.append("confirmed")
        else:
            status.append("refuted")
    return _refute_hypotheses(derivations.assign(truth=truths, status=status))


def _refute_hypotheses(checked: pd.DataFrame) -> pd.DataFrame:
    """A hypothesis refuted anywhere in an output is refuted there everywhere.

    ``zero_floor_lp`` assumes a table hides no zero, ``suppression_rule`` that every
    hidden cell of a table without margins is a primary one; where the data contradict
    the assumption for one cell, the reader had no way to tell which of the table's
    derivations hold.
    """
    if checked.empty:
        return checked
    refuted = (checked["status"] == "refuted").groupby([checked["attack"], checked["output"]]).transform("any")
    return checked.assign(status=checked["status"].mask(checked["attack"].isin(_HYPOTHESES) & refuted, "refuted"))


def print_intrusion(
    reports: Path, *, min_count: int = 5, processed: Path | None = None, segments: Path | None = None
) -> int:
    """Run the intruder on ``reports``, check against the processed data, print what holds.

    ``processed`` defaults to the project's processed data, ``segments`` to the demo's
    coded interview segments (the truth of the interview tables).

    Returns 1 when any derivation is confirmed, stated or cannot be checked (the output
    checker must look at it), 0 when every derivation is refuted by the data or none is made.
    """
    from heroes_research.disclosure._intruder_truth import interview_frames, load_truth
    from heroes_research.errors import HeroesError

    try:
        interviews = interview_frames(segments)
    except HeroesError:  # a study without coded interviews
        interviews = {}
    found = confirm(intrude(reports, min_count=min_count), load_truth(processed, interviews))
    open_ = found[found["status"] != "refuted"]
    print(f"intruder: {len(found)} derivations, {len(open_)} not refuted by the data")
    for row in open_.itertuples():
        print(f"  {row.status:10} {row.attack}: {row.output}, {row.cell}: {row.low:g}-{row.high:g} "
              f"({row.derivation}; truth {row.truth or '?'})")
    return int(len(open_) > 0)
