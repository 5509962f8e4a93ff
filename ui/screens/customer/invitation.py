"""I have an invitation: a friend's private-viewing code, typed at the greeting.

Reached from the greeting's quiet "I have an invitation"; "Back" returns there. The customer
types the code from their invitation on the on-screen keyboard (``ui.widgets.code_entry``,
in the frame ``ui.screens.customer.code_screen`` shared with "I have been here before"), as
forgivingly as the hand-off code is read (``kiosk.handoff.links.normalize_code``: case,
spaces and dashes do not matter, O reads as 0, I and L as 1); a code that cannot be one
(wrong length, a letter no code has) is answered at once, without asking the store.
Otherwise ``Runtime.referrals.redeem_code`` decides, on the recorder (it writes: the miss it
counts, or the redemption and the visit's ``referred`` event), never on the GUI thread:

- OK: a warm welcome ("You are our guest for a private viewing"), then the journey (needs);
- UNKNOWN, EXPIRED, USED: a polite answer, the code left in the field to be put right;
- SLOW (too many wrong codes in a minute): "Please wait a moment", with no count of tries.

Nothing about the friend who invited, or about the invitation, is shown. Nothing typed
outlives the screen: leaving it, the idle timeout and the kiosk's reset empty the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.aftersale.referrals import RedeemResult
from kiosk.clock import utcnow
from ui import kit
from ui.screens.customer.code_screen import CodeScreen
from ui.strings import tr

if TYPE_CHECKING:
    from ui.context import ScreenContext

ANSWERS = {
    RedeemResult.UNKNOWN: "invitation.unknown",
    RedeemResult.EXPIRED: "invitation.expired",
    RedeemResult.USED: "invitation.used",
    RedeemResult.SLOW: "invitation.slow",
}


class InvitationScreen(CodeScreen):
    NAME = "invitation"
    PREFIX = "invitation"

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.form_page = self.entry
        self.field, self.keyboard = self.entry.field, self.entry.keyboard
        self.message, self.continue_button = self.entry.message, self.entry.continue_button

    def build_welcome(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        center = Qt.AlignmentFlag.AlignHCenter
        self.welcome_eyebrow = kit.eyebrow(name="invitation-welcome-eyebrow")
        self.welcome_eyebrow.setAlignment(center)
        column.addWidget(self.welcome_eyebrow)
        column.addSpacing(kit.gap("md"))
        self.welcome_title = kit.text("display", wrap=True, align=center, name="invitation-welcome")
        column.addWidget(self.welcome_title)
        column.addSpacing(kit.gap("lg"))
        self.welcome_body = kit.text("lead", tone="muted", wrap=True, align=center)
        column.addWidget(self.welcome_body)
        column.addSpacing(kit.gap("xl"))
        self.begin_button = kit.button("primary", name="invitation-begin")
        self.begin_button.setMinimumHeight(84)
        self.begin_button.setMinimumWidth(280)
        self.begin_button.clicked.connect(lambda: self.ctx.go("needs"))
        column.addWidget(self.begin_button, 0, center)
        column.addStretch(2)
        return page

    # -- the code ----------------------------------------------------------------------------
    def submit(self, typed: str) -> None:
        journey = self.ctx.journey
        state = journey.state
        if state is None or not journey.active:
            return
        self.entry.set_busy(True)
        referrals, visit_id = self.ops.runtime.referrals, state.visit_id
        self.ops.write(
            "invitation",
            lambda: referrals.redeem_code(typed, visit_id, utcnow()),
            self._answered,
            self.failed,
            lane="redeem",
        )

    def _answered(self, result: RedeemResult) -> None:
        self.entry.set_busy(False)
        if result is RedeemResult.OK:
            self.show_welcome()  # the invitation is used: the way on is the viewing
            self.begin_button.setFocus()
            return
        self.entry.say(ANSWERS[result])

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.welcome_eyebrow.setText(tr("invitation.eyebrow", language).upper())
        self.welcome_title.setText(tr("invitation.welcome_title", language))
        self.welcome_body.setText(tr("invitation.welcome_body", language))
        self.begin_button.setText(tr("invitation.begin", language))
