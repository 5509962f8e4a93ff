"""One service-recovery case: what happened, who answered, and how it was resolved.

On the left, the case as the customer (or the associate who heard them) told it: what it was
about, their words, how they may be reached (only when they consented), its age against the
store's response target, who acknowledged it and when. On the right, the associate's answer:
"Acknowledge" says to every kiosk that someone is on it (recording who and when); "Resolve"
records what was done (an internal note, never shown to the customer), what the customer is
told (shown on their phone page), whether it was settled at the first contact, and whether
it was escalated beyond the store (with a reason). Every read and write goes through the
screen's ``Operations`` to ``Runtime.cases`` (``kiosk.recovery``); a refusal is said in
words and changes nothing. Personal fields are read only here, on request, and are
forgotten when the screen is left.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.clock import utcnow
from kiosk.recovery.cases import MAX_TEXT, CaseDetail, CaseError
from kiosk.station.place import store_zone
from ui import kit, theme
from ui.screens.associate.case_detail import detail_lines
from ui.screens.associate.case_rows import kiosk_text
from ui.screens.associate.clients import scrolled
from ui.screens.associate.frame import CLIENT_ROLES, ToolScreen, card
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext

WORDED = frozenset({"note", "reply", "escalation", "case", "description", "first_contact"})


class CaseScreen(ToolScreen):
    NAME = "case"
    ROLES = CLIENT_ROLES  # the customer's words and contact: not for store IT

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.case_id: uuid.UUID | None = None
        self.case: CaseDetail | None = None
        self.error_key = ""
        self.busy = False

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(72, 36, 72, 40)
        self.columns.setSpacing(32)
        left = QVBoxLayout()
        left.setSpacing(24)
        detail, column, self.detail_title = card()
        self.lines = QVBoxLayout()
        self.lines.setSpacing(12)
        holder = QWidget()
        holder.setLayout(self.lines)
        column.addWidget(scrolled(holder), 1)
        left.addWidget(detail, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.summoned.connect(lambda _field: self.keyboard.show())
        self.keyboard.done.connect(self._fold)
        self.keyboard.hide()
        left.addWidget(self.keyboard)
        self.columns.addLayout(left, 11)

        answer, column, self.answer_title = card()
        self.answer_column = column
        self.resolved_note = kit.text("body_s", tone="muted", wrap=True, name="case-resolved")
        column.addWidget(self.resolved_note)
        self.acknowledge_button = kit.button("primary", role="button_s", name="case-acknowledge")
        self.acknowledge_button.setMinimumHeight(76)
        self.acknowledge_button.clicked.connect(self._acknowledge)
        column.addWidget(self.acknowledge_button)
        self.resolve_part = QWidget()
        part = QVBoxLayout(self.resolve_part)
        part.setContentsMargins(0, 8, 0, 0)
        part.setSpacing(8)
        self.labels: dict[str, QLabel] = {}
        self.note = self._field("case-note", part, "note")
        self.reply = self._field("case-reply", part, "reply")
        self.first_label = kit.text("caption_s", tone="muted", wrap=True)
        part.addWidget(self.first_label)
        row = QHBoxLayout()
        self.first_group = QButtonGroup(self)
        self.first_buttons: dict[bool, QPushButton] = {}
        for value, name in ((True, "yes"), (False, "no")):
            button = kit.button("secondary", role="button_s", name=f"case-first-{name}")
            button.setCheckable(True)
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.toggled.connect(lambda _on: self._typing())
            self.first_group.addButton(button)
            self.first_buttons[value] = button
            row.addWidget(button)
        part.addLayout(row)
        part.addSpacing(8)
        self.escalated = kit.button("secondary", role="body_s", name="case-escalated")
        kit.mark(self.escalated, "option")
        self.escalated.setCheckable(True)
        self.escalated.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.escalated.toggled.connect(lambda _on: self._render_escalation())
        part.addWidget(self.escalated)
        self.reason = self._field("case-reason", part, "reason")
        column.addWidget(self.resolve_part)
        column.addStretch(1)
        self.message = kit.text("body_s", tone="accent", wrap=True, name="case-answer-message")
        column.addWidget(self.message)
        self.resolve_button = kit.button("primary", role="button_s", name="case-resolve")
        self.resolve_button.setMinimumHeight(76)
        self.resolve_button.clicked.connect(self._resolve)
        column.addWidget(self.resolve_button)
        self.columns.addWidget(answer, 10)

    def _field(self, name: str, column: QVBoxLayout, key: str) -> QLineEdit:
        label = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(label)
        self.labels[key] = label
        field = QLineEdit()
        field.setObjectName(name)
        field.setFont(kit.font("body_s"))
        field.setMinimumHeight(theme.MIN_TOUCH + 8)
        field.setMaxLength(MAX_TEXT * 2)  # more than allowed: an overlong text is refused in words
        field.textChanged.connect(self._typing)
        self.keyboard.follow(field, chinese=True)
        column.addWidget(field)
        return field

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        case_id = params.get("case_id")
        self.case_id = case_id if isinstance(case_id, uuid.UUID) else None
        self._forget()
        self.retranslate(self.ctx.language)
        self._load()

    def leave(self) -> None:
        self._forget()

    def clear(self) -> None:
        self._forget()
        self.case_id = None

    def _forget(self) -> None:
        """The customer's words and details are not kept on screen once it is left."""
        self.ops.reset()
        self.case = None
        self.busy = False
        for field in (self.note, self.reply, self.reason):
            field.clear()
        self.first_group.setExclusive(False)
        for button in self.first_buttons.values():
            button.setChecked(False)
        self.first_group.setExclusive(True)
        self.escalated.setChecked(False)
        self.keyboard.attach(None)
        self.keyboard.hide()
        self.error_key = ""
        self.message.clear()
        clear_layout(self.lines)

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.way_within_reach(self.home_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("associate.case.eyebrow", language)

    def _load(self) -> None:
        if self.case_id is None:
            return
        cases, case_id = self.ops.runtime.cases, self.case_id
        self.ops.read(lambda: cases.detail(case_id, utcnow()), self._got, self._say, lane="detail")

    def _got(self, case: CaseDetail) -> None:
        self.case = case
        self._render()

    # -- answering ---------------------------------------------------------------------------
    def _acknowledge(self) -> None:
        me = self.ctx.associate.associate
        if self.busy or me is None or self.case_id is None:
            return
        cases, case_id, who, at = self.ops.runtime.cases, self.case_id, me.id, utcnow()
        self._write(lambda: cases.acknowledge(case_id, who, at), "associate.case.already_answered")

    def _resolve(self) -> None:
        me = self.ctx.associate.associate
        if self.busy or me is None or self.case_id is None:
            return
        chosen = [v for v, b in self.first_buttons.items() if b.isChecked()]
        if not chosen:
            self._say_key("associate.case.error.first_contact")
            return
        cases, case_id, who, at = self.ops.runtime.cases, self.case_id, me.id, utcnow()
        note, reply, reason = self.note.text(), self.reply.text(), self.reason.text()
        first, escalated = chosen[0], self.escalated.isChecked()
        self._write(
            lambda: cases.resolve(
                case_id,
                who,
                at,
                internal_note=note,
                customer_reply=reply,
                first_contact=first,
                escalated=escalated,
                escalation_reason=reason if escalated else "",
            ),
            "associate.case.already_resolved",
        )

    def _write(self, op: Any, refused_key: str) -> None:
        """One answer through the recorder; then the case read afresh either way (a colleague
        may have been first: their name shows)."""
        self.busy = True
        self.error_key = ""
        self.message.clear()

        def done(changed: bool) -> None:
            self.busy = False
            if changed:
                self._fold()
            else:
                self._say_key(refused_key)
            self._load()

        def failed(said: str) -> None:
            self.busy = False
            self.message.setText(said)
            self._load()

        self.ops.write("service case answer", op, done, failed, lane="answer")

    def words(self, error: BaseException) -> str:
        field = error.field if isinstance(error, CaseError) else "failed"
        self.error_key = f"associate.case.error.{field if field in WORDED else 'failed'}"
        return tr(self.error_key, self.language, max=MAX_TEXT)

    def _say(self, said: str) -> None:
        self.message.setText(said)

    def _say_key(self, key: str) -> None:
        self.error_key = key
        self.message.setText(tr(key, self.language, max=MAX_TEXT))

    def _typing(self) -> None:
        if self.error_key:
            self.error_key = ""
            self.message.clear()

    def _fold(self) -> None:
        self.keyboard.attach(None)
        self.keyboard.hide()

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.keyboard.set_language(language)
        self.home_button.setText(tr("associate.case.back", language))
        self.detail_title.setText(tr("associate.case.title", language))
        self.answer_title.setText(tr("associate.case.answer", language))
        self.acknowledge_button.setText(tr("associate.case.acknowledge", language))
        for key, label in self.labels.items():
            label.setText(tr(f"associate.case.field.{key}", language))
        self.first_label.setText(tr("associate.case.field.first_contact", language))
        self.first_buttons[True].setText(tr("associate.case.yes", language))
        self.first_buttons[False].setText(tr("associate.case.no", language))
        self.resolve_button.setText(tr("associate.case.resolve", language))
        if self.error_key:
            self.message.setText(tr(self.error_key, language, max=MAX_TEXT))
        self._render_escalation()
        self._render()

    def _render_escalation(self) -> None:
        mark = "☑" if self.escalated.isChecked() else "☐"
        self.escalated.setText(f"{mark}   {tr('associate.case.field.escalated', self.language)}")
        on = self.escalated.isChecked()
        self.reason.setVisible(on)
        self.labels["reason"].setVisible(on)
        self._typing()

    def _render(self) -> None:
        clear_layout(self.lines)
        case, lang = self.case, self.language
        if case is None:
            parts = (self.acknowledge_button, self.resolve_part, self.resolve_button)
            for part in (*parts, self.resolved_note):
                part.hide()
            return
        labels = {c.id: c.label.get(lang) for c in self.ctx.pack.case_categories}
        now, here, zone = utcnow(), self.ctx.config.kiosk_id, store_zone(self.ctx.config)
        where = kiosk_text(case.kiosk_id, here, lang)
        for line in detail_lines(case, labels, now, lang, where, zone):
            self.lines.addWidget(line)
        self.lines.addStretch(1)
        open_ = case.state != "resolved"
        self.acknowledge_button.setVisible(case.state == "open")
        self.resolve_part.setVisible(open_)
        self.resolve_button.setVisible(open_)
        self.resolved_note.setVisible(not open_)
        self.resolved_note.setText(tr("associate.case.resolved_note", lang))
        self.answer_title.setText(
            tr("associate.case.answer" if open_ else "associate.case.resolved_title", lang)
        )
