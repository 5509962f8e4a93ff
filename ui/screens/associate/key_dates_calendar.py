"""Picking a day with a finger: a month's calendar (an associate's "away until"), and a day
and month without a year (a client's birthday), both as grids of large buttons.

No spinner and no typed date: a spinner is fiddly on glass and a typed date is ambiguous
(is 04/05 April or May?). A tap on a day picks it; the chosen day shows in ink, the rest in
the desk's quiet buttons, as the kiosk's other choices do. The words for a key date (with or
without its year) live here too, so the profile, "My clients" and the form say it alike.
"""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import kit, theme
from ui.screens.associate.booking_grid import MONTHS, WEEKDAYS, day_label

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # not the machine locale's: the kiosk's words are its own
ZH_MONTHS = tuple(f"{n}月" for n in range(1, 13))
CELL = theme.MIN_TOUCH + 8
LONGEST = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February: a leap-day birthday


def day_month(month: int, day: int, year: int | None, language: str) -> str:
    """ "14 Dec" or "14 Dec 1985"; "12月14日" or "1985年12月14日"."""
    if language.startswith("zh"):
        return (f"{year}年" if year else "") + f"{month}月{day}日"
    return f"{day} {MONTHS[month - 1]}" + (f" {year}" if year else "")


def month_name(month: int, language: str) -> str:
    return ZH_MONTHS[month - 1] if language.startswith("zh") else MONTHS[month - 1]


def _choice(text: str, name: str) -> QPushButton:
    button = kit.button("secondary", text, role="body_s", name=name)
    kit.mark(button, "cell")  # a grid of choices: a touch's height, not a button's padding
    button.setCheckable(True)
    button.setMinimumSize(theme.MIN_TOUCH, CELL)
    return button


class MonthCalendar(QWidget):
    """A month of days, Monday first, "‹" and "›" through the months from ``earliest``'s;
    days before ``earliest`` cannot be picked. ``picked(date)`` on a tap."""

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "en"
        self.earliest = dt.date.today()
        self.chosen: dt.date | None = None
        self.year, self.month = self.earliest.year, self.earliest.month
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        head = QHBoxLayout()
        self.earlier = kit.button("secondary", "‹", role="title_s", name="calendar-earlier")
        self.earlier.setMinimumSize(theme.MIN_TOUCH + 16, theme.MIN_TOUCH)
        self.earlier.clicked.connect(lambda: self._turn(-1))
        self.title = kit.text("title_s", name="calendar-month")
        self.later = kit.button("secondary", "›", role="title_s", name="calendar-later")
        self.later.setMinimumSize(theme.MIN_TOUCH + 16, theme.MIN_TOUCH)
        self.later.clicked.connect(lambda: self._turn(1))
        head.addWidget(self.earlier)
        head.addStretch(1)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.later)
        column.addLayout(head)
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        self.weekdays = [kit.text("caption_s", tone="muted") for _ in range(7)]
        for i, label in enumerate(self.weekdays):
            self.grid.addWidget(label, 0, i)
            self.grid.setColumnStretch(i, 1)  # seven equal columns, whatever the numerals
        self.days: list[QPushButton] = []
        self.group = QButtonGroup(self)
        for i in range(42):
            button = _choice("", f"calendar-day-{i}")
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            button.setMaximumHeight(CELL * 2)  # a calendar that fills a tall screen's sheet
            button.clicked.connect(lambda _=False, n=i: self._tap(n))
            self.group.addButton(button)
            self.grid.addWidget(button, 1 + i // 7, i % 7)
            self.days.append(button)
        column.addLayout(self.grid, 1)

    def start(self, earliest: dt.date, chosen: dt.date | None) -> None:
        """Open on ``chosen``'s month (or ``earliest``'s), nothing before ``earliest``."""
        self.earliest, self.chosen = earliest, chosen
        first = chosen or earliest
        self.year, self.month = first.year, first.month
        self._render()

    def set_language(self, language: str) -> None:
        self.language = language
        self._render()

    def _first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def _turn(self, step: int) -> None:
        index = self.year * 12 + self.month - 1 + step
        self.year, self.month = divmod(index, 12)
        self.month += 1
        self._render()

    def _day_of(self, index: int) -> dt.date | None:
        offset = index - self._first().weekday()
        size = calendar.monthrange(self.year, self.month)[1]
        return self._first() + dt.timedelta(days=offset) if 0 <= offset < size else None

    def _tap(self, index: int) -> None:
        day = self._day_of(index)
        if day is not None:
            self.chosen = day
            self.picked.emit(day)

    def _render(self) -> None:
        zh = self.language.startswith("zh")
        self.title.setText(
            f"{self.year}年{self.month}月" if zh else f"{MONTH_NAMES[self.month - 1]} {self.year}"
        )
        for i, label in enumerate(self.weekdays):
            label.setText(WEEKDAYS["zh" if zh else "en"][i])
        self.group.setExclusive(False)
        for i, button in enumerate(self.days):
            day = self._day_of(i)
            button.setText(str(day.day) if day else "")
            button.setEnabled(day is not None and day >= self.earliest)
            button.setVisible(day is not None or i < 35)  # a sixth row only when a month needs it
            button.setChecked(day is not None and day == self.chosen)
            if day is not None:
                button.setAccessibleName(day_label(day, self.language))
        self.group.setExclusive(True)
        earliest = self.earliest
        self.earlier.setEnabled(self._first() > dt.date(earliest.year, earliest.month, 1))


class DayMonthGrid(QWidget):
    """The twelve months, then the days of the month chosen: a date without a year.
    ``changed`` on every tap; ``month`` and ``day`` are None until chosen."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month: int | None = None
        self.day: int | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        months = QGridLayout()
        months.setSpacing(8)
        self.months: list[QPushButton] = []
        self.month_group = QButtonGroup(self)
        for i in range(12):
            button = _choice("", f"month-{i + 1}")
            button.clicked.connect(lambda _=False, m=i + 1: self._month(m))
            self.month_group.addButton(button)
            months.addWidget(button, i // 6, i % 6)
            months.setColumnStretch(i % 6, 1)
            self.months.append(button)
        column.addLayout(months)
        days = QGridLayout()
        days.setSpacing(8)
        self.days: list[QPushButton] = []
        self.day_group = QButtonGroup(self)
        for i in range(31):
            button = _choice(str(i + 1), f"day-{i + 1}")
            button.clicked.connect(lambda _=False, d=i + 1: self._day(d))
            self.day_group.addButton(button)
            days.addWidget(button, i // 8, i % 8)
            days.setColumnStretch(i % 8, 1)
            self.days.append(button)
        column.addLayout(days)

    def set_language(self, language: str) -> None:
        for i, button in enumerate(self.months):
            button.setText(month_name(i + 1, language))

    def reset(self) -> None:
        self.month = self.day = None
        for group in (self.month_group, self.day_group):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self._render()

    def _month(self, month: int) -> None:
        self.month = month
        if self.day is not None and self.day > LONGEST[month - 1]:
            self.day = None  # 31 does not come in April: pick the day again
            self.day_group.setExclusive(False)
            for button in self.days:
                button.setChecked(False)
            self.day_group.setExclusive(True)
        self._render()
        self.changed.emit()

    def _day(self, day: int) -> None:
        self.day = day
        self.changed.emit()

    def _render(self) -> None:
        longest = LONGEST[self.month - 1] if self.month else 31
        for i, button in enumerate(self.days):
            button.setEnabled(self.month is not None and i < longest)
