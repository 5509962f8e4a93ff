"""The screens' image loader survives a damaged file in the rendition cache."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtGui import QPixmap
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
