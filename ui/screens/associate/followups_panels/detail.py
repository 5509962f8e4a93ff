"""One follow-up task with its outcomes: the follow-ups screen's right-hand panel when a
task is picked; and what both panels of the package share (``TaskDesk``, the dates as the
associate reads them, the day ``Stepper``). It writes through ``FollowupsScreen.write`` (an
operation of ``kiosk.followups.FollowupTasks`` on the recorder, through the outbox)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.associates.due import DueItem, Group
from kiosk.associates.rules import BOOKED
from kiosk.associates.tasks import OUTCOMES, SCORE_OUTCOME, SCORED, Completed
from kiosk.clock import utcnow
from kiosk.typesetting import join_list
from ui import kit, theme
from ui.screens.associate.followups_panels.channel import ChannelPicker, is_outreach
from ui.screens.associate.followups_panels.reason import reason_of
from ui.screens.associate.pick_list import fill_fields, panel_head
from ui.screens.associate.score_entry import ScoreEntry
from ui.screens.associate.service_words import date_text
from ui.strings import tr
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


MAX_DAYS_AHEAD = 365


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
        column, self.title, self.fields = panel_head(self, "detail-kind")
        column.addSpacing(12)
        self.channel = ChannelPicker(self._channel_chosen)  # outreach tasks only
        column.addWidget(self.channel)
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
        self.change = kit.button("quiet", role="label", name="change-outcome")
        self.change.setMinimumHeight(theme.MIN_TOUCH)
        self.change.clicked.connect(self._change_outcome)
        self.change.hide()
        column.addWidget(self.change, 0, Qt.AlignmentFlag.AlignLeft)
        self.score = ScoreEntry()  # the client's score on a reached call (``SCORED`` kinds)
        self.score.hide()
        column.addWidget(self.score)
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
        self.channel.reset(False)
        self.score.clear()
        self._fold(False)

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
        self.channel.reset(is_outreach(item.kind))
        self.booking.hide()
        self.done.setEnabled(False)
        self.done.show()
        self.retranslate(self.language)

    def update_item(self, item: DueItem) -> None:
        """A fresh read: the same task, maybe reassigned or moved; the choice stays."""
        self.item = item
        clear_layout(self.fields)
        self._fill(item)
        self._show_fields(self.score.isHidden())  # folded while a score is taken

    def _fill(self, item: DueItem) -> None:
        lang = self.language
        reason = reason_of(self.followups, item, self.now, lang)
        rows: list[tuple[str, str]] = [("reason", reason)] if reason else []
        rows += [
            ("client", item.client_name or tr("followups.no_client", lang)),
            ("due", due_text(item, self.now, lang)),
            ("assignee", item.assignee_name or tr("followups.unassigned", lang)),
        ]
        if item.visit_started_at is not None and not is_outreach(item.kind):  # its reason says
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
            rows.append(("products", join_list(names, lang)))
        if details.get("note"):
            rows.append(("note", str(details["note"])))
        fill_fields(self.fields, [(k, tr(f"followups.field.{k}", lang), v) for k, v in rows])

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
        self._fold(self._scored(chosen.objectName() if chosen else ""))
        self.message.clear()

    def _channel_chosen(self) -> None:
        self.message.clear()  # a choice made answers the ask

    def _scored(self, chosen: str) -> bool:
        """A reached call of a kind that asks the client's score (the 90-day check, the
        installation's): the score is asked before the outcome is recorded."""
        kind = self.item.kind if self.item is not None else ""
        return kind in SCORED and chosen == f"outcome-{SCORE_OUTCOME}" and not self.showing_result

    def _fold(self, scoring: bool) -> None:
        """Taking a score, the panel needs the room (the keyboard may open under it): the
        fields and the other outcomes fold away, a quiet button brings them back."""
        self._show_fields(not scoring)
        for button in self.group.buttons():
            button.setVisible(not scoring)
        self.how.setVisible(not scoring)
        self.change.setVisible(scoring)
        self.score.setVisible(scoring)
        if not scoring:
            self.score.close_keyboard()

    def _show_fields(self, shown: bool) -> None:
        for index in range(self.fields.count()):
            held = self.fields.itemAt(index)
            widget = held.widget() if held is not None else None
            if widget is not None:
                widget.setVisible(shown)

    def _change_outcome(self) -> None:
        self.group.setExclusive(False)  # an exclusive group keeps one checked
        for button in self.group.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)
        self._outcome_chosen()

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
        score, comment = None, ""
        if self._scored(chosen.objectName()):
            score, comment = self.score.score, self.score.comment
            if score is None:
                self.message.setText(tr("services.score.missing", self.language))
                return
        if is_outreach(self.item.kind) and self.channel.chosen is None:
            self.message.setText(tr("outreach.channel.missing", self.language))
            return  # asked politely, nothing written
        self.complete(outcome, booked_for, score, comment)

    def complete(
        self, outcome: str, booked_for: dt.date | None, score: int | None, comment: str
    ) -> None:
        """Record ``outcome`` (and the client's ``score`` and word, where asked) on the
        recorder, with the outreach's channel; the domain refuses a score outside 0 to 10, a
        word too long, or an outreach without its channel."""
        associate = self.followups.ctx.associate.associate
        if self.item is None or associate is None:
            return
        tasks, task_id, who, at = self.followups.tasks, self.item.id, associate.id, utcnow()
        channel = self.channel.chosen if is_outreach(self.item.kind) else None
        self.done.setEnabled(False)
        self.followups.write(
            lambda: tasks.complete(
                task_id,
                who,
                outcome,
                at,
                booked_for,
                score=score,
                comment=comment,
                channel=channel,
            ),
            lambda result: self._completed(result, score),
            self._failed,
            lane="complete",
        )

    def _failed(self, text: str) -> None:
        chosen = self.group.checkedButton()
        self.done.setEnabled(chosen is not None and not self.showing_result)
        self.message.setText(text)  # the choice and the score stay, to try again

    def _completed(self, result: Completed, score: int | None = None) -> None:
        self.showing_result = True
        for button in self.group.buttons():
            button.setEnabled(False)
        self.done.hide()
        self.booking.hide()
        self._fold(False)
        outcome = tr(f"followups.outcome.{result.outcome}", self.language)
        channel = None if self.channel.isHidden() else self.channel.chosen
        self.channel.freeze()
        if channel is not None:
            said = tr(f"outreach.channel.{channel}", self.language)
            self.message.setText(
                tr("outreach.recorded", self.language, outcome=outcome, channel=said)
            )
        elif result.reminder_id is not None:
            self.message.setText(tr("followups.recorded_reminder", self.language))
        elif score is not None:
            said = tr("followups.score.recorded", self.language, outcome=outcome, score=score)
            self.message.setText(said)
        else:
            self.message.setText(tr("followups.recorded", self.language, outcome=outcome))

    def retranslate(self, language: str) -> None:
        self.how.setText(tr("followups.how", language).upper())
        self.book_caption.setText(tr("followups.book_for", language))
        self.done.setText(tr("followups.done", language))
        self.score.retranslate(language)
        self.channel.retranslate(language)
        self.change.setText(tr("followups.score.change", language))
        self.stepper.minus.setAccessibleName(tr("followups.earlier", language))
        self.stepper.plus.setAccessibleName(tr("followups.later", language))
        if self.item is not None:
            self.title.setText(tr(f"followups.kind.{self.item.kind}", language))
        if self.booked_for is not None:
            self.stepper.value.setText(date_text(self.booked_for, language))
        for button in self.group.buttons():
            name = button.objectName().removeprefix("outcome-")
            button.setText(tr(f"followups.outcome.{name}", language))
