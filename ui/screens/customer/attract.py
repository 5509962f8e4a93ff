"""Attract: an idle loop of the brand's imagery that invites a touch. Nothing personal, ever.

Images are decoded by a worker at screen size and cross-faded slowly; the first paint does not
wait for them (the brand's ground colour shows at once, the first image fades in). Each image
holds 10 s, 8 of them alone: long enough to be looked at, short enough to feel alive.

The words are a layer of their own over the pictures and a scrim (attract_words.py): they
stay put while the pictures cross-fade beneath them (words baked into the images were
double-exposed in every fade).
When the window changes size (a window manager's late full screen, a resolution change, a
screen turned to portrait) the image on show is decoded again at the new size and swapped in
without a fade, so it is never left blurry (or needlessly large) until the next slide.
A pack may give a moving loop instead (``pack.attract_loop``, an animated WebP): it plays
under the same words, only while this screen is shown, and the stills return if it fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtGui import QPainter, QPixmap

from ui import theme
from ui.images import Ahead, decode_ahead, load_pixmap, scaled_to_fill
from ui.router import Screen
from ui.screens.customer.attract_words import paint_scrims, paint_words
from ui.widgets.clock_fade import ClockFade

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent, QPaintEvent, QResizeEvent

    from kiosk.station.first_picture import Hint
    from ui.widgets.loop_player import LoopPlayer


class AttractScreen(Screen):
    """Signals: ``first_painted`` once, when the screen's first frame has been shown;
    ``image_painted`` once, after the first frame with the pack's image."""

    NAME = "attract"
    HOLD_MS = 10000  # from one image's arrival to the next's
    FADE_MS = 2000  # eased in and out (sine)
    SCRIM = 0.76
    """Night's opacity behind the words: ivory reads at 4.5:1 or more even over white."""
    ENTRY_HOLD_MS = 3000
    RESIZE_SETTLE_MS = 150  # a window manager resizes in steps: decode once it has settled
    ENTRY_CORNER = 0.15
    """The top-left corner (this share of the shorter side) where a 3 s hold opens associate
    mode with no visit: how a manager or store IT gets in when no customer is there."""
    first_painted = Signal()
    image_painted = Signal()  # once, after the first frame with the pack's image in it

    def __init__(
        self,
        languages: Sequence[str],
        begin_visit: Callable[[], None],
        open_associate_entry: Callable[[], None],
        brand_name: Callable[[], str],
    ) -> None:
        """Built before the kiosk's runtime exists (it is the first paint): it is given only
        the kiosk's languages, the first touch's action, the associate corner's action (which
        does nothing until associate mode is there) and where the brand's name is read."""
        super().__init__()
        self._begin_visit, self._open_entry = begin_visit, open_associate_entry
        self._brand_name = brand_name
        self.tagline: list[str] = []  # the pack's, one line per language, once it is loaded
        self.images: list[Path] = []  # the pack's imagery, known once the pack is loaded
        self._index = -1
        self._current: QPixmap | None = None
        self._previous: QPixmap | None = None
        self._blend = 1.0
        self._decoded_for: QSize | None = None  # the size the image on show was decoded to fill
        self._ahead: Ahead | None = None  # the first picture, decoded while the kiosk starts
        self._after_paint: list[Callable[[], None]] = []
        self._shown_ahead: Path | None = None  # the picture decoded ahead, shown before the pack
        self._resized = QTimer(self)
        self._resized.setSingleShot(True)
        self._resized.setInterval(self.RESIZE_SETTLE_MS)
        self._resized.timeout.connect(self._redecode_if_resized)
        self._painted = False
        self.clock: Callable[[], float] = time.monotonic  # seconds; tests drive their own
        self._fade = ClockFade(self.FADE_MS, self._on_fade, lambda: self.clock(), self)
        self._timer = QTimer(self)
        self._timer.setInterval(self.HOLD_MS)
        self._timer.timeout.connect(self._advance)
        self._entry_hold = QTimer(self)
        self._entry_hold.setSingleShot(True)
        self._entry_hold.setInterval(self.ENTRY_HOLD_MS)
        self._entry_hold.timeout.connect(self._open_associate_entry)
        self.languages = list(languages)
        # No words until the kiosk's own typefaces are registered (just after the first paint):
        # the machine's faces showed them for a frame, then the brand's replaced them (and one
        # without CJK fonts would show empty boxes). The first frame is the ground and scrims.
        self.fonts_ready = False
        self._image_painted = False
        self._loop: LoopPlayer | None = None  # the pack's moving loop, in place of the stills
        self._poster_of: Path | None = None  # the loop whose poster (first frame) is on show
        self._loop_waits = False  # for its poster to fade in (start_loop)

    def enter(self, **params: object) -> None:
        self._advance()
        self._timer.start()
        if self._loop is not None and not self._loop_waits:
            self._loop.play()

    def leave(self) -> None:
        self._timer.stop()
        self._entry_hold.stop()
        if self._loop is not None:
            self._loop.pause()  # no decoding behind other screens

    def _advance(self) -> None:
        if not self.images or self._loop is not None:
            return
        self._index = (self._index + 1) % len(self.images)
        self._decode(fade=True)

    def _decode(self, fade: bool) -> None:
        """Decode the image at ``_index`` (off the GUI thread) to fill the screen as it is now;
        fade it in as the next slide, or swap it in place of the same image at another size."""
        path, size = self.images[self._index], QSize(self.size())

        def arrived(pixmap: QPixmap | None) -> None:
            if pixmap is None or self._on_show() != path:
                return  # broken (named in the log), or the loop has moved on meanwhile
            self._decoded_for = size
            if fade:
                self._show(pixmap)
            else:
                self._current = pixmap
                self.update()
            if size != self.size():  # the window changed size while the worker decoded
                self._resized.start()

        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.path in (path, None) and ahead.size == size:
            ahead.then(path, arrived, lambda: load_pixmap(path, size, arrived, self))
            return
        load_pixmap(path, size, arrived, self)

    def decode_ahead(self, find: Callable[[], Hint | None]) -> None:
        """Decode, on a worker, the picture ``find`` names (it runs there too: a file read) at
        this screen's size now, for when the pack names it first: the kiosk starts it while its
        window makes the first frame, before the pack is loaded (ui/app.py). Used only if it is
        the first image, at the size then asked; otherwise decoded the usual way. Done before
        the pack is loaded, it is shown at once: the pack then keeps it if it is its first.
        A hint that names a moving loop starts the loop's player at once instead (its first
        frame decoded while the pack loads): the pack keeps it if it is its loop."""
        loop: list[Path] = []  # plain data from the worker, read here once it is done

        def picture_of_hint() -> Path | None:
            hint = find()
            if hint is not None and hint.loop:
                loop.append(hint.path)
                return None
            return None if hint is None else hint.path

        ahead = self._ahead = decode_ahead(picture_of_hint, QSize(self.size()), self)

        def show_now() -> None:
            if self.images or self._loop is not None:
                return  # the pack came first: its own stills or loop
            if loop:
                self.set_loop(loop[0])
                return
            picture = ahead.picture
            if self._current is not None or picture is None:
                return  # shown already, or there is none
            if ahead.size == self.size():
                self._shown_ahead, self._decoded_for = ahead.path, QSize(ahead.size)
                self._show(picture)

        ahead.when_done(show_now)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._loop is not None:
            self._loop.set_size(self.size())
        if self._decoded_for is not None and self._decoded_for != self.size():
            self._resized.start()

    def _redecode_if_resized(self) -> None:
        if self._current is not None and self._decoded_for != self.size() and self._on_show():
            if self._blend >= 1.0:
                self._previous = None  # faded out: never shown at its old size again
            self._decode(fade=False)

    def _on_show(self) -> Path | None:
        """The image the loop is on (None before the first or once the pack has none)."""
        return self.images[self._index] if 0 <= self._index < len(self.images) else None

    def _show(self, pixmap: QPixmap) -> None:
        self._previous, self._current = self._current, pixmap
        # From nothing, at once: a paint before the fade's first step (the tagline set, the
        # fonts arriving) once showed the new picture whole for a frame, then faded it in.
        self._blend = 0.0
        self._fade.begin()

    def _on_fade(self, value: float) -> None:  # the fade's opacity, from 0.0 to 1.0
        self._blend = float(value)
        if value >= 1.0 and self._loop_waits:
            self._play_loop()  # its poster faded in: the loop's first frame takes its place
        self.update()

    def blend_now(self) -> float:
        """The fade as it stands at this moment (ui/widgets/clock_fade.py: between two of
        its steps too), or where it was left when none is under way."""
        now = self._fade.now()
        return self._blend if now is None else max(self._blend, now)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        corner = min(self.width(), self.height()) * self.ENTRY_CORNER
        position = event.position()
        if position.x() < corner and position.y() < corner:
            self._entry_hold.start()  # a tap here still starts a visit, on release
            return
        self._begin_visit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        if self._entry_hold.isActive():
            self._entry_hold.stop()
            self._begin_visit()

    def _open_associate_entry(self) -> None:
        self._open_entry()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect()
        p.fillRect(rect, theme.color(theme.PALETTE.night))
        frame = None if self._loop is None else self._loop.current()
        if frame is not None:  # a loop's: its module is loaded by then, not before the first paint
            from ui.widgets.loop_player import draw_to_fill

            draw_to_fill(p, frame, self.width(), self.height())
        self._blend = self.blend_now()
        for pixmap, opacity in ((self._previous, 1.0), (self._current, self._blend)):
            if pixmap is None or frame is not None:
                continue
            scaled = scaled_to_fill(pixmap, rect.size())
            x = (scaled.width() - rect.width()) // 2
            y = (scaled.height() - rect.height()) // 2
            p.setOpacity(opacity)
            p.drawPixmap(0, 0, scaled, x, y, rect.width(), rect.height())
        p.setOpacity(1.0)
        paint_scrims(p, self.width(), self.height(), len(self.tagline), self.SCRIM)
        if self.fonts_ready:
            paint_words(
                p, self.width(), self.height(), self._brand_name(), self.tagline, self.languages
            )
        p.end()
        if not self._painted:
            self._painted = True
            # Announced from the event loop, not from inside this paint: the frame reaches a
            # real screen only once paintEvent returns, and what listens (the rest of the
            # start-up) holds the GUI thread for seconds; offscreen grabs never showed it.
            # With this screen as the timer's context: dropped if it is deleted before then.
            QTimer.singleShot(0, self, self.first_painted.emit)
        seen = (self._current is not None and self._blend > 0) or frame is not None
        if seen and not self._image_painted:
            # a still begun to show, or a loop's frame: the start builds the rest after it
            self._image_painted = True
            QTimer.singleShot(0, self, self.image_painted.emit)
        waiting, self._after_paint = self._after_paint, []
        for then in waiting:
            QTimer.singleShot(0, self, then)

    def until_seen(self) -> object | None:
        """``image_painted`` while the pack's picture is still to be seen, else None."""
        return self.image_painted if self.images and not self.image_shown else None

    def after_next_paint(self, then: Callable[[], None]) -> None:
        """``then``, from the event loop, once this screen's next frame is painted (the start's
        heavier work waits for attract's first frame with all it shows)."""
        self._after_paint.append(then)
        self.update()

    def set_tagline(self, lines: list[str]) -> None:
        """The pack's tagline, one line per language it is written in (none: no tagline)."""
        if lines != self.tagline:
            self.tagline = lines
            self.update()

    def set_imagery(self, loop: Path | None, images: list[Path]) -> None:
        """The pack's moving loop (None: none) and its stills, the loop first: with one, no
        still is decoded."""
        self.set_loop(loop)
        self.set_images(images)

    def set_images(self, images: list[Path]) -> None:
        """The loop's imagery (a new pack may bring new images between visits)."""
        if images != self.images:
            self.images, self._index = images, -1
            kept, self._shown_ahead = self._shown_ahead, None
            if images and images[0] == kept and self._decoded_for == self.size():
                self._index, self._ahead = 0, None  # on show already, decoded ahead
                if self._timer.isActive():
                    self._timer.start()  # its whole hold, from now
                return
            if self._timer.isActive() or self._current is None or kept is not None:
                self._advance()  # (a picture decoded ahead the pack does not begin with: gone)
                if self._timer.isActive():
                    self._timer.start()  # the first image gets its whole hold, as every other

    @property
    def image_shown(self) -> bool:
        """A frame with the pack's image has been painted (``image_painted`` was emitted)."""
        return self._image_painted

    def start_loop(self, loop: Path, poster: Path | None) -> None:
        """The pack's moving loop from the kiosk's first moments (its hint, ui/app.py). With a
        ``poster`` (its first frame as a JPEG, kiosk.content.snapshot), the poster is decoded
        as a still is, fades in as a still does, and the loop's player starts once it has:
        the loop's first frame then takes the place of the very same picture. A full-HD
        frame of the loop took 20-30 ms of a core beside the start's own work; the poster
        takes a few. Without one (or one that cannot be decoded), the player starts at once."""
        if poster is None:
            self.set_loop(loop, play=True)
            return
        self.set_loop(loop, hold=True)
        size = QSize(self.size())

        def arrived(pixmap: QPixmap | None) -> None:
            if self._loop is None or self._loop.path != loop or not self._loop_waits:
                return  # another loop since, or none
            if pixmap is None or size != self.size() or self._current is not None:
                self._play_loop()  # no poster after all (named in the log), or too late
                return
            self._poster_of, self._decoded_for = loop, size
            self._show(pixmap)

        load_pixmap(poster, size, arrived, self)

    def _play_loop(self) -> None:
        self._loop_waits = False
        if self._loop is not None and self._timer.isActive():  # else when attract is entered
            self._loop.play()

    def set_loop(self, path: Path | None, play: bool = False, hold: bool = False) -> None:
        """The pack's moving loop (None: the stills). Decoded by its own worker, started
        here (``play``: at once, before attract's first ``enter``; ``hold``: not until its
        poster has faded in, ``start_loop``) only once the pack or its hint is known, so never
        before the first paint."""
        if (None if self._loop is None else self._loop.path) == path:
            return
        self._loop_waits = hold and path is not None
        if self._poster_of is not None:  # another loop's first frame: not to be shown again
            self._poster_of, self._current, self._previous = None, None, None
        if self._loop is not None:
            self._loop.stop()
            self._loop.deleteLater()
            self._loop = None
        if path is not None:
            from ui.widgets.loop_player import LoopPlayer

            self._loop = LoopPlayer(path, self.size(), self)
            self._loop.frame_changed.connect(self.update)
            self._loop.failed.connect(self._loop_failed)
            if play or (self._timer.isActive() and not self._loop_waits):
                self._loop.play()
        elif self._timer.isActive() or self._current is None:
            self._advance()
        self.update()

    def _loop_failed(self) -> None:
        """The loop cannot be played (named in the log): back to the stills."""
        self.set_loop(None)

    def set_fonts_ready(self) -> None:
        self.fonts_ready = True
        self.update()

    def clear(self) -> None:
        """The attract screen holds no customer data; nothing to forget."""
