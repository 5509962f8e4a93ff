"""The settings table and ``Config``'s typed attributes name the same settings with one type.

``SETTINGS`` is the one place for a setting's name, default, parser and docs; ``Config``
repeats each name as an annotation so mypy checks every read. Assigning the parsed values
(``setattr`` in ``Config.__init__``) is the step mypy cannot see, so this test holds the two
together: a setting without an annotation, an annotation without a setting, or a parser or
default whose type is not the annotation's fails here, not in a store.
"""

from __future__ import annotations

import types
import typing
from typing import Any, get_type_hints

import pytest

import kiosk.station.opening_hours
from kiosk.station.config import Config, load_config
from kiosk.station.settings import SETTINGS

# Annotations naming types imported only for mypy (TYPE_CHECKING) are resolved with these.
_NAMES = {"OpeningHours": kiosk.station.opening_hours.OpeningHours}


def _annotations() -> dict[str, Any]:
    return {
        name: hint
        for name, hint in get_type_hints(Config, localns=_NAMES).items()
        if name != "sources"
    }


def _matches(value: object, hint: Any) -> bool:
    """Whether ``value`` is of the type ``hint`` (the few forms settings use)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, arm) for arm in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin is tuple:
        item, ellipsis = typing.get_args(hint)
        assert ellipsis is Ellipsis, f"{hint}: only tuple[X, ...] is supported here"
        return isinstance(value, tuple) and all(_matches(v, item) for v in value)
    if hint is int:  # a bool is an int to isinstance, never to a setting
        return isinstance(value, int) and not isinstance(value, bool)
    assert origin is None, f"{hint}: teach _matches this form"
    return isinstance(value, hint)


def test_every_setting_has_an_annotation_and_every_annotation_a_setting():
    declared = [s.name for s in SETTINGS]
    annotated = list(_annotations())
    assert sorted(set(declared) - set(annotated)) == [], "settings without an annotation"
    assert sorted(set(annotated) - set(declared)) == [], "annotations without a setting"
    assert annotated == declared, "annotations in another order than the table"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_each_parser_returns_the_annotated_type(setting):
    """Compared statically, so it holds for every value a store can write, not one sample."""
    hint = _annotations()[setting.name]
    returns = get_type_hints(setting.parse, localns=_NAMES)["return"]
    assert returns == hint, f"{setting.parse.__name__} returns {returns}, annotated {hint}"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_each_default_and_parsed_default_has_the_annotated_type(setting):
    hint = _annotations()[setting.name]
    default = setting.default()
    assert _matches(default, hint), f"default {default!r} is not a {hint}"
    parsed = setting.parse(default)
    assert _matches(parsed, hint), f"parsed default {parsed!r} is not a {hint}"


def test_a_loaded_config_has_every_setting_as_a_typed_attribute():
    config = load_config(env={})
    for name, hint in _annotations().items():
        assert _matches(getattr(config, name), hint), name
    assert set(config.values) == {s.name for s in SETTINGS}
