"""Excel export/import of a codebook, for researchers who edit in a spreadsheet.

One row per fact, so a sheet can be sorted and filtered:

========== =====================================================
sheet      columns
========== =====================================================
instrument key, value (instrument, version, title, id, design.<role>,
           design.replicates.<key>; a list is written as ``[a, b, c]``)
missing    code, label
variables  name, label, type, range_low, range_high, battery
codes      variable, code, label (codes; options of multi_response)
checks     rule, message
countries  country, file, language
mappings   country, variable, option, source, reverse
recodes    country, variable, kind (recode | missing), from, to
========== =====================================================

The import rebuilds the YAML data and validates it exactly as ``load_codebook`` does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from heroes_research.codebook._frozen import FrozenMap
from heroes_research.codebook._model import Codebook
from heroes_research.codebook._parse import build_codebook
from heroes_research.errors import CodebookError

__all__ = ["from_excel", "to_excel"]

_SHEETS: dict[str, tuple[str, ...]] = {
    "instrument": ("key", "value"),
    "missing": ("code", "label"),
    "variables": ("name", "label", "type", "range_low", "range_high", "battery"),
    "codes": ("variable", "code", "label"),
    "checks": ("rule", "message"),
    "countries": ("country", "file", "language"),
    "mappings": ("country", "variable", "option", "source", "reverse"),
    "recodes": ("country", "variable", "kind", "from", "to"),
}


def _design_rows(node: dict[str, Any], prefix: str) -> list[tuple[str, Any]]:
    """``design.<role>`` rows; a nested mapping as ``design.replicates.<key>``, a list as flow YAML."""
    import yaml

    rows: list[tuple[str, Any]] = []
    for key, value in node.items():
        if isinstance(value, dict):
            rows += _design_rows(value, f"{prefix}.{key}")
        else:
            cell = yaml.safe_dump(value, default_flow_style=True, width=10**9).strip() \
                if isinstance(value, list) else value
            rows.append((f"{prefix}.{key}", cell))
    return rows


def _design_node(header: dict[str, Any]) -> dict[str, Any]:
    """The ``design`` mapping from ``design.``-prefixed header rows (inverse of :func:`_design_rows`)."""
    import yaml

    out: dict[str, Any] = {}
    for key, value in header.items():
        if not key.startswith("design."):
            continue
        *parents, last = key.split(".")[1:]
        node = out
        for parent in parents:
            node = node.setdefault(parent, {})
        is_list = isinstance(value, str) and value.startswith("[") and value.endswith("]")
        node[last] = yaml.safe_load(value) if is_list else value
    return out


def _rows(codebook: Codebook) -> dict[str, list[tuple]]:
    header = [("instrument", codebook.instrument), ("version", codebook.version),
              ("title", codebook.title), ("id", codebook.id)]
    header += [("synthetic", True)] if codebook.synthetic else []
    header += _design_rows(codebook.design.to_dict(), "design")
    rows: dict[str, list[tuple]] = {name: [] for name in _SHEETS}
    rows["instrument"] = header
    rows["missing"] = list(codebook.missing.items())
    for v in codebook.variables:
        low, high = v.range if v.range is not None else (None, None)
        rows["variables"].append((v.name, v.label, v.type, low, high, v.battery))
        rows["codes"] += [(v.name, code, label) for code, label in {**v.codes, **v.options}.items()]
    rows["checks"] = [(c.rule, c.message) for c in codebook.checks]
    for code, country in codebook.countries.items():
        rows["countries"].append((code, country.file, country.language))
        for name, m in country.variables.items():
            if isinstance(m.source, FrozenMap):
                rows["mappings"] += [(code, name, opt, col, m.reverse) for opt, col in m.source.items()]
            else:
                rows["mappings"].append((code, name, None, m.source, m.reverse))
            rows["recodes"] += [(code, name, "recode", a, b) for a, b in m.recode.items()]
            rows["recodes"] += [(code, name, "missing", a, b) for a, b in m.missing.items()]
    return rows


def to_excel(codebook: Codebook, path: str | os.PathLike[str]) -> Path:
    """Export a codebook to ``.xlsx`` (atomically); :func:`from_excel` reads it back equal.

    Example
    -------
    >>> to_excel(cb, "codebook.xlsx")  # doctest: +SKIP
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from heroes_research.io import atomic_path

    if codebook.pooled:
        raise CodebookError("the Excel form has no sheet for pooled files", reason="pooled_not_in_excel",
                            file=codebook.path, hint="edit this codebook in its YAML file")

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in _rows(codebook).items():
        sheet = workbook.create_sheet(name)
        sheet.append(_SHEETS[name])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(c.value)) for c in column if c.value is not None)
            sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    path = Path(path)
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return path


def _read_sheets(path: Path) -> dict[str, list[dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise CodebookError("the codebook workbook does not exist", reason="file_not_found",
                            file=path) from None
    except Exception as exc:  # openpyxl raises several types for non-xlsx input
        raise CodebookError(f"cannot read the workbook ({exc})", reason="unreadable_file", file=path,
                            hint="save it as .xlsx from Excel") from exc
    sheets: dict[str, list[dict[str, Any]]] = {}
    for name, columns in _SHEETS.items():
        if name not in workbook.sheetnames:
            sheets[name] = []
            continue
        values = list(workbook[name].iter_rows(values_only=True))
        header = [str(h) if h is not None else "" for h in (values[0] if values else ())]
        missing = [c for c in columns if c not in header]
        if missing:
            raise CodebookError(f"sheet {name!r} lacks column(s) {', '.join(missing)}",
                                reason="bad_sheet", file=path, hint=f"columns: {', '.join(columns)}")
        sheets[name] = [dict(zip(header, row, strict=False)) for row in values[1:]
                        if any(cell is not None for cell in row)]
    workbook.close()
    return sheets


def _code(cell: Any) -> Any:
    """A code typed in Excel: "3" (text-formatted) and 3.0 both mean the integer 3."""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, str) and cell.strip().lstrip("-").isdigit():
        return int(cell.strip())
    return cell


def _country_variables(sheets: dict[str, list[dict[str, Any]]], code: Any) -> dict[str, Any]:
    mapped: dict[str, Any] = {}
    for row in (r for r in sheets["mappings"] if r["country"] == code):
        entry = mapped.setdefault(row["variable"], {"source": {} if row["option"] else row["source"]})
        if row["option"]:
            entry["source"][str(row["option"])] = row["source"]
        if row["reverse"]:
            entry["reverse"] = True
    for row in (r for r in sheets["recodes"] if r["country"] == code):
        entry = mapped.setdefault(row["variable"], {})
        entry.setdefault(str(row["kind"]), {})[_code(row["from"])] = _code(row["to"])
    return mapped


def from_excel(path: str | os.PathLike[str]) -> Codebook:
    """Import a codebook exported by :func:`to_excel` (and edited), validating it.

    Parameters
    ----------
    path
        The ``.xlsx`` workbook, with the sheets :func:`to_excel` writes.

    Returns
    -------
    Codebook
        The validated codebook; ``path`` is the workbook.

    Raises
    ------
    CodebookError
        ``file_not_found`` or ``unreadable_file``; missing sheet columns; or every
        codebook problem (as for ``load_codebook``).

    Example
    -------
    >>> to_excel(cb, "codebook.xlsx")  # doctest: +SKIP
    >>> from_excel("codebook.xlsx") == cb  # doctest: +SKIP
    True
    """
    path = Path(path)
    sheets = _read_sheets(path)
    header = {str(r["key"]): r["value"] for r in sheets["instrument"]}
    raw: dict[str, Any] = {k: header.get(k) for k in ("instrument", "version", "title", "id", "synthetic")}
    raw = {k: v for k, v in raw.items() if v is not None}
    raw["design"] = _design_node(header)
    raw["missing"] = {_code(r["code"]): r["label"] for r in sheets["missing"]}
    variables = []
    for row in sheets["variables"]:
        item: dict[str, Any] = {"name": row["name"], "label": row["label"] or "", "type": row["type"]}
        entries = [(r["code"], r["label"]) for r in sheets["codes"] if r["variable"] == row["name"]]
        if row["type"] == "multi_response":
            item["options"] = {str(k): v for k, v in entries}
        elif entries:
            item["codes"] = {_code(k): v for k, v in entries}
        if row["range_low"] is not None or row["range_high"] is not None:
            item["range"] = [row["range_low"], row["range_high"]]
        if row["battery"]:
            item["battery"] = row["battery"]
        variables.append(item)
    raw["variables"] = variables
    if sheets["checks"]:
        raw["checks"] = [{"rule": r["rule"], "message": r["message"]} for r in sheets["checks"]]
    raw["countries"] = {
        r["country"]: {**({"file": r["file"]} if r["file"] else {}),
                       **({"language": r["language"]} if r["language"] else {}),
                       "variables": _country_variables(sheets, r["country"])}
        for r in sheets["countries"]
    }
    return build_codebook(raw, file=path)
