"""The frame of a greeting aside that takes a code: the invitation's and the returning customer's.

Both are reached from a quiet button of the greeting and keep its stage (a way into the
visit, not a stage of its own); "Back" returns there. Both show the code entry
(``ui.widgets.code_entry``) with the greeting's picture above it in portrait, then a welcome
page of their own once the code has done its work. Nothing typed outlives the screen:
leaving it, the idle timeout and the kiosk's reset empty the field.

A screen gives its strings' ``PREFIX``, builds its welcome page (``build_welcome``) and
decides what a code means (``submit``, off the GUI thread through ``self.ops``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.visit.stages import Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.code_entry import CodeEntry
from ui.widgets.layouts import foot_row, within_reach
from ui.widgets.picture import Picture
from ui.widgets.scenes import welcome_image

if TYPE_CHECKING:
    from ui.context import ScreenContext


class CodeScreen(CustomerScreen):
    PREFIX: ClassVar[str] = ""
    STAGE = Stage.GREETING
    SHOW_SELECTION = False
    SHOW_LOOKBOOKS = False

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, kit.gap("lg"), 0, 0)
        column.setSpacing(kit.gap("xl"))
        # portrait: the greeting's picture above, as tall as the words and keys leave room for
        self.picture = Picture(fill=True)
        self.picture.setObjectName(f"{self.PREFIX}-picture")
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.hide()
        column.addWidget(self.picture, 1)
        self.pages = QStackedWidget()
        column.addWidget(self.pages, 1)
        self.column = column  # not ``outer``: the frame's own layout keeps that name
        self.entry = CodeEntry(self.PREFIX)
        self.entry.submitted.connect(self.submit)
        self.pages.addWidget(self.entry)
        self.welcome_page = self.build_welcome()
        self.pages.addWidget(self.welcome_page)
        self.foot = foot_row(self.outer)  # portrait: the way back, within reach

    def build_welcome(self) -> QWidget:
        raise NotImplementedError

    def submit(self, typed: str) -> None:
        """A text that can be a code (``CodeEntry.submitted``): look it up."""
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        return self.entry.busy

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        self.picture.show_image(self.ctx.images, welcome_image(self.ctx.pack), "screen")
        self.pages.setCurrentWidget(self.entry)
        self.entry.start(self.ctx.language)
        self.retranslate(self.ctx.language)

    def leave(self) -> None:
        self.entry.field.clear()  # "Back" to the greeting: what was typed is not kept

    def clear(self) -> None:
        self.ops.reset()
        self.entry.forget()
        self.pages.setCurrentWidget(self.entry)

    def set_portrait(self, portrait: bool) -> None:
        """Landscape: the keyboard beside the words (``CodeEntry.set_portrait``). Portrait:
        as on the greeting, the picture above and the words close together at the foot,
        the keys under them where a hand reaches (the welcome, too, under the picture)."""
        self.entry.set_portrait(portrait)
        self.picture.setVisible(portrait)
        self.column.setStretch(1, 0 if portrait else 1)
        within_reach(self.back_button, self.foot, self.header, portrait)

    # -- answers -----------------------------------------------------------------------------
    def words(self, error: BaseException) -> str:
        self.entry.said = f"{self.PREFIX}.failed"
        return tr(self.entry.said, self.ctx.language)

    def failed(self, said: str) -> None:
        self.entry.set_busy(False)
        self.entry.show_text(said)

    def show_welcome(self) -> None:
        """The code did its work: the welcome page, and no way back to the code."""
        self.entry.forget()
        self.pages.setCurrentWidget(self.welcome_page)
        self.back_button.hide()

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.entry.retranslate(language)
