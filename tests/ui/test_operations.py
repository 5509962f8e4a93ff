"""Screens read and write one way: answers come back on the GUI thread, stale ones are
dropped, failures become the screen's words, and a write wakes the store sync."""

from __future__ import annotations

import logging
import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from kiosk.errors import KioskError
from ui.operations import Operations


class _Refused(KioskError):
    def __init__(self, who: str) -> None:
        super().__init__(f"refused for {who}")  # personal data: must never reach the log


def _words(error: BaseException) -> str:
    return "Refused." if isinstance(error, _Refused) else "That did not work."


def _screen(qtbot, shell) -> tuple[QWidget, Operations]:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    return owner, Operations(owner, shell.runtime, _words, name="test screen")


def test_a_read_answers_on_the_gui_thread_and_a_newer_one_makes_it_stale(qtbot, make_shell):
    _owner, ops = _screen(qtbot, make_shell())
    release = threading.Event()
    answered: list[tuple[str, str]] = []

    def slow() -> str:
        release.wait(10)
        return "old"

    ops.read(slow, lambda r: answered.append((r, threading.current_thread().name)))
    ops.read(lambda: "new", lambda r: answered.append((r, threading.current_thread().name)))
    qtbot.waitUntil(lambda: answered != [])
    release.set()
    ops.read(lambda: "last", lambda r: answered.append((r, threading.current_thread().name)))
    qtbot.waitUntil(lambda: len(answered) == 2)
    main = threading.main_thread().name
    assert answered == [("new", main), ("last", main)]  # "old" arrived after "new": dropped


def test_reset_drops_what_is_on_its_way_and_lanes_do_not_drop_each_other(qtbot, make_shell):
    _owner, ops = _screen(qtbot, make_shell())
    release = threading.Event()
    answered: list[str] = []

    def held(value: str) -> str:
        release.wait(10)
        return value

    ops.read(lambda: held("search"), answered.append, lane="search")
    ops.reset()
    ops.read(lambda: held("detail"), answered.append, lane="detail")
    ops.read(lambda: held("list"), answered.append, lane="list")
    release.set()
    qtbot.waitUntil(lambda: sorted(answered) == ["detail", "list"])
    ops.read(lambda: "after", answered.append, lane="search")
    qtbot.waitUntil(lambda: answered[-1] == "after")
    assert "search" not in answered


def test_a_failure_becomes_the_screens_words_and_logs_its_type_only(qtbot, make_shell, caplog):
    _owner, ops = _screen(qtbot, make_shell())
    shown: list[str] = []

    def refuse() -> str:
        raise _Refused("Mrs Jane Example")

    with caplog.at_level(logging.WARNING, logger="ui.operations"):
        ops.read(refuse, lambda r: shown.append(f"done {r}"), shown.append)
        qtbot.waitUntil(lambda: shown != [])
    assert shown == ["Refused."]
    assert "_Refused" in caplog.text
    assert "Jane" not in caplog.text


def test_a_write_runs_on_the_recorder_then_wakes_the_sync(qtbot, make_shell):
    shell = make_shell()
    _owner, ops = _screen(qtbot, shell)
    woken: list[str] = []

    class Sync:  # the runtime's sync worker, as far as a wake goes (no store in this test)
        def wake(self) -> None:
            woken.append(threading.current_thread().name)

    shell.runtime.sync = Sync()
    ran_on: list[str] = []
    answered: list[int] = []

    def write() -> int:
        ran_on.append(threading.current_thread().name)
        return 7

    ops.write("a test write", write, answered.append)
    qtbot.waitUntil(lambda: answered == [7])
    qtbot.waitUntil(lambda: woken != [])
    shell.runtime.sync = None
    assert ran_on == woken  # the same single writer, the wake after the write
    assert ran_on != [threading.main_thread().name]


def test_a_failed_write_is_kept_for_store_it_and_told_in_the_screens_words(qtbot, make_shell):
    shell = make_shell()
    _owner, ops = _screen(qtbot, shell)
    shown: list[str] = []

    def broken() -> None:
        raise OSError(28, "No space left on device")

    ops.write("a test write", broken, lambda r: shown.append("done"), shown.append, wake=False)
    qtbot.waitUntil(lambda: shown != [])
    assert shown == ["That did not work."]
    failure = shell.runtime.writes.last
    assert failure is not None  # the associate home says why
    assert failure.what == "a test write"


def test_a_deleted_screen_gets_no_answer(qtbot, make_shell):
    owner, ops = _screen(qtbot, make_shell())
    release = threading.Event()
    answered: list[str] = []

    def held() -> str:
        release.wait(10)
        return "late"

    ops.read(held, answered.append)
    shiboken6.delete(owner)
    release.set()
    marker = Operations(QWidget(), ops.runtime, _words)
    marker.read(lambda: "marker", answered.append)
    qtbot.waitUntil(lambda: answered != [])
    assert answered == ["marker"]
