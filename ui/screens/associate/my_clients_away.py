"""An associate's absence, on "My clients": "Away until Fri 11 Dec", set on a calendar and
cleared with "I'm back".

Away means the whole chosen day: the absence ends at the store's midnight after it (the
store's time zone, not the machine's). While an advisor is away for longer than the store's
``advisor_away_hours``, their clients' requests, tasks and outreach go to the whole store
(``kiosk.clients.advisor.route``); the card says so in those words. The write goes through the
recorder and the outbox like every associate write, so every kiosk routes alike.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.clients.away import away_until
from kiosk.clock import utcnow
from kiosk.station.place import at_local, store_zone
from ui import kit, theme
from ui.screens.associate.booking_grid import day_label
from ui.screens.associate.frame import card
from ui.screens.associate.key_dates_calendar import MonthCalendar
from ui.strings import tr, trn

if TYPE_CHECKING:
    from ui.context import ScreenContext
    from ui.operations import Operations


class AwayPart:
    """The away card (``card``) and its calendar page, added to the screen's ``pages``."""

    def __init__(self, ctx: ScreenContext, ops: Operations, pages: QStackedWidget) -> None:
        self.ctx, self.ops, self.pages = ctx, ops, pages
        self.language = ctx.default_language
        self.until: dt.datetime | None = None
        self.known = False  # the absence was read (or written) since the associate came
        self.error_key = ""

        self.card, column, self.title = card()
        row = QHBoxLayout()  # what is so, and the buttons beside it: a card that stays small
        row.setSpacing(24)
        said = QVBoxLayout()
        said.setSpacing(6)
        self.state = kit.text("body_s", wrap=True, name="away-state")
        said.addWidget(self.state)
        self.note = kit.text("caption_s", tone="muted", wrap=True, name="away-note")
        said.addWidget(self.note)
        self.message = kit.text("caption", tone="accent", wrap=True, name="away-message")
        said.addWidget(self.message)
        row.addLayout(said, 1)
        buttons = QVBoxLayout()
        buttons.setSpacing(10)
        self.set_button = kit.button("secondary", role="label", name="away-set")
        self.set_button.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.set_button.clicked.connect(self._pick)
        buttons.addWidget(self.set_button)
        self.back_button = kit.button("secondary", role="label", name="away-clear")
        self.back_button.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.back_button.clicked.connect(lambda: self._write(None))
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        column.addLayout(row)

        page = QWidget()
        centre = QHBoxLayout(page)
        centre.setContentsMargins(72, 40, 72, 48)
        sheet = QFrame()
        kit.surface(sheet, "panel")
        centre.addStretch(1)
        centre.addWidget(sheet, 12)
        centre.addStretch(1)
        lines = QVBoxLayout(sheet)
        lines.setContentsMargins(48, 36, 48, 36)
        lines.setSpacing(18)
        self.pick_title = kit.text("heading", wrap=True, name="away-pick-title")
        lines.addWidget(self.pick_title)
        self.pick_hint = kit.text("body_s", tone="muted", wrap=True)
        lines.addWidget(self.pick_hint)
        self.pick_columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.pick_columns.setSpacing(48)
        self.calendar = MonthCalendar()
        self.calendar.picked.connect(lambda _day: self._render_pick())
        self.pick_columns.addWidget(self.calendar, 3)
        side = QVBoxLayout()  # beside the calendar; under it in portrait
        side.setSpacing(18)
        side.addStretch(1)
        self.picked = kit.text("item", wrap=True, name="away-picked")
        side.addWidget(self.picked)
        foot = QHBoxLayout()
        foot.setSpacing(16)
        foot.addStretch(1)
        self.cancel = kit.button("secondary", role="button_s", name="away-cancel")
        self.cancel.setMinimumHeight(76)
        self.cancel.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        foot.addWidget(self.cancel)
        self.save = kit.button("primary", role="button_s", name="away-save")
        self.save.setMinimumHeight(76)
        self.save.clicked.connect(self._save)
        foot.addWidget(self.save)
        side.addLayout(foot)
        self.pick_columns.addLayout(side, 2)
        lines.addLayout(self.pick_columns, 1)
        self.page = page
        pages.addWidget(page)

    # -- reading and writing -------------------------------------------------------------------
    def zone(self) -> dt.tzinfo:
        return store_zone(self.ctx.config)

    def load(self) -> None:
        me = self.ctx.associate.associate
        if me is None:
            return
        reader, who = self.ops.runtime.reader, me.id
        self.ops.read(lambda: away_until(reader, who), self._got, lane="away")

    def _got(self, until: dt.datetime | None) -> None:
        self.until, self.known = until, True
        self.render()

    def clear(self) -> None:
        self.until, self.known, self.error_key = None, False, ""
        self.render()

    def set_portrait(self, portrait: bool) -> None:
        self.pick_columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def _pick(self) -> None:
        today = utcnow().astimezone(self.zone()).date()
        self.calendar.start(today, self.last_day())
        self.message.clear()
        self._render_pick()
        self.pages.setCurrentWidget(self.page)

    def _save(self) -> None:
        day = self.calendar.chosen
        if day is not None:
            self._write(at_local(day + dt.timedelta(days=1), dt.time(0), self.zone()))

    def _write(self, until: dt.datetime | None) -> None:
        me = self.ctx.associate.associate
        if me is None:
            return
        book, who, at = self.ops.runtime.client_book, me.id, utcnow()
        self.error_key = ""
        self.ops.write(
            "associate away",
            lambda: book.set_away(who, until, who, at),
            lambda _none: self._written(until),
            self._refused,
            lane="away-write",
        )

    def _written(self, until: dt.datetime | None) -> None:
        self.until, self.known = until, True
        self.pages.setCurrentIndex(0)
        self.render()

    def _refused(self, _said: str) -> None:
        self.error_key = "book.away.failed"
        self.pages.setCurrentIndex(0)
        self.render()

    def last_day(self) -> dt.date | None:
        """The last day away (the absence ends at the store's midnight after it)."""
        if self.until is None or self.until <= utcnow():
            return None
        return (self.until.astimezone(self.zone()) - dt.timedelta(seconds=1)).date()

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        self.language = language
        self.title.setText(tr("book.away.title", language))
        self.set_button.setText(tr("book.away.set", language))
        self.back_button.setText(tr("book.away.clear", language))
        self.pick_title.setText(tr("book.away.pick", language))
        self.cancel.setText(tr("book.away.cancel", language))
        self.save.setText(tr("book.away.save", language))
        self.calendar.set_language(language)
        self.render()
        self._render_pick()

    def render(self) -> None:
        lang, last = self.language, self.last_day()
        hours = self.ctx.config.advisor_away_hours
        if last is None:
            self.state.setText(tr("book.away.here", lang) if self.known else "")
            self.note.setText(trn("book.away.explain", lang, hours, hours=hours))
        else:
            self.state.setText(tr("book.away.until", lang, day=day_label(last, lang)))
            self.note.setText(trn("book.away.routed", lang, hours, hours=hours))
        self.back_button.setVisible(last is not None)
        self.set_button.setText(
            tr("book.away.change" if last is not None else "book.away.set", lang)
        )
        self.message.setText(tr(self.error_key, lang) if self.error_key else "")
        self.message.setVisible(bool(self.error_key))

    def _render_pick(self) -> None:
        lang, day = self.language, self.calendar.chosen
        self.pick_hint.setText(tr("book.away.pick_hint", lang))
        self.picked.setText(
            tr("book.away.until", lang, day=day_label(day, lang)) if day is not None else ""
        )
        self.save.setEnabled(day is not None)
