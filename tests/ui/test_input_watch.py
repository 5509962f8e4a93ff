"""The application-wide input watch calls a watcher while its owner lives, and never after."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.input_watch import watch


def test_a_watcher_stops_with_its_owner(qtbot: QtBot) -> None:
    target = QWidget()
    qtbot.addWidget(target)
    kept, gone = QObject(), QObject()
    seen: dict[str, int] = {"kept": 0, "gone": 0}

    def counting(name: str):  # type: ignore[no-untyped-def]
        def handler(_watched: QObject, _event: QEvent) -> bool:
            seen[name] += 1
            return False

        return handler

    watch(kept, [QEvent.Type.KeyPress], counting("kept"))
    watch(gone, [QEvent.Type.KeyPress], counting("gone"))
    qtbot.keyClick(target, Qt.Key.Key_A)
    assert seen == {"kept": 1, "gone": 1}

    gone.deleteLater()
    qtbot.waitUntil(lambda: not _alive(gone))
    qtbot.keyClick(target, Qt.Key.Key_B)
    qtbot.keyClick(target, Qt.Key.Key_C)
    assert seen == {"kept": 3, "gone": 1}  # the deleted owner's watcher is not called again


def test_a_watcher_can_swallow_the_event(qtbot: QtBot) -> None:
    target = QWidget()
    qtbot.addWidget(target)
    owner = QObject()
    pressed: list[int] = []

    class Target(QObject):
        def eventFilter(self, _w: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.KeyPress:
                pressed.append(1)
            return False

    spy = Target()
    target.installEventFilter(spy)
    watch(owner, [QEvent.Type.KeyPress], lambda _w, _e: True)
    qtbot.keyClick(target, Qt.Key.Key_A)
    assert pressed == []  # swallowed before the widget's own filters saw it
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    qtbot.keyClick(target, Qt.Key.Key_A)
    assert pressed == [1]


def _alive(obj: QObject) -> bool:
    from shiboken6 import isValid

    return isValid(obj)
