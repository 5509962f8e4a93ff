"""The hand-off's QR arrives whatever the kiosk was busy with when the customer asked for it.

Two queues stand between "Send to my phone" and the code on screen: the recorder (the link is
shown only once committed) and a worker thread drawing the code. Here both are loaded with
slow work that is not the customer's: every thread of the shared pool busy and more queued
(as with a burst of image decodes), and slow housekeeping queued on the recorder (as the
follow-up sweep and sync wake at a visit's end) behind a write still running. The QR must
arrive while all of that is still stuck; before, it queued behind it. (How fast it arrives on
a loaded machine is the soak bench's figure, tests/bench/test_soak_bench.py.)
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool

from ui.tasks import run_task

SKUS = ["MV-CO-OV60", "MV-CO-IN80"]
STUCK_S = 60  # the slow work's own limit, far beyond the wait below; released at the end


@pytest.fixture
def release() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()  # whatever happened, the slow work ends with the test


def test_the_qr_arrives_while_the_pool_and_the_recorder_are_busy(make_shell, qtbot, release):
    shell = make_shell()
    shell.begin_visit()
    for sku in SKUS:
        shell.journey.set_selected(sku, True).result()
    recorder = shell.runtime.recorder

    # the recorder: a write running now, housekeeping queued behind it
    writing, write_done = threading.Event(), threading.Event()
    recorder.submit(lambda: (writing.set(), write_done.wait(STUCK_S)))
    assert writing.wait(10)
    housekeeping = [recorder.submit(lambda: release.wait(STUCK_S), background=True) for _ in "ab"]
    # the shared pool: every thread busy, and as much again queued
    pool = QThreadPool.globalInstance()
    for _ in range(pool.maxThreadCount() * 2):
        run_task(lambda: release.wait(STUCK_S), lambda _r, _e: None)
    qtbot.waitUntil(lambda: pool.activeThreadCount() == pool.maxThreadCount())

    screen = shell.screens["handoff"]
    with qtbot.waitSignal(screen.qr.shown, timeout=20_000):
        shell.go("handoff")
        write_done.set()  # the write in progress ends; the link is next, not the housekeeping
    assert screen.link is not None
    assert screen.qr.image is not None
    assert not screen.qr.image.isNull()
    assert not any(job.done() for job in housekeeping), "the housekeeping was not in the way"
    release.set()
    for job in housekeeping:
        job.result(timeout=10)  # it still runs, after the customer's write
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=20_000)
