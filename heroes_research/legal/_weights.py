"""Weights of the legal harmonisation index: area weights and indicator weights within areas."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np

from heroes_research.errors import LegalDataError
from heroes_research.legal._indicators import IndicatorSet
from heroes_research.paths import raw_dir

__all__ = ["Weights", "equal_weights", "load_weights", "resolve_weights"]


@dataclass(frozen=True, slots=True, eq=False)
class Weights:
    """Relative area weights and indicator weights (within area); ``name`` labels results.

    Attributes
    ----------
    name
        Label of the weighting in results (``"equal"``, the YAML ``name``).
    areas
        ``{area: relative weight}`` for every area of the codebook (read-only).
    indicators
        ``{indicator id: relative weight within its area}``; an indicator not
        listed weighs 1 (read-only).

    Notes
    -----
    Weights are relative: :meth:`area_vector` normalises them to sum to 1, so
    ``{a: 2, b: 1}`` and ``{a: 4, b: 2}`` give the same index (OECD/JRC Handbook on
    constructing composite indicators, 2008, section 6).

    Example
    -------
    >>> from types import MappingProxyType
    >>> w = Weights("demo", MappingProxyType({"a": 2.0, "b": 1.0}), MappingProxyType({}))
    >>> w.area_vector(["a", "b"]).round(3).tolist()
    [0.667, 0.333]
    """

    name: str
    areas: MappingProxyType
    indicators: MappingProxyType

    def area_vector(self, areas: list[str] | tuple[str, ...]) -> np.ndarray:
        """Area weights in the order of ``areas``, normalised to sum to 1."""
        w = np.array([float(self.areas[a]) for a in areas])
        return w / w.sum()

    def indicator_vector(self, ids: list[str] | tuple[str, ...]) -> np.ndarray:
        """Indicator weights in the order of ``ids`` (1 where not set)."""
        return np.array([float(self.indicators.get(i, 1.0)) for i in ids])

    def __repr__(self) -> str:
        return f"Weights({self.name!r}: " + ", ".join(f"{a} {w:g}" for a, w in self.areas.items()) + ")"


def equal_weights(indicators: IndicatorSet) -> Weights:
    """Every area weighs the same; every indicator weighs the same within its area.

    Parameters
    ----------
    indicators
        The codebook whose areas are weighted.

    Returns
    -------
    Weights
        Named ``"equal"``: weight 1 for every area, no indicator weights.

    Notes
    -----
    Equal weighting is the OECD/JRC Handbook's (2008, section 6) reference
    choice; :func:`heroes_research.legal.uncertainty` compares it with others.

    Example
    -------
    >>> from heroes_research.legal import load_indicators
    >>> w = equal_weights(load_indicators())
    >>> w.name, set(w.areas.values())
    ('equal', {1.0})
    """
    return Weights("equal", MappingProxyType(dict.fromkeys(indicators.areas, 1.0)), MappingProxyType({}))


def load_weights(path: str | os.PathLike[str] | None = None, indicators: IndicatorSet | None = None) -> Weights:
    """Read area (and optional indicator) weights from YAML (default ``data/raw/legal/weights_expert.yaml``).

    Parameters
    ----------
    path
        YAML with ``name``, ``areas: {area: weight}`` and optional
        ``indicators: {id: weight}``. Default: the project's expert placeholder.
    indicators
        The codebook the areas and indicators must belong to; default the project's.

    Returns
    -------
    Weights
        Named by the file's ``name`` (else its stem).

    Raises
    ------
    LegalDataError
        If the file is unreadable, an area is missing or unknown, or a weight is not a positive number.

    Notes
    -----
    The project file is a placeholder, not an expert elicitation (its header says
    so); replace it with a documented budget allocation (OECD/JRC Handbook 2008,
    section 6) before publishing.

    Example
    -------
    >>> w = load_weights()
    >>> w.name
    'expert_placeholder'
    """
    import yaml

    from heroes_research.legal._indicators import load_indicators

    indicators = indicators if indicators is not None else load_indicators()
    file = Path(path) if path is not None else raw_dir() / "legal" / "weights_expert.yaml"
    try:
        doc = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise LegalDataError(f"load_weights: cannot read weights ({err})", file=file, reason="unreadable_weights",
                             hint="check the path and the YAML syntax") from err
    areas, ind = dict(doc.get("areas") or {}), dict(doc.get("indicators") or {})
    problems = [f"area {a!r} has no weight" for a in indicators.areas if a not in areas]
    problems += [f"{a!r} is not an area of the codebook" for a in areas if a not in indicators.areas]
    problems += [f"{i!r} is not an indicator of the codebook" for i in ind if i not in indicators]
    problems += [f"weight of {k!r} is not a positive number" for k, v in {**areas, **ind}.items()
                 if not isinstance(v, int | float) or isinstance(v, bool) or v <= 0]
    if problems:
        raise LegalDataError("load_weights: " + "; ".join(problems), file=file, reason="bad_weights",
                             hint="give every codebook area a positive weight")
    return Weights(str(doc.get("name", file.stem)), MappingProxyType(areas), MappingProxyType(ind))


def resolve_weights(weights: Weights | str | os.PathLike[str], indicators: IndicatorSet) -> Weights:
    """A :class:`Weights` from ``"equal"``, ``"expert"`` (the project file), a YAML path, or itself."""
    if isinstance(weights, Weights):
        return weights
    if weights == "equal":
        return equal_weights(indicators)
    return load_weights(None if weights == "expert" else weights, indicators)
