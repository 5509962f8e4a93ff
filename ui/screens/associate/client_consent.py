"""The consent step, turned towards the customer: the wording in full, in their language.

A new client types their name and a phone number or an email (a member number if they have
one) on the on-screen keyboard; a known client only reads and agrees. The optional "you may
contact me about my selection" is a separate, unticked choice. Only "I agree" writes, through
the recorder: the client, a consent per purpose with the wording version and language shown,
and the visit attached, in one transaction. "Not now" writes nothing. What was typed lives
in the fields only, and the fields are emptied on leaving.

Attribute ``attached``: (client id, name) of the last client attached here, until the reset.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.clients.attach import Attachment, NewClient, check_new_client
from kiosk.clients.consent import CLIENTELING, FOLLOWUP_CONTACT, WORDING_VERSION
from kiosk.clients.profile import ClientError
from ui import kit, theme
from ui.context import ContextScreen
from ui.screens.associate.clients import roomy_keyboard
from ui.screens.associate.frame import CLIENT_ROLES
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard

if TYPE_CHECKING:
    from ui.context import ScreenContext

FIELDS = ("name", "phone", "email", "member")


class ClientConsentScreen(ContextScreen):
    NAME = "client_consent"
    ASSOCIATE = True  # opened by an associate, left when they go; shown to the customer
    ROLES = CLIENT_ROLES
    TOOL = ""
    THANKS_MS = 1800

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.setObjectName("CustomerScreen")  # the customer screens' warm background
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.language = ctx.default_language
        self.customer_id: uuid.UUID | None = None
        self.known_name = ""
        self.record: dict[str, Any] | None = None
        self.error_key = ""
        self.busy = False
        self.attached: tuple[uuid.UUID, str] | None = None

        centre = QHBoxLayout(self)
        centre.setContentsMargins(96, 48, 96, 56)
        self.page = QWidget()
        centre.addStretch(1)
        centre.addWidget(self.page, 1000)
        centre.addStretch(1)
        outer = QVBoxLayout(self.page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(20)
        top = QHBoxLayout()
        self.eyebrow = kit.eyebrow(small=True)
        top.addWidget(self.eyebrow)
        top.addStretch(1)
        self.language_buttons: dict[str, QPushButton] = {}
        for lang in ctx.config.languages:
            button = QPushButton(tr(f"language.{lang}", str(lang)))
            button.setObjectName(f"consent-lang-{lang}")
            kit.mark(button, "lang")
            button.setCheckable(True)
            button.setFont(kit.font("body_s"))
            button.clicked.connect(lambda _=False, code=str(lang): self._switch_language(code))
            top.addWidget(button)
            self.language_buttons[str(lang)] = button
        outer.addLayout(top)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(72)
        outer.addLayout(self.columns, 1)
        self.page_column = outer
        self.portrait = False

        self.reading = QWidget()
        left = QVBoxLayout(self.reading)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(18)
        self.top_space = QWidget()  # a known client's page sits in the middle of the screen
        self.top_space.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        left.addWidget(self.top_space)
        self.title = kit.text("display_s", wrap=True, name="consent-title")
        left.addWidget(self.title)
        self.intro = kit.text("body", tone="muted", wrap=True)
        left.addWidget(self.intro)
        left.addSpacing(8)
        self.wording = kit.text("name", wrap=True, name="consent-wording")
        kit.mark(self.wording, "quote")
        left.addWidget(self.wording)
        left.addSpacing(8)
        # a sentence to read, not a button's word: body text
        self.contact_toggle = kit.button("secondary", role="body_s", name="consent-contact")
        kit.mark(self.contact_toggle, "option")
        self.contact_toggle.setCheckable(True)
        self.contact_toggle.setMinimumHeight(80)
        self.contact_toggle.toggled.connect(lambda _on: self._render_toggle())
        left.addWidget(self.contact_toggle)
        left.addSpacing(12)
        self.gap_index = left.count()
        left.addStretch(1)  # a new client: the buttons at the foot, below the keyboard's level
        self.message = kit.text("body_s", tone="accent", wrap=True, name="consent-message")
        self.footer = QWidget()  # under the wording; at the foot of a portrait screen
        foot = QVBoxLayout(self.footer)
        foot.setContentsMargins(0, 0, 0, 0)
        foot.setSpacing(18)
        foot.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.setSpacing(20)
        self.version = kit.text("fine", tone="muted", name="consent-version")
        buttons.addWidget(self.version, 0, Qt.AlignmentFlag.AlignBottom)
        buttons.addStretch(1)
        self.not_now = kit.button("secondary", name="consent-not-now")
        self.not_now.setMinimumHeight(84)
        self.not_now.clicked.connect(self._not_now)
        buttons.addWidget(self.not_now)
        self.agree = kit.button("primary", name="consent-agree")
        self.agree.setMinimumHeight(84)
        self.agree.setMinimumWidth(260)
        self.agree.clicked.connect(self._agree)
        buttons.addWidget(self.agree)
        foot.addLayout(buttons)
        self.footer_index = left.count()
        left.addWidget(self.footer)
        self.bottom_space = QWidget()
        self.bottom_space.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        left.addWidget(self.bottom_space)
        self.reading_column = left
        self.columns.addWidget(self.reading, 11)

        self.form = QWidget()
        right = QVBoxLayout(self.form)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(14)
        grid = QGridLayout()
        grid.setHorizontalSpacing(20)
        grid.setVerticalSpacing(6)
        self.fields: dict[str, QLineEdit] = {}
        self.field_labels: dict[str, QLabel] = {}
        for i, name in enumerate(FIELDS):
            label = kit.text("caption_s", tone="muted")
            field = QLineEdit()
            field.setObjectName(f"consent-{name}")
            field.setFont(kit.font("body"))
            field.setMinimumHeight(theme.MIN_TOUCH + 12)
            field.setMaxLength(200 if name == "name" else 254)
            field.textChanged.connect(self._typing)
            row, col = (i // 2) * 2, i % 2
            grid.addWidget(label, row, col)
            grid.addWidget(field, row + 1, col)
            if row == 0:
                grid.setRowMinimumHeight(row + 2, 14)
            self.fields[name] = field
            self.field_labels[name] = label
        right.addLayout(grid)
        self.contact_hint = kit.text("caption_s", tone="muted")
        right.addWidget(self.contact_hint)
        right.addSpacing(16)
        self.keyboard = roomy_keyboard(OnScreenKeyboard())
        self.keyboard.follow(self.fields["name"], chinese=True, name=True)  # 王芳 in pinyin
        self.keyboard.follow(*(self.fields[n] for n in FIELDS if n != "name"))
        self.keyboard.done.connect(self._next_field)
        right.addWidget(self.keyboard, 1)
        self.columns.addWidget(self.form, 10)

        self._thanks = QTimer(self)
        self._thanks.setSingleShot(True)
        self._thanks.setInterval(self.THANKS_MS)
        self._thanks.timeout.connect(self._finish)
        ctx.associate.changed.connect(self._associate_changed)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        customer_id = params.get("customer_id")
        self.customer_id = customer_id if isinstance(customer_id, uuid.UUID) else None
        self.known_name = str(params.get("client_name") or "") if self.customer_id else ""
        record = params.get("record")
        self.record = record if isinstance(record, dict) else None
        self._empty_form()
        self._arrange()
        self.retranslate(self.ctx.language)
        if self.customer_id is None:
            self._focus("name")

    def leave(self) -> None:
        self._thanks.stop()
        self._empty_form()
        self.known_name, self.record = "", None

    def clear(self) -> None:
        self.leave()
        self.customer_id = None
        self.attached = None
        self.title.clear()

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._arrange()

    def _arrange(self) -> None:
        """Landscape: the buttons under the wording, level with the keyboard's foot.
        Portrait, for a new client: the wording, the fields and keyboard, then the buttons.
        A known client's page sits in the middle of the screen, buttons under the wording."""
        known = self.customer_id is not None
        at_foot = self.portrait and not known
        left = self.reading_column
        self.footer.setParent(None)
        if at_foot:
            self.page_column.addWidget(self.footer)
        else:
            left.insertWidget(self.footer_index, self.footer)
        self.footer.show()
        self.form.setVisible(not known)
        self.top_space.setVisible(known)
        self.bottom_space.setVisible(known)
        self.page.setMaximumWidth(1240 if known else 16777215)
        left.setStretch(0, 1 if known else 0)
        left.setStretch(self.gap_index, 0 if known or self.portrait else 1)
        left.setStretch(left.count() - 1, 1 if known else 0)
        self.columns.setStretch(0, 0 if at_foot else 11)
        self.columns.setStretch(1, 1 if at_foot else 10)

    def _associate_changed(self) -> None:
        if self.ctx.associate.associate is None:
            self.leave()

    def _empty_form(self) -> None:
        for field in self.fields.values():
            field.clear()
        self.contact_toggle.setChecked(False)
        self.error_key, self.busy = "", False
        self.keyboard.attach(None)
        self._set_busy(False)

    # -- typing ------------------------------------------------------------------------------
    def _typing(self) -> None:
        if self.error_key:  # the customer is putting it right: the old message goes
            self.error_key = ""
            self.message.clear()

    def _focus(self, name: str) -> None:
        field = self.fields[name]
        field.setFocus()
        self.keyboard.attach(field)

    def _next_field(self) -> None:
        current = self.keyboard.target
        names = [n for n, f in self.fields.items() if f is current]
        if not names:
            return
        index = FIELDS.index(names[0])
        if index + 1 < len(FIELDS):
            self._focus(FIELDS[index + 1])

    def _switch_language(self, language: str) -> None:
        if self.ctx.journey.active:
            self.ctx.set_language(language)  # the customer's choice, for the whole visit
        else:
            self.retranslate(language)

    # -- agreeing ----------------------------------------------------------------------------
    def _typed(self) -> NewClient:
        f = self.fields
        return NewClient(f["name"].text(), f["phone"].text(), f["email"].text(), f["member"].text())

    def _agree(self) -> None:
        if self.busy or not self.ctx.journey.active:
            return
        purposes = (
            (CLIENTELING, FOLLOWUP_CONTACT) if self.contact_toggle.isChecked() else (CLIENTELING,)
        )
        language = self.language
        if self.customer_id is not None:
            attachment = Attachment(
                purposes,
                language,
                WORDING_VERSION,
                customer_id=self.customer_id,
                record=self.record,
            )
            name = self.known_name
        else:
            typed = self._typed()
            try:
                clean = check_new_client(typed)  # at once, before anything is written
            except ClientError as refused:
                self.message.setText(self.words(refused))
                return
            attachment = Attachment(purposes, language, WORDING_VERSION, new=typed)
            name = clean.name
        self.error_key = ""
        self._set_busy(True)
        future = self.ctx.journey.attach_client(attachment)
        self.ops.durable(
            future, lambda customer_id: self._written(name, customer_id), self._not_written
        )

    def words(self, error: BaseException) -> str:
        """Why the details were refused (the check's own reason: no name, no way to reach
        them...), or that they could not be saved, in the customer's language. The key is
        kept, so a change of language says it again."""
        code = error.code if isinstance(error, ClientError) else "failed"
        key = f"clients.consent.error.{code}"
        self.error_key = key if _has(key) else "clients.consent.error.failed"
        return tr(self.error_key, self.language)

    def _not_written(self, said: str) -> None:
        self._set_busy(False)
        self.message.setText(said)

    def _written(self, name: str, customer_id: uuid.UUID) -> None:
        self._set_busy(False)
        self.attached = (customer_id, name)
        self._empty_form()
        self.message.setText(tr("clients.consent.thanks", self.language))
        self.agree.setEnabled(False)
        self.not_now.setEnabled(False)
        self._thanks.start()

    def _finish(self) -> None:
        if self.ctx.showing(self):
            self.ctx.back()

    def _not_now(self) -> None:
        self._empty_form()  # nothing was written, and nothing typed is kept
        self.ctx.back()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.agree.setEnabled(not busy)
        self.not_now.setEnabled(not busy)
        if busy:
            self.message.setText(tr("clients.consent.saving", self.language))
        elif not self.error_key:
            self.message.clear()

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        self.language = language
        self.keyboard.set_language(language)
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        self.eyebrow.setText(tr("clients.consent.eyebrow", language).upper())
        if self.customer_id is not None:
            self.title.setText(tr("clients.consent.title_known", language, name=self.known_name))
            self.intro.setText(tr("clients.consent.intro_known", language))
        else:
            self.title.setText(tr("clients.consent.title_new", language))
            self.intro.setText(tr("clients.consent.intro_new", language))
        self.wording.setText(tr("clients.consent.wording", language))
        self.version.setText(tr("clients.consent.version", language, version=WORDING_VERSION))
        self.agree.setText(tr("clients.consent.agree", language))
        self.not_now.setText(tr("clients.consent.not_now", language))
        for name, label in self.field_labels.items():
            label.setText(tr(f"clients.consent.{name}", language))
        self.contact_hint.setText(tr("clients.consent.contact_hint", language))
        if self.error_key:
            self.message.setText(tr(self.error_key, language))
        self._render_toggle()

    def _render_toggle(self) -> None:
        mark = "☑" if self.contact_toggle.isChecked() else "☐"
        text = tr("clients.consent.contact_purpose", self.language)
        optional = tr("clients.consent.optional", self.language)
        self.contact_toggle.setText(f"{mark}   {text}   ({optional})")


def _has(key: str) -> bool:
    from ui.strings import keys

    return key in keys()
