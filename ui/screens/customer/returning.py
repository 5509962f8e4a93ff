"""I have been here before: a returning customer's hand-off code, typed at the greeting.

Reached from the greeting's quiet "I have been here before"; "Back" returns there. The code
is the one under the QR on the customer's phone page, typed on the on-screen keyboard as
forgivingly as an invitation code (``ui.widgets.code_entry``, in the frame
``ui.screens.customer.code_screen`` shared with the invitation screen).
``Runtime.returning.look_up`` decides, on the recorder (it may count a miss, and it may ask
the store database), never on the GUI thread:

- OK: what the earlier visit kept (its selection, its needs answers) is replayed into this
  visit through the journey (``kiosk.visit.returning.restore``); once that is committed,
  "Welcome back. Your selection is here." and the way on: the selection, else the needs
  summary, else the questions;
- UNKNOWN, EXPIRED, REVOKED: the phone page's polite answers, the code left to be put right;
- SLOW: "Please wait a moment", with no count of tries; UNAVAILABLE: the store did not
  answer, an advisor will help.

On a kiosk whose ``camera`` setting names one, a panel beside the keys (``ui.widgets.
camera_panel``) asks for the phone page's own QR code instead, while typing goes on: a code
the camera sees is looked up by ``kiosk.visit.qr_return`` on the recorder and answered
exactly as a typed one (a QR code that is no page of ours is a miss, "not one of ours").
Without a camera, or with one that fails, the screen is the typed code's alone.

Nothing personal is shown, ever: no name, no date of the earlier visit, no history; only
the pieces and answers the customer kept, on the screens that show them to anyone. Nothing
typed outlives the screen: leaving it, the idle timeout and the kiosk's reset empty it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.clock import utcnow
from kiosk.visit.qr_return import QrReturn
from kiosk.visit.returning import ReturnResult, ReturnStatus, restore
from ui import kit
from ui.screens.customer.code_screen import CodeScreen
from ui.strings import tr
from ui.widgets.camera_panel import CameraPanel

if TYPE_CHECKING:
    from ui.context import ScreenContext

ANSWERS = {
    ReturnStatus.UNKNOWN: "returning.unknown",
    ReturnStatus.EXPIRED: "returning.expired",
    ReturnStatus.REVOKED: "returning.revoked",
    ReturnStatus.SLOW: "returning.slow",
    ReturnStatus.UNAVAILABLE: "returning.unavailable",
    ReturnStatus.FOREIGN: "returning.foreign",
}


class ReturningScreen(CodeScreen):
    NAME = "returning"
    PREFIX = "returning"
    way_on = "needs"  # where the welcome's button leads once the visit is restored

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        # the camera's panel under the words, before the column's closing stretch (hidden, it
        # takes no room: the screen without a camera is the typed code's alone)
        self.camera = CameraPanel(self.PREFIX)
        self.camera.code_seen.connect(self.seen)
        words = self.entry.words_column
        words.insertWidget(words.count() - 1, self.camera)

    def build_welcome(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        center = Qt.AlignmentFlag.AlignHCenter
        self.welcome_title = kit.text("display", wrap=True, align=center, name="returning-welcome")
        column.addWidget(self.welcome_title)
        column.addSpacing(kit.gap("lg"))
        self.welcome_body = kit.text("lead", tone="muted", wrap=True, align=center)
        column.addWidget(self.welcome_body)
        column.addSpacing(kit.gap("xl"))
        self.on_button = kit.button("primary", name="returning-on")
        self.on_button.setMinimumHeight(84)
        self.on_button.setMinimumWidth(280)
        self.on_button.clicked.connect(lambda: self.ctx.go(self.way_on))
        column.addWidget(self.on_button, 0, center)
        column.addStretch(2)
        return page

    def enter(self, **params: Any) -> None:
        self.way_on = "needs"
        super().enter(**params)
        source = self.ctx.config.camera
        if source:
            self.camera.start(source, self.ctx.language)
        else:
            self.camera.stop()
            self.camera.hide()

    def leave(self) -> None:
        self.camera.stop()
        super().leave()

    def clear(self) -> None:
        self.way_on = "needs"
        self.camera.stop()
        super().clear()

    def show_welcome(self) -> None:
        self.camera.stop()  # the visit is restored: nothing more to look for
        self.camera.hide()
        super().show_welcome()

    # -- the code ----------------------------------------------------------------------------
    def submit(self, typed: str) -> None:
        if self.ctx.journey.state is None:
            return
        returning = self.ops.runtime.returning
        self._look_up(lambda: returning.look_up(typed, utcnow()))

    def seen(self, text: str) -> None:
        """A QR code came into view of the camera: looked up as a typed code is, unless a
        code is being looked up already or the visit is restored."""
        if (
            self.busy
            or self.ctx.journey.state is None
            or self.pages.currentWidget() is not self.entry
        ):
            return
        self.camera.set_reading(True)
        qr = QrReturn(self.ops.runtime.returning, self.ctx.config.followup_base_url)
        self._look_up(lambda: qr.look_up(text, utcnow()))

    def _look_up(self, op: Callable[[], ReturnResult]) -> None:
        """A typed or a seen code, on the recorder (it may count a miss, and ask the store)."""
        self.entry.set_busy(True)
        self.ops.write(
            "returning code",
            op,
            self._answered,
            self.failed,
            lane="returning",
            wake=False,  # a miss stays on this kiosk: nothing for the store
        )

    def failed(self, said: str) -> None:
        self.camera.set_reading(False)
        super().failed(said)

    def _answered(self, result: ReturnResult) -> None:
        self.camera.set_reading(False)
        journey = self.ctx.journey
        if result.status is not ReturnStatus.OK or result.kept is None or not journey.active:
            self.entry.set_busy(False)
            self.entry.say(ANSWERS.get(result.status, "returning.failed"))
            return
        pack = self.ctx.pack
        questions = {question.id for question in pack.questions}
        written = restore(
            journey,
            result.kept,
            known_sku=lambda sku: pack.product(sku) is not None,
            known_question=questions.__contains__,
        )
        self.ops.durable(written, self._restored, self.failed, lane="restore")

    def _restored(self, _result: object) -> None:
        """Everything kept is in this visit: welcome back, and the way to it."""
        state = self.ctx.journey.state
        if state is not None and state.selection:
            self.way_on = "selection"
        elif state is not None and state.needs:
            self.way_on = "needs_summary"
        else:
            self.way_on = "needs"
        self.show_welcome()  # the visit is restored: the way on is what was kept
        self.retranslate(self.ctx.language)
        self.on_button.setFocus()

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.camera.retranslate(language)
        self.welcome_title.setText(tr("returning.welcome_title", language))
        self.welcome_body.setText(tr(f"returning.welcome_{self.way_on}", language))
        self.on_button.setText(tr(f"returning.on_{self.way_on}", language))
