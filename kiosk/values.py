"""Frozen values that do not make a dataclass compile six methods each.

A frozen dataclass compiles its own text of ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__``: a quarter to a third of a millisecond a
class, at import. The kiosk's start imports twenty-five such classes (the content model, the
validation's findings, the local writes' states) on the worker the attract screen waits for.
A ``@value`` class is a dataclass whose ``__init__`` alone is its own: ``Value`` freezes it
(the same ``FrozenInstanceError``), compares and hashes it by its fields' values in order,
only with its own class, and shows it, as ``@dataclass(frozen=True)`` would (tests/
test_values.py and tests/content/test_model_values.py compare the two). The type checker is
told it is a frozen dataclass (``dataclass_transform``), so it still rejects an assignment.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, fields
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any, TypeVar


class Value:
    """Frozen once made, equality and hashing by the fields' values in order, and the repr,
    as a frozen dataclass has them (tests/content/test_model_values.py compares the two)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        # Each field once, by the class's __init__; nothing after, and nothing else.
        if name in self.__dict__ or name not in _field_names(type(self)):
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _field_names(type(self)))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    @recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _field_names(type(self)))
        return f"{type(self).__qualname__}({shown})"


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_V = TypeVar("_V", bound=type)

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    @dataclass_transform(frozen_default=True, eq_default=False, field_specifiers=(field,))
    def value(cls: _V) -> _V:
        """As below, for the type checker: a frozen dataclass."""
else:

    def value(cls):
        """A dataclass whose ``__init__`` alone is its own (``Value`` does the rest)."""
        return dataclass(eq=False, repr=False)(cls)


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names
