"""My clients: the clients whose advisor is the associate signed in, with why to think of
each now (the next key date, the last visit, the follow-ups open), sorted as they choose and
searched as the client search is (phone, e-mail, member number, however typed).

Rows show the contact masked; a row opens the profile, where the rest is. The list is read
off the GUI thread from the store database (every kiosk's clients), or this kiosk's copy,
which the screen quietly says. "Away until" sits here too: while an associate is away, their
clients' requests and tasks go to the whole store (``kiosk.clients.advisor.route``).
Everything shown is forgotten when the associate leaves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.clients.book import SORTS, BookRow
from kiosk.clients.lookup import ClientLookupError
from kiosk.clock import utcnow
from kiosk.scope import Read, Scope
from kiosk.station.place import store_zone
from ui import kit, theme
from ui.screens.associate.clients import roomy_keyboard
from ui.screens.associate.frame import CLIENT_ROLES, AssociateFrame, card
from ui.screens.associate.my_clients_away import AwayPart
from ui.screens.associate.my_clients_rows import book_row
from ui.screens.associate.pick_list import desk_columns, pick_rows, turn
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.layouts import FlowLayout, clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext

SHOWN_SORTS = ("next_key_date", "last_visit", "open_tasks", "name")  # the contract's SORTS


class MyClientsScreen(AssociateFrame):
    """Opened from the client search ("My clients"), where the band's button goes back to."""

    NAME = "my_clients"
    ROLES = CLIENT_ROLES

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.back_button = self.band_button("book-back", ctx.back)
        self.language = ctx.default_language
        self.rows: list[BookRow] | None = None  # None: not read yet
        self.scope = Scope.STORE
        self.sort = SHOWN_SORTS[0]
        self.searched = ""  # what the list was searched for; "" for every client
        self.error_key = ""

        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)
        main = QWidget()
        self.pages.addWidget(main)
        self.columns = desk_columns(main)

        book, column, self.list_title = card()
        self.scope_note = kit.text("caption_s", tone="muted", wrap=True, name="scope-note")
        column.addWidget(self.scope_note)
        sorting = QHBoxLayout()
        sorting.setSpacing(12)
        self.sort_caption = kit.text("caption_s", tone="muted")
        sorting.addWidget(self.sort_caption)
        chips = FlowLayout(spacing=10)
        self.sort_group = QButtonGroup(self)
        self.sort_buttons: dict[str, QPushButton] = {}
        for sort in SHOWN_SORTS:
            assert sort in SORTS
            button = kit.button("secondary", role="label", name=f"sort-{sort}")
            button.setCheckable(True)
            button.setMinimumHeight(theme.MIN_TOUCH)
            button.clicked.connect(lambda _=False, s=sort: self._sort_by(s))
            self.sort_group.addButton(button)
            chips.addWidget(button)
            self.sort_buttons[sort] = button
        sorting.addLayout(chips, 1)
        column.addLayout(sorting)
        self.list = pick_rows(column)
        for scroll in book.findChildren(QScrollArea):  # flicked, its cut edge faded: no bar
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        mine = QVBoxLayout()  # the book, and the associate's absence under it
        mine.setSpacing(28)
        mine.addWidget(book, 1)
        self.away = AwayPart(ctx, self.ops, self.pages)
        mine.addWidget(self.away.card)
        self.columns.addLayout(mine, 3)

        find, column, self.search_title = card()
        row = QHBoxLayout()
        row.setSpacing(12)
        self.field = QLineEdit()
        self.field.setObjectName("book-search")
        self.field.setFont(kit.font("body"))
        self.field.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.field.setMaxLength(120)
        self.field.returnPressed.connect(self.run_search)
        row.addWidget(self.field, 1)
        self.search_button = kit.button("primary", role="label", name="book-search-button")
        self.search_button.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.search_button.clicked.connect(self.run_search)
        row.addWidget(self.search_button)
        column.addLayout(row)
        self.message = kit.text("body_s", tone="accent", wrap=True, name="book-message")
        column.addWidget(self.message)
        self.show_all = kit.button("quiet", name="book-show-all")
        self.show_all.clicked.connect(self._show_all)
        column.addWidget(self.show_all)
        self.search_hint = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(self.search_hint)
        column.addSpacing(12)
        self.keyboard = roomy_keyboard(OnScreenKeyboard())
        self.keyboard.follow(self.field)
        self.keyboard.attach(self.field)
        self.keyboard.done.connect(self.run_search)
        column.addWidget(self.keyboard, 3)
        column.addStretch(1)  # the keys under the field, not adrift in the card
        self.columns.addWidget(find, 2)
        ctx.associate.changed.connect(self._associate_changed)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        self.pages.setCurrentIndex(0)
        self.retranslate(self.ctx.language)
        self.load()
        self.away.load()

    def clear(self) -> None:
        self.ops.reset()  # a list still on its way is not shown
        self.rows = None
        self.searched = self.error_key = ""
        self.sort = SHOWN_SORTS[0]
        self.field.clear()
        self.away.clear()
        clear_layout(self.list)
        self.pages.setCurrentIndex(0)

    def set_portrait(self, portrait: bool) -> None:
        turn(self.columns, portrait)
        self.away.set_portrait(portrait)
        self.columns.setStretch(0, 5 if portrait else 3)
        self.columns.setStretch(1, 4 if portrait else 2)
        self.way_within_reach(self.back_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("clients.eyebrow", language)

    def _associate_changed(self) -> None:
        if self.ctx.associate.associate is None:
            self.clear()  # the next associate starts from nothing

    def today(self) -> dt.date:
        return utcnow().astimezone(store_zone(self.ctx.config)).date()

    # -- reading -----------------------------------------------------------------------------
    def load(self) -> None:
        me = self.ctx.associate.associate
        if me is None:
            return
        book = self.ops.runtime.client_book
        who, today, sort, typed = me.id, self.today(), self.sort, self.searched
        self.ops.read(
            lambda: book.mine(who, today, sort, typed),
            self._got,
            lambda _said: self._render(),  # the message, from the key ``words`` kept
            lane="mine",
        )

    def words(self, error: BaseException) -> str:
        """A list that could not be read, or a search that made no sense, in the associate's
        words; the key is kept, so a change of language says it again."""
        code = error.code if isinstance(error, ClientLookupError) else "read"
        self.error_key = f"clients.error.{code}"
        return tr(self.error_key, self.language)

    def _got(self, read: Read[list[BookRow]]) -> None:
        self.rows, self.scope, self.error_key = list(read.value), read.scope, ""
        self._render()

    def run_search(self) -> None:
        self.searched = self.field.text().strip()
        self.error_key = ""
        self.message.setText(tr("clients.search.searching", self.language))
        self.message.show()
        self.load()

    def _show_all(self) -> None:
        self.field.clear()
        self.run_search()

    def _sort_by(self, sort: str) -> None:
        if sort != self.sort:
            self.sort = sort
            self.load()

    def _open(self, row: BookRow) -> None:
        self.ctx.associate.open_tool("client_profile", customer_id=row.customer_id, from_book=True)

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.back_button.setText(tr("clients.profile.back", language))
        self.list_title.setText(tr("book.title", language))
        self.sort_caption.setText(tr("book.sort", language))
        for sort, button in self.sort_buttons.items():
            button.setText(tr(f"book.sort.{sort}", language))
        self.search_title.setText(tr("book.search.title", language))
        self.field.setPlaceholderText(tr("clients.search.placeholder", language))
        self.search_button.setText(tr("clients.search.button", language))
        self.show_all.setText(tr("book.search.all", language))
        self.search_hint.setText(tr("clients.search.hint", language))
        self.keyboard.set_language(language)
        self.away.retranslate(language)
        self._render()

    def _render(self) -> None:
        lang = self.language
        self.sort_buttons[self.sort].setChecked(True)
        self.message.setText(tr(self.error_key, lang) if self.error_key else "")
        self.message.setVisible(bool(self.error_key))
        self.show_all.setVisible(bool(self.searched))
        self.scope_note.setText(tr("clients.scope.kiosk", lang))
        self.scope_note.setVisible(self.rows is not None and self.scope is Scope.KIOSK)
        clear_layout(self.list)
        rows = self.rows
        if rows is None:
            note = "book.loading" if not self.error_key else ""
        elif not rows:
            note = "book.none_found" if self.searched else "book.empty"
        else:
            note = ""
        if note:
            self.list.addWidget(
                kit.text("body_s", tr(note, lang), tone="muted", wrap=True, name="book-note")
            )
        if rows is not None and not rows and not self.searched:
            self.list.addWidget(
                kit.text(
                    "caption", tr("book.empty.how", lang), tone="muted", wrap=True, name="book-how"
                )
            )
        today = self.today()
        for client in rows or []:
            button = book_row(client, today, lang, store_zone(self.ctx.config))
            button.clicked.connect(lambda _=False, c=client: self._open(c))
            self.list.addWidget(button)
        self.list.addStretch(1)
