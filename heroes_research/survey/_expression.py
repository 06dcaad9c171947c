"""Nonlinear functions of estimates written as R writes them (``quote(a/b)``), with exact gradients.

An expression such as ``"api00 / api99"`` or ``"log(`E:api00`) - log(`M:api00`)"``
is parsed once into a small tree of arithmetic (``+ - * /``, ``^`` or ``**``, unary
minus), numbers, the names of estimates (backticks around a name that is not a Python
identifier, as R) and the functions of :data:`FUNCTIONS`; nothing else is accepted,
and nothing is passed to ``eval``.

Notes
-----
The gradient is taken by complex-step differentiation: for an analytic :math:`f`,
:math:`\\partial f/\\partial\\theta_j = \\operatorname{Im} f(\\theta + i h e_j) / h` with no
subtraction, so it is exact to rounding for any tiny :math:`h` (Squire and Trapp 1998).
R's ``svycontrast`` differentiates the same expressions symbolically (``deriv``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence

import numpy as np

from heroes_research.errors import EstimationError

__all__ = ["FUNCTIONS", "Expression", "parse_expression"]

#: Functions an expression may call (R's names; all analytic, as complex steps need).
FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "exp": np.exp,
    "log": np.log,
    "log10": np.log10,
    "log2": np.log2,
    "sqrt": np.sqrt,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "asin": np.arcsin,
    "acos": np.arccos,
    "atan": np.arctan,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "tanh": np.tanh,
}
_BINARY = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}
_STEP = 1e-20


class Expression:
    """A parsed expression: its value and gradient at a vector of estimates."""

    def __init__(self, text: str, tree: ast.expr, names: Sequence[str], quoted: dict[str, str]):
        self.text = text
        self._tree = tree
        self._index = {name: i for i, name in enumerate(names)}
        self._quoted = quoted

    def _evaluate(self, node: ast.expr, theta: np.ndarray) -> np.ndarray:
        if isinstance(node, ast.Constant):
            return np.asarray(node.value, dtype=theta.dtype)
        if isinstance(node, ast.Name | ast.Attribute):
            return theta[self._index[self._name(node)]]
        if isinstance(node, ast.UnaryOp):
            value = self._evaluate(node.operand, theta)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            op = _BINARY[type(node.op)]
            return op(self._evaluate(node.left, theta), self._evaluate(node.right, theta))
        call = node  # checked by parse_expression: a call of a known function
        return FUNCTIONS[call.func.id](self._evaluate(call.args[0], theta))  # type: ignore[attr-defined]

    def _name(self, node: ast.expr) -> str:
        if isinstance(node, ast.Attribute):  # R's dotted names, e.g. sch.wideYes
            return f"{self._name(node.value)}.{node.attr}"
        name = node.id  # type: ignore[attr-defined]
        return self._quoted.get(name, name)

    def value_and_gradient(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        """:math:`f(\\hat\\theta)` and :math:`\\nabla f(\\hat\\theta)` by complex steps."""
        theta = np.asarray(theta, dtype=float)
        with np.errstate(all="ignore"):
            value = float(np.real(self._evaluate(self._tree, theta.astype(complex))))
            gradient = np.empty(len(theta))
            for j in range(len(theta)):
                step = theta.astype(complex)
                step[j] += 1j * _STEP
                gradient[j] = np.imag(self._evaluate(self._tree, step)) / _STEP
        return value, gradient


def _check(node: ast.AST, names: set[str], quoted: dict[str, str], text: str, step: str) -> None:
    """Every node is arithmetic, a number, a known name or a known function of one argument."""

    def fail(what: str, hint: str, reason: str = "bad_formula") -> None:
        raise EstimationError(
            f"{step}: {what} in the expression {text!r}",
            variable="contrasts",
            reason=reason,
            hint=hint,
        )

    def name_of(n: ast.AST) -> str | None:
        if isinstance(n, ast.Name):
            return quoted.get(n.id, n.id)
        if isinstance(n, ast.Attribute):
            inner = name_of(n.value)
            return None if inner is None else f"{inner}.{n.attr}"
        return None

    if isinstance(node, ast.Name | ast.Attribute):
        name = name_of(node)
        if name not in names:
            fail(
                f"unknown estimate {name!r}",
                f"the estimates are {', '.join(sorted(names)[:20])} (quote names that are not "
                "identifiers in backticks, as R: `E:api00`)",
                "unknown_term",
            )
    elif isinstance(node, ast.Constant):
        if not isinstance(node.value, int | float) or isinstance(node.value, bool):
            fail(f"the constant {node.value!r}", "use numbers only")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _check(node.operand, names, quoted, text, step)
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _check(node.left, names, quoted, text, step)
        _check(node.right, names, quoted, text, step)
    elif isinstance(node, ast.Call):
        func = node.func.id if isinstance(node.func, ast.Name) else None
        if func not in FUNCTIONS or len(node.args) != 1 or node.keywords:
            fail(
                f"the call {ast.unparse(node)!r}",
                f"call one of {', '.join(FUNCTIONS)} with one argument",
            )
        _check(node.args[0], names, quoted, text, step)
    else:
        fail(
            f"{ast.unparse(node)!r} is not arithmetic",
            "write + - * / ^ of estimates, numbers and functions such as log(), exp(), sqrt()",
        )


def parse_expression(text: str, names: Sequence[str], step: str) -> Expression:
    """Parse ``text`` over the estimates ``names`` (R's ``svycontrast(x, quote(...))``).

    Example
    -------
    >>> e = parse_expression("log(`E:y`) - b^2", ["E:y", "b"], "example")
    >>> value, grad = e.value_and_gradient(np.array([np.e, 3.0]))
    >>> round(value, 12), grad.round(12).tolist()
    (-8.0, [0.367879441171, -6.0])
    """
    quoted: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        key = f"_q{len(quoted)}_"
        quoted[key] = match.group(1)
        return key

    source = re.sub(r"`([^`]*)`", placeholder, text).replace("^", "**")  # R's power
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as error:
        raise EstimationError(
            f"{step}: the expression {text!r} cannot be read ({error.msg})",
            variable="contrasts",
            reason="bad_formula",
            hint="write it as R's svycontrast(x, quote(...)) would, e.g. 'api00 / api99'",
        ) from error
    _check(tree, set(names), quoted, text, step)
    return Expression(text, tree, names, quoted)
