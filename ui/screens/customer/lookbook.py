"""One lookbook: its scenes, browsed by swipe, arrows or dots; products marked in each scene.

Tapping a product opens its story. Back from the story returns to the scene the customer was
on: the shell restores the parameters this screen was entered with, so the screen remembers,
for that one return, which scene was showing when the customer left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.visit.stages import Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.hotspot_scene import SceneView, Spot
from ui.widgets.layouts import foot_row, within_reach
from ui.widgets.page_dots import PageDots
from ui.widgets.product_list import ProductListModel, ProductListView

if TYPE_CHECKING:
    from kiosk.content.model import Lookbook, Scene
    from ui.context import ScreenContext


class LookbookScreen(CustomerScreen):
    NAME = "lookbook"
    STAGE = Stage.LOOKBOOK
    SIDE_WIDTH = 500

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.lookbook: Lookbook | None = None
        self.index = 0
        self._entered: tuple[str, int] | None = None
        self._resume: tuple[str, int, int] | None = None

        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.box.setContentsMargins(0, 32, 0, 0)
        self.box.setSpacing(64)
        self.stage = QWidget()
        stage = QVBoxLayout(self.stage)
        stage.setContentsMargins(0, 0, 0, 0)
        stage.setSpacing(0)
        self.scene_view = SceneView()
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.scene_view.setSizePolicy(policy)
        self.scene_view.swiped.connect(lambda step: self.show_scene(self.index + step))
        self.scene_view.tapped.connect(lambda sku: self._open(sku, hotspot=True))
        stage.addWidget(self.scene_view)
        stage.addSpacing(20)
        under = QHBoxLayout()
        under.setSpacing(32)
        self.hint = kit.text("caption", tone="muted", wrap=True)
        under.addWidget(self.hint, 1)
        self.all_button = kit.button("quiet", name="all-lookbooks")
        self.all_button.clicked.connect(lambda: ctx.go("lookbooks"))
        under.addWidget(self.all_button, 0, Qt.AlignmentFlag.AlignTop)
        stage.addLayout(under)
        stage.addStretch(1)
        self.box.addWidget(self.stage, 1)

        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        self.eyebrow = kit.eyebrow()
        self.eyebrow.setWordWrap(True)
        side.addWidget(self.eyebrow)
        side.addSpacing(18)
        self.caption = kit.text("title", wrap=True, name="caption")
        side.addWidget(self.caption)
        side.addSpacing(24)

        nav = QHBoxLayout()
        nav.setSpacing(12)
        self.previous = kit.button("secondary", "←", role="lead", name="previous-scene")
        self.next = kit.button("secondary", "→", role="lead", name="next-scene")
        for button in (self.previous, self.next):
            kit.mark(button, "step")
            button.setFixedSize(72, 72)
        self.previous.clicked.connect(lambda: self.show_scene(self.index - 1))
        self.next.clicked.connect(lambda: self.show_scene(self.index + 1))
        self.dots = PageDots()
        self.dots.chosen.connect(self.show_scene)
        self.position = kit.text("label", tone="muted")
        nav.addWidget(self.previous)
        nav.addWidget(self.dots)
        nav.addWidget(self.next)
        nav.addSpacing(12)
        nav.addWidget(self.position)
        nav.addStretch(1)
        side.addLayout(nav)
        side.addSpacing(44)

        self.in_scene = kit.eyebrow(small=True)
        side.addWidget(self.in_scene)
        side.addSpacing(6)
        self.products = ProductListModel(lambda sku: ctx.pack.product(sku), ctx.t, ctx.images, self)
        self.product_list = ProductListView(compact=True)
        self.product_list.setObjectName("scene-products")
        self.product_list.setModel(self.products)
        self.product_list.chosen.connect(lambda sku: self._open(sku, hotspot=False))
        side.addWidget(self.product_list, 1)
        self.box.addWidget(self.side)
        self.foot = foot_row(self.outer)  # portrait: the way back, within reach
        self.set_portrait(False)

    # -- entering and browsing ----------------------------------------------------------------
    def enter(self, lookbook: str = "", scene: int = 0, **params: Any) -> None:
        super().enter(**params)
        found = next((lb for lb in self.ctx.pack.lookbooks if lb.id == lookbook), None)
        if found is None:  # a pack changed between visits; never an error for the customer
            found = self.ctx.pack.lookbooks[0] if self.ctx.pack.lookbooks else None
            scene = 0
        if found is None:
            return
        self._entered = (found.id, scene)  # what the shell will hand back after a story
        if self._resume is not None and self._resume[:2] == self._entered:
            scene = self._resume[2]  # back from a product: the scene the customer left
        self._resume = None
        self.lookbook = found
        self.all_button.setVisible(self.ctx.has_screen("lookbooks"))
        self.index = -1
        self.show_scene(scene)

    def show_scene(self, index: int) -> None:
        lookbook = self.lookbook
        if lookbook is None:
            return
        index = max(0, min(index, len(lookbook.scenes) - 1))
        if index == self.index:
            return
        self.index = index
        scene = lookbook.scenes[index]
        self.scene_view.show_image(self.ctx.images, scene.image, "screen")
        self.scene_view.set_spots(self._spots(scene))
        self.products.set_skus([h.sku for h in scene.hotspots])
        self._prefetch(lookbook, index)
        self._update_texts(self.ctx.language)
        self.ctx.journey.record("look_viewed", lookbook=lookbook.id, scene=scene.id)

    @property
    def scene(self) -> Scene | None:
        return self.lookbook.scenes[self.index] if self.lookbook and self.index >= 0 else None

    def _spots(self, scene: Scene) -> list[Spot]:
        return [Spot(h.sku, h.x, h.y, self._label(h.sku, h.label)) for h in scene.hotspots]

    def _label(self, sku: str, label: Any) -> str:
        if label is not None:
            return str(self.ctx.t(label))
        product = self.ctx.pack.product(sku)
        return self.ctx.t(product.name) if product else ""

    def _prefetch(self, lookbook: Lookbook, index: int) -> None:
        """The neighbouring scenes into the image cache, so a swipe shows them at once."""
        loader = self.ctx.images
        for i in (index + 1, index - 1):
            if 0 <= i < len(lookbook.scenes):
                loader.request(lookbook.scenes[i].image, "screen", lambda _pixmap: None, self)

    def _open(self, sku: str, hotspot: bool) -> None:
        lookbook, scene = self.lookbook, self.scene
        if lookbook is None or scene is None:
            return
        journey = self.ctx.journey
        if hotspot:
            journey.record("hotspot_tapped", lookbook=lookbook.id, scene=scene.id, sku=sku)
        if self.ctx.has_screen("story") and self._entered is not None:
            self._resume = (*self._entered, self.index)
            self.ctx.go("story", sku=sku, source="lookbook")  # the story records the view
        else:
            journey.record("product_viewed", sku=sku, source="lookbook")

    # -- language, orientation, reset -------------------------------------------------------
    def _update_texts(self, language: str) -> None:
        lookbook, scene = self.lookbook, self.scene
        if lookbook is None or scene is None:
            return
        self.eyebrow.setText(lookbook.title.get(language).upper())
        self.caption.setText(scene.caption.get(language))
        count = len(lookbook.scenes)
        self.position.setText(tr("lookbook.position", language, index=self.index + 1, count=count))
        self.position.setVisible(count > 1)
        names = [tr("lookbook.scene_n", language, index=i + 1) for i in range(count)]
        self.dots.set_pages(count, self.index, names)
        self.previous.setEnabled(self.index > 0)
        self.next.setEnabled(self.index < count - 1)
        self.previous.setVisible(count > 1)
        self.next.setVisible(count > 1)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.in_scene.setText(tr("lookbook.in_scene", language).upper())
        self.hint.setText(tr("lookbook.hint", language))
        self.all_button.setText(tr("lookbook.all", language))
        self.previous.setAccessibleName(tr("lookbook.previous", language))
        self.next.setAccessibleName(tr("lookbook.next", language))
        self._update_texts(language)
        scene = self.scene
        if scene is not None:
            labels = {s.sku: s.label for s in self._spots(scene)}
            self.scene_view.retranslate_spots(labels)
        self.products.refresh()

    def set_portrait(self, portrait: bool) -> None:
        """Landscape: the scene with a column beside it. Portrait: the scene across the
        screen, and below it the caption and the pieces, with their summaries."""
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.box.setSpacing(40 if portrait else 64)
        self.box.setStretchFactor(self.stage, 0 if portrait else 1)
        self.box.setStretchFactor(self.side, 1 if portrait else 0)
        if portrait:
            self.side.setMinimumWidth(0)
            self.side.setMaximumWidth(16777215)
        else:
            self.side.setFixedWidth(self.SIDE_WIDTH)
        self.product_list.set_compact(not portrait)
        within_reach(self.back_button, self.foot, self.header, portrait)

    def leave(self) -> None:
        self.scene_view.label.hide()

    def clear(self) -> None:
        self.lookbook, self.index = None, 0
        self._entered = self._resume = None
        self.scene_view.clear()
        self.products.clear()
        for label in (self.eyebrow, self.caption, self.position):
            label.clear()
