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

Nothing personal is shown, ever: no name, no date of the earlier visit, no history; only
the pieces and answers the customer kept, on the screens that show them to anyone. Nothing
typed outlives the screen: leaving it, the idle timeout and the kiosk's reset empty it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.clock import utcnow
from kiosk.visit.returning import ReturnResult, ReturnStatus, restore
from ui import kit
from ui.screens.customer.code_screen import CodeScreen
from ui.strings import tr

ANSWERS = {
    ReturnStatus.UNKNOWN: "returning.unknown",
    ReturnStatus.EXPIRED: "returning.expired",
    ReturnStatus.REVOKED: "returning.revoked",
    ReturnStatus.SLOW: "returning.slow",
    ReturnStatus.UNAVAILABLE: "returning.unavailable",
}


class ReturningScreen(CodeScreen):
    NAME = "returning"
    PREFIX = "returning"
    way_on = "needs"  # where the welcome's button leads once the visit is restored

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

    def clear(self) -> None:
        self.way_on = "needs"
        super().clear()

    # -- the code ----------------------------------------------------------------------------
    def submit(self, typed: str) -> None:
        state = self.ctx.journey.state
        if state is None:
            return
        self.entry.set_busy(True)
        returning = self.ops.runtime.returning
        self.ops.write(
            "returning code",
            lambda: returning.look_up(typed, utcnow()),
            self._answered,
            self.failed,
            lane="returning",
            wake=False,  # a miss stays on this kiosk: nothing for the store
        )

    def _answered(self, result: ReturnResult) -> None:
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
        self.welcome_title.setText(tr("returning.welcome_title", language))
        self.welcome_body.setText(tr(f"returning.welcome_{self.way_on}", language))
        self.on_button.setText(tr(f"returning.on_{self.way_on}", language))
