"""Image loading off the GUI thread.

A worker decodes straight to the size needed (QImageReader.setScaledSize avoids decoding a
large photo at full size); only the cheap QImage -> QPixmap step happens on the GUI thread.
"""

from __future__ import annotations

import logging
from collections import OrderedDict, deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QSize, QThreadPool
from PySide6.QtGui import QImage, QImageReader, QPixmap, QPixmapCache

from ui.tasks import run_task

if TYPE_CHECKING:
    from kiosk.content.images import RenditionCache  # Pillow: not before the first paint

log = logging.getLogger(__name__)


def decode_to_fill(path: Path, target: QSize) -> QImage:
    """Decode ``path`` scaled so it covers ``target`` (cropping happens when painting). A
    picture smaller than the screen (a 1080p photograph on a portrait or 4K screen) is scaled
    up here, once, on the worker, and cropped to ``target``: left to the paint, every frame of
    a fade scaled it again (6-13 ms a frame in portrait, 26-36 ms at 4K, against 1-5 ms)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.width() > 0 and size.height() > 0:
        factor = max(target.width() / size.width(), target.height() / size.height())
        if factor < 1:
            reader.setScaledSize(size * factor)
        elif factor > 1:  # enlarged and cropped by the reader, in the call that lets go of
            cover_as_read(reader, size, target)  # the interpreter (see below)
    image = reader.read()
    if image.isNull():
        raise OSError(f"{path.name}: {reader.errorString()}")
    if image.width() < target.width() or image.height() < target.height():
        from PySide6.QtCore import Qt

        image = image.scaled(
            target,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )  # and cropped as the paint would: a third of the memory in portrait
        x, y = (image.width() - target.width()) // 2, (image.height() - target.height()) // 2
        image = image.copy(x, y, target.width(), target.height())
    return image


def cover_as_read(reader: QImageReader, size: QSize, target: QSize) -> None:
    """Have ``reader`` scale the ``size`` picture to cover ``target`` and crop it to that (its
    middle kept) as ``read`` decodes it, smoothly: the very pixels ``QImage.scaled`` and
    ``copy`` made after the read. PySide6 lets go of the interpreter in ``read`` and not in
    ``scaled``, ``copy`` or a QPainter's draw: done after the read, a 1080p picture enlarged
    for a portrait or a 4K screen held it for 10-15 ms, a stall of the GUI thread each time a
    worker fitted one (and the attract loop's frames, 1-5 ms each)."""
    from PySide6.QtCore import QRect, Qt

    scaled = size.scaled(target, Qt.AspectRatioMode.KeepAspectRatioByExpanding)  # as before
    reader.setScaledSize(scaled)
    x, y = (scaled.width() - target.width()) // 2, (scaled.height() - target.height()) // 2
    reader.setScaledClipRect(QRect(x, y, target.width(), target.height()))


DELIVERED: list[Callable[[QObject], None]] = []
"""Called with the owner after a decoded image was handed to it (ui/widgets/fade.py listens:
a widget fading in is pictured again where it changed, so the fade shows the image, not
its placeholder)."""


def _delivered(owner: QObject) -> None:
    for listener in DELIVERED:
        listener(owner)


def load_pixmap(
    path: Path, target: QSize, callback: Callable[[QPixmap | None], None], owner: QObject
) -> None:
    def done(image: object, error: BaseException | None) -> None:
        if error is not None or not isinstance(image, QImage):
            callback(None)
            return
        callback(QPixmap.fromImage(image))
        _delivered(owner)

    run_task(lambda: decode_to_fill(path, target), done, owner)


def scaled_to_fill(pixmap: QPixmap, size: QSize) -> QPixmap:
    from PySide6.QtCore import Qt  # not at import: the attract screen paints before it's needed

    return pixmap.scaled(
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )


Waiter = tuple[Callable[[QPixmap | None], None], QObject | None]


class ImageLoader:
    """Brand images for screens: a rendition from the pack's disk cache, decoded by a worker,
    kept in Qt's pixmap cache (bounded) so going back to a product is instant.

    ``request`` calls back on the GUI thread with a QPixmap, or with None when the image is
    broken (the caller shows its placeholder; the file was named in the log).

    ``prefetch`` warms an image the next screen will ask for (the product under the finger,
    the next chapter), so that screen appears complete instead of with placeholders for the
    0.3-0.5 s a decode takes. Prefetched images wait in a small store of their own, not in
    Qt's cache, so warming never evicts an image a screen has shown; the first ``request``
    moves one into Qt's cache. Never more than a few decode at once, leaving a pool thread
    for what is on screen; the newest wish goes first, and the oldest waiting one is dropped.
    """

    CACHE_KB = 96 * 1024  # about 12 full-HD renditions; browsing stays within a fixed budget
    WARM_KB = 40 * 1024  # prefetched, not yet shown: about 4 full-HD renditions
    PREFETCH_WAITING = 6

    def __init__(self, renditions: RenditionCache) -> None:
        self.renditions = renditions
        QPixmapCache.setCacheLimit(self.CACHE_KB)
        self._warm: OrderedDict[str, QPixmap] = OrderedDict()
        self._decoding: dict[str, list[Waiter]] = {}  # key -> who waits for it
        self._prefetching: set[str] = set()
        self._waiting: deque[tuple[Path, str]] = deque()

    @staticmethod
    def key(path: Path, size_class: str) -> str:
        return f"{size_class}:{path}"

    def ready(self, path: Path, size_class: str) -> bool:
        """The image is at hand: a ``request`` for it now answers before returning."""
        key = self.key(path, size_class)
        return key in self._warm or QPixmapCache.find(key, QPixmap())

    def request(
        self,
        path: Path,
        size_class: str,
        callback: Callable[[QPixmap | None], None],
        owner: QObject,
    ) -> None:
        key = self.key(path, size_class)
        cached = QPixmap()
        if QPixmapCache.find(key, cached) and not cached.isNull():
            callback(cached)
            return
        warm = self._warm.pop(key, None)
        if warm is not None:  # shown now: it joins the images screens have shown
            QPixmapCache.insert(key, warm)
            callback(warm)
            return
        waiters = self._decoding.get(key)
        if waiters is not None:  # already on its way (a prefetch): answered when it lands
            waiters.append((callback, owner))
            return
        self._decode(path, size_class, [(callback, owner)])

    def forget(self) -> None:
        """Drop every decoded image (the live preview, after an author replaced a picture
        under the same name: keys are paths, so the old pixels would be shown again)."""
        QPixmapCache.clear()
        self._warm.clear()

    def prefetch(self, path: Path | None, size_class: str) -> None:
        """Warm ``path`` at ``size_class`` off the GUI thread, for a screen about to ask."""
        if path is None:
            return
        key = self.key(path, size_class)
        if key in self._decoding or self.ready(path, size_class):
            return
        entry = (path, size_class)
        if entry in self._waiting:
            self._waiting.remove(entry)
        self._waiting.appendleft(entry)  # the newest wish is the likeliest next screen
        while len(self._waiting) > self.PREFETCH_WAITING:
            self._waiting.pop()
        self._start_prefetches()

    def _prefetch_slots(self) -> int:
        # One pool thread stays free for the images on screen (the pool has one per core).
        return max(1, min(3, QThreadPool.globalInstance().maxThreadCount() - 1))

    def _start_prefetches(self) -> None:
        while self._waiting and len(self._prefetching) < self._prefetch_slots():
            path, size_class = self._waiting.popleft()
            key = self.key(path, size_class)
            if key in self._decoding or self.ready(path, size_class):
                continue
            self._prefetching.add(key)
            self._decode(path, size_class, [])

    def _decode(self, path: Path, size_class: str, waiters: list[Waiter]) -> None:
        key = self.key(path, size_class)
        self._decoding[key] = waiters

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
            waiting = self._decoding.pop(key, [])
            prefetched = key in self._prefetching
            self._prefetching.discard(key)
            pixmap: QPixmap | None = None
            if error is not None or not isinstance(image, QImage):
                log.warning("image %s (%s) not shown: %s", path.name, size_class, error)
            else:
                pixmap = QPixmap.fromImage(image)
                if any(_alive(owner) for _callback, owner in waiting) or not prefetched:
                    QPixmapCache.insert(key, pixmap)
                else:
                    self._keep_warm(key, pixmap)
            for callback, owner in waiting:
                if _alive(owner):
                    callback(pixmap)
                    if pixmap is not None and owner is not None:
                        _delivered(owner)
            if prefetched:
                self._start_prefetches()

        run_task(work, done)

    def _keep_warm(self, key: str, pixmap: QPixmap) -> None:
        self._warm[key] = pixmap
        while sum(_kb(p) for p in self._warm.values()) > self.WARM_KB and len(self._warm) > 1:
            self._warm.popitem(last=False)  # the oldest wish goes first


def _alive(owner: QObject | None) -> bool:
    return owner is None or shiboken6.isValid(owner)


def _kb(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8) // 1024


class Ahead:
    """A picture decoded ahead (``decode_ahead``): its path and image once the
    worker is done; whoever asked before that is answered then."""

    def __init__(self, size: QSize) -> None:
        self.size = size
        self.path: Path | None = None  # known once the worker has read the hint
        self.done = False
        self.image: QImage | None = None
        self._waiting: list[Callable[[], None]] = []

    def arrived(self, result: object, error: BaseException | None) -> None:
        if error is None and isinstance(result, tuple):
            self.path, self.image = result
        self.done = True
        waiting, self._waiting = self._waiting, []
        for answer in waiting:
            answer()

    def when_done(self, answer: Callable[[], None]) -> None:
        """``answer()`` once the worker is done (now, if it is)."""
        if self.done:
            answer()
        else:
            self._waiting.append(answer)

    @property
    def picture(self) -> QPixmap | None:
        """The decoded picture (None before the worker is done, or when there was none)."""
        if self.image is None or self.image.isNull():
            return None
        return QPixmap.fromImage(self.image)

    def then(
        self, path: Path, use: Callable[[QPixmap | None], None], otherwise: Callable[[], None]
    ) -> None:
        """``use`` the picture if it is ``path``'s, else ``otherwise`` (decode it the usual
        way): now if the worker is done, else when it is."""

        def answer() -> None:
            picture = self.picture if self.path == path else None
            if picture is not None:
                use(picture)
            else:
                otherwise()

        self.when_done(answer)


def decode_ahead(find: Callable[[], Path | None], target: QSize, owner: QObject) -> Ahead:
    """Decode, on a worker, the picture ``find`` names (it runs there too: a file read) to
    fill ``target``, before anyone asks for it (ui/screens/customer/attract.py)."""
    ahead = Ahead(target)

    def work() -> tuple[Path | None, QImage | None]:
        path = find()
        return path, (decode_to_fill(path, target) if path is not None else None)

    run_task(work, ahead.arrived, owner)
    return ahead
