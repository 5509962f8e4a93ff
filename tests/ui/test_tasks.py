"""Answers from off the GUI thread reach only screens that still exist."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import Future

import pytest
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


class _Witness:
    """Stands for a screen captured by a callback: records the thread that let go of it last
    (a Python-owned widget let go of on a worker is a QWidget deleted off the GUI thread:
    the crash CI saw once when a test ended right after its picture's answer arrived)."""

    def __init__(self, freed_on: list[str]) -> None:
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread().name)


def _slow_after_posting(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The worker posts its answer, then is held (a busy machine descheduling it) until the
    GUI side has run the answer and let go of everything of its own."""
    go_on = threading.Event()
    post = tasks.on_gui

    def posting_then_held(fn):  # type: ignore[no-untyped-def]
        post(fn)
        if threading.current_thread() is not threading.main_thread():
            go_on.wait(10)

    monkeypatch.setattr(tasks, "on_gui", posting_then_held)
    return go_on


@pytest.mark.parametrize("runner", ["run_task", "run_at_once"])
def test_what_a_task_holds_is_let_go_of_on_the_gui_thread(qtbot, monkeypatch, runner):
    tasks.install()
    go_on = _slow_after_posting(monkeypatch)
    freed_on: list[str] = []
    answered: list[object] = []
    witness, in_work = _Witness(freed_on), _Witness(freed_on)

    def work(held: _Witness = in_work) -> int:
        return 42

    def callback(result: object, error: object, held: _Witness = witness) -> None:
        answered.append(result)

    getattr(tasks, runner)(work, callback)
    del witness, in_work, work, callback
    qtbot.waitUntil(lambda: answered == [42])
    qtbot.waitUntil(lambda: len(freed_on) == 2)  # the answer ran and let go on the GUI thread
    go_on.set()
    assert freed_on == [threading.main_thread().name] * 2


def test_what_a_durable_write_callback_holds_is_let_go_of_on_the_gui_thread(qtbot, monkeypatch):
    tasks.install()
    go_on = _slow_after_posting(monkeypatch)
    freed_on: list[str] = []
    answered: list[object] = []
    witness = _Witness(freed_on)

    def callback(result: object, error: object, held: _Witness = witness) -> None:
        answered.append(result)

    future: Future[str] = Future()
    tasks.when_durable(future, callback)
    del witness, callback
    writer = threading.Thread(target=future.set_result, args=("written",), name="recorder")
    writer.start()
    qtbot.waitUntil(lambda: answered == ["written"])
    qtbot.waitUntil(lambda: freed_on != [])
    go_on.set()
    writer.join(10)
    del future  # the recorder's Future itself may outlive the screen: it holds nothing of it
    assert freed_on == [threading.main_thread().name]


def test_a_worker_hands_the_interpreter_back_to_the_screen_within_a_millisecond(qapp):
    """The GUI thread laying out a screen asks for the interpreter again and again; a worker
    running Python (the sync's SQLAlchemy) kept it up to Python's default 5 ms each time."""
    tasks.install()
    assert sys.getswitchinterval() == pytest.approx(0.001)


def test_widgets_deleted_at_a_reset_get_the_interpreter_back_at_once(qapp):
    """Each widget deleted hands the interpreter to a busy worker and waits to get it back:
    while a reset deletes a layout's widgets, a worker gives it back within 50 us; before
    and after, within the millisecond of every other moment."""
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    from ui.widgets.layouts import clear_layout

    tasks.install()
    box = QWidget()
    layout = QVBoxLayout(box)
    inner = QVBoxLayout()
    layout.addLayout(inner)
    seen: list[float] = []
    for holder in (layout, inner, layout):
        label = QLabel("a cell", box)
        label.destroyed.connect(lambda *_: seen.append(sys.getswitchinterval()))
        holder.addWidget(label)
    clear_layout(layout, now=True)
    assert seen == [pytest.approx(tasks.HANDBACK_S)] * 3  # each, the nested layout's too
    assert layout.count() == 0
    assert not box.findChildren(QLabel)
    assert sys.getswitchinterval() == pytest.approx(tasks.GIL_SWITCH_S)
    with pytest.raises(RuntimeError), tasks.handed_back_at_once():
        raise RuntimeError("a failure while deleting")
    assert sys.getswitchinterval() == pytest.approx(tasks.GIL_SWITCH_S)
