"""Browsing many stories must not grow the kiosk's memory: at most 100 MB between the 50th
and the 500th product.

A generated pack of 5,000 products (sharing a handful of images, so renditions are quick) is
installed in a temporary folder; a real kiosk window opens the story of 500 different
products in turn, waiting each time for the hero image. Resident memory is read from
/proc/self/statm; the figures are printed and written to bench-results/story_memory.json.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import time
from pathlib import Path

from PySide6.QtCore import QSize, QThreadPool

from kiosk.content.store import PackStore
from kiosk.station.config import load_config
from kiosk.station.runtime import start
from tests.bench.test_content_bench import PRODUCTS, make_pack

STORIES = 500
BASELINE_AT = 50
TARGET_MB = 100
RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "story_memory.json"


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_five_hundred_stories_grow_memory_by_at_most_100_mb(
    qtbot, kiosk_env, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from ui import tasks, theme
    from ui.shell import Shell

    source = tmp_path / "big-pack"
    make_pack(source)
    content = tmp_path / "content"
    installed = PackStore(content).install(source)
    assert installed.ok, installed.message

    env = dict(kiosk_env, KIOSK_CONTENT_DIR=str(content))
    config = load_config(env=env, overrides={"idle_timeout_s": 3600})
    tasks.install()
    QApplication.instance().setStyleSheet(theme.style_sheet())  # type: ignore[union-attr]
    shell = Shell(config)
    qtbot.addWidget(shell)
    shell.resize(QSize(1920, 1080))
    shell.show()
    qtbot.waitExposed(shell)
    runtime = start(config)
    try:
        shell.attach(runtime)
        assert len(shell.pack.products) == PRODUCTS
        shell.begin_visit()
        story = shell.screens["story"]
        skus = sorted(shell.pack.products)[:: PRODUCTS // STORIES][:STORIES]
        marks: dict[int, float] = {}
        started = time.perf_counter()
        for n, sku in enumerate(skus, start=1):
            shell.go("story", sku=sku)
            qtbot.waitUntil(lambda: story.hero.pixmap is not None, timeout=5000)
            if n % 25 == 0:
                QThreadPool.globalInstance().waitForDone(5000)
                qtbot.wait(5)
                runtime.recorder.submit(lambda: None, background=True).result(timeout=10)
            if n in (BASELINE_AT, STORIES):
                gc.collect()
                qtbot.wait(20)
                marks[n] = rss_mb()
        elapsed = time.perf_counter() - started
        shell.finish_visit()
    finally:
        QThreadPool.globalInstance().waitForDone(5000)
        runtime.close()

    growth = marks[STORIES] - marks[BASELINE_AT]
    figures = {
        "products_in_pack": PRODUCTS,
        "stories_opened": STORIES,
        f"rss_at_{BASELINE_AT}_mb": round(marks[BASELINE_AT], 1),
        f"rss_at_{STORIES}_mb": round(marks[STORIES], 1),
        "growth_mb": round(growth, 1),
        "target_growth_mb": TARGET_MB,
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "ms_per_story": round(elapsed * 1000 / STORIES, 1),
    }
    print("\nstory memory bench:", json.dumps(figures))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert growth <= TARGET_MB
