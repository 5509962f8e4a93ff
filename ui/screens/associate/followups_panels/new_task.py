"""A follow-up by hand, the follow-ups screen's right-hand panel when the associate adds one
for the customer of the visit in progress. It stands apart from the task panel
(``detail``) because the two share only the desk they write through and the date stepper:
it writes through ``FollowupsScreen.write`` (``FollowupTasks.add`` on the recorder, through
the outbox)."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.associates.tasks import MAX_NOTE
from kiosk.clock import utcnow
from ui import kit, theme
from ui.screens.associate.followups_panels.detail import MAX_DAYS_AHEAD, Stepper, TaskDesk
from ui.screens.associate.service_words import date_text
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard


class NewTaskPanel(QWidget):
    """A follow-up by hand for the current visit's customer: when, who, an optional note."""

    def __init__(self, followups: TaskDesk) -> None:
        super().__init__()
        self.followups = followups
        self.days = 3
        self.visit_id: uuid.UUID | None = None
        self.now = utcnow().astimezone()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.title = kit.text("heading", wrap=True)
        column.addWidget(self.title)
        self.form = QWidget()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(10)
        self.for_caption = kit.text("caption_s", tone="muted", wrap=True)
        form.addWidget(self.for_caption)
        self.for_value = kit.text("body_s", wrap=True, name="new-for")
        form.addWidget(self.for_value)
        form.addSpacing(8)
        self.when_caption = kit.text("caption_s", tone="muted", wrap=True)
        form.addWidget(self.when_caption)
        self.stepper = Stepper("due", self._step)
        form.addWidget(self.stepper)
        form.addSpacing(8)
        self.who_caption = kit.text("caption_s", tone="muted", wrap=True)
        form.addWidget(self.who_caption)
        who = QHBoxLayout()
        who.setSpacing(12)
        self.who_group = QButtonGroup(self)
        self.me = kit.button("secondary", role="button_s", name="assign-me")
        self.anyone = kit.button("secondary", role="button_s", name="assign-anyone")
        for button in (self.me, self.anyone):
            button.setMinimumHeight(72)
            button.setCheckable(True)
            self.who_group.addButton(button)
            who.addWidget(button, 1)
        self.me.setChecked(True)
        form.addLayout(who)
        column.addWidget(self.form)
        self.note = QLineEdit()
        self.note.setObjectName("new-note")
        self.note.setFont(kit.font("body_s"))
        self.note.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.note.setMaxLength(MAX_NOTE)
        column.addWidget(self.note)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.follow(self.note, chinese=True)  # a note in either language
        self.keyboard.attach(self.note)
        self.keyboard.summoned.connect(lambda _field: self.open_keyboard())
        self.keyboard.done.connect(self._keyboard_done)
        self.keyboard.hide()
        column.addWidget(self.keyboard)
        column.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.add = kit.button("primary", role="button_s", name="add-followup")
        self.add.setMinimumHeight(72)
        self.add.clicked.connect(self._add)
        self.cancel = kit.button("secondary", role="button_s", name="cancel-new")
        self.cancel.setMinimumHeight(72)
        self.cancel.clicked.connect(self._cancel)
        row.addWidget(self.add, 1)
        row.addWidget(self.cancel)
        column.addLayout(row)
        self.message = kit.text("caption", tone="muted", wrap=True, name="new-message")
        column.addWidget(self.message)

    @property
    def language(self) -> str:
        return self.followups.language

    def open_keyboard(self) -> None:
        self.form.hide()  # the keyboard needs the room; the choices come back with ✓
        self.keyboard.show()
        self.note.setFocus()

    def _keyboard_done(self) -> None:
        self.keyboard.hide()
        self.form.show()

    def clear(self) -> None:
        self.visit_id = None
        self.note.clear()
        self.message.clear()
        self.for_value.clear()
        self._keyboard_done()

    def open(self, now: dt.datetime) -> None:
        self.clear()
        self.now, self.days = now, 3
        self.me.setChecked(True)
        state = self.followups.ctx.journey.state
        self.visit_id = state.visit_id if state else None
        self.add.setEnabled(self.visit_id is not None)
        self.retranslate(self.language)
        if self.visit_id is None:
            return
        tasks, visit_id = self.followups.tasks, self.visit_id
        self.followups.ops.read(
            lambda: tasks.client_of_visit(visit_id), self._got_client, lane="client"
        )

    def _got_client(self, name: str | None) -> None:
        if self.visit_id is not None:
            self.for_value.setText(name or tr("followups.new.this_visit", self.language))

    def _step(self, days: int) -> None:
        self.days = min(max(self.days + days, 0), MAX_DAYS_AHEAD)
        self.retranslate(self.language)

    def _cancel(self) -> None:
        self.clear()
        self.followups.show_pick()

    def _add(self) -> None:
        associate = self.followups.ctx.associate.associate
        if associate is None or self.visit_id is None:
            return
        at = utcnow()
        due = at + dt.timedelta(days=self.days)
        tasks, visit_id, me = self.followups.tasks, self.visit_id, associate.id
        assigned = me if self.me.isChecked() else None
        note = self.note.text()
        self.add.setEnabled(False)
        self.followups.write(
            lambda: tasks.add(
                visit_id, due_at=due, assigned_to=assigned, note=note, created_by=me, at=at
            ),
            self._added,
            self._failed,
            lane="add",
        )

    def _failed(self, text: str) -> None:
        self.add.setEnabled(self.visit_id is not None)
        self.message.setText(text)

    def _added(self, _task_id: uuid.UUID) -> None:
        self.add.setEnabled(self.visit_id is not None)
        self.note.clear()
        self._keyboard_done()
        self.message.setText(tr("followups.new.added", self.language))

    def retranslate(self, language: str) -> None:
        self.keyboard.set_language(language)
        self.title.setText(tr("followups.new.title", language))
        self.for_caption.setText(tr("followups.new.for", language))
        if self.visit_id is None:
            self.for_value.setText(tr("followups.new.no_visit", language))
        self.when_caption.setText(tr("followups.new.when", language))
        self.who_caption.setText(tr("followups.new.assign", language))
        self.me.setText(tr("followups.new.me", language))
        self.anyone.setText(tr("followups.new.anyone", language))
        self.note.setPlaceholderText(tr("followups.new.note", language))
        self.add.setText(tr("followups.new.add", language))
        self.cancel.setText(tr("followups.new.cancel", language))
        day = (self.now + dt.timedelta(days=self.days)).date()
        key = {0: "followups.new.today", 1: "followups.new.tomorrow"}.get(
            self.days, "followups.new.in_days"
        )
        self.stepper.value.setText(tr(key, language, n=self.days, date=date_text(day, language)))
