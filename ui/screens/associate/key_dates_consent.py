"""Asking a known client whether the store may keep the dates that matter to them: the key
dates consent's wording in full, in their language, on a screen turned towards them.

The associate opens it from the profile when the client has no key dates consent ("Ask the
client"): no date is ever added without it. Only "I agree" writes (the consent with the
wording's version and the language read, through the recorder and the outbox); "Not now"
writes nothing. Once agreed, the form for the first date opens, back in associate mode.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.clients.key_dates import KEY_DATES_WORDING_VERSION
from kiosk.clock import utcnow
from ui import kit
from ui.context import ContextScreen
from ui.screens.associate.frame import CLIENT_ROLES
from ui.strings import tr

if TYPE_CHECKING:
    from ui.context import ScreenContext


class KeyDatesConsentScreen(ContextScreen):
    NAME = "key_dates_consent"
    ASSOCIATE = True  # opened by an associate, left when they go; shown to the customer
    ROLES = CLIENT_ROLES
    TOOL = ""
    THANKS_MS = 1500

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.setObjectName("CustomerScreen")  # the customer screens' warm background
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.language = ctx.default_language
        self.customer_id: uuid.UUID | None = None
        self.client_name = ""
        self.busy = False
        self.failed = False

        centre = QHBoxLayout(self)
        centre.setContentsMargins(96, 48, 96, 56)
        page = QWidget()
        page.setMaximumWidth(1240)
        centre.addStretch(1)
        centre.addWidget(page, 1000)
        centre.addStretch(1)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        top = QHBoxLayout()
        self.eyebrow = kit.eyebrow(small=True)
        top.addWidget(self.eyebrow)
        top.addStretch(1)
        self.language_buttons: dict[str, QPushButton] = {}
        for lang in ctx.config.languages:
            button = QPushButton(tr(f"language.{lang}", str(lang)))
            button.setObjectName(f"key-consent-lang-{lang}")
            kit.mark(button, "lang")
            button.setCheckable(True)
            button.setFont(kit.font("body_s"))
            button.clicked.connect(lambda _=False, code=str(lang): self._switch_language(code))
            top.addWidget(button)
            self.language_buttons[str(lang)] = button
        column.addLayout(top)
        column.addStretch(1)
        self.title = kit.text("display_s", wrap=True, name="key-consent-title")
        column.addWidget(self.title)
        self.intro = kit.text("body", tone="muted", wrap=True)
        column.addWidget(self.intro)
        column.addSpacing(8)
        self.wording = kit.text("name", wrap=True, name="key-consent-wording")
        kit.mark(self.wording, "quote")
        column.addWidget(self.wording)
        column.addSpacing(8)
        self.message = kit.text("body_s", tone="accent", wrap=True, name="key-consent-message")
        column.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.setSpacing(20)
        self.version = kit.text("fine", tone="muted", name="key-consent-version")
        buttons.addWidget(self.version, 0, Qt.AlignmentFlag.AlignBottom)
        buttons.addStretch(1)
        self.not_now = kit.button("secondary", name="key-consent-not-now")
        self.not_now.setMinimumHeight(84)
        self.not_now.clicked.connect(self._not_now)
        buttons.addWidget(self.not_now)
        self.agree = kit.button("primary", name="key-consent-agree")
        self.agree.setMinimumHeight(84)
        self.agree.setMinimumWidth(260)
        self.agree.clicked.connect(self._agree)
        buttons.addWidget(self.agree)
        column.addLayout(buttons)
        column.addStretch(1)

        self._thanks = QTimer(self)
        self._thanks.setSingleShot(True)
        self._thanks.setInterval(self.THANKS_MS)
        self._thanks.timeout.connect(self._to_form)
        ctx.associate.changed.connect(self._associate_changed)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        customer_id = params.get("customer_id")
        if isinstance(customer_id, uuid.UUID):
            self.customer_id = customer_id
            self.client_name = str(params.get("client_name") or "")
        self._set_busy(False)
        self.failed = False
        self.retranslate(self.ctx.language)

    def leave(self) -> None:
        self._thanks.stop()

    def clear(self) -> None:
        self.leave()
        self.ops.reset()
        self.customer_id, self.client_name = None, ""

    def _associate_changed(self) -> None:
        if self.ctx.associate.associate is None:
            self.clear()

    def _switch_language(self, language: str) -> None:
        if self.ctx.journey.active:
            self.ctx.set_language(language)  # the customer's choice, for the whole visit
        else:
            self.retranslate(language)

    # -- agreeing ----------------------------------------------------------------------------
    def _agree(self) -> None:
        customer = self.customer_id
        if self.busy or customer is None:
            return
        state = self.ctx.journey.state
        visit = state.visit_id if state is not None else None
        book, language, at = self.ops.runtime.client_book, self.language, utcnow()
        self.failed = False
        self._set_busy(True)
        self.ops.write(
            "key dates consent",
            lambda: book.give_key_dates_consent(customer, visit, language, at),
            lambda _id: self._written(),
            self._not_written,
            lane="consent",
        )

    def words(self, error: BaseException) -> str:
        self.failed = True
        return tr("clients.consent.error.failed", self.language)

    def _not_written(self, said: str) -> None:
        self._set_busy(False)
        self.message.setText(said)

    def _written(self) -> None:
        self.busy = True  # nothing more to tap: thanks, then the form
        self.message.setText(tr("clients.consent.thanks", self.language))
        self._thanks.start()

    def _to_form(self) -> None:
        if not self.ctx.showing(self):
            return
        customer, name = self.customer_id, self.client_name
        self.ctx.back()  # to the profile, which reads itself again
        self.ctx.associate.open_tool("key_date", customer_id=customer, client_name=name)

    def _not_now(self) -> None:
        self.ctx.back()  # nothing was written

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.agree.setEnabled(not busy)
        self.not_now.setEnabled(not busy)
        if busy:
            self.message.setText(tr("clients.consent.saving", self.language))
        elif not self.failed:
            self.message.clear()

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        self.language = language
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        self.eyebrow.setText(tr("clients.consent.eyebrow", language).upper())
        self.title.setText(tr("clients.key_dates.ask", language))  # the wording's own question
        self.intro.setText(tr("book.consent.intro", language, name=self.client_name))
        self.wording.setText(tr("clients.key_dates.wording", language))
        self.version.setText(
            tr("clients.consent.version", language, version=KEY_DATES_WORDING_VERSION)
        )
        self.agree.setText(tr("clients.consent.agree", language))
        self.not_now.setText(tr("clients.consent.not_now", language))
        if self.failed:
            self.message.setText(tr("clients.consent.error.failed", language))
