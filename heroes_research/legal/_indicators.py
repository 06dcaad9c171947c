"""The legal indicator codebook: one question per indicator, its type, levels, standard and goalpost.

The codebook is YAML (``data/raw/legal/indicators.yaml``). Each indicator is
measured against an international standard (instrument and article) and scored
against *fixed* goalposts, so a country's score never depends on which other
countries are coded (OECD/JRC, *Handbook on Constructing Composite Indicators*,
2008, section 5: normalisation by distance to a reference, not min-max over the
sample).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from heroes_research.errors import LegalDataError
from heroes_research.paths import raw_dir

__all__ = ["LIFE", "TYPES", "Indicator", "IndicatorSet", "load_indicators", "score_values"]

TYPES = ("binary", "ordinal", "numeric", "categorical")
BINARY_LEVELS = ("no", "yes")
#: The value of a penalty indicator (``life: true`` in the codebook) for life imprisonment: scored as best.
LIFE = "life"
_REQUIRED = ("id", "area", "line", "question", "type", "standard", "goalpost")


def default_indicators_path() -> Path:
    """``<root>/data/raw/legal/indicators.yaml``."""
    return raw_dir() / "legal" / "indicators.yaml"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One coded question of the legal codebook.

    ``levels`` are ordered from least to most protective for ordinal indicators.
    ``level_scores`` maps each level to its score in [0, 1]; it is empty for
    numeric and descriptive (unscored) indicators. ``worst``/``best`` are the
    numeric goalposts; ``allows_life`` lets a numeric penalty indicator take the
    value :data:`LIFE` (life imprisonment, scored as the best goalpost).
    """

    id: str
    area: str
    line: str
    question: str
    type: str
    standard_instrument: str
    standard_article: str | None
    levels: tuple[str, ...] = ()
    level_labels: tuple[tuple[str, str], ...] = ()
    level_scores: tuple[tuple[str, float], ...] = ()
    unit: str | None = None
    range: tuple[float, float] | None = None
    worst: float | None = None
    best: float | None = None
    scored: bool = True
    rationale: str | None = None
    allows_life: bool = False

    @property
    def standard(self) -> str:
        """The standard as one citation: ``instrument, article``."""
        return self.standard_instrument + (f", {self.standard_article}" if self.standard_article else "")


def _level_scores(spec: dict[str, Any], ind_type: str, levels: tuple[str, ...]) -> dict[str, float]:
    """Scores of the levels of a binary/ordinal/categorical indicator from its goalpost."""
    if ind_type == "categorical":
        return {str(k): float(v) for k, v in spec["scores"].items()}
    worst, best = levels.index(str(spec["worst"])), levels.index(str(spec["best"]))
    # Linear in the level's rank between the goalposts, clipped to [0, 1].
    return {lvl: min(max((i - worst) / (best - worst), 0.0), 1.0) for i, lvl in enumerate(levels)}


def _build(entry: dict[str, Any], areas: dict[str, str], lines: list[str]) -> tuple[Indicator | None, list[str]]:
    """Build one indicator; return it (or None) and the list of problems found."""
    problems = [f"missing key '{k}'" for k in _REQUIRED if k not in entry]
    if problems:
        return None, problems
    ind_type = entry["type"]
    if ind_type not in TYPES:
        return None, [f"type {ind_type!r} is not one of {', '.join(TYPES)}"]
    if entry["area"] not in areas:
        problems.append(f"area {entry['area']!r} is not declared under 'areas'")
    if entry["line"] not in lines:
        problems.append(f"line {entry['line']!r} is not declared under 'lines'")
    levels = BINARY_LEVELS if ind_type == "binary" else tuple(str(v) for v in entry.get("levels") or ())
    if ind_type in ("ordinal", "categorical") and len(levels) < 2:
        problems.append("needs at least two 'levels'")
    spec = entry["goalpost"]
    fields: dict[str, Any] = {"scored": spec is not None}
    try:
        if ind_type == "numeric":
            low, high = (float(v) for v in entry["range"])
            fields.update(unit=entry.get("unit"), range=(low, high), allows_life=bool(entry.get("life", False)))
            if spec is not None:
                fields.update(worst=float(spec["worst"]), best=float(spec["best"]))
        elif spec is not None:
            scores = _level_scores(spec, ind_type, levels)
            if set(scores) != set(levels):
                problems.append("goalpost 'scores' must score every level exactly once")
            fields["level_scores"] = tuple((lvl, scores.get(lvl, float("nan"))) for lvl in levels)
    except (KeyError, ValueError, TypeError, ZeroDivisionError) as err:
        problems.append(f"goalpost or range is malformed ({err!r})")
    if fields.get("worst") is not None and fields.get("worst") == fields.get("best"):
        problems.append("goalpost worst and best must differ")
    if any(not 0.0 <= s <= 1.0 for _lvl, s in fields.get("level_scores", ())):
        problems.append("goalpost scores must lie in [0, 1]")
    if not (entry["standard"] or {}).get("instrument"):
        problems.append("standard needs an 'instrument' (and an 'article' or null)")
    if spec is None and not entry.get("rationale"):
        problems.append("a descriptive indicator (goalpost null) needs a 'rationale'")
    if problems:
        return None, problems
    standard = entry["standard"] or {}
    return Indicator(
        id=str(entry["id"]), area=entry["area"], line=entry["line"], question=entry["question"],
        type=ind_type, standard_instrument=str(standard.get("instrument", "")),
        standard_article=standard.get("article"), levels=levels,
        level_labels=tuple((str(k), str(v)) for k, v in (entry.get("level_labels") or {}).items()),
        rationale=entry.get("rationale"), **fields,
    ), []


@dataclass(frozen=True, slots=True, eq=False)
class IndicatorSet:
    """An immutable indicator codebook: indicators in file order, areas and research lines.

    ``to_wide()`` gives one row per indicator; ``to_long()`` one row per
    (indicator, level) with the level's score (numeric indicators: one row per goalpost).
    """

    indicators: tuple[Indicator, ...]
    areas: MappingProxyType
    lines: tuple[str, ...]
    version: str = ""
    file: str | None = None

    def __len__(self) -> int:
        return len(self.indicators)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __contains__(self, ind_id: object) -> bool:
        return ind_id in self.ids

    def __getitem__(self, ind_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == ind_id:
                return ind
        raise KeyError(ind_id)

    @property
    def ids(self) -> tuple[str, ...]:
        """Indicator ids in codebook order."""
        return tuple(ind.id for ind in self.indicators)

    @property
    def scored(self) -> IndicatorSet:
        """The indicators that have a goalpost (descriptive ones dropped)."""
        return IndicatorSet(tuple(i for i in self.indicators if i.scored), self.areas, self.lines,
                            self.version, self.file)

    def select(self, ids: list[str] | tuple[str, ...]) -> IndicatorSet:
        """A new set with only ``ids`` (codebook order kept)."""
        wanted = set(ids)
        return IndicatorSet(tuple(i for i in self.indicators if i.id in wanted), self.areas,
                            self.lines, self.version, self.file)

    def to_wide(self) -> pd.DataFrame:
        """One row per indicator: id, area, line, question, type, levels, goalposts, standard."""
        rows = [{
            "indicator": i.id, "area": i.area, "area_label": self.areas[i.area], "line": i.line,
            "question": i.question, "type": i.type, "levels": "|".join(i.levels) or pd.NA,
            "unit": i.unit, "range_low": i.range[0] if i.range else None,
            "range_high": i.range[1] if i.range else None, "worst": i.worst, "best": i.best,
            "scored": i.scored, "standard_instrument": i.standard_instrument,
            "standard_article": i.standard_article, "rationale": i.rationale, "allows_life": i.allows_life,
        } for i in self.indicators]
        return pd.DataFrame(rows)

    def to_long(self) -> pd.DataFrame:
        """One row per (indicator, level or goalpost) with its label and score."""
        rows = []
        for i in self.indicators:
            labels = dict(i.level_labels)
            if i.type == "numeric":
                pairs = [("worst", i.worst, 0.0), ("best", i.best, 1.0)] if i.scored else []
                rows += [{"indicator": i.id, "level": str(v), "label": k, "score": s} for k, v, s in pairs]
            else:
                scores = dict(i.level_scores)
                rows += [{"indicator": i.id, "level": lvl, "label": labels.get(lvl, lvl),
                          "score": scores.get(lvl, float("nan"))} for lvl in i.levels]
        return pd.DataFrame(rows, columns=["indicator", "level", "label", "score"])

    def __repr__(self) -> str:
        counts = pd.Series([i.area for i in self.indicators]).value_counts(sort=False)
        areas = ", ".join(f"{a} {n}" for a, n in counts.items())
        return (f"IndicatorSet(version {self.version!r}: {len(self)} indicators, "
                f"{sum(i.scored for i in self.indicators)} scored; {areas})")

    def _repr_html_(self) -> str:
        return f"<p>{self!r}</p>" + self.to_wide()[
            ["indicator", "area", "type", "question", "standard_instrument", "standard_article"]
        ].to_html(index=False)


def load_indicators(path: str | os.PathLike[str] | None = None) -> IndicatorSet:
    """Read and validate the indicator codebook.

    Parameters
    ----------
    path
        YAML file; default ``data/raw/legal/indicators.yaml`` under the project root.

    Returns
    -------
    IndicatorSet

    Raises
    ------
    LegalDataError
        If the file cannot be read, or any indicator is malformed (``failures``
        lists every problem with the indicator's position and id), or ids repeat.

    Example
    -------
    >>> from heroes_research.legal import load_indicators
    >>> ind = load_indicators()
    >>> ind["csam_possession"].standard
    'EU Directive 2011/93/EU, art. 5(2)'
    """
    import yaml  # lazy: only when a codebook is read

    file = Path(path) if path is not None else default_indicators_path()
    try:
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise LegalDataError(f"load_indicators: cannot read the codebook ({err})", file=file,
                             reason="unreadable_codebook", hint="check the path and the YAML syntax") from err
    if not isinstance(doc, dict) or not isinstance(doc.get("indicators"), list):
        raise LegalDataError("load_indicators: the codebook has no 'indicators' list", file=file,
                             reason="bad_codebook", hint="see data/raw/legal/indicators.yaml for the layout")
    areas, lines = dict(doc.get("areas") or {}), list(doc.get("lines") or [])
    built, failures = [], []
    for pos, entry in enumerate(doc["indicators"]):
        ind, problems = _build(entry if isinstance(entry, dict) else {}, areas, lines)
        ind_id = entry.get("id") if isinstance(entry, dict) else None
        failures += [{"position": pos, "indicator": ind_id, "problem": p} for p in problems]
        if ind is not None:
            built.append(ind)
    ids = pd.Series([i.id for i in built])
    failures += [{"position": None, "indicator": i, "problem": "duplicate indicator id"}
                 for i in ids[ids.duplicated()].unique()]
    if failures:
        table = pd.DataFrame(failures, columns=["position", "indicator", "problem"])
        raise LegalDataError(
            f"load_indicators: {len(table)} problem(s) in the indicator codebook", file=file,
            rows=table["position"].dropna().astype(int).tolist(), failures=table, reason="bad_codebook",
            hint="fix each listed indicator entry",
        )
    return IndicatorSet(tuple(built), MappingProxyType(areas), tuple(lines), str(doc.get("version", "")),
                        str(file))


def score_values(indicators: IndicatorSet, indicator: pd.Series, value: pd.Series) -> pd.Series:
    """Score coded values against their indicators' fixed goalposts (vectorised).

    Parameters
    ----------
    indicators
        The codebook.
    indicator, value
        Aligned Series of indicator ids and coded values (strings; ``""`` or NA = unknown).

    Returns
    -------
    pandas.Series
        Score in [0, 1]; NaN for unknown values and descriptive indicators.

    Notes
    -----
    Binary, ordinal and categorical values take their level's score from the
    codebook (ordinal: ``(rank - rank_worst) / (rank_best - rank_worst)`` clipped
    to [0, 1]). Numeric values are scored ``clip((x - worst) / (best - worst), 0, 1)``
    (min-max normalisation with fixed goalposts: OECD/JRC Handbook 2008, section 5);
    :data:`LIFE` (life imprisonment) scores 1 on an indicator that allows it.

    Example
    -------
    >>> import pandas as pd
    >>> from heroes_research.legal import load_indicators
    >>> ids = pd.Series(["thb_offence", "thb_max_penalty_years", "thb_acts"])
    >>> score_values(load_indicators(), ids, pd.Series(["yes", "3", ""])).tolist()
    [1.0, 0.6, nan]
    """
    levels = indicators.to_long()
    key = pd.MultiIndex.from_arrays([indicator.astype(str), value.astype(str)])
    level_score = pd.Series(levels["score"].to_numpy(float),
                            index=pd.MultiIndex.from_frame(levels[["indicator", "level"]]))
    wide = indicators.to_wide().set_index("indicator")
    is_numeric = indicator.map(wide["type"]).eq("numeric").fillna(False).to_numpy(bool)
    by_level = level_score.reindex(key).to_numpy()
    worst = indicator.map(wide["worst"]).to_numpy(float)
    best = indicator.map(wide["best"]).to_numpy(float)
    number = pd.to_numeric(value, errors="coerce").to_numpy(float)
    life = (value.astype(str).eq(LIFE) & indicator.map(wide["allows_life"]).eq(True)).to_numpy(bool)
    number = np.where(life, np.where(best > worst, np.inf, -np.inf), number)
    by_number = ((number - worst) / (best - worst)).clip(0.0, 1.0)
    return pd.Series(np.where(is_numeric, by_number, by_level), index=indicator.index, name="score")

