"""Free slots as a calm grid by day, and the words for a day, a slot and its hours.

The booking screen and the client's purchases both say "Tue 8 Dec, morning 08:00–12:00"
the same way, so the words live here with the grid. The grid shows six days that have a free
place at a time (three to a row: roomy in a landscape column and in portrait alike), each day
its slots as large buttons with their hours and the places left; "Earlier" and "Later" page
through the weeks the store opens. One tap picks a slot (``picked``); the screen confirms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import kit, theme
from ui.kit import TextRole
from ui.strings import keys, tr
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from kiosk.aftersale.bookings import SlotChoice
    from kiosk.aftersale.purchases import BookingView, PurchaseView

Action = tuple[str, str, Callable[[], None]]
"""A button of a service's row: its name, its string key, what it does."""

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
COLUMNS = 3
ROWS = 2  # six days a page on a wide screen
TALL_ROWS = 3  # nine on a tall one: two rows left a 250 px empty band above the confirm


def day_label(day: dt.date, language: str) -> str:
    """A day as each language writes it on a calendar: "Tue 8 Dec", "12月8日 周二"."""
    if language.startswith("zh"):
        return f"{day.month}月{day.day}日 {WEEKDAYS['zh'][day.weekday()]}"
    return f"{WEEKDAYS['en'][day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def slot_label(name: str, language: str) -> str:
    """The slot's name in words (morning, afternoon...), or as the configuration names it."""
    key = f"booking.slot.{name}"
    return tr(key, language) if key in set(keys()) else name.capitalize()


def hours(start: dt.time | None) -> str:
    return f"{start:%H:%M}" if start is not None else ""


def when(day: dt.date, slot: str, start: dt.time | None, end: dt.time | None, language: str) -> str:
    """ "Tue 8 Dec, morning 08:00–12:00" / "12月8日 周二上午 08:00–12:00"."""
    name = slot_label(slot, language)
    if not language.startswith("zh"):
        name = name.lower()
    return tr(
        "booking.when",
        language,
        day=day_label(day, language),
        slot=name,
        start=hours(start),
        end=hours(end),
    ).strip()


def service_name(service: str, language: str, lower: bool = False) -> str:
    return tr(f"sale.service.{service}" + (".lower" if lower else ""), language)


def live_booking(purchase: PurchaseView, service: str) -> BookingView | None:
    """The service's booking that holds its place (booked or done), if any."""
    return next(
        (b for b in purchase.bookings if b.service == service and b.status != "cancelled"), None
    )


def booking_status(
    booking: BookingView | None, language: str, zone: dt.tzinfo | None = None
) -> str:
    """A service's booking in words: its time, when it was done (on the store's clocks,
    ``zone``; the machine's without one), or not booked yet."""
    if booking is None:
        return tr("booking.not_booked", language)
    if booking.status == "done" and booking.done_at is not None:
        day = day_label(booking.done_at.astimezone(zone).date(), language)
        return tr("booking.done", language, day=day)
    return when(booking.day, booking.slot, booking.start, booking.end, language)


def service_row(
    service: str, status: str, ask: str, actions: Sequence[Action], language: str
) -> QWidget:
    """One service of a purchase: its name, its booking (or "not booked yet"), a question
    being asked of it (cancel?) and its buttons."""
    box = QWidget()
    box.setObjectName(f"service-{service}")
    kit.mark(box, "edge")
    lines = QVBoxLayout(box)
    lines.setContentsMargins(20, 4, 0, 4)
    lines.setSpacing(8)
    lines.addWidget(kit.text("item", service_name(service, language)))
    lines.addWidget(kit.text("body_s", status, wrap=True, name=f"status-{service}"))
    if ask:
        lines.addWidget(kit.text("body_s", ask, tone="accent", wrap=True, name="booking-ask"))
    buttons = QHBoxLayout()
    buttons.setSpacing(12)
    for name, key, action in actions:
        button = kit.button(
            "secondary", tr(key, language), role="button_s", name=f"{name}-{service}"
        )
        button.setMinimumHeight(theme.MIN_TOUCH + 8)
        button.clicked.connect(lambda _=False, act=action: act())
        buttons.addWidget(button)
    buttons.addStretch(1)
    lines.addLayout(buttons)
    return box


class Tile(QPushButton):
    """A button made of lines (labels in its layout): its size is theirs, which a push
    button's own size hint (the style's, for its text) knows nothing of."""

    def sizeHint(self) -> QSize:
        lines = self.layout()
        own = super().sizeHint()
        return own.expandedTo(lines.totalSizeHint()) if lines is not None else own

    def minimumSizeHint(self) -> QSize:
        lines = self.layout()
        own = super().minimumSizeHint()
        return own.expandedTo(lines.totalMinimumSize()) if lines is not None else own


class SlotGrid(QWidget):
    """Six days with free places at a time, each day's slots as buttons; ``picked(choice)``
    when one is tapped (tapped again, it stays picked: the screen's confirm decides)."""

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "en"
        self.choices: list[SlotChoice] = []
        self.page = 0
        self.rows = ROWS
        self.buttons: dict[tuple[dt.date, str], QPushButton] = {}
        self.group = QButtonGroup(self)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(20)
        self.grid.setVerticalSpacing(24)
        column.addLayout(self.grid)
        paging = QHBoxLayout()
        paging.setSpacing(16)
        self.earlier = kit.button("quiet", name="slots-earlier")
        self.later = kit.button("quiet", name="slots-later")
        for button, step in ((self.earlier, -1), (self.later, 1)):
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.clicked.connect(lambda _=False, s=step: self._turn(s))
        paging.addWidget(self.earlier)
        paging.addStretch(1)
        paging.addWidget(self.later)
        column.addLayout(paging)

    @property
    def days_shown(self) -> int:
        return self.rows * COLUMNS

    def set_portrait(self, portrait: bool) -> None:
        """Portrait: three rows of days, set closer, in the height a 1920 px screen gives the
        times (two rows left an empty band under them); the page kept where it starts."""
        rows = TALL_ROWS if portrait else ROWS
        if rows == self.rows:
            return
        first = self.page * self.days_shown
        self.rows = rows
        self.page = first // self.days_shown
        self.grid.setVerticalSpacing(14 if portrait else 24)
        self._render()

    def days(self) -> list[dt.date]:
        return sorted({c.day for c in self.choices if c.free > 0})

    def show_choices(self, choices: Sequence[SlotChoice], language: str) -> None:
        self.choices = [c for c in choices if c.free > 0]
        self.page = 0
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.language = language
        self.earlier.setText(tr("booking.earlier", language))
        self.later.setText(tr("booking.later", language))
        self._render()

    def clear(self) -> None:
        self.choices = []
        self.page = 0
        self._render()

    def _turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self._render()

    def _render(self) -> None:
        for button in self.group.buttons():
            self.group.removeButton(button)
        clear_layout(self.grid)
        self.buttons = {}
        days = self.days()
        per = self.days_shown
        shown = days[self.page * per : (self.page + 1) * per]
        self.earlier.setVisible(self.page > 0)
        self.later.setVisible(len(days) > (self.page + 1) * per)
        lang = self.language
        for i, day in enumerate(shown):
            block = QWidget()
            block.setObjectName(f"day-{day.isoformat()}")
            lines = QVBoxLayout(block)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(10 if self.rows == ROWS else 6)
            lines.addWidget(kit.text("item_s", day_label(day, lang), wrap=True))
            for choice in (c for c in self.choices if c.day == day):
                lines.addWidget(self._slot_button(choice))
            lines.addStretch(1)
            self.grid.addWidget(block, i // COLUMNS, i % COLUMNS)
        for col in range(COLUMNS):
            self.grid.setColumnStretch(col, 1)

    def _slot_button(self, choice: SlotChoice) -> QPushButton:
        """A slot as a tile: its name, its hours and the places left, each a line of its own
        (labels, so each wraps and is measured as text is); in the taller grid (portrait)
        the places left beside the hours, so that three rows of days fit the height."""
        lang = self.language
        button = Tile()
        button.setObjectName(f"slot-{choice.day.isoformat()}-{choice.slot}")
        kit.mark(button, "option")
        button.setCheckable(True)
        lines = QVBoxLayout(button)
        lines.setContentsMargins(20, 12, 12, 12)
        lines.setSpacing(2)
        span = f"{hours(choice.start)}–{hours(choice.end)}"
        said: tuple[tuple[TextRole, str], ...] = (
            ("item_s", slot_label(choice.slot, lang)),
            ("body_s", span),
            ("caption_s", tr("booking.free", lang, n=choice.free)),
        )
        row = QHBoxLayout()  # the hours and the places left, in the taller grid
        row.setSpacing(12)
        for role, text in said:
            label = kit.text(role, text, tone="muted" if role == "caption_s" else "ink")
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            if self.rows == ROWS or role == "item_s":
                lines.addWidget(label)
            else:
                row.addWidget(label, 0, Qt.AlignmentFlag.AlignBaseline)
        if row.count():
            row.addStretch(1)
            lines.addLayout(row)
        button.clicked.connect(lambda _=False, c=choice: self.picked.emit(c))
        self.group.addButton(button)
        self.buttons[(choice.day, choice.slot)] = button
        return button
