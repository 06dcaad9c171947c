"""The calibration model matrix kept as category codes: products without an n x p matrix.

Why: R's ``calibrate`` forms ``model.matrix(~a + b + c)``, mostly 0/1 dummy columns.
Kept as codes, :math:`X\\beta` is a lookup per margin, :math:`X^T u` a ``np.bincount``
per margin, and :math:`X^T \\operatorname{diag}(v) X` one ``np.bincount`` per pair of
margins (the weighted two-way tables), so each Newton step of the calibration reads
the rows a few times instead of multiplying a 10^6 x p matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Block", "CalibrationMatrix"]


@dataclass(frozen=True, eq=False)
class Block:
    """Columns of one term: dummies of levels 1..K-1 of ``codes``, or one numeric column.

    ``values=None`` and ``codes=None`` is the intercept (a column of ones).
    """

    codes: np.ndarray | None = None
    n_levels: int = 0
    values: np.ndarray | None = None

    @property
    def width(self) -> int:
        return self.n_levels - 1 if self.codes is not None else 1

    def sums(self, v: np.ndarray) -> np.ndarray:
        """:math:`\\sum_i v_i x_{ij}` for the block's columns."""
        if self.codes is not None:
            return np.bincount(self.codes, weights=v, minlength=self.n_levels)[1:]
        return np.array([v.sum() if self.values is None else v @ self.values])

    def scaled(self, v: np.ndarray) -> np.ndarray:
        """``v`` times the numeric column (``v`` for the intercept)."""
        return v if self.values is None else v * self.values


@dataclass(frozen=True, eq=False)
class CalibrationMatrix:
    """R's calibration model matrix as blocks of columns, in column order."""

    blocks: tuple[Block, ...]
    n: int

    @property
    def width(self) -> int:
        return sum(b.width for b in self.blocks)

    def _slices(self) -> list[slice]:
        edges = np.cumsum([0] + [b.width for b in self.blocks])
        return [slice(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True)]

    def rmatvec(self, u: np.ndarray) -> np.ndarray:
        """:math:`X^T u`, shape (p,)."""
        return np.concatenate([b.sums(u) for b in self.blocks])

    def matvec(self, beta: np.ndarray) -> np.ndarray:
        """:math:`X \\beta`, shape (n,)."""
        out = np.zeros(self.n)
        for block, cols in zip(self.blocks, self._slices(), strict=True):
            coef = beta[cols]
            if block.codes is not None:
                out += np.concatenate([[0.0], coef])[block.codes]
            elif block.values is None:
                out += coef[0]
            else:
                out += coef[0] * block.values
        return out

    def gram(self, v: np.ndarray) -> np.ndarray:
        """:math:`X^T \\operatorname{diag}(v) X`, shape (p, p)."""
        p = self.width
        out = np.zeros((p, p))
        slices = self._slices()
        for i, (a, rows) in enumerate(zip(self.blocks, slices, strict=True)):
            for b, cols in zip(self.blocks[i:], slices[i:], strict=True):
                cross = self._cross(a, b, v)
                out[rows, cols] = cross
                out[cols, rows] = cross.T
        return out

    @staticmethod
    def _cross(a: Block, b: Block, v: np.ndarray) -> np.ndarray:
        if a.codes is None:
            return b.sums(a.scaled(v))[None, :]
        if b.codes is None:
            return a.sums(b.scaled(v))[:, None]
        if a is b:
            return np.diag(a.sums(v))
        key = a.codes * b.n_levels + b.codes
        table = np.bincount(key, weights=v, minlength=a.n_levels * b.n_levels)
        return table.reshape(a.n_levels, b.n_levels)[1:, 1:]
