"""Adding a key date to a client's book: what it is (birthday, anniversary, move-in date, or
the client's own label), the day and month, and the year if the client gave it.

Opened from the profile, only once the client agreed to share key dates (the domain refuses
a date without that consent, and the screen then offers to ask them). The day and month are
tapped on grids (no ambiguous typed date); the label and the year are typed on the on-screen
keyboard. "Save" writes through the recorder and the outbox and goes back to the profile;
a refusal (no label for "other", 30 February, a year to come) is said in the associate's
words beside what to put right, and nothing is written.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
)

from kiosk.clients.key_dates import KeyDateError
from kiosk.clock import utcnow
from ui import kit, theme
from ui.screens.associate.client_profile_book import refusal_key
from ui.screens.associate.clients import roomy_keyboard
from ui.screens.associate.frame import CLIENT_ROLES, AssociateFrame, card
from ui.screens.associate.key_dates_calendar import DayMonthGrid, day_month
from ui.screens.associate.my_clients_rows import kind_word
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.layouts import FlowLayout

if TYPE_CHECKING:
    from ui.context import ScreenContext

KEY_DATE_KINDS = ("birthday", "anniversary", "move_in", "other")  # kiosk.db.client_book_rows


class KeyDateScreen(AssociateFrame):
    NAME = "key_date"
    ROLES = CLIENT_ROLES

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.customer_id: uuid.UUID | None = None
        self.client_name = ""
        self.kind = KEY_DATE_KINDS[0]
        self.error_key = ""
        self.busy = False
        self.back_button = self.band_button("key-date-back", ctx.back)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(72, 36, 72, 44)
        self.columns.setSpacing(40)
        what, column, self.title = card()
        self.title.setWordWrap(True)
        self.kind_caption = kit.text("caption_s", tone="muted")
        column.addWidget(self.kind_caption)
        kinds = FlowLayout(spacing=10)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QPushButton] = {}
        for kind in KEY_DATE_KINDS:
            button = kit.button("secondary", role="label", name=f"kind-{kind}")
            button.setCheckable(True)
            button.setMinimumHeight(theme.MIN_TOUCH)
            button.clicked.connect(lambda _=False, k=kind: self._pick_kind(k))
            self.kind_group.addButton(button)
            kinds.addWidget(button)
            self.kind_buttons[kind] = button
        column.addLayout(kinds)
        column.addSpacing(8)
        self.date_caption = kit.text("caption_s", tone="muted")
        column.addWidget(self.date_caption)
        self.grid = DayMonthGrid()
        self.grid.changed.connect(self._render_choice)
        column.addWidget(self.grid)
        column.addStretch(1)
        self.chosen = kit.text("item", wrap=True, name="key-date-chosen")
        column.addWidget(self.chosen)
        self.message = kit.text("body_s", tone="accent", wrap=True, name="key-date-message")
        column.addWidget(self.message)
        foot = QHBoxLayout()
        foot.setSpacing(16)
        self.consent_button = kit.button("secondary", role="button_s", name="key-date-consent")
        self.consent_button.setMinimumHeight(76)
        self.consent_button.clicked.connect(self._ask_consent)
        foot.addWidget(self.consent_button)
        foot.addStretch(1)
        self.save = kit.button("primary", role="button_s", name="key-date-save")
        self.save.setMinimumHeight(76)
        self.save.setMinimumWidth(220)
        self.save.clicked.connect(self._save)
        foot.addWidget(self.save)
        column.addLayout(foot)
        self.columns.addWidget(what, 11)

        typed, column, self.typed_title = card()
        self.label_caption = kit.text("caption_s", tone="muted")
        column.addWidget(self.label_caption)
        self.label = QLineEdit()
        self.label.setObjectName("key-date-label")
        self.label.setFont(kit.font("body"))
        self.label.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.label.setMaxLength(80)
        self.label.textChanged.connect(self._render_choice)
        column.addWidget(self.label)
        self.year_caption = kit.text("caption_s", tone="muted")
        column.addWidget(self.year_caption)
        self.year = QLineEdit()
        self.year.setObjectName("key-date-year")
        self.year.setFont(kit.font("body"))
        self.year.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.year.setMaxLength(4)
        self.year.setValidator(QIntValidator(0, 9999, self.year))
        self.year.textChanged.connect(self._render_choice)
        column.addWidget(self.year)
        self.keyboard = roomy_keyboard(OnScreenKeyboard(), tallest=76)
        self.keyboard.follow(self.label, chinese=True)
        self.keyboard.follow(self.year)
        column.addWidget(self.keyboard, 1)
        self.columns.addWidget(typed, 10)
        ctx.associate.changed.connect(self._associate_changed)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        customer_id = params.get("customer_id")
        if isinstance(customer_id, uuid.UUID):
            self.customer_id = customer_id
            self.client_name = str(params.get("client_name") or "")
        self._empty()
        self.retranslate(self.ctx.language)

    def leave(self) -> None:
        self._empty()  # nothing typed about a client stays behind

    def clear(self) -> None:
        self.ops.reset()
        self._empty()
        self.customer_id, self.client_name = None, ""

    def _empty(self) -> None:
        self.label.clear()
        self.year.clear()
        self.grid.reset()
        self.error_key, self.busy = "", False
        self.kind = KEY_DATE_KINDS[0]
        self.kind_buttons[self.kind].setChecked(True)
        self.keyboard.attach(None)
        self.consent_button.hide()

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # portrait: the date's grid whole at its own height (the way back at the foot takes
        # the room it was squeezed out of), the words and their keys the rest, set closer
        self.columns.setStretch(0, 0 if portrait else 11)
        self.columns.setSpacing(24 if portrait else 40)
        self.columns.setContentsMargins(72, 28 if portrait else 36, 72, 16 if portrait else 44)
        self.way_within_reach(self.back_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("clients.profile.eyebrow", language)

    def _associate_changed(self) -> None:
        if self.ctx.associate.associate is None:
            self.clear()

    # -- choosing ----------------------------------------------------------------------------
    def _pick_kind(self, kind: str) -> None:
        self.kind = kind
        if kind == "other":
            self.label.setFocus()
            self.keyboard.attach(self.label)
        self._render_choice()

    def _year(self) -> int | None:
        text = self.year.text().strip()
        return int(text) if text.isdigit() else None

    def _save(self) -> None:
        me, customer = self.ctx.associate.associate, self.customer_id
        month, day = self.grid.month, self.grid.day
        if self.busy or me is None or customer is None:
            return
        if month is None or day is None:
            self.error_key = "book.error.date"
            self._render_choice()
            return
        book, at = self.ops.runtime.client_book, utcnow()
        kind, year, by = self.kind, self._year(), me.id
        label = self.label.text() if kind == "other" else None
        self.busy, self.error_key = True, ""
        self.save.setEnabled(False)
        self.ops.write(
            "key date",
            lambda: book.add_key_date(customer, kind, month, day, year, label, by, at),
            lambda _id: self._saved(),
            self._refused,
            lane="add",
        )

    def words(self, error: BaseException) -> str:
        self.error_key = refusal_key(error)
        self.consent_button.setVisible(isinstance(error, KeyDateError) and error.field == "consent")
        return tr(self.error_key, self.language)

    def _refused(self, _said: str) -> None:
        self.busy = False
        self._render_choice()

    def _saved(self) -> None:
        self.busy = False
        self._empty()
        if self.ctx.showing(self):
            self.ctx.back()  # the profile reads itself again on entering

    def _ask_consent(self) -> None:
        customer, name = self.customer_id, self.client_name
        self.ctx.back()
        self.ctx.associate.open_tool("key_dates_consent", customer_id=customer, client_name=name)

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.back_button.setText(tr("book.back_to_profile", language))
        self.title.setText(tr("book.key_date.title", language, name=self.client_name))
        self.kind_caption.setText(tr("book.key_date.kind", language))
        for kind, button in self.kind_buttons.items():
            button.setText(tr(f"book.kind.{kind}", language))
        self.date_caption.setText(tr("book.key_date.date", language))
        self.typed_title.setText(tr("book.key_date.typed", language))
        self.label_caption.setText(tr("book.key_date.label", language))
        self.year_caption.setText(tr("book.key_date.year", language))
        self.save.setText(tr("book.key_date.save", language))
        self.consent_button.setText(tr("book.key_dates.ask", language))
        self.keyboard.set_language(language)
        self.grid.set_language(language)
        self._render_choice()

    def _render_choice(self) -> None:
        lang, month, day = self.language, self.grid.month, self.grid.day
        other = self.kind == "other"
        self.label.setEnabled(other)
        self.label.setPlaceholderText(
            tr("book.key_date.label_hint" if other else "book.key_date.label_off", lang)
        )
        if month is not None and day is not None:
            label = self.label.text().strip() if other else None
            date = day_month(month, day, self._year(), lang)
            said = f"{kind_word(self.kind, label, lang)}  ·  {date}"
        else:
            said = tr("book.key_date.pick", lang)
        self.chosen.setText(said)
        self.message.setText(tr(self.error_key, lang) if self.error_key else "")
        self.message.setVisible(bool(self.error_key))
        self.save.setEnabled(not self.busy)
