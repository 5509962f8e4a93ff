"""Product storytelling: the substance behind one product.

A large hero image with the product's gallery beneath it, and beside it (below it in
portrait) the name, a line of summary, the story in chapters the customer moves through by
the chapter rail or a swipe (all but the care chapter: care is read after the purchase, on
the phone page), and the key specifications. The customer may keep the piece in
their selection or put it beside others to compare, and nothing presses them to.

Records: ``product_viewed`` on entering, ``chapter_read`` with the time spent whenever the
customer leaves a chapter (another chapter, another screen, "I'm done", or the idle veil).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import JourneyError
from kiosk.visit.stages import Change, Stage
from ui import kit, theme
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.chapter_pager import ChapterText, ChapterView
from ui.widgets.chapter_view import MEASURE_EM, ChapterRail
from ui.widgets.layouts import FlowLayout, foot_row, within_reach
from ui.widgets.reading_scroll import ReadingScroll
from ui.widgets.spec_list import SpecList
from ui.widgets.swipe import SwipeFilter
from ui.widgets.thumb import Thumb

if TYPE_CHECKING:
    from kiosk.content.model import Product
    from ui.context import ScreenContext

log = logging.getLogger(__name__)


class StoryScreen(CustomerScreen):
    NAME = "story"
    STAGE = Stage.STORY
    THUMBS = 6  # gallery thumbnails shown under the hero; the gallery itself shows them all
    NOTICE_MS = 9000
    # Shadows QWidget.scroll(dx, dy), which nothing calls on a screen.
    scroll: ReadingScroll  # type: ignore[assignment]

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.product: Product | None = None
        self.chapter_index = 0
        self._chapter_started: float | None = None
        self._to_gallery = False
        # "I'm done" first closes the chapter being read, then ends the visit.
        self.done_button.clicked.disconnect()
        self.done_button.clicked.connect(self._done)
        ctx.idle.connect(self._on_idle)

        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.split.setContentsMargins(0, 36, 0, 0)
        self.split.setSpacing(88)
        self.split.addWidget(self._build_visual(), 12)
        self.split.addWidget(self._build_text(), 11)
        self.foot = foot_row(self.outer)  # portrait: the way back, within reach

        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(self.NOTICE_MS)
        self._notice_timer.timeout.connect(self._clear_notice)

    # -- building ------------------------------------------------------------------------
    def _build_visual(self) -> QWidget:
        visual = QWidget()
        column = QVBoxLayout(visual)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.hero = Thumb(fill=True, aspect=3 / 2)
        self.hero.setObjectName("hero")
        self.hero.clicked.connect(lambda: self.open_gallery(0))
        column.addWidget(self.hero)
        strip = QHBoxLayout()
        strip.setSpacing(14)
        self.thumbs: list[Thumb] = []
        for i in range(self.THUMBS):
            thumb = Thumb(fill=True, size=QSize(138, 92))
            thumb.setObjectName(f"thumb-{i}")
            thumb.clicked.connect(lambda i=i: self.open_gallery(i))
            thumb.hide()
            strip.addWidget(thumb)
            self.thumbs.append(thumb)
        strip.addSpacing(12)
        self.images_note = kit.text("caption_s", tone="muted", wrap=True)
        strip.addWidget(self.images_note, 1)
        column.addLayout(strip)
        column.addStretch(1)
        return visual

    def _build_text(self) -> QWidget:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 8, 24, 48)
        column.setSpacing(0)
        self.eyebrow = kit.eyebrow()
        column.addWidget(self.eyebrow)
        column.addSpacing(18)
        self.name = kit.text("display_s", wrap=True, name="name")
        column.addWidget(self.name)
        column.addSpacing(18)
        self.summary = kit.text("body", tone="muted", wrap=True, name="summary")
        self.summary.setMaximumWidth(MEASURE_EM * theme.TYPE_SCALE["body"].size)
        column.addWidget(self.summary)
        column.addSpacing(36)
        column.addLayout(self._build_actions())
        self.notice = kit.text("caption", tone="accent", wrap=True, name="notice")
        self.notice.hide()
        column.addSpacing(14)
        column.addWidget(self.notice)
        column.addSpacing(44)
        self.rail = ChapterRail()
        self.rail.chosen.connect(self.go_chapter)
        column.addWidget(self.rail)
        column.addSpacing(30)
        self.chapter = ChapterView()
        self.chapter.stepped.connect(lambda step: self.go_chapter(self.chapter_index + step, False))
        column.addWidget(self.chapter)
        column.addSpacing(12)
        self.swipe_hint = kit.text("label_s", tone="muted")
        column.addWidget(self.swipe_hint)
        above_specs = QSpacerItem(0, 56, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        column.addSpacerItem(above_specs)
        self.specs_title = kit.eyebrow(small=True, name="specs-title")
        column.addWidget(self.specs_title)
        column.addSpacing(14)
        self.specs = SpecList()
        self.specs.setMaximumWidth(MEASURE_EM * theme.TYPE_SCALE["body"].size)
        column.addWidget(self.specs)
        column.addStretch(1)
        self.swipe = SwipeFilter(content)
        self.swipe.swiped.connect(lambda step: self.go_chapter(self.chapter_index + step))
        self.scroll = ReadingScroll(content)
        self.scroll.keep_whole(self.specs_title, above_specs)
        return self.scroll

    def _build_actions(self) -> FlowLayout:
        actions = FlowLayout(spacing=20)
        self.select_button = kit.button("primary", role="button_s", name="select")
        self.select_button.clicked.connect(self.toggle_selected)
        self.compare_button = kit.button("secondary", role="button_s", name="compare")
        self.compare_button.clicked.connect(self.toggle_compared)
        self.compare_open = kit.button("quiet", role="button_s", name="compare-open")
        self.compare_open.clicked.connect(lambda: self.ctx.go("compare"))
        for button in (self.select_button, self.compare_button, self.compare_open):
            button.setMinimumHeight(72)
            actions.addWidget(button)
        return actions

    # -- the screen's life ---------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        sku = str(params.get("sku", ""))
        returning = self._to_gallery and self.product is not None and self.product.sku == sku
        self._to_gallery = False
        if not returning:
            self._close_chapter()  # story to story (a link between products) never leaves
            product = self.ctx.pack.product(sku)
            if product is None:
                log.warning("story asked for an unknown product %r", sku)
                self.clear()
                return
            self.product = product
            self.chapter_index = self._clamp(int(params.get("chapter", 0)))
            self.scroll.to_top()
            self._show_product()
            self.ctx.journey.record(
                "product_viewed", sku=sku, source=str(params.get("source", "direct"))
            )
        self._chapter_started = time.monotonic()

    def leave(self) -> None:
        self._close_chapter()

    def clear(self) -> None:
        """Forget the product, the chapter and every text; records nothing."""
        self._chapter_started = None
        self._to_gallery = False
        self.product = None
        self.chapter_index = 0
        self._notice_timer.stop()
        self.notice.setProperty("key", None)
        self.notice.clear()
        self.notice.hide()
        for label in (self.eyebrow, self.name, self.summary, self.images_note, self.swipe_hint):
            label.clear()
        self.hero.clear()
        for thumb in self.thumbs:
            thumb.clear()
            thumb.hide()
        self.chapter.clear()
        self.rail.set_labels([])
        self.specs.set_rows([])

    def set_portrait(self, portrait: bool) -> None:
        direction = (
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.split.setDirection(direction)
        self.split.setSpacing(48 if portrait else 88)
        self.split.setStretch(0, 0 if portrait else 12)
        self.split.setStretch(1, 1 if portrait else 11)
        within_reach(self.back_button, self.foot, self.header, portrait)

    def journey_changed(self, change: Change) -> None:
        super().journey_changed(change)
        if change in (Change.SELECTION, Change.COMPARISON, Change.STARTED):
            self._update_actions()

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.specs_title.setText(tr("story.specs", language).upper())
        self._update_actions()
        key = self.notice.property("key")
        if key:
            self.notice.setText(tr(key, language))
        if self.product is not None:
            self._show_texts(language)

    # -- showing the product -------------------------------------------------------------
    def prefetch_product(self, sku: str) -> None:
        """Warm ``sku``'s hero at the size this screen will ask for, so opening it shows the
        picture at once (another screen calls this as a finger goes down on the product)."""
        product = self.ctx.pack.product(sku)
        if product is not None and product.gallery:
            self.ctx.images.prefetch(product.gallery[0], self.hero.size_class_for("screen"))

    def _show_product(self) -> None:
        product = self.product
        assert product is not None
        loader = self.ctx.images
        self.hero.show_image(loader, product.gallery[0] if product.gallery else None, "screen")
        for i, thumb in enumerate(self.thumbs):
            shown = len(product.gallery) > 1 and i < len(product.gallery)
            thumb.setVisible(shown)
            thumb.show_image(loader, product.gallery[i] if shown else None, "thumb")
        self.rail.setVisible(len(product.story_chapters) > 1)
        self._clear_notice()
        self._show_texts(self.ctx.language)
        self._update_actions()

    def _show_texts(self, language: str) -> None:
        product = self.product
        assert product is not None
        pack, t = self.ctx.pack, self.ctx.t
        collection = pack.collections.get(product.collection or "")
        category = pack.categories.get(product.category)
        eyebrow = [t(x.name) for x in (collection, category) if x is not None]
        self.eyebrow.setText("  ·  ".join(eyebrow).upper())
        self.name.setText(t(product.name))
        self.summary.setText(t(product.summary))
        count = len(product.gallery)
        self.images_note.setText(tr("story.images", language, count=count) if count > 1 else "")
        self.rail.set_labels(
            [tr(f"story.chapter.{c.kind}", language) for c in product.story_chapters]
        )
        self.specs.set_rows([(t(s.label), t(s.value)) for s in product.specs])
        self.specs_title.setVisible(bool(product.specs))
        self._show_chapter(language)

    def _show_chapter(self, language: str) -> None:
        product = self.product
        assert product is not None
        if not product.story_chapters:
            self.chapter.clear()
            self.swipe_hint.clear()
            return
        self.rail.set_current(self.chapter_index)
        t = self.ctx.t
        chapters = [ChapterText(t(c.title), t(c.body), c.image) for c in product.story_chapters]
        self.chapter.show_chapters(chapters, self.chapter_index, language, self.ctx.images)
        self._prefetch_chapters()
        more = self.chapter_index < len(product.story_chapters) - 1
        self.swipe_hint.setText(tr("story.swipe", language) if more else "")

    def _prefetch_chapters(self) -> None:
        """The next chapter's image, then the previous one's, so a swipe shows it at once."""
        product = self.product
        assert product is not None
        size_class = self.chapter.image.size_class_for("screen")
        for i in (self.chapter_index - 1, self.chapter_index + 1):  # the newest goes first
            if 0 <= i < len(product.story_chapters):
                self.ctx.images.prefetch(product.story_chapters[i].image, size_class)

    def _clamp(self, index: int) -> int:
        count = len(self.product.story_chapters) if self.product else 0
        return min(max(0, index), max(0, count - 1))

    # -- chapters ------------------------------------------------------------------------
    def go_chapter(self, index: int, fade: bool = True) -> None:
        """Move to chapter ``index`` (a tap on the rail, or a swipe); the chapter left is
        recorded with the time spent on it. A chapter the finger brought in is there already
        (``fade`` False); any other fades in."""
        if self.product is None or not 0 <= index < len(self.product.story_chapters):
            return
        if index == self.chapter_index:
            return
        self._close_chapter()
        self.chapter_index = index
        self._show_chapter(self.ctx.language)
        if fade:
            self.chapter.fade_in()
        self._chapter_started = time.monotonic()

    def _close_chapter(self, idle_ms: int = 0) -> None:
        started, self._chapter_started = self._chapter_started, None
        product = self.product
        if started is None or product is None or not product.story_chapters:
            return
        if not self.ctx.journey.active:
            return
        ms = max(0, round((time.monotonic() - started) * 1000) - idle_ms)
        kind = product.story_chapters[self.chapter_index].kind
        self.ctx.journey.record("chapter_read", sku=product.sku, chapter=kind, ms=ms)

    def _on_idle(self) -> None:
        """The customer has not touched the screen for the idle timeout: their reading ended
        that long ago. A new reading starts now, in case they are still there."""
        if self._chapter_started is not None and self.ctx.showing(self):
            self._close_chapter(idle_ms=self.ctx.config.idle_timeout_s * 1000)
            self._chapter_started = time.monotonic()

    def _done(self) -> None:
        self._close_chapter()
        self.ctx.finish_visit()

    # -- selection, comparison, gallery --------------------------------------------------
    def open_gallery(self, index: int) -> None:
        if self.product is None or not self.product.gallery:
            return
        self._to_gallery = True
        self.ctx.go("gallery", sku=self.product.sku, index=index)

    def toggle_selected(self) -> None:
        state = self.ctx.journey.state
        if self.product is None or state is None:
            return
        self.ctx.journey.set_selected(self.product.sku, self.product.sku not in state.selection)

    def toggle_compared(self) -> None:
        state = self.ctx.journey.state
        if self.product is None or state is None:
            return
        compared = self.product.sku in state.compared
        try:
            self.ctx.journey.set_compared(self.product.sku, not compared)
        except JourneyError:
            self._show_notice("story.compare_full")

    def _update_actions(self) -> None:
        language = self.ctx.language
        state = self.ctx.journey.state
        sku = self.product.sku if self.product else None
        selected = state is not None and sku in state.selection
        compared = state is not None and sku in state.compared
        self.select_button.setText(tr("story.unselect" if selected else "story.select", language))
        kit.restyle(self.select_button, "secondary" if selected else "primary")
        self.compare_button.setText(
            tr("story.uncompare" if compared else "story.compare", language)
        )
        count = len(state.compared) if state else 0
        self.compare_open.setText(tr("story.compare_open", language, count=count))
        self.compare_open.setVisible(count >= 2 and self.ctx.has_screen("compare"))
        if not compared and self.notice.property("key") and count < 3:
            self._clear_notice()

    def _show_notice(self, key: str) -> None:
        self.notice.setProperty("key", key)
        self.notice.setText(tr(key, self.ctx.language))
        self.notice.show()
        self._notice_timer.start()

    def _clear_notice(self) -> None:
        self._notice_timer.stop()
        self.notice.setProperty("key", None)
        self.notice.clear()
        self.notice.hide()
