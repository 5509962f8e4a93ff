"""Image loading off the GUI thread.

A worker decodes straight to the size needed (QImageReader.setScaledSize avoids decoding a
large photo at full size); only the cheap QImage -> QPixmap step happens on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QImage, QImageReader, QPixmap

from ui.tasks import run_task


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
