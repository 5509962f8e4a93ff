"""The client book in a client's profile: their one advisor, and the dates they agreed to share.

The advisor line says who looks after the client ("Advisor: Claire D.", or none yet) and lets
the associate take the client on ("Make me the advisor"); a manager may choose any associate
of the store. The key dates card lists each date (what it is, the date, when it next comes,
and small, the consent wording the client agreed to) with "Remove" (asked twice) and "Add a
key date". Without the client's key dates consent there is no date to add: the card says so
and "Ask the client" shows them the consent's wording first, on a screen turned to them.

Writes go through the recorder and the outbox like every profile write; a refusal from the
domain (no clienteling consent any more, an advisor who cannot be chosen) is said in the
associate's words and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.clients.book import BookError
from kiosk.clients.consent import KEY_DATES
from kiosk.clients.key_dates import KeyDateView
from kiosk.clock import utcnow
from kiosk.station.place import store_zone
from ui import kit, theme
from ui.screens.associate.booking_grid import day_label
from ui.screens.associate.clients import scrolled
from ui.screens.associate.frame import card
from ui.screens.associate.key_dates_calendar import day_month
from ui.screens.associate.my_clients_rows import days_until, kind_word
from ui.screens.associate.pick_list import pick_rows
from ui.strings import keys, tr
from ui.widgets.layouts import clear_layout
from ui.widgets.scroll_fade import ScrollFade

if TYPE_CHECKING:
    from kiosk.clients.profile import ClientProfile
    from ui.context import ScreenContext
    from ui.router import Screen


def faded(holder: QWidget) -> QScrollArea:
    """A profile's list, flicked, its cut edge faded: a long history says it goes on rather
    than slicing a line (the head is taller with the advisor, so the cards are shorter)."""
    scroll = scrolled(holder)
    # the fade says the list goes on; a bar shown "as needed" came and went with a history
    # just at the card's height (the screenshot of one state differed from run to run)
    scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    ScrollFade(scroll, 64, axes=(Qt.Orientation.Vertical,))
    return scroll


def has_key_dates_consent(client: ClientProfile) -> bool:
    return any(c.purpose == KEY_DATES and c.withdrawn_at is None for c in client.consents)


def refusal_key(error: BaseException) -> str:
    """The string key for a refused client-book write: the domain's own reason (its
    ``field`` or ``code``) when the kiosk has words for it, else "could not be saved"."""
    reason = getattr(error, "field", None) or getattr(error, "code", None)
    if isinstance(error, BookError) and reason == "consent":
        reason = "no_profile"  # the clienteling consent, not the key dates one, is missing
    key = f"book.error.{reason}"
    return key if reason and key in set(keys()) else "book.error.failed"


class BookPart:
    """The advisor line (``advisor_row``, for the profile's head) and the key dates card
    (``card``) of the profile ``owner``; ``reload`` reads the profile again after a write."""

    def __init__(self, ctx: ScreenContext, owner: Screen, reload: Callable[[], None]) -> None:
        self.ctx, self.reload = ctx, reload
        self.ops = ctx.operations(owner, self.words)  # its own: a refusal is not the profile's
        self.language = ctx.default_language
        self.client: ClientProfile | None = None
        self.removing: uuid.UUID | None = None  # the date whose removal is being confirmed
        self.withdrawing = False  # the client's withdrawal being confirmed
        self.error_key = ""
        self.error_by_advisor = False

        self.advisor_row = QWidget()
        line = QHBoxLayout(self.advisor_row)
        line.setContentsMargins(0, 6, 0, 0)
        line.setSpacing(16)
        self.advisor = kit.text("body_s", wrap=True, name="client-advisor")
        line.addWidget(self.advisor)  # the buttons right after the name, not across the page
        self.take_button = kit.button("secondary", role="label", name="advisor-me")
        self.take_button.setMinimumHeight(theme.MIN_TOUCH)
        self.take_button.clicked.connect(self._take)
        line.addWidget(self.take_button)
        self.choose_button = kit.button("quiet", name="advisor-choose")
        self.choose_button.clicked.connect(self._choose)
        line.addWidget(self.choose_button)
        line.addStretch(1)
        self.advisor_message = kit.text("caption", tone="accent", wrap=True, name="advisor-message")

        self.card, column, self.title = card()
        head = QHBoxLayout()  # the title, and "Add a key date" beside it: room for the dates
        head.setSpacing(16)
        column.removeWidget(self.title)
        head.addWidget(self.title, 1)
        column.addLayout(head)
        self.note = kit.text("caption", tone="muted", wrap=True, name="key-dates-note")
        column.addWidget(self.note)
        self.list = pick_rows(column)  # flicked, its cut edge faded
        for scroll in self.card.findChildren(QScrollArea):
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message = kit.text("caption", tone="accent", wrap=True, name="key-dates-message")
        column.addWidget(self.message)
        self.add_button = kit.button("secondary", role="label", name="key-date-add")
        self.add_button.setMinimumHeight(theme.MIN_TOUCH)
        self.add_button.clicked.connect(self._add)
        head.addWidget(self.add_button)

    def beside(self, preferences: QWidget) -> QBoxLayout:
        """The profile's first column: the client's preferences and the key dates card, one
        over the other; side by side in portrait, where the columns are stacked."""
        self.first = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.first.setSpacing(24)
        self.first.addWidget(preferences, 1)
        self.first.addWidget(self.card, 1)
        return self.first

    def set_portrait(self, portrait: bool) -> None:
        self.first.setDirection(
            QBoxLayout.Direction.LeftToRight if portrait else QBoxLayout.Direction.TopToBottom
        )

    # -- life --------------------------------------------------------------------------------
    def clear(self) -> None:
        self.ops.reset()
        self.client, self.removing, self.error_key = None, None, ""
        clear_layout(self.list)

    def show(self, client: ClientProfile | None) -> None:
        if client is None or self.client is None or client.id != self.client.id:
            self.removing, self.withdrawing, self.error_key = None, False, ""
        self.client = client
        self.render()

    def words(self, error: BaseException) -> str:
        self.error_key = refusal_key(error)
        return tr(self.error_key, self.language)

    def _me(self) -> uuid.UUID | None:
        me = self.ctx.associate.associate
        return me.id if me is not None else None

    def _write(self, what: str, op: Callable[[], object]) -> None:
        self.error_key, self.error_by_advisor = "", what == "client advisor"
        self.ops.write(what, op, lambda _done: self._written(), lambda _said: self.render())

    def _written(self) -> None:
        self.removing, self.withdrawing = None, False
        self.reload()

    # -- the advisor ---------------------------------------------------------------------------
    def _take(self) -> None:
        client, me = self.client, self._me()
        if client is None or me is None:
            return
        book, customer, at = self.ops.runtime.client_book, client.id, utcnow()
        self._write("client advisor", lambda: book.set_advisor(customer, me, me, at))

    def _choose(self) -> None:
        client = self.client
        if client is not None:
            self.ctx.associate.open_tool(
                "client_advisor",
                customer_id=client.id,
                client_name=client.name,
                advisor_id=client.advisor_id,
            )

    # -- key dates -----------------------------------------------------------------------------
    def _add(self) -> None:
        client = self.client
        if client is None:
            return
        screen = "key_date" if has_key_dates_consent(client) else "key_dates_consent"
        self.ctx.associate.open_tool(screen, customer_id=client.id, client_name=client.name)

    def _ask_remove(self, key_date: uuid.UUID | None) -> None:
        self.removing = key_date
        self.render()

    def _remove(self, key_date: uuid.UUID) -> None:
        me = self._me()
        if me is None:
            return
        book, at = self.ops.runtime.client_book, utcnow()
        self._write("key date removed", lambda: book.remove_key_date(key_date, me, at))

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        self.language = language
        self.title.setText(tr("book.key_dates", language))
        self.take_button.setText(tr("book.advisor.take", language))
        self.choose_button.setText(tr("book.advisor.choose", language))
        self.render()

    def render(self) -> None:
        lang, client = self.language, self.client
        clear_layout(self.list)
        shown = client is not None
        self.advisor_row.setVisible(shown)
        self.card.setVisible(shown)
        by_advisor = self.error_by_advisor  # the refusal said where it was asked
        self.advisor_message.setVisible(shown and bool(self.error_key) and by_advisor)
        self.message.setVisible(shown and bool(self.error_key) and not by_advisor)
        said = tr(self.error_key, lang) if self.error_key else ""
        self.advisor_message.setText(said)
        self.message.setText(said)
        if client is None:
            return
        me = self.ctx.associate.associate
        manager = me is not None and me.role == "manager"
        if client.advisor_id is None:
            self.advisor.setText(tr("book.advisor.none", lang))
        else:
            name = client.advisor_name or tr("book.advisor.unknown", lang)
            self.advisor.setText(tr("book.advisor.is", lang, name=name))
        self.take_button.setVisible(me is not None and client.advisor_id != me.id)
        self.choose_button.setVisible(manager)
        consented = has_key_dates_consent(client)
        self.note.setText(tr("book.key_dates.no_consent", lang) if not consented else "")
        self.note.setVisible(not consented)
        self.add_button.setText(
            tr("book.key_dates.add" if consented else "book.key_dates.ask", lang)
        )
        if consented and not client.key_dates:
            self.list.addWidget(
                kit.text("body_s", tr("book.key_dates.none", lang), tone="muted", wrap=True)
            )
        today = utcnow().astimezone(store_zone(self.ctx.config)).date()
        for key_date in client.key_dates:
            self.list.addWidget(self._row(key_date, today))
        if consented:
            self.list.addWidget(self._withdrawal())
        self.list.addStretch(1)

    def _ask_withdraw(self, asking: bool) -> None:
        self.withdrawing = asking
        self.render()

    def _withdraw(self) -> None:
        client = self.client
        if client is None:
            return
        book, customer, at = self.ops.runtime.client_book, client.id, utcnow()
        self._write("key dates withdrawn", lambda: book.withdraw_key_dates(customer, at))

    def _withdrawal(self) -> QWidget:
        """The client takes their agreement back: asked twice, since their dates are erased
        for good (the profile stays)."""
        lang = self.language
        box = QWidget()
        lines = QVBoxLayout(box)
        lines.setContentsMargins(0, 8, 0, 0)
        lines.setSpacing(8)
        if not self.withdrawing:
            ask = kit.button(
                "quiet", tr("book.key_dates.withdraw", lang), name="key-dates-withdraw"
            )
            ask.clicked.connect(lambda: self._ask_withdraw(True))
            lines.addWidget(ask, 0, Qt.AlignmentFlag.AlignLeft)
            return box
        lines.addWidget(kit.text("caption", tr("book.key_dates.withdraw_what", lang), wrap=True))
        row = QVBoxLayout()  # one over the other: a half-width card in portrait holds them
        row.setSpacing(4)
        sure = kit.button("secondary", tr("book.key_dates.withdraw_sure", lang), role="label")
        kit.mark(sure, "grave")
        sure.setObjectName("key-dates-withdraw-sure")
        sure.setMinimumHeight(theme.MIN_TOUCH)
        sure.clicked.connect(self._withdraw)
        row.addWidget(sure, 0, Qt.AlignmentFlag.AlignLeft)
        keep = kit.button("quiet", tr("book.key_dates.keep", lang), name="key-dates-keep")
        keep.clicked.connect(lambda: self._ask_withdraw(False))
        row.addWidget(keep, 0, Qt.AlignmentFlag.AlignLeft)
        lines.addLayout(row)
        return box

    def _row(self, key_date: KeyDateView, today: dt.date) -> QWidget:
        lang = self.language
        box = QWidget()
        box.setObjectName(f"key-date-{key_date.id}")
        kit.mark(box, "edge")
        line = QHBoxLayout(box)
        line.setContentsMargins(20, 4, 0, 4)
        line.setSpacing(12)
        text = QVBoxLayout()
        text.setSpacing(2)
        kind = kind_word(key_date.kind, key_date.label, lang)
        date = day_month(key_date.month, key_date.day, key_date.year, lang)
        text.addWidget(kit.text("item_s", f"{kind}  ·  {date}", wrap=True, name="key-date-what"))
        upcoming = key_date.next_on(today)
        text.addWidget(
            kit.text(
                "caption",
                tr(
                    "book.key_dates.next",
                    lang,
                    day=day_label(upcoming, lang),
                    when=days_until(upcoming, today, lang),
                ),
                tone="muted",
                wrap=True,
            )
        )
        text.addWidget(
            kit.text(
                "fine",
                tr("book.key_dates.wording", lang, version=key_date.wording_version),
                tone="muted",
                wrap=True,
            )
        )
        line.addLayout(text, 1)
        if self.removing == key_date.id:
            ask = QVBoxLayout()
            ask.setSpacing(6)
            sure = kit.button("primary", tr("book.key_dates.remove_sure", lang), role="label")
            sure.setObjectName("key-date-remove-sure")
            sure.setMinimumHeight(theme.MIN_TOUCH)
            sure.clicked.connect(lambda _=False, k=key_date.id: self._remove(k))
            keep = kit.button("quiet", tr("book.key_dates.keep", lang), name="key-date-keep")
            keep.clicked.connect(lambda: self._ask_remove(None))
            ask.addWidget(sure)
            ask.addWidget(keep)
            line.addLayout(ask)
        else:
            remove = kit.button("quiet", tr("book.key_dates.remove", lang), name="key-date-remove")
            remove.clicked.connect(lambda _=False, k=key_date.id: self._ask_remove(k))
            line.addWidget(remove)
        return box
