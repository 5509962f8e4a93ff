"""The screens' image loader survives a damaged file in the rendition cache, and warms what
the next screen needs without evicting what is shown and without taking every pool thread."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QPixmap, QPixmapCache
from PySide6.QtWidgets import QWidget

from kiosk.content.images import RenditionCache
from ui import tasks
from ui.images import ImageLoader


def test_a_damaged_rendition_is_made_again(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tasks.install()
    source = tmp_path / "photo.jpg"
    Image.new("RGB", (800, 600), (120, 90, 60)).save(source)
    cache = RenditionCache(tmp_path / "renditions")
    cache.rendition(source, "thumb").write_bytes(b"not a JPEG any more")
    owner = QWidget()
    qtbot.addWidget(owner)
    got: list[QPixmap | None] = []
    ImageLoader(cache).request(source, "thumb", got.append, owner)
    qtbot.waitUntil(lambda: len(got) == 1, timeout=5000)
    assert got[0] is not None
    assert got[0].width() == 512


def photos(folder: Path, count: int) -> list[Path]:
    made = []
    for i in range(count):
        path = folder / f"photo-{i}.jpg"
        Image.new("RGB", (800, 600), (20 * i % 255, 90, 60)).save(path)
        made.append(path)
    return made


def test_a_prefetch_never_evicts_what_a_screen_shows(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Qt's cache holds about one thumbnail here: warming two more must leave the one shown."""

    class SmallLoader(ImageLoader):
        CACHE_KB = 1000  # one 512 x 384 thumbnail (768 KB)

    tasks.install()
    QPixmapCache.clear()
    shown, *ahead = photos(tmp_path, 3)
    loader = SmallLoader(RenditionCache(tmp_path / "renditions"))
    owner = QWidget()
    qtbot.addWidget(owner)
    got: list[QPixmap | None] = []
    loader.request(shown, "thumb", got.append, owner)
    qtbot.waitUntil(lambda: len(got) == 1, timeout=5000)
    for path in ahead:
        loader.prefetch(path, "thumb")
    qtbot.waitUntil(lambda: all(loader.ready(p, "thumb") for p in ahead), timeout=5000)
    assert QPixmapCache.find(ImageLoader.key(shown, "thumb"), QPixmap()), "still cached"

    warmed: list[QPixmap | None] = []
    loader.request(ahead[0], "thumb", warmed.append, owner)
    assert len(warmed) == 1, "answered at once, before any event"
    assert warmed[0] is not None
    QPixmapCache.setCacheLimit(ImageLoader.CACHE_KB)


def test_prefetches_are_bounded_and_the_newest_wish_is_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tasks.install()
    QPixmapCache.clear()
    paths = photos(tmp_path, 12)
    loader = ImageLoader(RenditionCache(tmp_path / "renditions"))
    pool = QThreadPool.globalInstance()
    for path in paths:
        loader.prefetch(path, "thumb")
        assert pool.activeThreadCount() <= max(1, pool.maxThreadCount() - 1), "a thread spare"
    qtbot.waitUntil(lambda: loader.ready(paths[-1], "thumb"), timeout=10000)
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=10000)
    warmed = [p for p in paths if loader.ready(p, "thumb")]
    assert len(warmed) < len(paths), "the oldest waiting wishes were dropped"
