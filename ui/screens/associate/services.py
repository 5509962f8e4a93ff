"""Deliveries and installations: the store's services of a day, and what an associate does
after one (marks it done, takes the customer's score by phone).

The day is today, tomorrow or any day stepped to; its bookings come from
``kiosk.aftersale.bookings.Bookings.day`` through the screen's ``Operations`` off the GUI
thread, from the store database or, when it does not answer, this kiosk's pulled copy, with
a quiet note saying so (as the follow-ups screen does). Each booking shows its slot and
hours, the items it serves (names, finishes, quantities from the content pack) and its
status; the client is not named here (the order reference tells two apart). Tapping one
opens it on the right (``services_panel.ServicePanel``): "Mark done" is a store-side write
(``Bookings.mark_done`` refuses offline, and the panel says so), and a score given by phone
is recorded on the recorder through the outbox (``Scores.record_by_phone``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from kiosk.aftersale.bookings import BookingError, BookingNeedsStore
from kiosk.aftersale.scores import ScoreError
from kiosk.clock import utcnow
from kiosk.scope import Read, Scope
from kiosk.station.place import store_zone
from ui import kit, theme
from ui.screens.associate.followups_panels.detail import Stepper
from ui.screens.associate.frame import CLIENT_ROLES, ToolScreen, card
from ui.screens.associate.pick_list import (
    desk_columns,
    mark_open,
    pick_row,
    pick_rows,
    side_card,
    turn,
)
from ui.screens.associate.service_words import day_text, items_text, slot_words
from ui.screens.associate.services_panel import Booking, ServicePanel
from ui.strings import tr
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from kiosk.aftersale.bookings import Bookings
    from ui.context import ScreenContext

MAX_DAYS = 120
"""How far the day stepper goes either way: past services to score, booked ones ahead."""
SCORE_FIELDS = frozenset({"score", "comment", "touchpoint", "purchase"})


class ServicesScreen(ToolScreen):
    NAME = "services"
    ROLES = CLIENT_ROLES
    TOOL = "services.tool"
    TOOL_ORDER = 45  # the last tool: alone on its row, its long name has the width
    REFRESH_MS = 30000

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.clock: Callable[[], dt.datetime] = utcnow
        self.day = self.today()
        self.bookings: list[Booking] = []
        self.scope: Scope | None = None
        self.failed = False
        self.selected: uuid.UUID | None = None

        self.columns = desk_columns(self.body)
        listing, column, self.list_title = card()
        self.list_title.setWordWrap(True)
        days = QHBoxLayout()
        days.setSpacing(12)
        self.day_group = QButtonGroup(self)
        self.day_buttons: dict[int, QPushButton] = {}
        for offset, name in ((0, "today"), (1, "tomorrow")):
            button = kit.button("secondary", role="label", name=f"day-{name}")
            button.setCheckable(True)
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.clicked.connect(lambda _=False, o=offset: self.show_day(self.today(o)))
            self.day_group.addButton(button)
            self.day_buttons[offset] = button
            days.addWidget(button)
        self.stepper = Stepper("day", self._step)
        days.addWidget(self.stepper, 1)
        column.addLayout(days)
        self.scope_note = kit.text("caption_s", tone="muted", wrap=True, name="scope-note")
        self.scope_note.hide()
        column.addWidget(self.scope_note)
        self.rows = pick_rows(column)
        self.columns.addWidget(listing, 3)

        side, side_column = side_card()
        self.pick = kit.text("body_s", tone="muted", wrap=True, name="pick-hint")
        side_column.addWidget(self.pick)
        self.panel = ServicePanel(self)
        self.panel.hide()
        side_column.addWidget(self.panel, 1)
        side_column.addStretch(0)
        self.columns.addWidget(side, 2)

        self._timer = QTimer(self)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        day = params.get("day")
        self.day = day if isinstance(day, dt.date) else self.today()
        self.retranslate(self.ctx.language)
        self.show_pick()
        self.refresh()
        self._timer.start()

    def leave(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._timer.stop()
        self.ops.reset()
        self.bookings, self.scope, self.selected, self.failed = [], None, None, False
        self.panel.clear()
        clear_layout(self.rows)
        self.scope_note.hide()

    def set_portrait(self, portrait: bool) -> None:
        turn(self.columns, portrait)
        self.way_within_reach(self.home_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("services.eyebrow", language)

    def today(self, offset: int = 0) -> dt.date:
        """The store's day (``store_timezone``: a UTC machine in Shanghai still turns the
        page at the store's midnight, not at 08:00)."""
        return self.clock().astimezone(store_zone(self.ctx.config)).date() + dt.timedelta(
            days=offset
        )

    @property
    def service_book(self) -> Bookings:
        """The bookings' operations (``Runtime.bookings``)."""
        return self.ops.runtime.bookings

    # -- reading -----------------------------------------------------------------------------
    def show_day(self, day: dt.date) -> None:
        if day != self.day:
            self.day = day
            self.bookings, self.scope = [], None
            self.show_pick()
        self.retranslate(self.language)
        self.refresh()

    def _step(self, days: int) -> None:
        today = self.today()
        moved = self.day + dt.timedelta(days=days)
        limit = dt.timedelta(days=MAX_DAYS)
        self.show_day(min(max(moved, today - limit), today + limit))

    def refresh(self) -> None:
        """The day's bookings afresh: an answer to an older ask is dropped (its lane)."""
        book, day = self.service_book, self.day
        self.ops.read(lambda: book.day(day), self._got, self._not_read, lane="day")

    def _got(self, read: Read[list[Booking]]) -> None:
        self.failed = False
        self.bookings = list(read.value)  # by slot time, service and place
        self.scope = read.scope
        self._render()
        chosen = next((b for b in self.bookings if b[0].id == self.selected), None)
        if chosen is not None:
            self.panel.update_booking(chosen)

    def _not_read(self, _text: str) -> None:
        self.failed = True  # what was shown stays; the list says it could not be read
        self._render()

    # -- acting ------------------------------------------------------------------------------
    def open_booking(self, booking_id: uuid.UUID) -> None:
        chosen = next((b for b in self.bookings if b[0].id == booking_id), None)
        if chosen is None:
            return
        self.selected = booking_id
        self.pick.hide()
        self.panel.show_booking(chosen)
        self.panel.show()
        self._mark_selected()

    def show_pick(self) -> None:
        self.selected = None
        self.panel.clear()
        self.panel.hide()
        self.pick.show()
        self._mark_selected()

    def words(self, error: BaseException) -> str:
        """A refusal in the associate's words; the domain's own text is for logs and tools."""
        lang = self.language
        if isinstance(error, BookingNeedsStore):
            return tr("services.error.needs_store", lang)
        if isinstance(error, BookingError):
            return tr("services.error.booking", lang)
        if isinstance(error, ScoreError):
            field = error.field if error.field in SCORE_FIELDS else "score"
            return tr(f"services.error.{field}", lang)
        return tr("services.error.failed", lang)

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.list_title.setText(tr("services.title", language))
        self.day_buttons[0].setText(tr("services.today", language))
        self.day_buttons[1].setText(tr("services.tomorrow", language))
        for offset, button in self.day_buttons.items():
            button.setChecked(self.day == self.today(offset))
        if self.day not in (self.today(), self.today(1)):
            self.day_group.setExclusive(False)
            for button in self.day_buttons.values():
                button.setChecked(False)
            self.day_group.setExclusive(True)
        self.stepper.value.setText(day_text(self.day, language))
        self.stepper.minus.setAccessibleName(tr("services.earlier", language))
        self.stepper.plus.setAccessibleName(tr("services.later", language))
        self.scope_note.setText(tr("services.kiosk_only", language))
        self.pick.setText(tr("services.pick", language))
        self.panel.retranslate(language)
        if self.isVisible():
            self._render()

    def _render(self) -> None:
        clear_layout(self.rows)
        lang = self.language
        has_store = bool(self.ops.runtime.config.store_db_url)
        self.scope_note.setVisible(self.scope is Scope.KIOSK and has_store)  # fell back
        if self.failed:
            self.rows.addWidget(
                kit.text(
                    "body_s", tr("services.failed", lang), tone="muted", wrap=True, name="failed"
                )
            )
        if self.scope is None:
            if not self.failed:
                self.rows.addWidget(kit.text("body_s", tr("services.loading", lang), tone="muted"))
            self.rows.addStretch(1)
            return
        if not self.bookings:
            calm = kit.text(
                "body_s",
                tr("services.none", lang, day=day_text(self.day, lang)),
                tone="muted",
                wrap=True,
                name="nothing-booked",
            )
            self.rows.addWidget(calm)
            self.rows.addStretch(1)
            return
        slots: dict[str, list[Booking]] = {}
        for pair in self.bookings:
            slots.setdefault(pair[0].slot, []).append(pair)
        for slot, members in slots.items():
            first = members[0][0]
            heading = kit.text(
                "eyebrow_xs",
                f"{slot_words(slot, first.start, first.end, lang).upper()}  ·  {len(members)}",
                tone="accent",
                wrap=True,
                name=f"slot-{slot}",
            )
            heading.setContentsMargins(0, 14, 0, 2)
            self.rows.addWidget(heading)
            for pair in members:
                self.rows.addWidget(self._row(pair))
        self.rows.addStretch(1)
        self._mark_selected()

    def _row(self, pair: Booking) -> QPushButton:
        booking, purchase = pair
        lang = self.language
        row, line = pick_row(f"booking-{booking.id}", accent=booking.status == "booked")
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(
            kit.text("item", tr(f"services.service.{booking.service}", lang), name="service")
        )
        what = items_text(self.ctx.pack, purchase, booking.service, lang)
        left.addWidget(kit.text("caption", what, tone="muted", wrap=True, name="items"))
        line.addLayout(left, 1)
        status = kit.text(
            "caption",
            tr(f"services.status.{booking.status}", lang),
            tone="accent" if booking.status == "booked" else "muted",
            name="status",
        )
        status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        line.addWidget(status)
        row.clicked.connect(lambda _=False, b=booking.id: self.open_booking(b))
        return row

    def _mark_selected(self) -> None:
        mark_open(self.rows, f"booking-{self.selected}")
