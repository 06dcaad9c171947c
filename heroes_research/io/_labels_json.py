"""Labels and missing-value declarations as JSON, keeping the type of every code.

JSON object keys are strings, so ``{1: "yes"}`` and ``{"1": "yes"}`` would become the
same thing. Value labels are therefore stored as ``[code, label]`` pairs and ranges of
missing values as ``{"low": .., "high": ..}``, so numbers stay numbers and strings
stay strings when the file is read back.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["decode_labels", "dumps", "encode_labels", "to_jsonable"]


def encode_labels(value_labels: dict[str, dict], missing: dict[str, list]) -> dict[str, Any]:
    """Return ``{"value_labels": {var: [[code, label], ...]}, "missing": {var: [...]}}``."""
    return {
        "value_labels": {
            variable: [[_scalar(code), label] for code, label in mapping.items()]
            for variable, mapping in value_labels.items()
        },
        "missing": {
            variable: [
                {"low": _scalar(spec[0]), "high": _scalar(spec[1])} if isinstance(spec, tuple)
                else _scalar(spec)
                for spec in specs
            ]
            for variable, specs in missing.items()
        },
    }


def decode_labels(stored: dict[str, Any]) -> tuple[dict[str, dict], dict[str, list]]:
    """Inverse of :func:`encode_labels`: ``(value_labels, missing)``."""
    value_labels = {
        variable: dict(pairs)
        for variable, pairs in stored.get("value_labels", {}).items()
    }
    missing = {
        variable: [(s["low"], s["high"]) if isinstance(s, dict) else s for s in specs]
        for variable, specs in stored.get("missing", {}).items()
    }
    return value_labels, missing


def to_jsonable(value: Any) -> Any:
    """``json.dumps`` fallback: numpy scalars -> Python scalars, dates -> ISO 8601 text."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(document: dict[str, Any]) -> str:
    """Deterministic JSON: sorted keys, 2-space indent, UTF-8 text, a final newline."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False,
                      default=to_jsonable) + "\n"


def _scalar(value: Any) -> Any:
    """A numpy code (``np.float64(1.0)``) as the Python scalar JSON writes."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value
