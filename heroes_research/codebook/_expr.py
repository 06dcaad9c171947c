"""Consistency rules such as ``years_experience <= age - 16``: parsed safely, evaluated vectorised.

Why hand-written: ``eval`` is unsafe on files from many hands and ``DataFrame.eval``
accepts far more than a codebook should (attribute access, function calls). A rule
is a Python expression restricted to variable names, numbers, ``+ - * /``,
comparisons, ``and``/``or``/``not`` and parentheses; it is checked when the codebook
is loaded and evaluated on whole columns.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Callable, Mapping

import numpy as np

__all__ = ["rule_names", "rule_violations"]

_BINARY: dict[type, Callable] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_COMPARE: dict[type, Callable] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_ALLOWED = (
    ast.Expression, ast.BinOp, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Name, ast.Load,
    ast.Constant, ast.And, ast.Or, ast.Not, ast.USub, ast.UAdd, *_BINARY, *_COMPARE,
)


#: Longest rule accepted: a consistency check is one line; a 20,000-term rule would
#: exhaust Python's recursion limit when parsed or evaluated.
MAX_RULE_LENGTH = 1000


@functools.lru_cache(maxsize=256)
def _parse(rule: str) -> ast.Expression:
    if len(rule) > MAX_RULE_LENGTH:
        raise ValueError(f"rule {rule[:40]!r}... is {len(rule)} characters long (at most {MAX_RULE_LENGTH}); "
                         "split it into several checks")
    try:
        tree = ast.parse(rule.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"rule {rule!r} is not a valid expression ({exc.msg})") from None
    except (RecursionError, MemoryError):
        raise ValueError(f"rule {rule[:40]!r}... nests too deeply to evaluate; split it into "
                         "several checks") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError(
                f"rule {rule!r} uses {type(node).__name__}; only variable names, numbers, "
                "+ - * /, comparisons, and/or/not and parentheses are allowed"
            )
        if isinstance(node, ast.Constant) and not isinstance(node.value, int | float):
            raise ValueError(f"rule {rule!r}: only numeric constants are allowed, not {node.value!r}")
    return tree


def rule_names(rule: str) -> tuple[str, ...]:
    """The variable names a rule refers to, in order of first use.

    Raises
    ------
    ValueError
        If the rule is not a valid restricted expression.
    """
    names = (node.id for node in ast.walk(_parse(rule)) if isinstance(node, ast.Name))
    return tuple(dict.fromkeys(names))


def _evaluate(node: ast.AST, values: Mapping[str, np.ndarray]):
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, values)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        if isinstance(node.op, ast.Not):
            return np.logical_not(operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BoolOp):
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return functools.reduce(combine, (_evaluate(v, values) for v in node.values))
    # ast.Compare, possibly chained: a < b <= c
    left = _evaluate(node.left, values)
    result = True
    for op, comparator in zip(node.ops, node.comparators, strict=True):
        right = _evaluate(comparator, values)
        result = np.logical_and(result, _COMPARE[type(op)](left, right))
        left = right
    return result


def rule_violations(rule: str, values: Mapping[str, np.ndarray]) -> np.ndarray:
    """Boolean array: True where the rule is false and every variable it names is known.

    Parameters
    ----------
    rule
        Restricted expression, e.g. ``"years_experience <= age - 16"``.
    values
        Name -> float array (NaN where missing), all of one length.

    Example
    -------
    >>> import numpy as np
    >>> rule_violations("a <= b - 16", {"a": np.array([1.0, 30, np.nan]), "b": np.array([40.0, 35, 20])})
    array([False,  True, False])
    """
    names = rule_names(rule)
    known = np.logical_and.reduce([~np.isnan(values[name]) for name in names])
    with np.errstate(divide="ignore", invalid="ignore"):
        holds = np.asarray(_evaluate(_parse(rule), values), dtype=bool)
    return ~holds & known
