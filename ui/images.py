"""Image loading off the GUI thread.

A worker decodes straight to the size needed (QImageReader.setScaledSize avoids decoding a
large photo at full size); only the cheap QImage -> QPixmap step happens on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QImage, QImageReader, QPixmap, QPixmapCache

from ui.tasks import run_task

if TYPE_CHECKING:
    from kiosk.content.images import RenditionCache  # Pillow: not before the first paint

log = logging.getLogger(__name__)


def decode_to_fill(path: Path, target: QSize) -> QImage:
    """Decode ``path`` scaled so it covers ``target`` (cropping happens when painting)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.width() > 0 and size.height() > 0:
        factor = max(target.width() / size.width(), target.height() / size.height())
        if factor < 1:
            reader.setScaledSize(size * factor)
    image = reader.read()
    if image.isNull():
        raise OSError(f"{path.name}: {reader.errorString()}")
    return image


def load_pixmap(
    path: Path, target: QSize, callback: Callable[[QPixmap | None], None], owner: QObject
) -> None:
    def done(image: object, error: BaseException | None) -> None:
        if error is not None or not isinstance(image, QImage):
            callback(None)
            return
        callback(QPixmap.fromImage(image))

    run_task(lambda: decode_to_fill(path, target), done, owner)


def scaled_to_fill(pixmap: QPixmap, size: QSize) -> QPixmap:
    from PySide6.QtCore import Qt  # not at import: the attract screen paints before it's needed

    return pixmap.scaled(
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )


class ImageLoader:
    """Brand images for screens: a rendition from the pack's disk cache, decoded by a worker,
    kept in Qt's pixmap cache (bounded) so going back to a product is instant.

    ``request`` calls back on the GUI thread with a QPixmap, or with None when the image is
    broken (the caller shows its placeholder; the file was named in the log).
    """

    CACHE_KB = 96 * 1024  # about 12 full-HD renditions; browsing stays within a fixed budget

    def __init__(self, renditions: RenditionCache) -> None:
        self.renditions = renditions
        QPixmapCache.setCacheLimit(self.CACHE_KB)

    def request(
        self,
        path: Path,
        size_class: str,
        callback: Callable[[QPixmap | None], None],
        owner: QObject,
    ) -> None:
        key = f"{size_class}:{path}"
        cached = QPixmap()
        if QPixmapCache.find(key, cached) and not cached.isNull():
            callback(cached)
            return

        def work() -> QImage:
            rendition = self.renditions.rendition(path, size_class)
            image = QImageReader(str(rendition)).read()
            if image.isNull():  # a damaged cache file: made again once, from the source
                self.renditions.discard(path, size_class)
                rendition = self.renditions.rendition(path, size_class)
                image = QImageReader(str(rendition)).read()
            if image.isNull():
                raise OSError(f"{rendition.name}: cannot be decoded")
            return image

        def done(image: object, error: BaseException | None) -> None:
            if error is not None or not isinstance(image, QImage):
                log.warning("image %s (%s) not shown: %s", path.name, size_class, error)
                callback(None)
                return
            pixmap = QPixmap.fromImage(image)
            QPixmapCache.insert(key, pixmap)
            callback(pixmap)

        run_task(work, done, owner)
