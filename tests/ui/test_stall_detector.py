"""The stall detector (ui/stall.py) names what blocked the GUI thread, and nothing else.

The block is deliberate: the GUI thread spins for 50 ms in a function of this test (work, not
a sleep: a stall is time the loop spends away doing something). The tests wait for the
detector's record, or for the loop to have beaten a number of times, never a fixed time."""

from __future__ import annotations

import gc
import re
import time

import pytest

from ui.stall import StallDetector, threshold_from_env

BLOCK_MS = 50


def block_the_gui_thread_on_purpose() -> None:
    until = time.perf_counter() + BLOCK_MS / 1000
    while time.perf_counter() < until:
        pass


@pytest.fixture
def detector(qtbot):  # type: ignore[no-untyped-def]
    watch = StallDetector()
    watch.start()
    qtbot.waitUntil(lambda: watch.beats >= 3)  # beating: the loop is watched from here
    yield watch
    watch.stop()


def test_a_blocked_gui_thread_is_recorded_with_the_code_that_blocked_it(qtbot, detector):
    block_the_gui_thread_on_purpose()
    qtbot.waitUntil(lambda: bool(detector.stalls))
    stall = detector.stalls[0]
    assert stall.ms >= BLOCK_MS - 5
    assert stall.busy_ms > 0  # the GUI thread's own CPU time in it (less on a busy machine)
    assert "block_the_gui_thread_on_purpose" in stall.where()
    assert "block_the_gui_thread_on_purpose" in stall.report()


def test_a_quiet_loop_records_no_stall_of_its_own(qtbot, detector):
    beats = detector.beats
    qtbot.waitUntil(lambda: detector.beats >= beats + 100)  # about half a second of turns
    # A busy machine may deschedule the whole process (then the GUI thread was not working):
    # only a stall the GUI thread spent working would be the loop's own.
    assert [stall.report() for stall in detector.stalls if stall.busy(detector.threshold_ms)] == []


def test_the_switch_is_read_from_the_environment_with_a_clear_refusal():
    assert threshold_from_env({}) is None
    assert threshold_from_env({"MAISON_STALL_WATCH": "0"}) is None
    assert threshold_from_env({"MAISON_STALL_WATCH": "1"}) == 16
    assert threshold_from_env({"MAISON_STALL_WATCH": "25"}) == 25
    with pytest.raises(ValueError, match="MAISON_STALL_WATCH='soon'"):
        threshold_from_env({"MAISON_STALL_WATCH": "soon"})


def collect_on_the_gui_thread() -> None:
    cycles = []
    for _ in range(50_000):
        node: list[object] = []
        node.append(node)  # a cycle: only the collector frees it
        cycles.append(node)
    del cycles
    gc.collect()  # a full collection, as one set off by an allocation would be
    block_the_gui_thread_on_purpose()  # long enough to be a stall whatever the collection took


def test_a_garbage_collection_in_a_stall_is_named_with_its_generation(qtbot, detector):
    collect_on_the_gui_thread()
    qtbot.waitUntil(lambda: bool(detector.stalls))
    stall = detector.stalls[0]
    assert 2 in stall.gc_ms, stall.report()
    assert re.search(r"garbage collection: .*gen2 \d+ ms", stall.report()), stall.report()
