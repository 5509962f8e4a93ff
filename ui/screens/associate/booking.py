"""Booking a purchase's delivery and installation for the client, on the store's real slots.

For each service the purchase needs: its booking (with Move and Cancel) or "not booked yet";
for the service being booked, the next free slots as a calm grid by day, one tap to pick and
one to confirm. Every step needs the store database, which decides who gets the last place of
a slot: a lost race says plainly that the time was just taken and shows the next free times;
with the store database silent the screen says so, says the sale itself is saved, and offers
to try again. It never shows a booking the store has not made.

The purchase is read (store first, this kiosk's copy when the store is silent) and the free
slots fetched off the GUI thread. Bookings, moves and cancellations go straight into the
store database off the GUI thread too, not through the recorder and the outbox (the one
such write, docs/architecture.md): ``Bookings`` pushes a sale made here moments ago first.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.aftersale.bookings import BookingError, BookingNeedsStore, PastCutoff, SlotTaken
from kiosk.clock import utcnow
from kiosk.station.place import store_zone
from ui import kit
from ui.screens.associate.booking_grid import (
    Action,
    SlotGrid,
    booking_status,
    live_booking,
    service_name,
    service_row,
    when,
)
from ui.screens.associate.clients import scrolled, short_date
from ui.screens.associate.frame import CLIENT_ROLES, AssociateFrame, card
from ui.strings import tr
from ui.widgets.layouts import clear_layout
from ui.widgets.scroll_fade import ScrollFade

if TYPE_CHECKING:
    from kiosk.aftersale.bookings import SlotChoice
    from kiosk.aftersale.purchases import BookingView, PurchaseView
    from kiosk.scope import Read
    from ui.context import ScreenContext

RETRIED = ("booking.offline", "booking.on_its_way", "booking.error.other")
DAYS_AHEAD = 42  # the weeks the grid pages through; the store's horizon may end sooner


class BookingScreen(AssociateFrame):
    NAME = "booking"
    ROLES = CLIENT_ROLES

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.purchase_id: uuid.UUID | None = None
        self.purchase: PurchaseView | None = None
        self.state_key = ""  # instead of the purchase: loading, not found
        self.service = ""  # the service the grid is for
        self.moving: BookingView | None = None
        self.cancelling: BookingView | None = None
        self.choice: SlotChoice | None = None
        self.loading_free = False
        self.said: tuple[str, dict[str, str]] | None = None  # the last answer, as a key
        self.retry: Callable[[], None] | None = None
        self.back_button = self.band_button("booking-back", ctx.back)

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(72, 36, 72, 40)
        self.columns.setSpacing(32)
        services, column, self.services_title = card()
        self.order = kit.text("caption_s", tone="muted", wrap=True, name="booking-order")
        column.addWidget(self.order)
        self.service_list = QVBoxLayout()
        self.service_list.setSpacing(18)
        column.addLayout(self.service_list)
        column.addStretch(1)
        self.columns.addWidget(services, 8)

        slots, column, self.grid_title = card()
        # what just happened (booked, taken, offline) above the times it concerns
        self.message = kit.text("body", tone="accent", wrap=True, name="booking-message")
        column.addWidget(self.message)
        self.retry_button = kit.button("secondary", role="button_s", name="booking-retry")
        self.retry_button.setMinimumHeight(76)
        self.retry_button.clicked.connect(self._retry)
        column.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.grid_note = kit.text("body_s", tone="muted", wrap=True, name="grid-note")
        column.addWidget(self.grid_note)
        self.grid = SlotGrid()
        self.grid.picked.connect(self._picked)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.grid)
        inner.addStretch(1)
        scroll = scrolled(holder)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # flicked
        self.fade = ScrollFade(scroll, 64, axes=(Qt.Orientation.Vertical,))
        column.addWidget(scroll, 1)
        self.confirm_button = kit.button("primary", role="button_s", name="booking-confirm")
        self.confirm_button.setMinimumHeight(76)
        self.confirm_button.clicked.connect(self._confirm)
        column.addWidget(self.confirm_button)
        self.columns.addWidget(slots, 13)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        purchase_id = params.get("purchase_id")
        if isinstance(purchase_id, uuid.UUID) and purchase_id != self.purchase_id:
            self.clear()
            self.purchase_id = purchase_id
        self.retranslate(self.ctx.language)
        self.load()

    def clear(self) -> None:
        self.ops.reset()
        self.purchase_id = None
        self.purchase = None
        self.state_key = ""
        self._start_over()
        self.said = None
        self.retry = None
        self.grid.clear()

    def _start_over(self) -> None:
        self.service, self.moving, self.cancelling, self.choice = "", None, None, None

    def set_portrait(self, portrait: bool) -> None:
        """Portrait: the services at their own height, the times below take the rest."""
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.columns.setStretch(0, 0 if portrait else 8)
        self.grid.set_portrait(portrait)
        self.way_within_reach(self.back_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("booking.eyebrow", language)

    # -- reading -----------------------------------------------------------------------------
    def load(self) -> None:
        purchase_id = self.purchase_id
        if purchase_id is None:
            return
        if self.purchase is None:
            self.state_key = "booking.loading"
            self._render()
        book = self.ops.runtime.purchases
        self.ops.read(lambda: book.get(purchase_id), self._loaded, self._failed, lane="purchase")

    def _loaded(self, read: Read[PurchaseView | None]) -> None:
        self.purchase = read.value
        self.state_key = "" if read.value is not None else "booking.not_found"
        if self.purchase is not None and not self.service:
            unbooked = self.purchase.unbooked()
            if unbooked:
                self._choose(unbooked[0])
                return
        self._render()

    def _choose(self, service: str, moving: BookingView | None = None) -> None:
        """The grid for ``service`` (a new time for ``moving``), read afresh."""
        self.service, self.moving, self.cancelling, self.choice = service, moving, None, None
        self.load_free()

    def load_free(self) -> None:
        service = self.service
        if not service:
            return
        bookings = self.ops.runtime.bookings
        today = utcnow().astimezone(store_zone(self.ctx.config)).date()
        self.loading_free = True
        self.retry = self.load_free
        self.grid.clear()
        self._render()
        self.ops.read(
            lambda: bookings.free(service, today, DAYS_AHEAD, utcnow()),
            self._free,
            self._failed,
            lane="free",
        )

    def _free(self, choices: list[SlotChoice]) -> None:
        self.loading_free = False
        if self.said is not None and self.said[0] in ("booking.offline", "booking.on_its_way"):
            self.said = None  # the store answers again
        self.grid.show_choices(choices, self.language)
        self._render()

    # -- booking -----------------------------------------------------------------------------
    def _picked(self, choice: SlotChoice) -> None:
        self.choice = choice
        self._render()

    def _confirm(self) -> None:
        choice, purchase, me = self.choice, self.purchase, self.ctx.associate.associate
        if choice is None or purchase is None:
            return
        bookings, who, moving = self.ops.runtime.bookings, me.id if me else None, self.moving
        self.retry = self._confirm
        self.confirm_button.setEnabled(False)
        if moving is not None:
            booking_id = moving.id
            self.ops.read(
                lambda: bookings.move(booking_id, choice.day, choice.slot, who, utcnow()),
                lambda view: self._booked(view, "booking.moved_now"),
                self._failed,
                lane="book",
            )
            return
        purchase_id, service = purchase.id, choice.service
        self.ops.read(
            lambda: bookings.book(purchase_id, service, choice.day, choice.slot, who, utcnow()),
            lambda view: self._booked(view, "booking.booked_now"),
            self._failed,
            lane="book",
        )

    def _booked(self, view: BookingView, key: str) -> None:
        self.said = (key, {"when": self._when(view)})
        self.retry = None
        self._start_over()
        self.grid.clear()
        self.load()  # the purchase with its booking, and the next service to book

    def _ask_cancel(self, booking: BookingView | None) -> None:
        """Ask before cancelling ``booking``; None: keep it after all."""
        self.cancelling = booking
        self._render()

    def _cancel(self) -> None:
        booking, me = self.cancelling, self.ctx.associate.associate
        if booking is None:
            return
        bookings, who, booking_id = self.ops.runtime.bookings, me.id if me else None, booking.id
        self.retry = self._cancel
        self.ops.read(
            lambda: bookings.cancel(booking_id, who, utcnow()),
            self._cancelled,
            self._failed,
            lane="book",
        )

    def _cancelled(self, view: BookingView) -> None:
        self.said = ("booking.cancelled_now", {"service": view.service})
        self.retry = None
        self._start_over()
        self.grid.clear()
        self.load()

    def _retry(self) -> None:
        if self.retry is not None:
            self.said = None
            self.retry()

    def words(self, error: BaseException) -> str:
        """What went wrong, in the associate's words; kept as a key so a change of language
        says it again. A lost race keeps its alternatives for the grid."""
        field = error.field if isinstance(error, BookingError) else ""
        if isinstance(error, SlotTaken):
            alternatives = list(error.alternatives)
            key = "booking.taken" if alternatives else "booking.taken_none"
            self.choice = None
            self.grid.show_choices(alternatives, self.language)
        elif isinstance(error, BookingNeedsStore | PastCutoff):
            key = "booking.offline" if isinstance(error, BookingNeedsStore) else "booking.cutoff"
        elif field in ("purchase", "day", "slot", "service", "booking"):
            key = "booking.on_its_way" if field == "purchase" else f"booking.error.{field}"
        else:
            key = "booking.error.other"
        if key not in RETRIED:
            self.retry = None  # the same again would be refused again
        self.said = (key, {})
        return tr(key, self.language)

    def _failed(self, _said: str) -> None:
        self.loading_free = False
        self.cancelling = None
        self._render()

    def _when(self, booking: BookingView) -> str:
        return when(booking.day, booking.slot, booking.start, booking.end, self.language)

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.back_button.setText(tr("booking.back", language))
        self.services_title.setText(tr("booking.services", language))
        self.retry_button.setText(tr("booking.retry", language))
        self.grid.set_language(language)
        self._render()

    def _render(self) -> None:
        lang, purchase = self.language, self.purchase
        clear_layout(self.service_list)
        self.confirm_button.setEnabled(self.choice is not None)
        self._render_message()
        if purchase is None:
            self.order.setText(tr(self.state_key, lang) if self.state_key else "")
            self._render_grid(False)
            return
        self.order.setText(
            tr(
                "booking.order",
                lang,
                ref=purchase.order_ref,
                date=short_date(purchase.created_at, lang, store_zone(self.ctx.config)),
            )
        )
        needs = purchase.needs()
        if not needs:
            self.service_list.addWidget(
                kit.text("body_s", tr("booking.nothing_needed", lang), tone="muted", wrap=True)
            )
        for service in needs:
            self.service_list.addWidget(self._service_row(purchase, service))
        self._render_grid(bool(self.service))

    def _render_message(self) -> None:
        lang = self.language
        said = self.said
        text = ""
        if said is not None:
            key, values = said
            if "service" in values:
                values = {**values, "service": service_name(values["service"], lang, lower=True)}
            text = tr(key, lang, **values)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        failed = said is not None and not said[0].endswith("_now")
        kit.retone(self.message, "accent" if failed else "ink")
        self.retry_button.setVisible(failed and self.retry is not None)

    def _render_grid(self, shown: bool) -> None:
        lang = self.language
        self.grid.setVisible(shown and not self.loading_free)
        self.confirm_button.setVisible(shown)
        if not shown:
            everything = self.purchase is not None and bool(self.purchase.needs())
            title = "booking.all_booked_title" if everything else "booking.choose"
            self.grid_title.setText(tr(title, lang))
            note = "booking.all_booked" if everything else ""
            self.grid_note.setText(tr(note, lang) if note else "")
            self.grid_note.setVisible(bool(note))
            return
        name = service_name(self.service, lang, lower=True)
        title = "booking.grid.move" if self.moving else "booking.grid.book"
        self.grid_title.setText(tr(title, lang, service=name))
        offline = self.said is not None and self.said[0] in (
            "booking.offline",
            "booking.on_its_way",
        )
        if self.loading_free:
            note = tr("booking.loading", lang)
        elif offline:
            note = ""
        elif not self.grid.days():
            note = "" if self.said else tr("booking.none_free", lang)
        else:
            note = tr("booking.pick", lang)
        self.grid_note.setText(note)
        self.grid_note.setVisible(bool(note))
        self.grid.setVisible(not self.loading_free and not offline)
        self.confirm_button.setVisible(not offline)
        choice = self.choice
        if choice is None:
            self.confirm_button.setText(tr("booking.choose", lang))
            return
        words = when(choice.day, choice.slot, choice.start, choice.end, lang)
        key = "booking.confirm_move" if self.moving else "booking.confirm"
        self.confirm_button.setText(tr(key, lang, when=words))

    def _service_row(self, purchase: PurchaseView, service: str) -> QWidget:
        """The service's booking or "not booked yet", and what the associate may do."""
        lang = self.language
        booking = live_booking(purchase, service)
        status = booking_status(booking, lang, store_zone(self.ctx.config))
        ask = ""
        actions: list[Action] = []
        if self.cancelling is not None and booking is not None and self.cancelling.id == booking.id:
            name = service_name(service, lang, lower=True)
            ask = tr("booking.cancel_ask", lang, service=name, when=self._when(booking))
            actions = [("cancel-yes", "booking.cancel_yes", self._cancel)]
            actions.append(("cancel-keep", "booking.cancel_keep", lambda: self._ask_cancel(None)))
        elif booking is None and self.service != service:
            actions = [("choose", "booking.choose", lambda: self._choose(service))]
        elif booking is not None and booking.status == "booked":
            actions = [("move", "booking.move", lambda: self._choose(service, booking))]
            actions.append(("cancel", "booking.cancel", lambda: self._ask_cancel(booking)))
        return service_row(service, status, ask, actions, lang)
