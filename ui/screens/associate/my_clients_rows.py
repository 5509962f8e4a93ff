"""One line of "My clients": whom (the name, the contact masked), and why to think of them now
(the next key date, the last visit, the follow-ups still open).

The contact stays masked here, as in the search's results: the full number and address are
read only in the profile the row opens, by the associate who opened it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

from ui import kit
from ui.screens.associate.clients import short_date
from ui.screens.associate.key_dates_calendar import day_month
from ui.screens.associate.pick_list import pick_row
from ui.strings import tr

if TYPE_CHECKING:
    from kiosk.clients.book import BookRow


def kind_word(kind: str | None, label: str | None, language: str) -> str:
    """What a key date is: "Birthday", "Move-in date", or the client's own label."""
    if kind == "other" and label:
        return label
    return tr(f"book.kind.{kind or 'other'}", language)


def days_until(day: dt.date, today: dt.date, language: str) -> str:
    """ "today", "tomorrow", "in 5 days"."""
    n = (day - today).days
    if n <= 0:
        return tr("book.when.today", language)
    if n == 1:
        return tr("book.when.tomorrow", language)
    return tr("book.when.days", language, n=n)


def book_row(
    row: BookRow, today: dt.date, language: str, zone: dt.tzinfo | None = None
) -> QPushButton:
    """The row for a client (named ``book-<id>``), the brass edge when a key date is near."""
    near = row.next_key_date is not None and (row.next_key_date - today).days <= 14
    button, line = pick_row(f"book-{row.customer_id}", accent=near)
    button.setCheckable(False)
    who = QVBoxLayout()
    who.setSpacing(4)
    who.addWidget(kit.text("item", row.name, wrap=True, name="book-name"))
    parts = [row.masked_contact] if row.masked_contact else []
    if row.member_number:
        parts.append(tr("clients.results.member", language, number=row.member_number))
    who.addWidget(
        kit.text("caption", "  ·  ".join(parts), tone="muted", wrap=True, name="book-contact")
    )
    line.addLayout(who, 5)
    why = QVBoxLayout()
    why.setSpacing(4)
    if row.next_key_date is not None:
        date = row.next_key_date
        said = tr(
            "book.row.key_date",
            language,
            kind=kind_word(row.next_key_kind, None, language),
            date=day_month(date.month, date.day, None, language),
            when=days_until(date, today, language),
        )
        why.addWidget(
            kit.text(
                "body_s", said, tone="accent" if near else "ink", wrap=True, name="book-key-date"
            )
        )
    facts = [
        tr("book.row.last_visit", language, date=short_date(row.last_visit, language, zone))
        if row.last_visit
        else tr("book.row.no_visit", language)
    ]
    if row.open_tasks:  # nothing said when nothing is open: the row stays quiet
        facts.append(tr("book.row.tasks", language, n=row.open_tasks))
    why.addWidget(
        kit.text("caption", "  ·  ".join(facts), tone="muted", wrap=True, name="book-facts")
    )
    line.addLayout(why, 4)
    for label in button.findChildren(QLabel):
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
    return button
