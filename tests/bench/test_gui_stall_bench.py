"""The GUI event loop never stalls: not while a customer moves through 5,000 products, and
not while the sync worker drains a backlog to the store database.

A 5 ms precise Qt timer runs on the GUI thread and records how late each tick is; a late tick
is time the screen could not answer a touch. Targets (issue 14): no stall over 33 ms (two
frames at 60 Hz) and a 95th percentile of at most 8 ms. The longest and the 95th percentile
are printed and written to bench-results/gui_stall.json. Beside the timer, the stall detector
(ui/stall.py) records the GUI thread's Python stack in every stall over 16 ms; each is printed
with where it was and how much of it the GUI thread spent on the CPU (a stall spent
descheduled is the shared machine's, not the kiosk's), so a failure names its cause.

1. The journey over a generated pack of 5,000 products and 50 lookbooks (real touches on the
   real screens: greeting, the questions, recommendations, a story's chapters and gallery,
   comparison, lookbooks, a hotspot, my selection, the farewell), while the sync worker drains
   a backlog to a real PostgreSQL, and on until the end-of-visit sweep and the sync of the
   visit itself are done.
2. A kiosk window syncing a backlog of 2,000 visits with 20 events each to a real PostgreSQL.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, QThreadPool, QTimer

from kiosk.content.store import PackStore
from kiosk.station.config import load_config
from kiosk.station.runtime import start
from tests.bench.test_content_bench import PRODUCTS, make_pack
from tests.sync.helpers import generate_visits, migrate, new_database
from tests.ui.test_customer_journey import answer_the_questions, on, open_grid_item, touch
from ui.stall import StallDetector

RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "gui_stall.json"
TARGET_MS = 33  # the longest stall: two frames at 60 Hz
P95_TARGET_MS = 8  # the 95th percentile: a touch answered within the next frame
TICK_MS = 5
JOURNEY_BACKLOG = (300, 20)  # visits, events each: the sync worker drains them meanwhile


class LoopWatch(QObject):
    """Records how late each tick of a precise timer on the GUI thread arrives."""

    def __init__(self) -> None:
        super().__init__()
        self.late_ms: list[float] = []
        self._last = 0.0
        self._cpu = 0.0
        self.cpu_s = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

        self.detector = StallDetector()

    def start(self) -> None:
        self._cpu = time.thread_time()
        self._last = time.perf_counter()
        self._timer.start()
        self.detector.start()

    def stop(self) -> None:
        self._timer.stop()
        self.detector.stop()
        self.cpu_s = time.thread_time() - self._cpu

    def where(self) -> list[str]:
        """Each stall the detector saw, longest first, as printed lines."""
        stalls = sorted(self.detector.stalls, key=lambda stall: -stall.ms)
        return [stall.report() for stall in stalls]

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late_ms.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self._last = now

    def figures(self) -> dict[str, float]:
        ordered = sorted(self.late_ms)
        busy = [stall.busy_ms for stall in self.detector.stalls]
        return {
            "ticks": len(ordered),
            "longest_ms": round(ordered[-1], 1),
            "p95_ms": round(ordered[int(len(ordered) * 0.95)], 2),
            "median_ms": round(statistics.median(ordered), 2),
            # The GUI thread's own CPU time in its longest stall, and how many stalls held it
            # busy over 16 ms: what the kiosk itself did, whatever else the machine ran.
            "longest_busy_ms": round(max(busy, default=0.0), 1),
            "busy_stalls": sum(1 for ms in busy if ms > 16),
            # The GUI thread's CPU time over the whole watch: its work, whatever the load.
            "gui_cpu_s": round(self.cpu_s, 2),
            # Garbage collection on the GUI thread inside the stalls, all generations.
            "gc_in_stalls_ms": round(
                sum(sum(stall.gc_ms.values()) for stall in self.detector.stalls), 1
            ),
        }


def make_window(qtbot, config):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui import tasks, theme
    from ui.fonts import load_bundled_fonts
    from ui.shell import Shell

    tasks.install()
    load_bundled_fonts()
    QApplication.instance().setStyleSheet(theme.style_sheet())  # type: ignore[union-attr]
    shell = Shell(config)
    qtbot.addWidget(shell)
    shell.resize(QSize(1920, 1080))
    shell.show()
    qtbot.waitExposed(shell)
    return shell


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """What a customer does between touches: look. Images arrive meanwhile."""
    qtbot.wait(120)


def walk_the_journey(  # type: ignore[no-untyped-def]
    shell,
    qtbot,
    pause=settle,
    language: str = "zh-Hans",
    rows: tuple[int, ...] = (0, 1, 3),
    books: int = 3,
    leave=None,
) -> None:
    """A whole visit by touch, from attract back to attract: the products at ``rows`` of the
    recommendations, the first ``books`` lookbooks, then my selection. ``leave`` (shell,
    qtbot) takes the customer from my selection to the farewell; by default "I'm done"."""
    touch(qtbot, shell.attract)
    pause(qtbot)
    greeting = on(shell, "greeting")
    touch(qtbot, greeting.language_buttons[language])
    pause(qtbot)
    touch(qtbot, greeting.browse)
    pause(qtbot)
    answer_the_questions(shell, qtbot)
    pause(qtbot)  # the summary of the answers is read, as every other screen is looked at
    touch(qtbot, on(shell, "needs_summary").see)
    pause(qtbot)
    for row in rows:
        recommendations = on(shell, "recommendations")
        open_grid_item(shell, qtbot, recommendations.grid, row)
        pause(qtbot)
        story = on(shell, "story")
        touch(qtbot, story.rail.buttons[1])
        pause(qtbot)
        touch(qtbot, story.thumbs[1])
        pause(qtbot)
        gallery = on(shell, "gallery")
        touch(qtbot, gallery.next)
        pause(qtbot)
        touch(qtbot, gallery.close_button)
        pause(qtbot)
        touch(qtbot, story.select_button)
        touch(qtbot, story.compare_button)
        pause(qtbot)
        touch(qtbot, story.back_button)
        pause(qtbot)
    shell.go("compare")
    pause(qtbot)
    touch(qtbot, on(shell, "compare").back_button)
    pause(qtbot)
    touch(qtbot, on(shell, "recommendations").looks_button)
    pause(qtbot)
    lookbooks = on(shell, "lookbooks")
    for book in shell.pack.lookbooks[:books]:
        touch(qtbot, lookbooks.cards[book.id])
        pause(qtbot)
        lookbook = on(shell, "lookbook")
        touch(qtbot, lookbook.next)
        pause(qtbot)
        piece = book.scenes[1].hotspots[0].sku
        view = lookbook.scene_view
        qtbot.waitUntil(lambda view=view, piece=piece: view.marker(piece) is not None)
        touch(qtbot, lookbook.scene_view.marker(piece))
        pause(qtbot)
        touch(qtbot, on(shell, "story").back_button)
        pause(qtbot)
        touch(qtbot, on(shell, "lookbook").all_button)
        pause(qtbot)
    touch(qtbot, on(shell, "lookbooks").selection_button)
    pause(qtbot)
    if leave is None:
        touch(qtbot, on(shell, "selection").done_button)
        pause(qtbot)
    else:
        leave(shell, qtbot)
    farewell = on(shell, "farewell")
    touch(qtbot, farewell.finish_button)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "attract", timeout=5000)


def save(section: str, figures: dict[str, Any], watch: LoopWatch) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    stalls = watch.where()
    data[section] = {**figures, "stalls": stalls}
    RESULTS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"\nGUI stall, {section}:", json.dumps(figures))
    for stall in stalls:
        print(stall)


def assert_within_goals(figures: dict[str, Any]) -> None:
    assert figures["longest_ms"] <= TARGET_MS, figures
    assert figures["p95_ms"] <= P95_TARGET_MS, figures


def wait_for_housekeeping(runtime, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The recorder has run the end-of-visit sweep (a background job after every write
    before it) and the sync worker has sent everything, the visit just ended included; the
    GUI loop keeps running (and being watched) meanwhile."""
    done = runtime.recorder.submit(lambda: None, background=True)
    qtbot.waitUntil(done.done, timeout=60_000)
    if runtime.sync is not None:
        runtime.sync.wake()
        qtbot.waitUntil(lambda: runtime.sync.status().pending == 0, timeout=120_000)


def test_the_journey_over_five_thousand_products_never_stalls(
    qtbot, kiosk_env, tmp_path, pg_server
):
    source = tmp_path / "big-pack"
    make_pack(source)
    content = tmp_path / "content"
    assert PackStore(content).install(source).ok
    config = with_store(
        dict(kiosk_env, KIOSK_CONTENT_DIR=str(content)),
        pg_server,
        idle_timeout_s=3600,
        sync_interval_s=1,
    )
    from kiosk.db.engine import open_local
    from kiosk.db.migrate import upgrade

    engine = open_local(config.local_db_path)
    upgrade(engine)
    rows = generate_visits(engine, *JOURNEY_BACKLOG, config.kiosk_id)
    engine.dispose()

    shell = make_window(qtbot, config)
    runtime = start(config)
    watch = LoopWatch()
    try:
        shell.attach(runtime, rest_later=True)  # as the kiosk starts (ui/lazy_screens.py)
        assert len(shell.screens) > 2  # the rest built now, as in idle time, then gc.freeze
        assert len(shell.pack.products) == PRODUCTS
        # the rest of the start's idle-time work (texts, hidden screens settled) before the
        # first customer, as on a kiosk started long before the store opens
        qtbot.waitUntil(lambda: shell.lazy.done, timeout=30_000)
        settle(qtbot)
        from kiosk.station.runtime import start_sync

        runtime.sync = start_sync(runtime)  # drains the backlog while the customer walks
        watch.start()
        started = time.perf_counter()
        walk_the_journey(shell, qtbot)
        walked_s = time.perf_counter() - started
        wait_for_housekeeping(runtime, qtbot)
        watch.stop()
    finally:
        QThreadPool.globalInstance().waitForDone(5000)
        runtime.close()
    figures = {
        **watch.figures(),
        "products": PRODUCTS,
        "journey_s": round(walked_s, 1),
        "backlog_rows": rows,
    }
    save("journey", figures, watch)
    assert_within_goals(figures)


def with_store(kiosk_env, pg_server, **overrides: object):  # type: ignore[no-untyped-def]
    """A kiosk's settings with a new, migrated store database on ``pg_server``."""
    store_url = new_database(pg_server.admin_url)
    migrate(store_url)
    return load_config(env=dict(kiosk_env, KIOSK_STORE_DB_URL=store_url), overrides=overrides)


def test_syncing_a_backlog_never_stalls_the_window(qtbot, kiosk_env, pg_server):
    config = with_store(kiosk_env, pg_server, idle_timeout_s=3600, sync_interval_s=1)
    # a backlog as a kiosk would have after a long day offline
    from kiosk.db.engine import open_local
    from kiosk.db.migrate import upgrade

    engine = open_local(config.local_db_path)
    upgrade(engine)
    rows = generate_visits(engine, 2000, 20, config.kiosk_id)
    engine.dispose()

    shell = make_window(qtbot, config)
    shell.build_screens()  # as right after the first paint, before the database is open
    from kiosk.station.runtime import start_sync
    from ui.tasks import run_task

    ready: list[Any] = []
    # as the kiosk does: the database starts on a worker thread
    run_task(lambda: start(config), lambda rt, error: ready.append(rt or error))
    qtbot.waitUntil(lambda: bool(ready), timeout=30_000)
    runtime = ready[0]
    try:
        # The screens are built once the runtime is ready: a start-up block before any customer
        # can touch (as right after the first paint, before). The sync worker starts after it,
        # on a worker thread as in the kiosk, so the watch sees the whole drain and only it.
        shell.attach(runtime)
        # and the start's idle-time work (the screens' texts, the hidden screens settled:
        # ui/lazy_screens.py), as the journey's bench waits for it: a kiosk is started long
        # before its first customer, and the settling's one block is the start's, not the sync's
        qtbot.waitUntil(lambda: shell.lazy.done, timeout=60_000)
        settle(qtbot)
        watch = LoopWatch()
        watch.start()
        started = time.perf_counter()
        syncing: list[Any] = []
        run_task(lambda: start_sync(runtime), lambda w, error: syncing.append(w or error))
        qtbot.waitUntil(lambda: bool(syncing), timeout=30_000)
        assert not isinstance(syncing[0], BaseException), syncing[0]
        runtime.sync = syncing[0]
        qtbot.waitUntil(lambda: runtime.sync.status().pending == 0, timeout=120_000)
        drained_s = time.perf_counter() - started
        watch.stop()
    finally:
        runtime.close()
    figures = {**watch.figures(), "rows": rows, "drained_s": round(drained_s, 1)}
    save("sync", figures, watch)
    assert_within_goals(figures)
