"""Answers from off the GUI thread reach only screens that still exist."""

from __future__ import annotations

from concurrent.futures import Future

import shiboken6
from PySide6.QtCore import QObject

from ui import tasks


def test_a_durable_write_answers_its_screen_and_skips_a_deleted_one(qtbot):
    tasks.install()
    answered: list[str] = []
    alive, gone = QObject(), QObject()
    first: Future[str] = Future()
    second: Future[str] = Future()
    tasks.when_durable(first, lambda r, e: answered.append(f"alive {r}"), owner=alive)
    # A screen deleted while its write was on the recorder (a hand-off whose window closed).
    tasks.when_durable(second, lambda r, e: answered.append(f"gone {r}"), owner=gone)
    shiboken6.delete(gone)
    first.set_result("written")
    second.set_result("written")
    marker: list[bool] = []
    tasks.on_gui(lambda: marker.append(True))  # queued after both answers
    qtbot.waitUntil(lambda: bool(marker))
    assert answered == ["alive written"]
