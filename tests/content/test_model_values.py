"""The content model's values compare, hash and show as frozen dataclasses do: each class
shares them from ``kiosk.content.model.Value`` rather than having dataclass compile its own
(kiosk/content/model.py says why). Checked on every object of the demo pack against a
frozen dataclass twin of its class holding the same values."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest

from kiosk.content import model as m
from kiosk.content.validate import load_pack

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo-pack"
CLASSES = [c for c in vars(m).values() if isinstance(c, type) and issubclass(c, m.Value)]
CLASSES.remove(m.Value)


def twin(cls: type) -> type:
    """A frozen dataclass of the same name and fields, with dataclass's own methods."""
    spec = [(f.name, object, f) for f in dataclasses.fields(cls)]
    made = dataclasses.make_dataclass(cls.__name__, spec, frozen=True)
    made.__qualname__ = cls.__qualname__
    return made


def every_value(pack: m.ContentPack) -> list[object]:
    found: list[object] = []

    def walk(value: object) -> None:
        if isinstance(value, m.Value):
            found.append(value)
            for f in dataclasses.fields(value):  # type: ignore[arg-type]
                walk(getattr(value, f.name))
        elif isinstance(value, dict | tuple | list):
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)

    walk(pack)
    return found


@pytest.fixture(scope="module")
def pack() -> m.ContentPack:
    return load_pack(DEMO)


def test_every_class_of_the_model_is_a_frozen_value(pack):
    """Frozen as a frozen dataclass is once made: no field assigned or deleted, nothing
    added (``Value`` does it, so that a dataclass does not compile two methods a class)."""
    assert len(CLASSES) == 19
    for cls in CLASSES:
        assert dataclasses.is_dataclass(cls)
    values = every_value(pack)
    assert len({type(v) for v in values}) >= 12
    for value in values:
        before = repr(value)
        for f in dataclasses.fields(value):  # type: ignore[arg-type]
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(value, f.name, None)
            with pytest.raises(dataclasses.FrozenInstanceError):
                delattr(value, f.name)
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.added = 1  # type: ignore[attr-defined]
        assert repr(value) == before
        assert dataclasses.replace(value) == value  # type: ignore[type-var]


def test_values_compare_hash_and_show_as_frozen_dataclasses(pack):
    values = every_value(pack)
    assert {type(v) for v in values} >= {m.ContentPack, m.Product, m.LocalText, m.Question}
    twins = {cls: twin(cls) for cls in CLASSES}
    for value in values:
        cls = type(value)
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        other = twins[cls](**fields)
        assert repr(value) == repr(other)
        same = copy.deepcopy(value)
        assert same == value
        assert same is not value
        assert (value == other) is False  # another class: never equal, as a dataclass says
        try:
            expected = hash(other)
        except TypeError:  # a field holds a dict (LocalText's values): unhashable either way
            with pytest.raises(TypeError):
                hash(value)
        else:
            assert hash(value) == expected


def test_one_changed_field_makes_values_differ():
    a = m.Attribute("quiet", m.LocalText({"en": "Quiet"}, "en"), m.LocalText({"en": "q"}, "en"))
    assert a == m.Attribute("quiet", a.name, a.reason)
    assert a != m.Attribute("quieter", a.name, a.reason)
    assert m.PriceBand.__eq__(a, object()) is NotImplemented  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.id = "loud"  # type: ignore[misc]
