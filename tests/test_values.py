"""``@value`` classes (kiosk/values.py) behave as frozen dataclasses: the same equality,
hashing and repr, frozen the same way, with only ``__init__`` compiled for each. Checked for
the classes outside the content model (tests/content/test_model_values.py checks those)
against frozen dataclass twins holding the same values."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import uuid
from pathlib import Path

import pytest

from kiosk.content.errors import Issue, Severity
from kiosk.content.store import InstallResult
from kiosk.content.validate import Report
from kiosk.station.local_writes import StorageStatus, WriteFailure
from kiosk.values import Value
from kiosk.visit.writes import WriteFailed

FAILURE = WriteFailure("2026-12-05T10:00:00", "the visit's end", "disk full", 2, 1)
ISSUE = Issue("pack.toml", "products[3].name", "no English name", Severity.WARNING)
SAMPLES: list[Value] = [
    ISSUE,
    Report(Path("/packs/a"), None, (ISSUE,), None),
    InstallResult(False, "the pack has errors", None, (ISSUE,)),
    FAILURE,
    StorageStatus(120, 500, FAILURE),
    WriteFailed(uuid.UUID(int=7), "the visit's end", "disk full"),
]


def twin(value: Value) -> object:
    """The same values in a frozen dataclass of the same name and fields."""
    cls = type(value)
    spec = [(f.name, object, f) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    made = dataclasses.make_dataclass(cls.__name__, spec, frozen=True)
    made.__qualname__ = cls.__qualname__
    return made(**{f.name: getattr(value, f.name) for f in dataclasses.fields(cls)})  # type: ignore[arg-type]


@pytest.mark.parametrize("value", SAMPLES, ids=lambda v: type(v).__name__)
def test_a_value_compares_hashes_and_shows_as_a_frozen_dataclass(value: Value) -> None:
    other = twin(value)
    assert repr(value) == repr(other)
    assert hash(value) == hash(other)
    assert value == copy.deepcopy(value) == pickle.loads(pickle.dumps(value))
    assert (value == other) is False  # another class: never equal
    changed = dataclasses.replace(value, **{dataclasses.fields(value)[0].name: None})  # type: ignore[type-var, arg-type]
    assert changed != value


@pytest.mark.parametrize("value", SAMPLES, ids=lambda v: type(v).__name__)
def test_a_value_is_frozen_once_made(value: Value) -> None:
    before = repr(value)
    for f in dataclasses.fields(value):  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError, match=f.name):
            setattr(value, f.name, None)
        with pytest.raises(dataclasses.FrozenInstanceError, match=f.name):
            delattr(value, f.name)
    with pytest.raises(dataclasses.FrozenInstanceError, match="added"):
        value.added = 1  # type: ignore[attr-defined]
    assert repr(value) == before
