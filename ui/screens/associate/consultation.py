"""The consultation: what the customer already told the kiosk, so the associate never asks
again; notes for colleagues; and how the visit turned out.

Needs come from the journey with the pack's own wording for questions and answers; the
selection by product name. A note is typed on the on-screen keyboard and saved as the
visit's note (erasable personal data, never logged). The outcome (purchased, reserved,
considering, not today) is recorded with the pieces it concerns. Notes are read, and the
journey's writes awaited, through the screen's ``Operations``: an answer for a visit the
screen has left is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.typesetting import join_list
from kiosk.visit.journey import Journey
from kiosk.visit.stages import Change
from ui import kit, theme
from ui.screens.associate.frame import CLIENT_ROLES, AssociateFrame, card
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext


class ConsultationScreen(AssociateFrame):
    NAME = "consultation"
    ROLES = CLIENT_ROLES  # the customer's needs and notes: not for store IT

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.notes: list[str] = []
        self.outcome_skus: set[str] = set()
        self.client_button = self.band_button("consult-client", self._open_client)
        self.case_button = self.band_button(  # a complaint heard in person: a case
            "consult-case", lambda: ctx.associate.open_tool("case_open")
        )
        self.back_button = self.band_button("consult-back", ctx.back)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(72, 36, 72, 40)
        self.columns.setSpacing(32)

        needs, column, self.needs_title = card()
        self.needs_list = QVBoxLayout()
        self.needs_list.setSpacing(14)
        column.addLayout(self.needs_list)
        column.addStretch(1)
        self.columns.addWidget(needs, 1)

        middle = QVBoxLayout()
        middle.setSpacing(28)
        selection, column, self.selection_title = card()
        self.selection_hint = kit.text("caption_s", tone="muted")
        column.addWidget(self.selection_hint)
        self.selection_list = QVBoxLayout()
        self.selection_list.setSpacing(10)
        column.addLayout(self.selection_list)
        column.addStretch(1)
        middle.addWidget(selection, 1)
        outcome, column, self.outcome_title = card()
        grid = QGridLayout()
        grid.setSpacing(12)
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for i, name in enumerate(Journey.OUTCOMES):
            button = kit.button("secondary", role="button_s", name=f"outcome-{name}")
            button.setCheckable(True)
            button.setMinimumHeight(72)
            self.outcome_group.addButton(button)
            button.toggled.connect(lambda _on: self._render_record())
            grid.addWidget(button, i // 2, i % 2)
            self.outcome_buttons[name] = button
        column.addLayout(grid)
        record_row = QHBoxLayout()
        self.record_button = kit.button("primary", role="button_s", name="record-outcome")
        self.record_button.setMinimumHeight(72)
        self.record_button.clicked.connect(self._record)
        record_row.addWidget(self.record_button)
        self.recorded = kit.text("aside", tone="accent", name="recorded")
        record_row.addWidget(self.recorded, 1)
        column.addLayout(record_row)
        middle.addWidget(outcome)
        self.columns.addLayout(middle, 1)

        notes, column, self.notes_title = card()
        self.notes_list = QVBoxLayout()
        self.notes_list.setSpacing(10)
        column.addLayout(self.notes_list)
        column.addStretch(1)
        self.note_field = QLineEdit()
        self.note_field.setObjectName("note-field")
        self.note_field.setFont(kit.font("body_s"))
        self.note_field.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.note_field.setMaxLength(2000)
        column.addWidget(self.note_field)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.follow(self.note_field, chinese=True)  # notes in either language
        self.keyboard.attach(self.note_field)
        self.keyboard.summoned.connect(lambda _field: self._open_keyboard())
        self.keyboard.done.connect(self._save_note)
        self.keyboard.hide()
        column.addWidget(self.keyboard)
        self.note_button = kit.button("secondary", role="button_s", name="add-note")
        self.note_button.clicked.connect(self._note_tapped)
        column.addWidget(self.note_button)
        self.columns.addWidget(notes, 1)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        self.keyboard.hide()
        self.recorded.clear()
        state = self.ctx.journey.state
        self.outcome_skus = set(state.selection) if state else set()
        for name, button in self.outcome_buttons.items():
            button.setChecked(state is not None and state.outcome == name)
        self.retranslate(self.ctx.language)
        self._load_notes()

    def clear(self) -> None:
        self.ops.reset()
        self.notes = []
        self.outcome_skus = set()
        self.note_field.clear()
        self.recorded.clear()
        self.keyboard.hide()
        clear_layout(self.notes_list)
        clear_layout(self.needs_list)
        clear_layout(self.selection_list)

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.way_within_reach(self.back_button, portrait)

    def journey_changed(self, change: Change) -> None:
        if self.isVisible() and change in (Change.NEEDS, Change.SELECTION):
            self._render()

    def eyebrow_text(self, language: str) -> str:
        return tr("associate.consult.eyebrow", language)

    # -- notes and outcome -------------------------------------------------------------------
    def _load_notes(self) -> None:
        state = self.ctx.journey.state
        if state is None:
            return
        store, visit_id = self.ctx.journey.store, state.visit_id
        self.ops.read(
            lambda: store.notes(visit_id),
            lambda notes: self._got_notes([text for _at, text in notes]),
            lambda _text: self._got_notes(self.notes),  # the notes shown stay
            lane="notes",
        )

    def _got_notes(self, notes: list[str]) -> None:
        self.notes = notes
        self._render_notes()

    def _note_tapped(self) -> None:
        if self.keyboard.isVisible():
            self._save_note()
        else:
            self._open_keyboard()

    def _open_keyboard(self) -> None:
        """From the button or a tap on the field itself."""
        self.keyboard.show()
        self.note_field.setFocus()
        self.note_button.setText(tr("associate.consult.save_note", self.language))

    def _save_note(self) -> None:
        text = self.note_field.text().strip()
        associate = self.ctx.associate.associate
        if not text or associate is None or not self.ctx.journey.active:
            return
        future = self.ctx.journey.add_note(associate.id, text)
        self.note_field.clear()
        self.keyboard.hide()
        self.note_button.setText(tr("associate.consult.add_note", self.language))
        self.ops.durable(
            future, lambda _id: self._load_notes(), lambda _text: self._load_notes(), lane="note"
        )

    def _record(self) -> None:
        chosen = self.outcome_group.checkedButton()
        associate = self.ctx.associate.associate
        if chosen is None or not self.ctx.journey.active:
            return
        outcome = chosen.objectName().removeprefix("outcome-")
        if outcome == "purchased":  # the sale itself: its pieces, the till's reference, its
            # services; the outcome is recorded with it (ui/screens/associate/purchase.py)
            self.ctx.associate.open_tool("purchase", fresh=True)
            return
        state = self.ctx.journey.state
        skus = [s for s in (state.selection if state else []) if s in self.outcome_skus]
        future = self.ctx.journey.record_outcome(outcome, skus, associate.id if associate else None)
        label = tr(f"associate.consult.outcome.{outcome}", self.language)
        self.ops.durable(
            future,
            lambda _r: self.recorded.setText(
                tr("associate.consult.recorded", self.language, outcome=label)
            ),
            lane="outcome",
        )

    def _toggle_sku(self, sku: str, on: bool) -> None:
        if on:
            self.outcome_skus.add(sku)
        else:
            self.outcome_skus.discard(sku)

    # -- drawing -----------------------------------------------------------------------------
    def _client_state(self) -> str:
        state = self.ctx.journey.state
        return "open" if state is not None and state.customer_id is not None else "attach"

    def _open_client(self) -> None:
        """The visit's client profile, or the client search to attach one (with consent)."""
        state = self.ctx.journey.state
        mode = self.ctx.associate
        if state is not None and state.customer_id is not None:
            mode.open_tool("client_profile", customer_id=state.customer_id)
        else:
            mode.open_tool("clients")

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.keyboard.set_language(language)
        self.back_button.setText(tr("associate.consult.back", language))
        self.case_button.setText(tr("associate.case.open_form", language))
        self.client_button.setText(tr(f"associate.consult.client.{self._client_state()}", language))
        self.needs_title.setText(tr("associate.consult.needs", language))
        self.selection_title.setText(tr("associate.consult.selection", language))
        self.selection_hint.setText(tr("associate.consult.products_hint", language))
        self.notes_title.setText(tr("associate.consult.notes", language))
        self.outcome_title.setText(tr("associate.consult.outcome", language))
        self._render_record()
        self.note_field.setPlaceholderText(tr("associate.consult.note_placeholder", language))
        self.note_button.setText(
            tr(
                "associate.consult.save_note"
                if self.keyboard.isVisible()
                else "associate.consult.add_note",
                language,
            )
        )
        for name, button in self.outcome_buttons.items():
            button.setText(tr(f"associate.consult.outcome.{name}", language))
        self._render()

    def _render(self) -> None:
        state = self.ctx.journey.state
        pack = self.ctx.pack
        lang = self.language
        clear_layout(self.needs_list)
        clear_layout(self.selection_list)
        answered = [q for q in pack.questions if state is not None and q.id in state.needs]
        if not answered:
            self.needs_list.addWidget(self._muted(tr("associate.consult.no_needs", lang)))
        for question in answered:
            assert state is not None
            values = state.needs[question.id]
            labels = {o.id: o.label.get(lang) for o in question.options}
            answer = join_list((labels.get(v, v) for v in values), lang) or tr(
                "associate.consult.skipped", lang
            )
            prompt = kit.text("caption_s", question.prompt.get(lang), tone="muted", wrap=True)
            value = kit.text("item_s", answer, wrap=True, name=f"need-{question.id}")
            block = QWidget()
            lines = QVBoxLayout(block)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(2)
            lines.addWidget(prompt)
            lines.addWidget(value)
            self.needs_list.addWidget(block)
        selection = state.selection if state else []
        self.selection_hint.setVisible(bool(selection))
        if not selection:
            self.selection_list.addWidget(self._muted(tr("associate.consult.no_selection", lang)))
        for sku in selection:
            product = pack.product(sku)
            button = kit.button(
                "secondary",
                product.name.get(lang) if product else sku,
                role="button_s",
                name=f"product-{sku}",
            )
            kit.mark(button, "pick")
            button.setCheckable(True)
            button.setChecked(sku in self.outcome_skus)
            button.toggled.connect(lambda on, s=sku: self._toggle_sku(s, on))
            self.selection_list.addWidget(button)

    def _render_record(self) -> None:
        """Purchased leads to the sale's own screen; the other outcomes are recorded here."""
        purchased = self.outcome_buttons["purchased"].isChecked()
        key = "sale.consult.record" if purchased else "associate.consult.record"
        self.record_button.setText(tr(key, self.language))

    def _render_notes(self) -> None:
        clear_layout(self.notes_list)
        if not self.notes:
            self.notes_list.addWidget(self._muted(tr("associate.consult.no_notes", self.language)))
        for text in self.notes:
            note = kit.text("caption", text, wrap=True, name="note")
            note.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.notes_list.addWidget(note)

    @staticmethod
    def _muted(text: str) -> QLabel:
        """A list's quiet line when it has nothing to show."""
        return kit.text("body_s", text, tone="muted", wrap=True)
