"""The input watch sees the input given to the kiosk's window, calls a watcher while its owner
lives and never after, and leaves every other object's events to Qt alone."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.window_input import key, tap, window_of
from ui.input_watch import input_watch, watch


def shown_window(qtbot: QtBot) -> tuple[QWidget, QLineEdit]:
    window = QWidget()
    field = QLineEdit(window)
    QVBoxLayout(window).addWidget(field)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    return window, field


def counting(seen: dict[str, int], name: str):  # type: ignore[no-untyped-def]
    def handler(_watched: QObject, _event: QEvent) -> bool:
        seen[name] += 1
        return False

    return handler


def test_a_watcher_stops_with_its_owner(qtbot: QtBot) -> None:
    _window, field = shown_window(qtbot)
    kept, gone = QObject(), QObject()
    seen = {"kept": 0, "gone": 0}
    watch(kept, [QEvent.Type.KeyPress], counting(seen, "kept"))
    watch(gone, [QEvent.Type.KeyPress], counting(seen, "gone"))
    key(field, Qt.Key.Key_A)
    assert seen == {"kept": 1, "gone": 1}
    assert field.text() == "a"  # watched, not swallowed

    gone.deleteLater()
    qtbot.waitUntil(lambda: not _alive(gone))
    key(field, Qt.Key.Key_B)
    key(field, Qt.Key.Key_C)
    assert seen == {"kept": 3, "gone": 1}  # the deleted owner's watcher is not called again


def test_a_watcher_can_swallow_the_event(qtbot: QtBot) -> None:
    _window, field = shown_window(qtbot)
    owner = QObject()
    watch(owner, [QEvent.Type.KeyPress], lambda _w, _e: True)
    key(field, Qt.Key.Key_A)
    assert field.text() == ""  # swallowed before the field saw it
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    key(field, Qt.Key.Key_A)
    assert field.text() == "a"


def test_a_touch_anywhere_in_the_window_is_seen(qtbot: QtBot) -> None:
    window, field = shown_window(qtbot)
    owner = QObject()
    seen = {"press": 0}
    watch(owner, [QEvent.Type.MouseButtonPress], counting(seen, "press"))
    tap(field)
    tap(window, QPoint(5, window.height() - 5))  # beside the field
    assert seen == {"press": 2}


def test_the_window_of_a_watcher_shown_later_is_watched(qtbot: QtBot) -> None:
    """An owner inside a widget not yet shown (the kiosk's idle watcher is made with the
    window): its window is watched from the moment Qt makes it."""
    window = QWidget()
    qtbot.addWidget(window)
    owner = QObject(window)
    seen = {"press": 0}
    watch(owner, [QEvent.Type.MouseButtonPress], counting(seen, "press"))
    assert window.windowHandle() is None  # no window yet
    window.show()
    qtbot.waitExposed(window)
    watcher = input_watch()
    assert watcher is not None
    assert any(w is window_of(window) for w in watcher.windows)
    tap(window)
    assert seen == {"press": 1}


def test_other_objects_events_never_reach_python(qtbot: QtBot) -> None:
    """The watch is no application-wide filter: an event given to any other object (a
    widget's moves and resizes, timers, paints) does not go through it."""
    window, field = shown_window(qtbot)
    owner = QObject()
    seen = {"user": 0}
    kind = QEvent.Type.User
    watch(owner, [kind], counting(seen, "user"))
    QCoreApplication.sendEvent(field, QEvent(kind))
    QCoreApplication.sendEvent(QObject(), QEvent(kind))
    assert seen == {"user": 0}
    QCoreApplication.sendEvent(window_of(window), QEvent(kind))
    assert seen == {"user": 1}  # what the window is given is seen


def _alive(obj: QObject) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


def test_a_touch_on_any_screen_restarts_the_visits_idle_countdown(make_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The customer is still there while they touch: each touch given to the kiosk's window
    starts the idle countdown again, wherever it lands. (Waits for a third of a two-second
    countdown to run: Qt may move a coarse timer by 5 %, so less is not measurable.)"""
    shell = make_shell(idle_timeout_s=2)
    tap(shell.attract)
    assert shell.router.current.NAME == "greeting"
    timer = shell.idle._timer
    assert timer.isActive()
    qtbot.waitUntil(lambda: timer.remainingTime() < 1300)  # a third of the countdown ran
    tap(shell.router.current, QPoint(40, shell.height() - 40))  # a corner with nothing on it
    assert timer.remainingTime() > 1700
