"""I have an invitation: a friend's private-viewing code, typed at the greeting.

Reached from the greeting's quiet "I have an invitation"; "Back" returns there. The customer
types the code from their invitation on the on-screen keyboard, as forgivingly as the
hand-off code is read (``kiosk.handoff.links.normalize_code``: case, spaces and dashes do not
matter, O reads as 0, I and L as 1); a code that cannot be one (wrong length, a letter no
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
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.aftersale.referrals import RedeemResult
from kiosk.clock import utcnow
from kiosk.handoff.links import normalize_code
from kiosk.visit.stages import Stage
from ui import kit, theme
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.picture import Picture
from ui.widgets.scenes import welcome_image

if TYPE_CHECKING:
    from ui.context import ScreenContext

TYPED_LIMIT = 24  # ten characters, with the spaces and dashes people type between them
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
        self.busy = False
        self.said = ""  # the key of the answer shown, said again after a change of language
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(0, kit.gap("lg"), 0, 0)
        outer.setSpacing(kit.gap("xl"))
        # portrait: the greeting's picture above, as tall as the words and keys leave room for
        self.picture = Picture(fill=True)
        self.picture.setObjectName("invitation-picture")
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.hide()
        outer.addWidget(self.picture, 1)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self.outer = outer
        self.form_page = self._build_form()
        self.pages.addWidget(self.form_page)
        self.welcome_page = self._build_welcome()
        self.pages.addWidget(self.welcome_page)

    def _build_form(self) -> QWidget:
        page = QWidget()
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, page)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(kit.gap("xxl"))
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addStretch(1)
        self.eyebrow = kit.eyebrow(name="invitation-eyebrow")
        words.addWidget(self.eyebrow)
        words.addSpacing(kit.gap("md"))
        self.title = kit.text("display_s", wrap=True, name="invitation-title")
        words.addWidget(self.title)
        words.addSpacing(kit.gap("sm"))
        self.intro = kit.text("body", tone="muted", wrap=True, name="invitation-intro")
        words.addWidget(self.intro)
        words.addSpacing(kit.gap("xl"))
        self.field = QLineEdit()
        self.field.setObjectName("invitation-code")
        self.field.setFont(kit.font("code"))
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setMinimumHeight(theme.MIN_TOUCH + 40)
        self.field.setMaxLength(TYPED_LIMIT)
        self.field.setInputMethodHints(Qt.InputMethodHint.ImhPreferUppercase)
        self.field.textEdited.connect(self._edited)
        self.field.returnPressed.connect(self.submit)
        words.addWidget(self.field)
        words.addSpacing(kit.gap("sm"))
        self.message = kit.text("body_s", tone="accent", wrap=True, name="invitation-message")
        # room for a two-line answer, so nothing moves when one comes
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2)
        words.addWidget(self.message)
        words.addSpacing(kit.gap("lg"))
        actions = QHBoxLayout()
        self.continue_button = kit.button("primary", name="invitation-continue")
        self.continue_button.setMinimumHeight(84)
        self.continue_button.clicked.connect(self.submit)
        actions.addWidget(self.continue_button)
        actions.addStretch(1)
        words.addLayout(actions)
        words.addStretch(1)
        self.words_column = words
        self.row.addLayout(words, 5)
        self.keyboard = OnScreenKeyboard()
        for key in self.keyboard.keys.values():  # keys grow with the room, up to a thumb's
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            key.setMaximumHeight(96)
        self.keyboard.follow(self.field)
        self.keyboard.done.connect(self.submit)
        self.row.addWidget(self.keyboard, 6)
        return page

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
        self._forget()
        self.keyboard.set_language(self.ctx.language)
        self.keyboard.attach(self.field)
        self.field.setFocus()
        self.retranslate(self.ctx.language)

    def leave(self) -> None:
        self.field.clear()  # "Back" to the greeting: what was typed is not kept

    def clear(self) -> None:
        self.ops.reset()
        self._forget()

    def _forget(self) -> None:
        self.field.clear()
        self._say("")
        self._set_busy(False)
        self.pages.setCurrentWidget(self.form_page)

    def set_portrait(self, portrait: bool) -> None:
        """Landscape: the keyboard beside the words, both centred in the height. Portrait:
        as on the greeting, the picture above and the words close together at the foot,
        the keys under them where a hand reaches (the welcome, too, under the picture)."""
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.row.setSpacing(kit.gap("xl" if portrait else "xxl"))
        self.row.setStretch(0, 0 if portrait else 5)
        self.row.setStretch(1, 0 if portrait else 6)
        self.words_column.setStretch(0, 0 if portrait else 1)
        self.words_column.setStretch(self.words_column.count() - 1, 0 if portrait else 1)
        self.picture.setVisible(portrait)
        self.outer.setStretch(1, 0 if portrait else 1)

    # -- the code ----------------------------------------------------------------------------
    def _edited(self, text: str) -> None:
        """Shown as the invitation prints it (capitals), and a corrected code clears the
        answer to the previous one."""
        upper = text.upper()
        if upper != text:
            at = self.field.cursorPosition()
            self.field.setText(upper)
            self.field.setCursorPosition(at)
        if not self.busy:
            self._say("")

    def submit(self) -> None:
        journey = self.ctx.journey
        state = journey.state
        if self.busy or state is None or not journey.active:
            return
        typed = self.field.text()
        if normalize_code(typed) is None:  # no code looks like this: nothing to ask
            self._say("invitation.shape" if typed.strip() else "invitation.empty")
            return
        self._set_busy(True)
        referrals, visit_id = self.ops.runtime.referrals, state.visit_id
        self.ops.write(
            "invitation",
            lambda: referrals.redeem_code(typed, visit_id, utcnow()),
            self._answered,
            self._failed,
            lane="redeem",
        )

    def words(self, error: BaseException) -> str:
        self.said = "invitation.failed"
        return tr(self.said, self.ctx.language)

    def _failed(self, said: str) -> None:
        self._set_busy(False)
        self.message.setText(said)

    def _answered(self, result: RedeemResult) -> None:
        self._set_busy(False)
        if result is RedeemResult.OK:
            self.field.clear()
            self._say("")
            self.pages.setCurrentWidget(self.welcome_page)
            self.back_button.hide()  # the invitation is used: the way on is the viewing
            self.begin_button.setFocus()
            return
        self._say(ANSWERS[result])

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.continue_button.setEnabled(not busy)
        if busy:
            self._say("invitation.checking")

    def _say(self, key: str) -> None:
        self.said = key
        self.message.setText(tr(key, self.ctx.language) if key else "")

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.keyboard.set_language(language)
        self.eyebrow.setText(tr("invitation.eyebrow", language).upper())
        self.title.setText(tr("invitation.title", language))
        self.intro.setText(tr("invitation.intro", language))
        self.field.setPlaceholderText(tr("invitation.placeholder", language))
        self.continue_button.setText(tr("invitation.continue", language))
        self.welcome_eyebrow.setText(tr("invitation.eyebrow", language).upper())
        self.welcome_title.setText(tr("invitation.welcome_title", language))
        self.welcome_body.setText(tr("invitation.welcome_body", language))
        self.begin_button.setText(tr("invitation.begin", language))
        self.message.setText(tr(self.said, language) if self.said else "")
