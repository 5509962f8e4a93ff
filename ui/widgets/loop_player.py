"""Plays the pack's attract loop (an animated WebP) frame by frame, decoded off the GUI thread.

A worker thread of its own (not the shared pool, where it would hold a thread for as long as
the loop plays) decodes one frame at a time with Qt's WebP reader, scales and crops it to the
screen's size and converts it to Qt's native pixel layout, so the GUI thread only draws a ready
image. Qt's reader decodes a frame in one call that lets go of the interpreter: Pillow (which
validates the loop, kiosk/content/loop.py) hands a frame over in some 130 pieces, taking the
interpreter back for each, and a full-HD frame that took it 32 ms alone took 160 ms beside one
busy Python thread (Qt: 16 ms either way) -- at the kiosk's start, beside the runtime's
worker and the GUI thread, the first frame came last.

Memory is bounded whatever the loop's length: the worker keeps at most ``BUFFER`` frames
ahead of the one on show and waits with the next one in hand, so the player holds
``BUFFER + 2`` full-screen frames at most (about 33 MB at 1920x1080: 8.3 MB a frame), for a
loop of 2 frames or of 1,800. Paused, it keeps them, so attract resumes without a gap.

Each frame is shown for its own duration in the file. ``pause`` (the attract screen is
hidden) stops the frame timer and parks the worker on a condition with no timeout: no CPU is
spent behind other screens. A file that cannot be decoded (changed or damaged since it was
validated) ends the player with ``failed`` and attract goes back to its stills.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QImage, QPainter

from ui.images import cover_as_read
from ui.tasks import end_at_drain, on_gui

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

log = logging.getLogger(__name__)
NICENESS = 10  # the loop's worker, against the kiosk's other threads (0)
_playing: weakref.WeakSet[LoopPlayer] = weakref.WeakSet()  # those whose worker has started


def _end_workers(wait_s: float) -> bool:
    """Every player's worker ended, waiting at most ``wait_s`` in all (``tasks.drain``, as the
    kiosk closes). One left running as Qt was taken down hung the exit at 100 % of a core:
    inside a QPainter draw, holding the interpreter, it waited for Qt's thread pool, which the
    exiting thread held while it waited for the interpreter."""
    deadline = time.monotonic() + wait_s
    for player in list(_playing):
        player._end_worker()
    for player in list(_playing):
        thread = player._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    return not any(p._thread is not None and p._thread.is_alive() for p in list(_playing))


end_at_drain(_end_workers)


class _Frame:
    """A frame as Qt draws it: scaled to cover the screen and cropped to it (the middle
    kept), in the screen's own pixel format, so painting it is a plain copy.

    A loop larger than the screen comes from the reader fitted already (``decoded_frames``);
    here a smaller one is enlarged, by a bilinear draw (a 1920x1080 frame for a portrait
    screen: 3.5 ms, against 31 ms in ``QImage.scaled``'s smooth scaling, which at these ratios
    looks the same). A frame the reader could not size ahead is fitted here too: shrunk to
    less than half, by smooth scaling, which keeps it from shimmering."""

    __slots__ = ("duration_ms", "image", "index")

    def __init__(
        self, index: int, duration_ms: int, decoded: QImage, width: int, height: int
    ) -> None:
        from PySide6.QtCore import QRect, Qt

        self.index, self.duration_ms = index, duration_ms
        w, h = decoded.width(), decoded.height()
        if (w, h) == (width, height):
            image = decoded
        elif max(width / w, height / h) >= 0.5:
            image = QImage(width, height, QImage.Format.Format_RGB32)
            image.fill(Qt.GlobalColor.black)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            draw_to_fill(painter, decoded, width, height)
            painter.end()
        else:
            image = decoded.scaled(
                width,
                height,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
            x, y = (image.width() - width) // 2, (image.height() - height) // 2
            image = image.copy(QRect(x, y, width, height))
        self.image = image.convertToFormat(QImage.Format.Format_RGB32)  # owns its pixels


def _yield_to_the_kiosk() -> None:
    """This thread gives way to the kiosk's others when the cores are short (a lower
    priority for it alone): the frames ahead in the buffer cover a late one, a touch or the
    start's work does not wait for a frame. Called once the first frame is handed over: the
    kiosk's start waits for that one (attract shows nothing else), and at the lower priority
    it came last, 5 ms later, beside the start's two busy threads. Where the system cannot,
    it runs as it is."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
    except (AttributeError, OSError):  # not Linux, or refused
        log.debug("the attract loop's worker keeps its priority")


def draw_to_fill(p: QPainter, image: QImage, width: int, height: int) -> None:
    """``image`` over ``width`` x ``height`` from ``p``'s origin: as it is at that size, else
    scaled to cover it, its middle kept (attract draws a frame decoded before a resize so,
    until the next is ready)."""
    if image.width() == width and image.height() == height:
        p.drawImage(0, 0, image)
        return
    scale = max(width / image.width(), height / image.height())
    w, h = width / scale, height / scale
    source = QRectF((image.width() - w) / 2, (image.height() - h) / 2, w, h)
    p.drawImage(QRectF(0, 0, width, height), image, source)


def decoded_frames(
    path: Path, fit: tuple[int, int] | None = None
) -> Iterator[tuple[int, int, QImage]]:
    """One pass through the loop at ``path``: (index, ms shown, image) for each frame, one
    decoded at a time, the first at least. ``ImageError`` when the file has become unusable
    since it was validated (removed, changed, damaged).

    ``fit``: the (width, height) the frames are to cover. A loop larger than that comes out
    of Qt's reader scaled down and cropped to it exactly (smoothly): inside ``read``, the one
    call that lets go of the interpreter, where a QPainter's draw or ``QImage.scaled`` would
    hold it (1-5 ms a frame that the GUI thread and the kiosk's start waited out). A smaller
    loop is decoded as it is and enlarged by ``_Frame``.

    The file is first read by ``read`` too: asked before it, ``imageCount`` scans the whole
    file holding the interpreter (4-5 ms for a full-HD loop; after it, nothing)."""
    from PySide6.QtGui import QImageReader

    from kiosk.content.errors import ImageError
    from kiosk.content.limits import MIN_FRAME_MS
    from kiosk.content.loop import canvas_size

    name = str(path)
    if not path.is_file():
        raise ImageError(name, "file is missing")
    reader = QImageReader(name)
    canvas = canvas_size(path) if fit is not None else None
    if fit is not None and canvas is not None and canvas[0] > fit[0] and canvas[1] > fit[1]:
        cover_as_read(reader, QSize(*canvas), QSize(*fit))  # a larger loop: shrunk as read
    index, count = 0, 1
    while index < count:
        image = reader.read()
        if image.isNull():
            if index == 0:
                raise ImageError(name, f"cannot be read: {reader.errorString()}")
            raise ImageError(name, f"cannot be decoded: frame {index + 1}: {reader.errorString()}")
        if index == 0:
            count = max(1, reader.imageCount())  # known now: the first read scanned the file
        # validated at MIN_FRAME_MS or more; a file changed since never spins the timer
        yield index, max(MIN_FRAME_MS, reader.nextImageDelay()), image
        index += 1


class LoopPlayer(QObject):
    """Signals: ``frame_changed`` when a new frame is on show (repaint), ``failed(reason)``
    once, when the loop cannot be played (the caller falls back to its stills)."""

    BUFFER = 2  # frames decoded ahead of the one on show: a few, never the whole loop
    frame_changed = Signal()
    failed = Signal(str)

    def __init__(self, path: Path, size: QSize, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._size = (max(1, size.width()), max(1, size.height()))
        self._lock = threading.Condition()
        self._buffer: deque[_Frame] = deque()  # guarded by _lock
        self._paused = True  # guarded by _lock
        self._stopped = False  # guarded by _lock
        self._starved = True  # guarded by _lock: the GUI waits for the next frame
        self.parked = False  # guarded by _lock: the worker waits (for room, or to resume)
        self.decoded = 0  # frames the worker has decoded, for tests and measurement
        self.most_held = 0  # the most frames held at once (buffer and the one on show)
        self._current: _Frame | None = None
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)
        self.shown: list[tuple[int, int]] = []  # (frame, ms) of the last few frames shown
        self.ended: str | None = None
        # A player deleted with its screen (a window closed) must not leave its worker parked
        # for ever, holding its frames: only Python state is touched, the Qt side is gone.
        end = self._end_worker  # a plain callable: a slot of the object itself is not called
        self.destroyed.connect(lambda *_: end())

    # -- the GUI thread ----------------------------------------------------------------
    def current(self) -> QImage | None:
        return None if self._current is None else self._current.image

    @property
    def playing(self) -> bool:
        return self._timer.isActive() or (not self._paused and self.ended is None)

    def set_size(self, size: QSize) -> None:
        """Frames decoded from now on fill ``size`` (those already decoded are drawn scaled)."""
        with self._lock:
            self._size = (max(1, size.width()), max(1, size.height()))

    def play(self) -> None:
        if self.ended is not None:
            return
        with self._lock:
            self._paused = False
            self._lock.notify_all()
        if self._thread is None:
            from PySide6.QtCore import Qt  # not at import: attract is built before the first paint

            self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # frame timing, not 5 % late
            self._thread = threading.Thread(target=self._run, name="attract-loop", daemon=True)
            self._thread.start()
            _playing.add(self)
        if self._current is None:
            self._next()
        else:
            self._timer.start(self._current.duration_ms)

    def pause(self) -> None:
        self._timer.stop()
        with self._lock:
            self._paused = True
            self._starved = False

    def stop(self) -> None:
        """End the worker (it finishes the frame it is on) and drop every frame."""
        self._timer.stop()
        self._end_worker()
        self._current = None

    def _end_worker(self) -> None:
        with self._lock:
            self._stopped = True
            self._buffer.clear()
            self._lock.notify_all()

    def _next(self) -> None:
        with self._lock:
            frame = self._buffer.popleft() if self._buffer else None
            self._starved = frame is None and not self._paused
            self._lock.notify_all()  # room for one more
        if frame is None:
            return  # the worker shows it as soon as it is decoded (_arrived)
        self._current = frame
        self.shown = [*self.shown[-63:], (frame.index, frame.duration_ms)]
        self._timer.start(frame.duration_ms)
        self.frame_changed.emit()

    def _arrived(self) -> None:
        with self._lock:
            waiting = self._starved and not self._paused
        if waiting and not self._timer.isActive():
            self._next()

    def _failed(self, reason: str) -> None:
        self.stop()
        self.ended = reason
        self.failed.emit(reason)

    # -- the worker thread -------------------------------------------------------------
    def _run(self) -> None:
        from kiosk.content.errors import ImageError

        first = True
        try:
            while True:
                with self._lock:
                    width, height = self._size
                for index, duration_ms, image in decoded_frames(self.path, (width, height)):
                    if not self._hand_over(_Frame(index, duration_ms, image, width, height)):
                        return
                    if first:  # the start waited for that one; the rest give way
                        first = False
                        _yield_to_the_kiosk()
                    with self._lock:
                        if (width, height) != self._size:
                            break  # the screen changed size: go on at the new one
        except ImageError as exc:
            log.warning("attract loop stopped, showing the stills: %s", exc)
            reason = exc.reason
            self._post(lambda: self._failed(reason))
        except Exception:  # never a silent dead worker: name it, fall back to the stills
            log.exception("attract loop stopped, showing the stills")
            self._post(lambda: self._failed("could not be played"))

    def _hand_over(self, frame: _Frame) -> bool:
        """Wait for room (or to be resumed), then buffer the frame; False once stopped."""
        with self._lock:
            while not self._stopped and (self._paused or len(self._buffer) >= self.BUFFER):
                self.parked = True
                self._lock.wait()  # no timeout: a paused loop costs no CPU
            self.parked = False
            if self._stopped:
                return False
            self._buffer.append(frame)
            self.decoded += 1
            held = len(self._buffer) + 2  # and the one on show, and the next one decoding
            self.most_held = max(self.most_held, held)
            tell = self._starved
        if tell:
            self._post(self._arrived)
        return True

    def _post(self, fn: Callable[[], None]) -> None:
        def call() -> None:
            if shiboken6.isValid(self):
                fn()

        on_gui(call)
