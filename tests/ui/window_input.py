"""Input as the screen gives it: to the widget's window, which hands it to the widget.

``qtbot.mouseClick(widget)`` sends the event straight to the widget, past its window. A touch
screen, a mouse and a keyboard give every event to the top-level window first, and what
watches the customer's input (the idle timers, the lockdown, a fade's "a touch ends it":
ui/input_watch.py) watches there. Tests of those send their input this way.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget


def window_of(widget: QWidget) -> QWindow:
    handle = widget.window().windowHandle()
    assert handle is not None, f"{type(widget).__name__}'s window is not shown"
    return handle


def tap(widget: QWidget, pos: QPoint | None = None) -> None:
    """A touch on ``widget`` at ``pos`` (its centre), given to its window at that point: Qt
    hands it to whatever widget is on top there, as on the screen."""
    point = widget.mapTo(widget.window(), pos if pos is not None else widget.rect().center())
    QTest.mouseClick(window_of(widget), Qt.MouseButton.LeftButton, NO_MODIFIER, point)


NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def key(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """A key pressed and released on the keyboard of ``widget``'s window (shortcut override,
    press, release), which Qt gives to the widget with the focus."""
    QTest.keyClick(window_of(widget), key, modifiers)
