"""Months in one process: hundreds of whole visits, and nothing grows.

A kiosk runs for months without a restart, so whatever a visit leaves behind adds up. One
kiosk window, syncing to a store database as in a store (its own PostgreSQL), drives
``KIOSK_SOAK_VISITS`` whole visits (300 unless set lower for a quick look) by touch, as fast
as the screens answer: every customer screen (the stall bench's journey, then the hand-off
and the farewell), in English and Chinese by turns, with an associate signing in for a
consultation (a note, an outcome) every tenth visit.

Every ``SAMPLE_EVERY`` visits, back on attract with the background work finished, it counts
live Qt objects by kind (animations, widgets, timers, opacity effects, all), the pool's
finished tasks still alive, threads, file descriptors, Python objects and the resident
memory. The growth per visit is the slope of a least-squares line over the samples after the
warm-up; animations, widgets, timers, effects, finished tasks, threads and file descriptors
must not grow at all. It also times each hand-off from the tap on "Send to my phone" to the
QR on screen: the longest and the 95th percentile are held to 1 s whatever the visit did
before. Printed and written to bench-results/soak.json.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractAnimation, QEvent, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QGraphicsEffect

from kiosk.station.runtime import start
from tests.bench.test_gui_stall_bench import make_window, walk_the_journey, with_store
from tests.ui.test_associate_mode import add_associate, sign_in
from tests.ui.test_customer_journey import on, touch
from ui import tasks

RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "soak.json"
VISITS = int(os.environ.get("KIOSK_SOAK_VISITS", "300"))
CONSULT_EVERY = 10
SAMPLE_EVERY = 10
WARM_UP = 20  # visits before the first counted sample: caches and lazy screens fill up first
MUST_NOT_GROW = ("animations", "widgets", "timers", "effects", "threads", "fds", "finished_tasks")
GROWTH_LIMIT = 0.02  # per visit: 6 objects over 300 visits is a trend, not noise
QR_TARGET_S = 1.0


def census() -> dict[str, int]:
    """What this process holds now."""
    app = QApplication.instance()
    assert app is not None
    objects: list[QObject] = [app, *app.findChildren(QObject)]
    for window in app.topLevelWidgets():
        objects.append(window)
        objects.extend(window.findChildren(QObject))
    python = gc.get_objects()
    rss_kb = next(
        int(line.split()[1])
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmRSS:")
    )
    return {
        "animations": sum(isinstance(o, QAbstractAnimation) for o in objects),
        "widgets": len(QApplication.allWidgets()),
        "timers": sum(isinstance(o, QTimer) for o in objects),
        "effects": sum(isinstance(o, QGraphicsEffect) for o in objects),
        "qobjects": len(objects),
        "threads": len(os.listdir("/proc/self/task")),
        "fds": len(os.listdir("/proc/self/fd")),
        "python_objects": len(python),
        "finished_tasks": sum(isinstance(o, tasks._Task) for o in python),  # all ran by now
        "rss_kb": rss_kb,
    }


def slope(points: list[tuple[int, int]]) -> float:
    """Least-squares growth per visit."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0


def quiet(shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Background work of the visits done: decodes, the recorder's queue, deferred deletes."""
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=30_000)
    shell.runtime.recorder.submit(lambda: None, background=True).result(timeout=30)
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def brisk(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Between touches: only what is already posted, so background work piles up."""
    QApplication.processEvents()


def consult(shell, qtbot, who) -> None:  # type: ignore[no-untyped-def]
    """An associate joins from my selection: a note and an outcome, then back to the customer."""
    sign_in(shell, qtbot, who)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=10_000)
    touch(qtbot, shell.screens["associate"].consult_button)
    desk = on(shell, "consultation")
    touch(qtbot, desk.note_button)
    for key in "walnut":
        desk.keyboard.press(key)
    desk.keyboard.press("done")
    touch(qtbot, desk.outcome_buttons["considering"])
    touch(qtbot, desk.record_button)
    qtbot.waitUntil(lambda: desk.recorded.text() != "", timeout=10_000)
    touch(qtbot, desk.back_button)
    touch(qtbot, on(shell, "associate").return_button)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "selection", timeout=10_000)


class HandOff:
    """Takes the customer from my selection through the hand-off, timing the QR."""

    def __init__(self) -> None:
        self.delays_s: list[float] = []
        self.consultant: Any = None

    def __call__(self, shell, qtbot) -> None:  # type: ignore[no-untyped-def]
        if self.consultant is not None:
            consult(shell, qtbot, self.consultant)
        qr = shell.screens["handoff"].qr
        arrived: list[float] = []
        qr.shown.connect(lambda: arrived.append(time.perf_counter()))
        started = time.perf_counter()
        with qtbot.waitSignal(qr.shown, timeout=60_000):
            touch(qtbot, on(shell, "selection").card.send)
        qr.shown.disconnect()
        self.delays_s.append(arrived[0] - started)
        touch(qtbot, on(shell, "handoff").done)


def save(figures: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    brief = {k: v for k, v in figures.items() if k not in ("samples", "qr_delays_s")}
    print("\nsoak:", json.dumps(brief))


@pytest.mark.timeout(600 + VISITS * 20)  # about 4 s a visit on a 2-core machine
def test_hundreds_of_visits_leave_nothing_behind(qtbot, kiosk_env, pg_server):
    config = with_store(kiosk_env, pg_server, idle_timeout_s=3600, associate_idle_timeout_s=3600)
    shell = make_window(qtbot, config)
    shell.attract.set_fonts_ready()
    runtime = start(config, sync=True)  # as in a store: each visit goes to the store
    samples: list[dict[str, int]] = []
    hand_off = HandOff()
    started = time.perf_counter()
    try:
        shell.attach(runtime)
        associate = add_associate(shell)
        quiet(shell, qtbot)
        for visit in range(1, VISITS + 1):
            hand_off.consultant = associate if visit % CONSULT_EVERY == 0 else None
            walk_the_journey(
                shell,
                qtbot,
                pause=brisk,
                language=("en", "zh-Hans")[visit % 2],
                rows=(visit % 3, 3),
                books=1,
                leave=hand_off,
            )
            if visit % SAMPLE_EVERY == 0 or visit == VISITS:
                quiet(shell, qtbot)
                samples.append({"visit": visit, **census()})
        soaked_s = time.perf_counter() - started
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)
        runtime.close()

    counted = [s for s in samples if s["visit"] >= min(WARM_UP, VISITS)]
    growth = {
        kind: round(slope([(s["visit"], s[kind]) for s in counted]), 4)
        for kind in samples[0]
        if kind != "visit"
    }
    delays = sorted(hand_off.delays_s)
    figures = {
        "visits": VISITS,
        "soak_s": round(soaked_s, 1),
        "growth_per_visit": growth,
        "first": counted[0],
        "last": counted[-1],
        "qr_delay_max_s": round(delays[-1], 3),
        "qr_delay_p95_s": round(delays[min(len(delays) - 1, int(len(delays) * 0.95))], 3),
        "qr_delay_median_s": round(statistics.median(delays), 3),
        "load_average": os.getloadavg(),
        "samples": samples,
        "qr_delays_s": [round(d, 3) for d in hand_off.delays_s],
    }
    save(figures)
    grown = {k: growth[k] for k in MUST_NOT_GROW if growth[k] > GROWTH_LIMIT}
    assert not grown, f"grows per visit: {grown}"
    assert figures["qr_delay_max_s"] <= QR_TARGET_S
