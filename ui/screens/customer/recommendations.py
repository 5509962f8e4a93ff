"""Recommendations: products matched to what the customer told us, each with its reason.

The ranking comes from ``kiosk.visit.matching`` on the journey's needs each time the screen is
shown, so a changed answer is reflected at once. Each card carries one reason in the words of the
customer's own answer, none twice in the first screenful. When nothing fits every wish (or nothing
in the rooms chosen) the screen says so in plain words instead of presenting the nearest pieces as
a perfect match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.content.model import Reason
from kiosk.visit.matching import Recommendations, reason_text, recommend
from kiosk.visit.stages import Change, Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.tasks import run_at_once
from ui.widgets.layouts import foot_row, within_reach
from ui.widgets.product_grid import GridItem, ProductGrid

if TYPE_CHECKING:
    from ui.context import ScreenContext


def _needs_key(pack: object, needs: dict[str, list[str]]) -> tuple[object, ...]:
    """What a ranking depends on: the pack in service and the answers."""
    return (id(pack), *sorted((q, tuple(c)) for q, c in needs.items()))


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


RANK_AFTER_MS = 60
"""After an answer, the ranking starts this long after (its screen change done first)."""


class RecommendationsScreen(CustomerScreen):
    STAGE = Stage.RECOMMENDATIONS
    NAME = "recommendations"
    LIMIT = 12

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self._recs: Recommendations | None = None
        self._ranking: tuple[tuple[object, ...], Recommendations] | None = None
        self._rank_later = QTimer(self)
        self._rank_later.setSingleShot(True)
        self._rank_later.setInterval(RANK_AFTER_MS)
        self._rank_later.timeout.connect(self._rank_ahead)
        self._reasons: dict[str, tuple[str, ...]] = {}
        self._reason: dict[str, Reason | None] = {}
        self._language = ctx.default_language

        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 40, 0, 0)
        column.setSpacing(0)
        head = QHBoxLayout()
        head.setSpacing(48)
        intro = QVBoxLayout()
        intro.setSpacing(0)
        self.eyebrow = kit.eyebrow()
        intro.addWidget(self.eyebrow)
        intro.addSpacing(16)
        self.title = kit.text("display_s", wrap=True, name="title")
        intro.addWidget(self.title)
        intro.addSpacing(16)
        self.note = kit.text("body", tone="muted", wrap=True, name="note")
        intro.addWidget(self.note)
        head.addLayout(intro, 1)
        self.edit = kit.button("quiet", role="button_s", name="edit-answers")
        self.edit.clicked.connect(self._edit)
        head.addWidget(self.edit, 0, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(head)
        column.addSpacing(36)

        self.grid = ProductGrid(lambda: self.ctx.images)
        self.grid.product_chosen.connect(self._chosen)
        self.grid.product_pressed.connect(self._prefetch)
        column.addWidget(self.grid, 1)
        self.foot = foot_row(self.outer)  # portrait: the way back, within reach

    # -- the screen's life -----------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        state = self.ctx.journey.state
        needs = state.needs if state else {}
        recs = self._ranked(needs)
        self._recs = recs
        self._reasons = {item.sku: item.reasons for item in recs.items}
        self._reason = {item.sku: item.reason for item in recs.items}
        self.grid.grid_model.set_products(recs.skus, self._describe)
        self.grid.scrollToTop()
        for sku in recs.skus[: self.grid.columns]:  # the first row: the likeliest touched
            self._prefetch(sku)
        self.retranslate(self.ctx.language)
        if state is not None:
            self.ctx.journey.record("recommendations_shown", skus=recs.skus, fallback=recs.fallback)

    def set_portrait(self, portrait: bool) -> None:
        self.grid.set_columns(2 if portrait else 4)
        within_reach(self.back_button, self.foot, self.header, portrait)

    # Ranking 5,000 products takes tens of milliseconds: it is done on a worker as soon as an
    # answer changes (the customer is still on the questions), and kept while the answers
    # are the same, so neither the first showing nor coming back from a story waits for it.
    def journey_changed(self, change: Change) -> None:
        super().journey_changed(change)
        if change is Change.NEEDS and self.ctx.journey.state is not None:
            # A moment after the answer: the ranking (Python, 10-30 ms over a large pack) held
            # the interpreter while the GUI thread changed screens for that answer, and made
            # its touch wait on the lock (wall clock twice its CPU). An answer changed again
            # meanwhile is ranked once, as it ends.
            self._rank_later.start()

    def _rank_ahead(self) -> None:
        state = self.ctx.journey.state
        if state is None:
            return
        pack, needs = self.ctx.pack, {q: list(c) for q, c in state.needs.items()}
        key = _needs_key(pack, needs)
        if self._ranking is not None and self._ranking[0] == key:
            return

        def ranked(recs: Recommendations | None, _error: BaseException | None) -> None:
            # Kept only for the answers as they are now (not a visit reset meanwhile).
            now = self.ctx.journey.state
            fresh = now is not None and _needs_key(self.ctx.pack, now.needs) == key
            if recs is not None and fresh and self.ctx.pack is pack:
                self._ranking = (key, recs)

        # its own thread: behind the pool's image decodes it came after the tap
        run_at_once(lambda: recommend(pack, needs, limit=self.LIMIT), ranked, self)

    def _ranked(self, needs: dict[str, list[str]]) -> Recommendations:
        key = _needs_key(self.ctx.pack, needs)
        if self._ranking is None or self._ranking[0] != key:  # not ranked ahead: now
            self._ranking = (key, recommend(self.ctx.pack, needs, limit=self.LIMIT))
        return self._ranking[1]

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self._language = language
        recs = self._recs
        general = recs is not None and not recs.personal
        self.eyebrow.setText(tr("recs.eyebrow", language).upper())
        self.title.setText(tr("recs.general_title" if general else "recs.title", language))
        if recs is not None and recs.outside_rooms:
            self.note.setText(tr("recs.fallback_rooms", language))
        elif recs is not None and recs.fallback:
            self.note.setText(tr("recs.fallback", language))
        else:
            self.note.setText(tr("recs.general_note" if general else "recs.note", language))
        self.edit.setText(tr("recs.share" if general else "recs.edit", language))
        self.grid.grid_model.refresh()

    def clear(self) -> None:
        self._rank_later.stop()
        self._recs = None
        self._ranking = None
        self._reasons = {}
        self._reason = {}
        self.grid.clear()

    # -- products ----------------------------------------------------------------------------
    def _describe(self, sku: str) -> GridItem:
        language = self._language
        product = self.ctx.pack.product(sku)
        if product is None:
            return GridItem(sku, "")
        told = self._reason.get(sku)  # in the words of the customer's answer
        if told is not None:
            reason = told.text.get(language)
        else:
            reason = reason_text(self.ctx.pack, self._reasons.get(sku, ()), language)
        caption = sentence_case(reason) if reason else product.summary.get(language)
        image = product.gallery[0] if product.gallery else None
        return GridItem(sku, product.name.get(language), caption, image)

    def _prefetch(self, sku: str) -> None:
        """The story's hero for ``sku``, warmed while the finger is down (or before it comes):
        the story then opens complete. The story knows the size its hero asks for; screens
        never import each other, so it is asked by name."""
        story = self.ctx.screen_named("story")
        prefetch = getattr(story, "prefetch_product", None)
        if callable(prefetch):
            prefetch(sku)

    def _edit(self) -> None:
        if self._recs is not None and not self._recs.personal:
            self.ctx.go("needs", index=0)  # nothing to edit yet: begin the conversation
        else:
            self.ctx.go("needs_summary")

    def _chosen(self, sku: str) -> None:
        # The story records product_viewed (once, with where the customer came from).
        if self.ctx.has_screen("story"):
            self.ctx.go("story", sku=sku, source="recommendations")
        else:
            self.ctx.journey.record("product_viewed", sku=sku, source="recommendations")
