"""The right-hand panels of the follow-ups screen: one task with its outcomes, and a new
task by hand. Both write through ``FollowupsScreen.write`` (an operation of
``kiosk.followups.FollowupTasks`` on the recorder, through the outbox)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.associates.due import DueItem, Group
from kiosk.associates.rules import BOOKED
from kiosk.associates.tasks import MAX_NOTE, OUTCOMES, Completed
from kiosk.clock import utcnow
from ui import kit, theme
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from kiosk.associates.tasks import FollowupTasks
    from ui.context import ScreenContext
    from ui.operations import Operations

T = TypeVar("T")


class TaskDesk(Protocol):
    """What a panel needs of the follow-ups screen that holds it (``FollowupsScreen``): a
    protocol, so the panels never import their screen and the two modules form no circle."""

    language: str
    ctx: ScreenContext
    ops: Operations

    @property
    def tasks(self) -> FollowupTasks: ...

    def write(
        self,
        op: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[str], None],
        lane: str,
    ) -> None: ...

    def show_pick(self) -> None: ...

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MAX_DAYS_AHEAD = 365


def date_text(day: dt.date, language: str) -> str:
    return tr("followups.date", language, day=day.day, month=day.month, mon=MONTHS[day.month - 1])


def due_text(item: DueItem, now: dt.datetime, language: str) -> str:
    local = item.due_at.astimezone(now.tzinfo)
    if item.group is Group.TODAY:
        return tr("followups.due.today", language, time=local.strftime("%H:%M"))
    date = date_text(local.date(), language)
    if item.group is Group.OVERDUE:
        days = max(1, (now.date() - local.date()).days)
        return tr("followups.due.overdue", language, date=date, days=days)
    return tr("followups.due.upcoming", language, date=date)


class Stepper(QWidget):
    """A value moved a day at a time by two large buttons: no typing a date on a kiosk."""

    def __init__(self, name: str, on_change: Any) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.minus = kit.button("secondary", "−", role="key", name=f"{name}-earlier")
        self.plus = kit.button("secondary", "+", role="key", name=f"{name}-later")
        for button in (self.minus, self.plus):
            button.setMinimumHeight(72)
            button.setFixedWidth(96)
        self.value = kit.text(
            "body", wrap=True, align=Qt.AlignmentFlag.AlignCenter, name=f"{name}-value"
        )
        row.addWidget(self.minus)
        row.addWidget(self.value, 1)
        row.addWidget(self.plus)
        self.minus.clicked.connect(lambda: on_change(-1))
        self.plus.clicked.connect(lambda: on_change(1))


class DetailPanel(QWidget):
    def __init__(self, followups: TaskDesk) -> None:
        super().__init__()
        self.followups = followups
        self.item: DueItem | None = None
        self.booked_for: dt.date | None = None
        self.showing_result = False
        self.now = utcnow().astimezone()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(14)
        self.title = kit.text("heading", wrap=True, name="detail-kind")
        column.addWidget(self.title)
        self.fields = QGridLayout()
        self.fields.setHorizontalSpacing(24)
        self.fields.setVerticalSpacing(10)
        self.fields.setColumnStretch(1, 1)
        column.addLayout(self.fields)
        column.addStretch(1)
        column.addSpacing(12)
        self.how = kit.text("eyebrow_xs", tone="accent", wrap=True)
        column.addWidget(self.how)
        self.outcomes = QGridLayout()
        self.outcomes.setSpacing(12)
        column.addLayout(self.outcomes)
        self.group = QButtonGroup(self)
        self.group.buttonClicked.connect(lambda _b: self._outcome_chosen())
        self.booking = QWidget()
        booking = QVBoxLayout(self.booking)
        booking.setContentsMargins(0, 6, 0, 0)
        booking.setSpacing(8)
        self.book_caption = kit.text("caption_s", tone="muted", wrap=True)
        booking.addWidget(self.book_caption)
        self.stepper = Stepper("book", self._step)
        booking.addWidget(self.stepper)
        self.booking.hide()
        column.addWidget(self.booking)
        row = QHBoxLayout()
        row.setSpacing(20)
        self.done = kit.button("primary", role="button_s", name="complete")
        self.done.setMinimumHeight(72)
        self.done.setMinimumWidth(220)
        self.done.clicked.connect(self._complete)
        row.addWidget(self.done)
        self.message = kit.text("caption", tone="muted", wrap=True, name="detail-message")
        row.addWidget(self.message, 1)
        column.addLayout(row)

    @property
    def language(self) -> str:
        return self.followups.language

    def clear(self) -> None:
        self.item, self.booked_for, self.showing_result = None, None, False
        self.title.clear()
        self.message.clear()
        clear_layout(self.fields)
        clear_layout(self.outcomes)

    def show_item(self, item: DueItem, now: dt.datetime) -> None:
        self.clear()
        self.item = item
        self.now = now
        self._fill(item)
        for button in self.group.buttons():
            self.group.removeButton(button)
        choices = OUTCOMES.get(item.kind, OUTCOMES["manual"])
        for index, name in enumerate(choices):
            button = kit.button("secondary", role="button_s", name=f"outcome-{name}")
            button.setMinimumHeight(72)
            button.setCheckable(True)
            button.setText(tr(f"followups.outcome.{name}", self.language))
            self.group.addButton(button)
            self.outcomes.addWidget(button, index // 2, index % 2)
        self.booked_for = self._first_booking_day(item, now.date())
        self.booking.hide()
        self.done.setEnabled(False)
        self.done.show()
        self.retranslate(self.language)

    def update_item(self, item: DueItem) -> None:
        """A fresh read: the same task, maybe reassigned or moved; the choice stays."""
        self.item = item
        clear_layout(self.fields)
        self._fill(item)

    def _fill(self, item: DueItem) -> None:
        lang = self.language
        rows: list[tuple[str, str]] = [
            ("client", item.client_name or tr("followups.no_client", lang)),
            ("due", due_text(item, self.now, lang)),
            ("assignee", item.assignee_name or tr("followups.unassigned", lang)),
        ]
        if item.visit_started_at is not None:
            day = item.visit_started_at.astimezone(self.now.tzinfo).date()
            rows.append(("visit", date_text(day, lang)))
        details = item.details
        if details.get("appointment"):
            what = tr(f"followups.appointment.{details['appointment']}", lang)
            when = tr(f"followups.time.{details.get('time_of_day', 'any')}", lang)
            if details.get("preferred_date"):
                wanted = date_text(dt.date.fromisoformat(details["preferred_date"]), lang)
                rows.append(
                    ("request", tr("followups.request", lang, what=what, date=wanted, time=when))
                )
            else:
                rows.append(
                    ("request", tr("followups.request_no_date", lang, what=what, time=when))
                )
        if details.get("booked_for"):
            rows.append(("booked", date_text(dt.date.fromisoformat(details["booked_for"]), lang)))
        if details.get("skus"):
            pack = self.followups.ctx.pack
            names = []
            for sku in details["skus"]:
                product = pack.product(sku)
                names.append(product.name.get(lang) if product else sku)
            rows.append(("products", ", ".join(names)))
        if details.get("note"):
            rows.append(("note", str(details["note"])))
        for index, (key, value) in enumerate(rows):
            caption = kit.text("caption_s", tr(f"followups.field.{key}", lang), tone="muted")
            caption.setContentsMargins(0, 3, 0, 0)  # sits on the value's first line
            shown = kit.text("body_s", value, wrap=True, name=f"field-{key}")
            self.fields.addWidget(caption, index, 0, Qt.AlignmentFlag.AlignTop)
            self.fields.addWidget(shown, index, 1)

    @staticmethod
    def _first_booking_day(item: DueItem, today: dt.date) -> dt.date:
        wanted = item.details.get("preferred_date")
        if wanted:
            day = dt.date.fromisoformat(wanted)
            if day > today:
                return day
        return today + dt.timedelta(days=1)

    def _outcome_chosen(self) -> None:
        chosen = self.group.checkedButton()
        self.done.setEnabled(chosen is not None and not self.showing_result)
        self.booking.setVisible(chosen is not None and chosen.objectName() == f"outcome-{BOOKED}")
        self.message.clear()

    def _step(self, days: int) -> None:
        if self.booked_for is None:
            return
        today = self.now.date()
        moved = self.booked_for + dt.timedelta(days=days)
        self.booked_for = min(max(moved, today), today + dt.timedelta(days=MAX_DAYS_AHEAD))
        self.retranslate(self.language)

    def _complete(self) -> None:
        chosen = self.group.checkedButton()
        associate = self.followups.ctx.associate.associate
        if self.item is None or chosen is None or associate is None:
            return
        outcome = chosen.objectName().removeprefix("outcome-")
        booked_for = self.booked_for if outcome == BOOKED else None
        tasks, task_id, who, at = self.followups.tasks, self.item.id, associate.id, utcnow()
        self.done.setEnabled(False)
        self.followups.write(
            lambda: tasks.complete(task_id, who, outcome, at, booked_for),
            self._completed,
            self._failed,
            lane="complete",
        )

    def _failed(self, text: str) -> None:
        self._outcome_chosen()  # the choice stays, to try again (it clears the message)
        self.message.setText(text)

    def _completed(self, result: Completed) -> None:
        self.showing_result = True
        for button in self.group.buttons():
            button.setEnabled(False)
        self.done.hide()
        self.booking.hide()
        if result.reminder_id is not None:
            self.message.setText(tr("followups.recorded_reminder", self.language))
        else:
            outcome = tr(f"followups.outcome.{result.outcome}", self.language)
            self.message.setText(tr("followups.recorded", self.language, outcome=outcome))

    def retranslate(self, language: str) -> None:
        self.how.setText(tr("followups.how", language).upper())
        self.book_caption.setText(tr("followups.book_for", language))
        self.done.setText(tr("followups.done", language))
        self.stepper.minus.setAccessibleName(tr("followups.earlier", language))
        self.stepper.plus.setAccessibleName(tr("followups.later", language))
        if self.item is not None:
            self.title.setText(tr(f"followups.kind.{self.item.kind}", language))
        if self.booked_for is not None:
            self.stepper.value.setText(date_text(self.booked_for, language))
        for button in self.group.buttons():
            name = button.objectName().removeprefix("outcome-")
            button.setText(tr(f"followups.outcome.{name}", language))


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
