"""I have an invitation: a friend's private-viewing code, typed at the greeting.

Reached from the greeting's quiet "I have an invitation"; "Back" returns there. The customer
types the code from their invitation on the on-screen keyboard (``ui.widgets.code_entry``,
shared with "I have been here before"), as forgivingly as the hand-off code is read
(``kiosk.handoff.links.normalize_code``: case, spaces and dashes do not matter, O reads as 0,
I and L as 1); a code that cannot be one (wrong length, a letter no
code has) is answered at once, without asking the store. Otherwise
``Runtime.referrals.redeem_code`` decides, on the recorder (it writes: the miss it counts, or
the redemption and the visit's ``referred`` event), never on the GUI thread:

- OK: a warm welcome ("You are our guest for a private viewing"), then the journey (needs);
- UNKNOWN, EXPIRED, USED: a polite answer, the code left in the field to be put right;
- SLOW (too many wrong codes in a minute): "Please wait a moment", with no count of tries.

Nothing about the friend who invited, or about the invitation, is shown. Nothing typed
outlives the screen: leaving it, the idle timeout and the kiosk's reset empty the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from kiosk.aftersale.referrals import RedeemResult
from kiosk.clock import utcnow
from kiosk.visit.stages import Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.code_entry import CodeEntry
from ui.widgets.picture import Picture
from ui.widgets.scenes import welcome_image

if TYPE_CHECKING:
    from ui.context import ScreenContext

ANSWERS = {
    RedeemResult.UNKNOWN: "invitation.unknown",
    RedeemResult.EXPIRED: "invitation.expired",
    RedeemResult.USED: "invitation.used",
    RedeemResult.SLOW: "invitation.slow",
}


class InvitationScreen(CustomerScreen):
    NAME = "invitation"
    STAGE = Stage.GREETING  # still the welcome: a way into the visit, not a stage of its own
    SHOW_SELECTION = False
    SHOW_LOOKBOOKS = False

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, kit.gap("lg"), 0, 0)
        column.setSpacing(kit.gap("xl"))
        # portrait: the greeting's picture above, as tall as the words and keys leave room for
        self.picture = Picture(fill=True)
        self.picture.setObjectName("invitation-picture")
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.hide()
        column.addWidget(self.picture, 1)
        self.pages = QStackedWidget()
        column.addWidget(self.pages, 1)
        self.column = column  # not ``outer``: the frame's own layout keeps that name
        self.form_page = self.entry = CodeEntry("invitation")
        self.entry.submitted.connect(self.submit)
        self.field, self.keyboard = self.entry.field, self.entry.keyboard
        self.message, self.continue_button = self.entry.message, self.entry.continue_button
        self.pages.addWidget(self.form_page)
        self.welcome_page = self._build_welcome()
        self.pages.addWidget(self.welcome_page)

    @property
    def busy(self) -> bool:
        return self.entry.busy

    def _build_welcome(self) -> QWidget:
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

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        self.picture.show_image(self.ctx.images, welcome_image(self.ctx.pack), "screen")
        self.pages.setCurrentWidget(self.form_page)
        self.entry.start(self.ctx.language)
        self.retranslate(self.ctx.language)

    def leave(self) -> None:
        self.field.clear()  # "Back" to the greeting: what was typed is not kept

    def clear(self) -> None:
        self.ops.reset()
        self.entry.forget()
        self.pages.setCurrentWidget(self.form_page)

    def set_portrait(self, portrait: bool) -> None:
        """Landscape: the keyboard beside the words (``CodeEntry.set_portrait``). Portrait:
        as on the greeting, the picture above and the words close together at the foot,
        the keys under them where a hand reaches (the welcome, too, under the picture)."""
        self.entry.set_portrait(portrait)
        self.picture.setVisible(portrait)
        self.column.setStretch(1, 0 if portrait else 1)

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
            self._failed,
            lane="redeem",
        )

    def words(self, error: BaseException) -> str:
        self.entry.said = "invitation.failed"
        return tr(self.entry.said, self.ctx.language)

    def _failed(self, said: str) -> None:
        self.entry.set_busy(False)
        self.entry.show_text(said)

    def _answered(self, result: RedeemResult) -> None:
        self.entry.set_busy(False)
        if result is RedeemResult.OK:
            self.entry.forget()
            self.pages.setCurrentWidget(self.welcome_page)
            self.back_button.hide()  # the invitation is used: the way on is the viewing
            self.begin_button.setFocus()
            return
        self.entry.say(ANSWERS[result])

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.entry.retranslate(language)
        self.welcome_eyebrow.setText(tr("invitation.eyebrow", language).upper())
        self.welcome_title.setText(tr("invitation.welcome_title", language))
        self.welcome_body.setText(tr("invitation.welcome_body", language))
        self.begin_button.setText(tr("invitation.begin", language))
