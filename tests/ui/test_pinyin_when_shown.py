"""The pinyin index (about a second of a worker and the GIL) is built when a keyboard that
offers 中 is shown, not when a screen holding one is built: the kiosk builds those in the
first seconds after it starts, when a customer may already be touching the screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from kiosk.visit import pinyin
from ui import tasks
from ui.widgets.keyboard import OnScreenKeyboard


def test_the_index_is_built_when_the_keyboard_is_shown(qtbot, monkeypatch):
    monkeypatch.setattr(pinyin, "_index", None)  # as in a kiosk just started
    tasks.install()
    host = QWidget()
    layout = QVBoxLayout(host)
    field = QLineEdit()
    keyboard = OnScreenKeyboard()
    keyboard.follow(field, chinese=True, name=True)
    keyboard.set_language("zh-Hans")
    keyboard.attach(field)  # as a screen does when it is built
    layout.addWidget(field)
    layout.addWidget(keyboard)
    qtbot.addWidget(host)
    assert not keyboard._loading
    assert pinyin.built() is None
    host.show()
    qtbot.waitUntil(lambda: pinyin.built() is not None and not keyboard._loading)
