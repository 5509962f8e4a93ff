"""A customer cannot leave the kiosk: Escape, Alt+F4, Ctrl+W/Q and close requests do nothing;
the store-IT role can."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.window_input import key as key_on

LEAVING_KEYS = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
]


@pytest.mark.parametrize(("key", "modifiers"), LEAVING_KEYS)
def test_leaving_keys_are_swallowed_during_a_visit(qtbot, make_shell, key, modifiers):
    shell = make_shell()
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    assert shell.router.current.NAME == "greeting"
    seen = []
    probe = shell.screens["greeting"]
    probe.keyPressEvent = lambda event: seen.append(event.key())  # type: ignore[method-assign]
    probe.setFocus()
    with qtbot.waitSignal(shell.lockdown.escape_refused, timeout=1000):
        key_on(probe, key, modifiers)  # from the keyboard: through the window
    assert key not in seen  # the screen never saw it (QTest sends the modifier first)
    assert shell.isVisible()
    assert shell.router.current.NAME == "greeting"
    assert shell.journey.active


def test_other_keys_pass_through(qtbot, make_shell):
    shell = make_shell()
    seen = []
    shell.attract.keyPressEvent = lambda event: seen.append(event.key())  # type: ignore[method-assign]
    shell.attract.setFocus()
    key_on(shell.attract, Qt.Key.Key_F4)  # F4 without Alt is harmless
    key_on(shell.attract, Qt.Key.Key_A)
    assert seen == [Qt.Key.Key_F4, Qt.Key.Key_A]


def test_close_requests_are_refused(qtbot, make_shell):
    shell = make_shell()
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    assert shell.close() is False
    event = QCloseEvent()
    QApplication.sendEvent(shell, event)  # what the window manager sends for Alt+F4
    assert not event.isAccepted()
    assert shell.isVisible()
    assert shell.journey.active  # the visit was not ended by the attempt


def test_store_it_can_exit_and_the_visit_is_closed(qtbot, make_shell):
    shell = make_shell()
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    journey = shell.journey
    shell.exit_requested_by_store_it()
    assert not shell.isVisible()
    assert not journey.active
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    assert shell.lockdown.eventFilter(shell, key) is False  # keys are no longer filtered


def test_windowed_development_mode_is_not_locked(qtbot, make_shell):
    shell = make_shell(windowed=True)
    assert shell.lockdown.exit_allowed
    assert shell.close() is True


@pytest.mark.parametrize("settings", [{}, {"hide_cursor": True}], ids=["default", "set"])
def test_the_cursor_is_hidden_on_touch_screens_until_store_it_exits(qtbot, make_shell, settings):
    shell = make_shell(**settings)  # hidden by default: a touch kiosk shows no arrow
    shell.lockdown.engage()
    try:
        cursor = QApplication.overrideCursor()
        assert cursor is not None
        assert cursor.shape() == Qt.CursorShape.BlankCursor
    finally:
        shell.exit_requested_by_store_it()
    assert QApplication.overrideCursor() is None


def test_store_it_can_keep_the_pointer_with_hide_cursor_off(qtbot, make_shell):
    shell = make_shell(hide_cursor=False)
    shell.lockdown.engage()
    assert QApplication.overrideCursor() is None


def test_windowed_development_keeps_the_pointer(qtbot, make_shell):
    shell = make_shell(windowed=True)
    shell.lockdown.engage()
    assert QApplication.overrideCursor() is None
