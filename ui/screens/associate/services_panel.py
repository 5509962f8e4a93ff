"""One booked service on the services screen's right: when, what, its status; "Mark done"
and, once done, the customer's score taken by phone. Also the words both halves of the
screen share (a day, a slot and its hours, a booking's items).

"Mark done" writes to the store database (``Bookings.mark_done``), so it runs off the GUI
thread as a read does (the erasure's store share runs the same way); offline it is refused
and the panel says it needs the store database. A score is this kiosk's write
(``Scores.record_by_phone``): on the recorder, through the outbox.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.aftersale.bookings import BookingView
from kiosk.aftersale.purchases import PurchaseView
from kiosk.scope import Read
from kiosk.station.place import store_zone
from ui import kit, theme
from ui.screens.associate.pick_list import fill_fields, panel_head
from ui.screens.associate.score_entry import ScoreEntry
from ui.screens.associate.service_words import date_text, day_text, item_lines, slot_words
from ui.strings import tr
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext
    from ui.operations import Operations

Booking = tuple[BookingView, PurchaseView]


class ServiceDesk(Protocol):
    """What the panel needs of the services screen (a protocol: no import circle)."""

    language: str
    ctx: ScreenContext
    ops: Operations
    clock: Callable[[], dt.datetime]

    def refresh(self) -> None: ...

    def today(self, offset: int = 0) -> dt.date: ...


class ServicePanel(QWidget):
    def __init__(self, desk: ServiceDesk) -> None:
        super().__init__()
        self.desk = desk
        self.booking: Booking | None = None
        self.offered: tuple[str, ...] = ()  # the touchpoints the client may score now
        self.offered_read = False
        column, self.title, self.fields = panel_head(self, "service-title")
        row = QHBoxLayout()
        row.setSpacing(20)
        self.done = kit.button("primary", role="button_s", name="mark-done")
        self.done.setMinimumHeight(theme.MIN_TOUCH + 16)
        self.done.clicked.connect(self._mark_done)
        row.addWidget(self.done)
        self.store_note = kit.text("caption_s", tone="muted", wrap=True, name="store-note")
        row.addWidget(self.store_note, 1)
        column.addLayout(row)
        self.score_part = QWidget()
        part = QVBoxLayout(self.score_part)
        part.setContentsMargins(0, 0, 0, 0)
        part.setSpacing(10)
        self.score_title = kit.text("eyebrow_xs", tone="accent", wrap=True)
        part.addWidget(self.score_title)
        self.entry = ScoreEntry()
        part.addWidget(self.entry)
        self.record = kit.button("primary", role="button_s", name="record-score")
        self.record.setMinimumHeight(theme.MIN_TOUCH + 16)
        self.record.clicked.connect(self._record)
        part.addWidget(self.record, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.score_part)
        self.answered = kit.text("caption", tone="muted", wrap=True, name="score-answered")
        column.addWidget(self.answered)
        self.message = kit.text("caption", tone="muted", wrap=True, name="service-message")
        column.addWidget(self.message)

    @property
    def language(self) -> str:
        return self.desk.language

    def clear(self) -> None:
        self.booking = None
        self.offered, self.offered_read = (), False
        self.title.clear()
        self.message.clear()
        self.entry.clear()
        clear_layout(self.fields)

    def show_booking(self, booking: Booking) -> None:
        self.clear()
        self.booking = booking
        self.entry.set_enabled(True)
        self.record.setEnabled(True)
        self.retranslate(self.language)
        self.ask_offered()

    def ask_offered(self) -> None:
        """Whether the client's score for this service is still to take (store-wide: the
        client may have answered on their page), off the GUI thread."""
        if self.booking is None or self.booking[0].status != "done":
            return
        scores, pid, now = self.desk.ops.runtime.scores, self.booking[1].id, self.desk.clock()
        self.desk.ops.read(lambda: scores.offered(pid, now), self._got_offered, lane="offered")

    def _got_offered(self, read: Read[tuple[str, ...]]) -> None:
        self.offered, self.offered_read = tuple(read.value), True
        self._fill()

    def update_booking(self, booking: Booking) -> None:
        """A fresh read of the same booking (done by a colleague, say): what was typed stays."""
        self.booking = booking
        self._fill()

    def _fill(self) -> None:
        clear_layout(self.fields)
        if self.booking is None:
            return
        view, purchase = self.booking
        lang = self.language
        self.title.setText(tr(f"services.service.{view.service}", lang))
        when = tr(
            "services.when",
            lang,
            day=day_text(view.day, lang),
            slot=slot_words(view.slot, view.start, view.end, lang),
        )
        status = tr(f"services.status.{view.status}", lang)
        if view.done_at is not None:
            done = view.done_at.astimezone(store_zone(self.desk.ctx.config))
            status = tr(
                "services.done_at", lang, date=date_text(done.date(), lang), time=f"{done:%H:%M}"
            )
        rows = [
            ("when", when),
            ("items", "\n".join(item_lines(self.desk.ctx.pack, purchase, view.service, lang))),
            ("order", purchase.order_ref or tr("services.no_order", lang)),
            ("status", status),
        ]
        fill_fields(self.fields, [(k, tr(f"services.field.{k}", lang), v) for k, v in rows])
        booked = view.status == "booked"
        ahead = view.day > self.desk.today()  # done on the day, not before
        self.done.setVisible(booked)
        self.done.setEnabled(booked and not ahead)
        has_store = bool(self.desk.ops.runtime.config.store_db_url)
        note = "services.not_yet" if ahead else ("" if has_store else "services.needs_store")
        self.store_note.setText(tr(note, lang) if note else "")
        self.store_note.setVisible(booked and bool(note))
        self.score_part.setVisible(view.status == "done" and view.service in self.offered)
        self.answered.setVisible(
            view.status == "done" and self.offered_read and not self.score_part.isVisible()
        )

    # -- acting ------------------------------------------------------------------------------
    def _mark_done(self) -> None:
        associate = self.desk.ctx.associate.associate
        if self.booking is None or associate is None:
            return
        book = self.desk.ops.runtime.bookings
        booking_id, who, now = self.booking[0].id, associate.id, self.desk.clock()
        self.done.setEnabled(False)
        self.message.clear()
        self.desk.ops.read(
            lambda: book.mark_done(booking_id, who, now), self._marked, self._refused, lane="mark"
        )

    def _marked(self, view: BookingView) -> None:
        if self.booking is not None and self.booking[0].id == view.id:
            self.booking = (view, self.booking[1])
            self._fill()
            self.message.setText(tr("services.marked", self.language))
            self.ask_offered()
        self.desk.refresh()

    def _record(self) -> None:
        associate = self.desk.ctx.associate.associate
        if self.booking is None or associate is None:
            return
        score = self.entry.score
        if score is None:
            self.message.setText(tr("services.score.missing", self.language))
            return
        self.record_score(score, self.entry.comment)

    def record_score(self, score: int, comment: str) -> None:
        """Record ``score`` for this service's touchpoint, as the customer gave it by phone;
        the domain checks it (0 to 10, a word of 280 characters at most, once per service)."""
        associate = self.desk.ctx.associate.associate
        if self.booking is None or associate is None:
            return
        view, purchase = self.booking
        scores = self.desk.ops.runtime.scores
        touchpoint, pid, who, at = view.service, purchase.id, associate.id, self.desk.clock()
        self.record.setEnabled(False)
        self.message.clear()
        self.desk.ops.write(
            "phone score",
            lambda: scores.record_by_phone(touchpoint, pid, score, comment, who, at),
            lambda _id: self._recorded(score),
            self._refused,
            lane="score",
        )

    def _recorded(self, score: int) -> None:
        self.entry.clear()
        self.message.setText(tr("services.score.recorded", self.language, score=score))
        if self.booking is not None:
            self.offered = tuple(t for t in self.offered if t != self.booking[0].service)
        self._fill()

    def _refused(self, text: str) -> None:
        self.record.setEnabled(True)
        if self.booking is not None:
            view = self.booking[0]
            self.done.setEnabled(view.status == "booked" and view.day <= self.desk.today())
        self.message.setText(text)

    def retranslate(self, language: str) -> None:
        self.done.setText(tr("services.mark_done", language))
        self.score_title.setText(tr("services.score.title", language).upper())
        self.record.setText(tr("services.score.record", language))
        self.answered.setText(tr("services.score.answered", language))
        self.entry.retranslate(language)
        self._fill()
