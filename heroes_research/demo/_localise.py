"""Turn a harmonised truth frame into one country's raw file and its codebook mapping.

The same profile produces both the raw codes and the codebook entry that undoes
them, so the committed codebook is exactly the inverse of the fieldwork mess.
Harmonisation applies ``recode`` first, then ``reverse`` (codebook rules); the
raw code of a harmonised code ``h`` on a 1-5 scale is therefore
``(6 - h if reversed else h) - (1 if coded 0-4 else 0)``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

from heroes_research.demo._profiles import FALLBACK_STYLE, MISSING_STYLES, Profile
from heroes_research.demo._variables import MISSING_KEYS, Var

__all__ = ["CountryFile", "language_table", "localise"]


@dataclass(frozen=True)
class CountryFile:
    """One country's raw file before it is written: data plus labelling metadata."""

    frame: pd.DataFrame
    variable_labels: dict[str, str]
    value_labels: dict[str, dict[int, str]]
    missing: dict[str, list[int]]
    measure: dict[str, str]
    mapping: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        rows, columns = self.frame.shape
        return (f"CountryFile({rows} rows x {columns} variables, {len(self.value_labels)} labelled, "
                f"{len(self.missing)} with missing codes)")


@functools.cache
def language_table() -> dict[str, Any]:
    """The stems, translated labels and stock comments of ``languages.yaml``."""
    text = resources.files("heroes_research.demo").joinpath("languages.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _label(var: Var, code: int, language: str) -> str:
    """Label of harmonised ``code`` of ``var`` in the fieldwork language where translated."""
    labels = language_table()["labels"]
    if var.role == "yesno":
        return labels["yes" if code == 1 else "no"][language]
    if var.role == "scale" and var.codes and var.codes.get(5) == "Extremely important":
        return labels["importance"][language][code - 1]
    return var.codes[code]


def _raw_codes(var: Var, profile: Profile, rng: np.random.Generator) -> tuple[dict[int, int], dict]:
    """Harmonised code -> raw code, and the codebook keys (recode/reverse) that undo it."""
    codes = sorted(var.codes)
    if var.role == "scale":
        shift = 1 if profile.zero_based else 0
        flip = profile.reversed_scales
        raw = {h: (codes[0] + codes[-1] - h if flip else h) - shift for h in codes}
        keys: dict[str, Any] = {"recode": {c - shift: c for c in codes}} if shift else {}
        return raw, keys | ({"reverse": True} if flip else {})
    if var.role == "yesno":
        yes, no = profile.yes_no
        raw = {1: yes, 0: no}
        return raw, {} if (yes, no) == (1, 0) else {"recode": {yes: 1, no: 0}}
    if var.role == "nominal" and profile.own_order:
        raw = dict(zip(codes, (rng.permutation(len(codes)) + 1).tolist(), strict=True))
        return raw, {"recode": {r: h for h, r in sorted(raw.items(), key=lambda kv: kv[1])}}
    return {h: h for h in codes}, {}


def _missing_style(var: Var, profile: Profile, valid_raw: set[int]) -> dict[int, int]:
    """Raw missing code -> harmonised missing code for ``var`` in this country."""
    kind = "numeric" if var.role == "count" else "coded"
    style = MISSING_STYLES[profile.missing_style][kind]
    if valid_raw & set(style):  # the partner's short-scale codes collide with a long code list
        style = MISSING_STYLES[FALLBACK_STYLE][kind]
    return dict(style)


def localise(
    variables: tuple[Var, ...], truth: pd.DataFrame, profile: Profile, rng: np.random.Generator
) -> CountryFile:
    """Rename, recode and label ``truth`` as ``profile``'s fieldwork partner stored it."""
    stems = language_table()["stems"]
    lang = profile.language
    labels = language_table()["labels"]
    columns: dict[str, pd.Series | np.ndarray] = {}
    var_labels: dict[str, str] = {}
    val_labels: dict[str, dict[int, str]] = {}
    missing: dict[str, list[int]] = {}
    measure: dict[str, str] = {}
    mapping: dict[str, Any] = {}
    question = 0
    for var in variables:
        stem = stems[var.stem][lang]
        if var.role not in {"id", "plain", "date"}:
            question += 1
            stem = f"{profile.prefix}{question:02d}_{stem}"
        if var.role == "multi":
            sources = {opt: f"{stem}_{stems[opt][lang]}" for opt in var.options}
            for opt, col in sources.items():
                columns[col] = truth[f"{var.name}__{opt}"].to_numpy()
                var_labels[col] = f"{var.label}: {var.options[opt]}"
                val_labels[col] = {0: labels["no"][lang], 1: labels["yes"][lang]}
                measure[col] = "nominal"
            mapping[var.name] = {"source": sources}
            continue
        entry: dict[str, Any] = {"source": stem}
        values = truth[var.name]
        var_labels[stem] = var.label
        measure[stem] = "scale" if var.role in {"count", "plain"} else "nominal"
        if var.codes is not None:
            raw_of, keys = _raw_codes(var, profile, rng)
            miss = _missing_style(var, profile, set(raw_of.values()))
            raw_of |= {h: r for r, h in miss.items()}
            values = pd.Series(values.to_numpy()).map(raw_of).to_numpy(dtype=np.int64)
            val_labels[stem] = {raw_of[h]: _label(var, h, lang) for h in sorted(var.codes)} | {
                r: labels[MISSING_KEYS[h]][lang] for r, h in miss.items()}
            missing[stem] = sorted(miss)
            measure[stem] = "ordinal" if var.type == "ordinal" else "nominal"
            entry |= keys | {"missing": miss}
        elif var.role == "count":
            miss = _missing_style(var, profile, set())
            raw_of = {-h: r for r, h in miss.items()}
            values = values.replace(raw_of).to_numpy()
            val_labels[stem] = {r: labels[MISSING_KEYS[h]][lang] for r, h in miss.items()}
            missing[stem] = sorted(miss)
            entry["missing"] = miss
        columns[stem] = values
        mapping[var.name] = entry
    frame = pd.DataFrame(columns)
    return CountryFile(frame, var_labels, val_labels, missing, measure, mapping)
