"""The chapter being read, which follows the finger sideways and turns like a page.

The gallery's pictures and the story's chapters answer a finger the same way: a drag across
moves the chapter with it, the neighbour coming in beside it, and the release turns to it or
lets it slide back (by how far and how fast the finger went, ``DragTrack``). A tap on the
chapter rail keeps its calm fade. The page the finger brings in is set when the drag begins,
from words and an image the screen has prefetched, so it never arrives empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEasingCurve, QSize, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QLinearGradient, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui import kit, theme
from ui.widgets.chapter_view import MEASURE_EM, Prose
from ui.widgets.fade import FadeIn
from ui.widgets.picture import Picture
from ui.widgets.swipe import DragTrack, SwipeFilter

if TYPE_CHECKING:
    from ui.images import ImageLoader


@dataclass(frozen=True)
class ChapterText:
    """What a chapter page shows, in the customer's language."""

    title: str
    body: str
    image: Path | None = None


class ChapterPage(QWidget):
    """One chapter as set on the page: its title, its body as prose, its image when it has
    one. The view holds two: the chapter read, and the neighbour a drag brings in."""

    IMAGE_HEIGHT = 420

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.title = kit.text("title", wrap=True, name="chapter-title")
        column.addWidget(self.title)
        column.addSpacing(18)
        self.text = Prose(kit.font("body_s"), MEASURE_EM * theme.TYPE_SCALE["body_s"].size)
        self.text.setObjectName("chapter-body")
        column.addWidget(self.text)
        column.addSpacing(8)
        self.image = Picture(fill=True)
        self.image.setFixedHeight(0)
        self.image.hide()
        column.addWidget(self.image)
        self.shown: tuple[str, str, str] | None = None

    def show_chapter(self, chapter: ChapterText, language: str, loader: ImageLoader | None) -> None:
        if self.shown != (chapter.title, chapter.body, language):  # a page set once is kept
            self.shown = (chapter.title, chapter.body, language)
            self.title.setText(chapter.title)
            self.text.set_text(chapter.body, language)
        self.image.setVisible(chapter.image is not None)
        self.image.setFixedHeight(self.IMAGE_HEIGHT if chapter.image is not None else 0)
        self.image.show_image(loader, chapter.image, "screen")

    def clear(self) -> None:
        self.shown = None
        self.title.clear()
        self.text.clear()
        self.image.clear()
        self.image.setFixedHeight(0)
        self.image.hide()


class EdgeFade(QWidget):
    """The screen's ground fading in over one edge of the moving pages, so words slide out of
    sight softly instead of being cut at the column's edge."""

    WIDTH = 56

    def __init__(self, left: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.left = left
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        ground = theme.PALETTE.ivory  # the customer screens' ground (read now: contrast mode)
        gradient = QLinearGradient(0, 0, self.width(), 0)
        gradient.setColorAt(0.0 if self.left else 1.0, theme.color(ground, 1.0))
        gradient.setColorAt(1.0 if self.left else 0.0, theme.color(ground, 0.0))
        p = QPainter(self)
        p.fillRect(self.rect(), gradient)
        p.end()


class ChapterView(QWidget):
    """The chapter read, which follows the finger sideways and turns to the next or previous.

    A drag across moves the page with the finger, the neighbour chapter coming in beside it
    (at either end the page gives a little and comes back). On release the page turns when it
    has travelled a quarter of its width or was flicked (``DragTrack.FLING_PX_S``), else it
    slides back; ``stepped(+1 | -1)`` is emitted at the release, when the turn is decided, and
    the slide then runs to its end (``slide.finished``). A tap on the rail (or a key) changes
    chapter with the calm fade instead (``fade_in``). Only a slide of its own moves a page:
    whatever else changes the chapter first brings the pages to rest.
    """

    stepped = Signal(int)

    FADE_MS = 260
    SLIDE_MS = 300
    GAP = 96  # px between the page and its neighbour while both are in view
    TURN = 0.25  # of the width: past it, a released page turns
    GIVE = 0.3  # how far an end page follows the finger, as a fraction of the travel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chapter")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.page = ChapterPage(self)
        self.spare = ChapterPage(self)
        self.spare.hide()
        self.edges = (EdgeFade(True, self), EdgeFade(False, self))  # above the pages
        self._spare_step = 0  # which neighbour the spare page shows: +1 next, -1 previous
        self._chapters: list[ChapterText] = []
        self._index = 0
        self._language = "en"
        self._loader: ImageLoader | None = None
        self.offset = 0.0  # the page's x: 0 at rest, negative while it moves to the left
        self._caught = 0.0  # the page's x when the finger came down (on a moving page)
        self.track = DragTrack()
        self.slide = QVariantAnimation(self)  # one, reused for every turn (a kiosk runs months)
        self.slide.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.slide.valueChanged.connect(lambda value: self._place(float(value)))
        self.slide.finished.connect(self._rest)
        self._fade = FadeIn(self, self.FADE_MS, start=0.15)  # one, reused for every chapter

    # -- what the pages show -------------------------------------------------------------
    @property
    def title(self) -> QLabel:
        return self.page.title

    @property
    def text(self) -> Prose:
        return self.page.text

    @property
    def image(self) -> Picture:
        return self.page.image

    def show_chapters(
        self,
        chapters: list[ChapterText],
        index: int,
        language: str,
        loader: ImageLoader | None,
    ) -> None:
        """Show chapter ``index``; its neighbours are set on the spare page when a drag
        brings one in."""
        self._chapters, self._index = chapters, index
        self._language, self._loader = language, loader
        if 0 <= index < len(chapters):
            self.page.show_chapter(chapters[index], language, loader)
        else:
            self.page.clear()
        if self._spare_step:  # a neighbour in view (a slide ends): it shows what it should
            self._show_spare(self._spare_step)
        self.updateGeometry()

    def fade_in(self) -> None:
        self.rest_now()
        self._fade.run(self)

    def clear(self) -> None:
        self.rest_now()
        self._chapters, self._index = [], 0
        self.page.clear()
        self.spare.clear()
        self.updateGeometry()

    def _neighbour(self, step: int) -> ChapterText | None:
        at = self._index + step
        return self._chapters[at] if step and 0 <= at < len(self._chapters) else None

    def _show_spare(self, step: int) -> None:
        neighbour = self._neighbour(step)
        if neighbour is None:
            self.spare.hide()
            self._spare_step = 0
            return
        self.spare.show_chapter(neighbour, self._language, self._loader)
        self._spare_step = step
        self.spare.show()

    # -- the finger ----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.slide.stop()  # a finger on a moving page holds it where it is
        self._caught = self.offset
        self.track.press(event.globalPosition())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.track.move(event.globalPosition()):
            self._follow(self._caught + self.track.dx)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        released = event.globalPosition()
        pressed = self.track.pressed
        if pressed and abs(released.x()) < 1e6:  # not a scroller's "cancel" far outside
            self.mouseMoveEvent(event)  # a release with no moves before it (a scroller
            # above took them) still turns the page: its two ends are compared
        step = self._decide() if pressed and self.track.dragging else 0
        self.track.end()
        if step:
            self._turn(step)
        elif self.offset:
            self._slide_to(0.0)

    def hideEvent(self, event: Any) -> None:
        self.track.end()
        self.rest_now()
        super().hideEvent(event)

    def _follow(self, offset: float) -> None:
        step = 1 if offset < 0 else -1  # the page moves left: the next chapter comes in
        if self._neighbour(step) is None:
            offset *= self.GIVE  # the last (or first) page gives a little, no more
            self.spare.hide()
            self._spare_step = 0
        elif step != self._spare_step:
            self._show_spare(step)
        self._place(offset)

    def _decide(self) -> int:
        """The step a release makes: the way the finger went, when it went far enough to be
        a swipe (``SwipeFilter.THRESHOLD``) and the page is past ``TURN`` of its width that
        way or was flicked that way. A shorter touch (a tap on a sliding page) turns nothing:
        the page goes on home."""
        dx = self.track.dx
        if abs(dx) < SwipeFilter.THRESHOLD:
            return 0
        step = 1 if dx < 0 else -1  # the finger went left: the next chapter
        if self._neighbour(step) is None:
            return 0
        travelled = -self.offset * step  # how far the page is out that way
        flick = -self.track.velocity() * step  # the finger's speed that way
        if travelled >= self.TURN * max(1, self.width()) or (
            travelled > 0 and flick >= DragTrack.FLING_PX_S
        ):
            return step
        return 0

    def _turn(self, step: int) -> None:
        """The neighbour in view becomes the chapter read; its slide home then runs."""
        if step != self._spare_step:
            self._show_spare(step)
        self.page, self.spare = self.spare, self.page
        self._spare_step = -step
        self._index += step
        self._place(self.offset + step * (self.width() + self.GAP))
        self.updateGeometry()
        self.stepped.emit(step)
        self._slide_to(0.0)

    # -- moving the pages ----------------------------------------------------------------
    def _slide_to(self, target: float) -> None:
        self.slide.stop()
        distance = abs(self.offset - target)
        width = max(1, self.width() + self.GAP)
        self.slide.setDuration(max(120, round(self.SLIDE_MS * min(1.0, distance / width))))
        self.slide.setStartValue(self.offset)
        self.slide.setEndValue(target)
        self.slide.start()

    def rest_now(self) -> None:
        """The page home and the neighbour out of sight, at once."""
        self.slide.stop()
        self._place(0.0)
        self._rest()

    def _rest(self) -> None:
        if not self.offset:
            self.spare.hide()
            self._spare_step = 0

    def _place(self, offset: float) -> None:
        self.offset = offset
        width = self.width()
        for edge in self.edges:
            left = 0 if edge.left else width - EdgeFade.WIDTH
            edge.setGeometry(left, 0, EdgeFade.WIDTH, self.height())
            edge.setVisible(bool(offset))
        self.page.setGeometry(round(offset), 0, width, self.height())
        if self._spare_step:
            x = offset + self._spare_step * (width + self.GAP)
            height = max(self.height(), self.spare.heightForWidth(width))
            self.spare.setGeometry(round(x), 0, width, height)

    # -- size ----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(self.offset)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.page.heightForWidth(width)

    def sizeHint(self) -> QSize:
        measure = MEASURE_EM * theme.TYPE_SCALE["body_s"].size
        return QSize(measure, self.heightForWidth(measure))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 0)
