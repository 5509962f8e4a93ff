"""Background threads give way to the screen: the store sync and the recorder lower their own
scheduling priority when they start (Linux), and nothing else's."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from kiosk.station.background import NICE, give_way
from kiosk.visit.recorder import Recorder

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="per-thread priority: Linux")


def priority_of(native_id: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, native_id)


def test_a_thread_that_gives_way_runs_behind_the_others():
    seen: list[int] = []

    def work() -> None:
        give_way()
        seen.append(priority_of(threading.get_native_id()))

    before = priority_of(threading.get_native_id())
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [max(before, NICE)]
    assert priority_of(threading.get_native_id()) == before, "the caller's own is untouched"


def test_the_recorder_thread_gives_way():
    recorder = Recorder()
    try:
        recorder.submit(lambda: None).result(timeout=10)  # it has started and run
        native = recorder._thread.native_id
        assert native is not None
        assert priority_of(native) >= NICE
    finally:
        recorder.close()
