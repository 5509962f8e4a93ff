"""Lookbooks: the pack's curated rooms as large covers; a tap steps into the first scene.

Landscape shows three covers side by side in a row that flicks sideways, portrait two stacked
in a column that flicks up: whole covers at rest, the next one's start showing under a faded
edge, and dots under the row for where the customer is (ui/widgets/carousel.py). Covers are
built when the screen is first shown (the pack can change between visits, never
during one) and hold nothing of the customer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QScrollArea, QVBoxLayout

from kiosk.visit.stages import Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr, trn
from ui.widgets.carousel import Carousel
from ui.widgets.cover_card import CoverCard
from ui.widgets.layouts import foot_row, within_reach

if TYPE_CHECKING:
    from kiosk.content.model import ContentPack
    from ui.context import ScreenContext


class LookbooksScreen(CustomerScreen):
    NAME = "lookbooks"
    SHOW_LOOKBOOKS = False  # already here
    STAGE = Stage.LOOKBOOK
    CARD_GAP = 40
    # Shadows QWidget.scroll(dx, dy), which nothing calls on a screen.
    scroll: QScrollArea  # type: ignore[assignment]

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 40, 0, 0)
        column.setSpacing(0)
        self.eyebrow = kit.eyebrow()
        column.addWidget(self.eyebrow)
        column.addSpacing(16)
        self.title = kit.text("display_s", wrap=True)
        column.addWidget(self.title)
        column.addSpacing(14)
        self.intro = kit.text("body", tone="muted", wrap=True)
        column.addWidget(self.intro)
        column.addSpacing(48)

        self.carousel = Carousel(visible=3, gap=self.CARD_GAP, peek=kit.gap("page"))
        self.scroll = self.carousel.area
        self.scroll.setObjectName("covers")
        self.strip = self.carousel.strip
        column.addWidget(self.carousel, 1)
        self.foot = foot_row(self.outer)  # portrait: the way back, within reach

        self.cards: dict[str, CoverCard] = {}
        self._pack: ContentPack | None = None
        self._portrait = False

    def pack_changed(self, pack: ContentPack) -> None:
        self._build(pack)  # fifty cover cards take ~70 ms: built before any customer asks

    def enter(self, **params: Any) -> None:
        super().enter(**params)
        if self._pack is not self.ctx.pack:
            self._build(self.ctx.pack)
        for lookbook in self.ctx.pack.lookbooks:
            card = self.cards[lookbook.id]
            card.picture.show_image(self.ctx.images, lookbook.scenes[0].image, "screen")
        self.carousel.go_to(0, animated=False)

    def _build(self, pack: ContentPack) -> None:
        for card in self.cards.values():
            card.deleteLater()
        self.cards = {}
        for lookbook in pack.lookbooks:
            card = CoverCard()
            card.setObjectName(f"lookbook-{lookbook.id}")
            card.clicked.connect(lambda lid=lookbook.id: self._open(lid))
            self.cards[lookbook.id] = card
        self.carousel.set_cards(list(self.cards.values()))
        self._pack = pack
        self._arrange()
        self.retranslate(self.ctx.language)

    def _open(self, lookbook_id: str) -> None:
        self.ctx.go("lookbook", lookbook=lookbook_id, scene=0)

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        self._arrange()
        within_reach(self.back_button, self.foot, self.header, portrait)

    def _arrange(self) -> None:
        """Three covers across in landscape; two down in portrait, where a cover is wide."""
        self.carousel.visible = 2 if self._portrait else 3
        self.carousel.set_vertical(self._portrait)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("lookbooks.eyebrow", language).upper())
        self.title.setText(tr("lookbooks.title", language))
        self.intro.setText(tr("lookbooks.body", language))
        if self._pack is None:
            return
        for lookbook in self._pack.lookbooks:
            card = self.cards[lookbook.id]
            count = len(lookbook.scenes)
            scenes = trn("lookbooks.scenes", language, count, count=count)
            card.eyebrow.setText(scenes.upper())
            card.title.setText(lookbook.title.get(language))
            card.description.setText(lookbook.description.get(language))

    def clear(self) -> None:
        self.carousel.go_to(0, animated=False)
