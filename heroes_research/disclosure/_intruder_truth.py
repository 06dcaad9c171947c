"""The truth an intruder's derivations are checked against, recomputed from the data.

The intruder derives a cell from published files only; :class:`Truth` recomputes the
same cell from the processed data (``data/processed`` via
:func:`~heroes_research.io.read_processed`, plus any extra frames such as coded
interview segments) by what the published labels say it counts: a country name
filters the country, a level names a category of the one variable that has it, "Study:
variable label" picks the data set and the variable. A cell whose labels do not resolve
to one count has no truth (an empty set): the derivation stays unverified.

Example
-------
>>> import pandas as pd
>>> frame = pd.DataFrame({"country": ["AT", "AT", "BE"], "role": ["judge", "police", "judge"],
...                       "resp_id": ["AT-1", "AT-2", "BE-1"]})
>>> Truth({"interviews": frame}).count("practitioner interviews", {"Country": "Austria", "column": "Judge"})
{1}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.disclosure._intruder_read import fits

__all__ = ["Truth", "interview_frames", "load_truth"]

_ID_COLUMN = re.compile(r"(^|_)id$")
_SUM = re.compile(r"^sum\{(?P<levels>.*)\}$")


def _norm(text: object) -> str:
    return re.sub(r"[\s_]+", " ", str(text)).strip().lower()


def _id_column(frame: pd.DataFrame) -> str | None:
    ids = [c for c in frame.columns if _ID_COLUMN.search(str(c)) and not str(c).endswith("__missing")]
    return ids[0] if ids else None


def _dedup(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per record (the first), as the analyses count them."""
    key = _id_column(frame)
    if key is None or "country" not in frame.columns:
        return frame
    return frame.drop_duplicates(["country", key])


def _names_study(label: str, name: str) -> bool:
    """Whether ``label`` names data set ``name`` (or a part of it, ``"<study> validation"``)."""
    study, frame = _norm(label), _norm(name)
    return frame == study or frame.startswith(study + " ")


def _of_study(label: str, name: str) -> bool:
    """Whether ``"Study: ..."`` is about data set ``name``."""
    return ": " in label and _names_study(label.split(": ")[0], name)


def _battery(frame: pd.DataFrame, column: str) -> list[str]:
    """The columns with the same answer levels as ``column`` (itself only if not categorical)."""
    if not isinstance(frame[column].dtype, pd.CategoricalDtype):
        return [column]
    levels = list(frame[column].cat.categories)
    return [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)
            and list(frame[c].cat.categories) == levels]


def _attribute_counts(answers: pd.Series) -> set[int]:
    """Counts of every attribute of a group's answers (see :meth:`Truth.share_count`)."""
    from itertools import combinations

    if pd.api.types.is_numeric_dtype(answers.dtype) and answers.nunique() > 8:
        values = answers.to_numpy(dtype=float)
        return {int(f(values, v).sum()) for v in np.unique(values) for f in (np.less_equal, np.greater_equal, np.equal)}
    counts = answers.value_counts()
    if len(counts) > 8:
        return set()
    return {int(counts[list(subset)].sum()) for size in range(1, len(counts))
            for subset in combinations(counts.index, size)}


def _country(label: str) -> str | None:
    from heroes_research.countries import to_iso2
    from heroes_research.errors import HeroesError

    try:
        return to_iso2(label)
    except HeroesError:
        return None


class Truth:
    """Cells recomputed from data frames, one per data set name.

    Parameters
    ----------
    frames
        ``{name: frame}``; a frame has a ``country`` column (ISO codes) and one row per
        record (rows sharing the record id are counted once).
    labels
        ``{name: {column: variable label}}`` (the processed side-car's ``variable_labels``).
    """

    def __init__(self, frames: Mapping[str, pd.DataFrame],
                 labels: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.raw = dict(frames)
        self.frames = {name: _dedup(frame) for name, frame in frames.items()}
        self.labels = {name: dict((labels or {}).get(name, {})) for name in frames}

    # -- choosing the data --------------------------------------------------------------
    def _frames_for(self, source: str) -> list[str]:
        text = _norm(source)
        named = [n for n in self.frames if _norm(n) in text or f"{n}/" in source]
        return named or list(self.frames)

    def _variable(self, name: str, label: str) -> str | None:
        wanted = _norm(label)
        hits = [c for c, lab in self.labels[name].items()
                if not c.endswith("__missing") and (_norm(lab) == wanted or _norm(lab).endswith(": " + wanted))]
        hits += [c for c in self.frames[name].columns if _norm(c) == wanted and c not in hits]
        return hits[0] if len(hits) == 1 else None

    def _category_column(self, frame: pd.DataFrame, options: list[str], prefer: list[str]) -> str | None:
        """The one column having every level in ``options`` (a total sums several), or None."""
        wanted = {_norm(v) for v in options}

        def has(column: str) -> bool:
            series = frame[column]
            values = series.cat.categories if isinstance(series.dtype, pd.CategoricalDtype) else series.dropna().unique()
            return len(values) < 200 and wanted <= {_norm(v) for v in values}

        preferred = [c for c in prefer if c in frame.columns and has(c)]
        if preferred:
            return preferred[0]
        hits = [c for c in frame.columns if frame[c].dtype != float and has(c)]
        return hits[0] if len(hits) == 1 else None

    # -- one cell -----------------------------------------------------------------------
    def _mask(self, name: str, dims: Mapping[str, str], frame: pd.DataFrame) -> pd.Series | None:
        """Rows of ``frame`` (data set ``name``) that the labelled cell counts, or None if unresolved."""
        mask = pd.Series(True, index=frame.index)
        prefer: list[str] = []
        for value in sorted(dims.values(), key=lambda v: ": " not in v):  # "Study: variable" first
            if _names_study(value, name):  # a dimension of studies: this row is this data set
                continue
            if _of_study(value, name):
                variable = self._variable(name, value.split(": ", 1)[1])
                if variable is not None:
                    prefer = [variable, f"{variable}__missing"]
                    continue
                value = value.split(": ", 1)[1]  # "Study: level" (e.g. a rule of its validation)
            levels = _SUM.match(value)
            options = levels["levels"].split("|") if levels else [value]
            codes = [_country(v) for v in options]
            if all(codes) and "country" in frame.columns:
                mask &= frame["country"].astype(str).isin(codes)
                continue
            column = self._category_column(frame, options, prefer)
            if column is None:
                return None
            mask &= frame[column].map(_norm).isin({_norm(v) for v in options})
        return mask

    def count(self, source: str, dims: Mapping[str, str]) -> set[int]:
        """True counts of a labelled cell of a table from ``source``: records, and rows as ingested.

        Records are the distinct (country, record id) pairs among the rows the labels
        select; rows as ingested count duplicates too (a reader cannot tell which a
        table counts). Empty when the labels resolve in no data set.
        """
        names = self._frames_for(source)
        study = [n for n in names if any(_of_study(v, n) or _names_study(v, n) for v in dims.values())]
        found: set[int] = set()
        for name in study or names:
            frame = self.raw[name]
            mask = self._mask(name, dims, frame)
            if mask is None:
                continue
            key = _id_column(frame)
            if key is None or "country" not in frame.columns:
                found.add(int(mask.sum()))
                continue
            records = frame.loc[mask, ["country", key]]
            found.add(len(records.drop_duplicates()))
            if frame.duplicated(["country", key]).mean() < 0.5:  # repeated ids are duplicates, not parts
                found.add(len(records))
        return found

    def _answered(self, source: str, row: list[str], n: int) -> list[tuple[pd.Series, str]]:
        """``(answers in the group, column)`` of every variable with ``n`` answers in the group.

        The answers counted are those to the variable, or, for a variable of a battery
        (columns with the same answer levels), those of respondents who answered the
        whole battery (an analysis of several items together drops incomplete cases).
        """
        out = []
        code = _country(row[0])
        for name in self._frames_for(source):
            frame = self.frames[name]
            if code is None or "country" not in frame.columns:
                continue
            group = frame[frame["country"].astype(str) == code]
            for column in group.columns:
                if str(column).endswith("__missing"):
                    continue
                for answered in (group[column].notna(), group[_battery(group, column)].notna().all(axis=1)):
                    if int(answered.sum()) == n:
                        out.append((group.loc[answered, column], str(column)))
                        break
        return out

    def share_count(self, claim: Mapping[str, Any]) -> int | None:
        """The true count behind a published share: an attribute of the group's answers gives it.

        An attribute is a proper, non-empty set of answer levels, or, for a number, a
        value or a threshold (``x <= v``, ``x >= v``); the count must be the only one
        whose share of ``n`` rounds to the published share.
        """
        found = set()
        for answers, _ in self._answered(claim["source"], claim["row"], claim["n"]):
            for k in _attribute_counts(answers):
                if fits(100 * k / claim["n"], claim["share"]):
                    found.add(k)
        return found.pop() if len(found) == 1 else None

    def likert_count(self, claim: Mapping[str, Any]) -> int | None:
        """The true count of one answer level of the rating whose mean the table publishes."""
        found = set()
        levels = claim["scale"][1] - claim["scale"][0] + 1
        for answers, _ in self._answered(claim["source"], claim["row"], claim["n"]):
            if not isinstance(answers.dtype, pd.CategoricalDtype) or len(answers.cat.categories) != levels:
                continue
            scores = answers.cat.codes.to_numpy() + claim["scale"][0]
            se_fits = any(fits(np.sqrt(np.var(scores, ddof=d) / len(scores)), claim["se"]) for d in (0, 1))
            if fits(np.mean(scores), claim["mean"]) and se_fits:
                found.add(int((scores == claim["level"]).sum()))
        return found.pop() if len(found) == 1 else None

    def nonresponse(self, claim: Mapping[str, Any]) -> int | None:
        """Records of the group (duplicates counted once) minus the estimate's n."""
        name = next((n for n in self.frames if _norm(n) == _norm(claim["study"])), None)
        code = _country(claim["row"][0])
        if name is None or code is None:
            return None
        return int((self.frames[name]["country"].astype(str) == code).sum()) - claim["n"]

    def has_record(self, identifier: str) -> bool:
        """Whether any record id column of the data holds ``identifier``."""
        for frame in self.frames.values():
            for column in frame.columns:
                if _ID_COLUMN.search(str(column)) and (frame[column].astype(str) == identifier).any():
                    return True
        return False

    def values(self, claim: Mapping[str, Any]) -> set[float]:
        """The true value(s) of a derivation's claim (see the attacks); empty when unknown."""
        kind = claim.get("kind")
        if kind == "count":
            return {float(v) for v in self.count(claim["source"], dict(map(tuple, claim["key"])))}
        result = {"share": self.share_count, "likert": self.likert_count,
                  "nonresponse": self.nonresponse}.get(kind, lambda _: None)(claim)
        if kind == "identifier":
            result = 1 if self.has_record(claim["id"]) else None
        return set() if result is None else {float(result)}


def interview_frames(segments: Path | None = None) -> dict[str, pd.DataFrame]:
    """The units interview tables count, from coded segments (default: the demo's).

    ``"interviews"``: one row per interview (country, stakeholder); ``"coded
    segments"``: one row per interview and code it mentions, with the code frame's
    labels. Double-coded interviews count once, with their first coder (as the
    frequencies do).
    """
    from heroes_research import qualitative as ql

    coded = ql.primary_coding(ql.load_segments(segments))
    frame = ql.load_codeframe(None if segments is None else Path(segments).parent / "codeframe.yaml")
    labels = frame.set_index("code")
    codes = coded.drop_duplicates(["interview_id", "code"]).assign(
        category=lambda d: d["code"].map(labels["category_label"]),
        code=lambda d: d["code"].map(labels["code_label"]))
    people = ["interview_id", "country", "stakeholder"]
    return {"interviews": coded.drop_duplicates("interview_id")[people],
            "coded segments": codes[[*people, "category", "code"]]}


def load_truth(processed: Path | None = None, extra: Mapping[str, pd.DataFrame] | None = None) -> Truth:
    """Every processed data set under ``processed`` (default: the project's), plus ``extra`` frames.

    A data set's validation findings (``<name>.validation.csv``) are the frame
    ``"<name> validation"``: the truth of tables of the ingest checks.
    """
    from heroes_research import paths
    from heroes_research.io import read_processed

    folder = processed or paths.processed_dir()
    frames: dict[str, pd.DataFrame] = {}
    labels: dict[str, Mapping[str, str]] = {}
    for sidecar in sorted(folder.glob("*.parquet")):
        data = read_processed(sidecar.stem, root=folder)
        frames[sidecar.stem] = data.data
        labels[sidecar.stem] = data.metadata.get("variable_labels", {})
    for findings in sorted(folder.glob("*.validation.csv")):  # the ingest checks, one row per finding
        frames[findings.name.removesuffix(".validation.csv") + " validation"] = pd.read_csv(findings, dtype=str)
    frames.update(extra or {})
    return Truth(frames, labels)
