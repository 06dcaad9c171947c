"""FrozenMap: an immutable, hashable mapping for the fields of frozen dataclasses.

Why hand-written: Python 3.11 has no ``frozendict``; ``types.MappingProxyType`` is
neither hashable nor independent of the dict it wraps. Twenty lines beat a dependency.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["FrozenMap"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """An immutable mapping that keeps insertion order and compares equal to dicts.

    Example
    -------
    >>> FrozenMap({1: "Yes", 0: "No"})
    {1: 'Yes', 0: 'No'}
    >>> FrozenMap({1: "a"}) == {1: "a"}
    True
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self._data == dict(other.items())

    def __repr__(self) -> str:
        return repr(self._data)

    def to_dict(self) -> dict[K, V]:
        """A plain (mutable) copy."""
        return dict(self._data)
