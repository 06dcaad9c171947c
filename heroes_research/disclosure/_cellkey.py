"""Cell-key perturbation: noisy counts that agree wherever the same respondents are counted.

Suppression hides cells; linked tables then have to be protected together so that one
table cannot give away what another hides. The cell-key method (ABS TableBuilder,
ONS Census 2021) needs no such coordination: every respondent carries a fixed random
*record key*, a cell's *cell key* is the fractional part of the sum of its records'
keys, and a published *perturbation table* maps (count, cell key) to the noise added.
The same set of respondents always gets the same cell key, hence the same published
count, in every table, figure or query: differencing two tables gives noise, not a
respondent.

Notes
-----
Record keys are ``HMAC-SHA256(secret, respondent id)`` mapped to [0, 1): reproducible
for the data holder, unguessable without the secret (which is never published). A
cell with records :math:`R` has key :math:`k = \\{\\sum_{r \\in R} u_r\\}` (fractional
part), uniform on [0, 1) and independent of the count.

The perturbation table gives, for each original count :math:`i`, transition
probabilities :math:`p_{ij}` to published counts :math:`j` with :math:`|j - i| \\le D`,
chosen by maximum entropy subject to :math:`\\sum_j p_{ij} = 1`, no bias
(:math:`\\sum_j p_{ij}(j - i) = 0`), variance :math:`\\sum_j p_{ij}(j - i)^2 = V`, and no
published count in :math:`1 .. j_s` (small counts are never shown; zeros stay zeros).
Rows of small :math:`i` cannot keep the variance under these constraints and keep only
the bias constraint (their variance is reported). This follows the design of the R
package ``ptable`` (Enderle, Giessing and Tent 2018, "Designing confidentiality on the
fly tables", PSD 2018, LNCS 11126) and ONS (2021) "Protecting personal data in
Census 2021 results". Tables perturbed this way are not additive: a total is the
perturbed count of its own records, not the sum of perturbed cells.

Example
-------
>>> import pandas as pd
>>> people = pd.DataFrame({"id": [f"R{i}" for i in range(40)],
...                        "country": ["AT"] * 25 + ["BE"] * 15,
...                        "sector": (["police", "ngo"] * 20)})
>>> keys = record_keys(people["id"], secret="not-the-real-secret")
>>> t = cell_key_table(people.assign(key=keys), "country", "sector", record_key="key")
>>> bool(((t.table >= 1) & (t.table <= 4)).any().any())
False
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from heroes_research.errors import DisclosureError

__all__ = ["PerturbationTable", "PerturbedTable", "cell_key_table", "perturbation_table", "record_keys"]


def record_keys(ids: pd.Series, secret: str | bytes) -> np.ndarray:
    """A fixed record key in [0, 1) per respondent: ``HMAC-SHA256(secret, id)``.

    Parameters
    ----------
    ids
        Respondent identifiers (unique per respondent; the same respondent in two
        files must have the same id).
    secret
        The data holder's secret; never published. Without it the keys cannot be
        recomputed, so the noise cannot be removed.

    Example
    -------
    >>> k = record_keys(pd.Series(["a", "b", "a"]), "s")
    >>> bool(k[0] == k[2] and 0 <= k.min() < 1)
    True
    """
    if not str(secret):
        raise DisclosureError("record_keys: the secret is empty", reason="bad_parameter",
                              variable="secret", hint="pass the data holder's private key")
    key = secret.encode() if isinstance(secret, str) else secret
    digests = (hmac.new(key, str(i).encode(), hashlib.sha256).digest()[:7] for i in ids)
    return np.fromiter((int.from_bytes(d, "big") / 2**56 for d in digests), float, len(ids))


@dataclass(frozen=True)
class PerturbationTable:
    """The published transition table: ``i``, ``j``, ``p`` and the cell-key interval of each.

    ``frame`` has one row per (original count ``i``, published count ``j``) with the
    probability ``p`` and the cell-key interval ``[lower, upper)`` that selects it.
    Counts above the last ``i`` use the last row's perturbations.
    """

    max_noise: int
    variance: float
    js: int
    frame: pd.DataFrame

    def perturb(self, counts: np.ndarray, cell_keys: np.ndarray) -> np.ndarray:
        """Published counts for original ``counts`` with their ``cell_keys``."""
        counts = np.asarray(counts, dtype=np.int64)
        top = int(self.frame["i"].max())
        row = np.minimum(counts, top)
        out = np.empty_like(counts)
        for i in np.unique(row):
            rows = self.frame[self.frame["i"] == i]
            pick = np.searchsorted(rows["upper"].to_numpy(), cell_keys[row == i], side="right")
            shift = rows["j"].to_numpy()[np.minimum(pick, len(rows) - 1)] - i
            out[row == i] = counts[row == i] + shift
        return out


def _max_entropy(targets: np.ndarray, i: int, variance: float) -> tuple[np.ndarray, bool]:
    """Maximum-entropy probabilities on ``targets`` with mean ``i`` (and variance, if feasible)."""
    from scipy.optimize import minimize

    d = targets - i

    def solve(with_variance: bool):
        cons = [{"type": "eq", "fun": lambda p: p.sum() - 1}, {"type": "eq", "fun": lambda p: p @ d}]
        if with_variance:
            cons.append({"type": "eq", "fun": lambda p: p @ d**2 - variance})
        start = np.full(len(d), 1 / len(d))
        return minimize(lambda p: float(np.sum(p * np.log(np.clip(p, 1e-300, None)))), start,
                        method="SLSQP", bounds=[(0, 1)] * len(d), constraints=cons,
                        options={"ftol": 1e-13, "maxiter": 500})

    res = solve(True)
    if res.success and abs(res.x @ d**2 - variance) < 1e-6 and abs(res.x @ d) < 1e-8:
        return np.clip(res.x, 0, None), True
    res = solve(False)
    return np.clip(res.x, 0, None), False


@cache
def perturbation_table(max_noise: int = 2, variance: float = 1.0, js: int = 4) -> PerturbationTable:
    """Design the perturbation table (maximum entropy, unbiased, no small counts).

    Parameters
    ----------
    max_noise
        :math:`D`, the largest change to a count.
    variance
        :math:`V`, the variance of the noise (kept where the constraints allow).
    js
        Published counts 1 .. js never occur (HEROES threshold 5: js = 4).

    Returns
    -------
    PerturbationTable
        Publish ``.frame`` (with D, V, js) so readers know the noise; keep the secret.

    Raises
    ------
    DisclosureError
        ``max_noise < 1``, ``variance <= 0`` or ``variance > max_noise ** 2``, ``js < 0``.

    Example
    -------
    >>> pt = perturbation_table(2, 1.0, 4)
    >>> sorted(set(pt.frame.loc[pt.frame["p"] > 0, "j"]) & {1, 2, 3, 4})
    []
    """
    if max_noise < 1 or not 0 < variance <= max_noise**2 or js < 0:
        raise DisclosureError(
            f"perturbation table: D={max_noise}, V={variance}, js={js} is not a valid design",
            reason="bad_parameter", variable="variance",
            hint="use D >= 1, 0 < V <= D**2 and js >= 0 (e.g. D=2, V=1, js=4)")
    rows = []
    for i in range(js + 2 * max_noise + 2):
        if i == 0:
            targets, probs, kept = np.array([0]), np.array([1.0]), False  # zeros stay zeros
        else:
            # a small count must be able to reach 0 and a count above js to stay unbiased
            low = 0 if i <= js else max(0, i - max_noise)
            span = np.arange(low, i + max(max_noise, js + 1 - i) + 1)
            targets = span[(span == 0) | (span > js)]
            probs, kept = _max_entropy(targets, i, variance)
        probs = probs / probs.sum()
        upper = np.cumsum(probs)
        upper[-1] = 1.0
        lower = np.concatenate([[0.0], upper[:-1]])
        rows += [{"i": i, "j": int(j), "p": float(p), "lower": float(lo), "upper": float(up),
                  "variance_kept": kept} for j, p, lo, up in zip(targets, probs, lower, upper, strict=True)]
    return PerturbationTable(max_noise, float(variance), js, pd.DataFrame(rows))


@dataclass(frozen=True)
class PerturbedTable:
    """A count table published with cell-key perturbation.

    Attributes
    ----------
    table
        Perturbed counts (``Int64``); totals are perturbed counts of their own records.
    ptable
        The perturbation table used (publishable).
    note
        The sentence for the table note.
    """

    table: pd.DataFrame
    ptable: PerturbationTable
    note: str

    def _repr_html_(self) -> str:
        return self.table.to_html() + f"<p><i>{self.note}</i></p>"


def _cell_keys(data: pd.DataFrame, groups: list[str], record_key: str) -> pd.DataFrame:
    grouped = data.groupby(groups, observed=True, dropna=False)[record_key]
    return pd.DataFrame({"n": grouped.size(), "key": grouped.sum() % 1.0})


def cell_key_table(
    data: pd.DataFrame,
    rows: str,
    cols: str | None = None,
    *,
    record_key: str = "record_key",
    ptable: PerturbationTable | None = None,
    margins: bool = True,
) -> PerturbedTable:
    """Count respondents by ``rows`` (x ``cols``) and publish the counts with cell-key noise.

    Parameters
    ----------
    data
        One row per respondent, with a record-key column (:func:`record_keys`).
    rows, cols
        Grouping variables of the table.
    record_key
        Column holding each respondent's record key in [0, 1).
    ptable
        The perturbation table; default :func:`perturbation_table` (D=2, V=1, js=4).
    margins
        Add ``Total`` row and column, each perturbed from its own records.

    Returns
    -------
    PerturbedTable

    Raises
    ------
    DisclosureError
        A missing column, or record keys outside [0, 1) or missing.
    """
    missing = [c for c in (rows, cols, record_key) if c is not None and c not in data.columns]
    if missing:
        raise DisclosureError(f"cell_key_table: column(s) {missing} not in the data",
                              reason="missing_variable", variable=missing[0],
                              hint="add record keys with record_keys(ids, secret)")
    keys = data[record_key].to_numpy(dtype=float)
    if not np.all((keys >= 0) & (keys < 1)):
        raise DisclosureError("cell_key_table: record keys must be numbers in [0, 1)",
                              reason="bad_parameter", variable=record_key,
                              hint="make them with record_keys(ids, secret)")
    pt = ptable or perturbation_table()
    frame = data.assign(_all="Total")
    cells = [_cell_keys(frame, [rows] + ([cols] if cols else []), record_key)]
    if margins:
        cells.append(_cell_keys(frame, [rows, "_all"] if cols else ["_all"], record_key))
        if cols:
            cells += [_cell_keys(frame, ["_all", cols], record_key), _cell_keys(frame, ["_all", "_all"], record_key)]
    long = pd.concat(cells)
    long["published"] = pt.perturb(long["n"].to_numpy(), long["key"].to_numpy())
    if cols:
        index = long.index.set_names([rows, cols])
        table = long.set_axis(index)["published"].unstack(cols, fill_value=0)
    else:
        table = long.set_axis(long.index.set_names([rows]))["published"].to_frame("n")
    note = (f"Counts perturbed by the cell-key method (noise at most ±{pt.max_noise}, variance {pt.variance:g}; "
            f"no count from 1 to {pt.js} is shown); totals are perturbed separately and may differ from the sum of "
            "their cells.")
    return PerturbedTable(table.astype("Int64"), pt, note)
