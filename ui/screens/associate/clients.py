"""Finding a known client: a phone number, an email or a member number typed on the
on-screen keyboard, however written; only clients who agreed to a profile are found.

The search runs off the GUI thread on the store database (every kiosk's clients), or on this
kiosk's records when the store cannot be reached, which the screen quietly says. A result
opens the client's profile; "New client" asks the customer's consent on a screen turned
towards them. Everything shown here is forgotten at each reset and when the associate leaves.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.clients.lookup import ClientLookupError
from kiosk.clients.profile import ClientSummary, find_clients
from kiosk.scope import Read, Scope
from kiosk.station.place import store_zone
from ui import kit, theme
from ui.screens.associate.frame import CLIENT_ROLES, ToolScreen, card
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.kinetic import kinetic
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext


def short_date(at: dt.datetime | None, language: str, zone: dt.tzinfo | None = None) -> str:
    """A date on the store's clocks (``zone``, ``store_timezone``), the way each language
    writes it; without a zone, the machine's (a caller not yet given the store's)."""
    if at is None:
        return ""
    local = at.astimezone(zone)
    if language.startswith("zh"):
        return f"{local.year}年{local.month}月{local.day}日"
    return f"{local.day} {local.strftime('%b')} {local.year}"


def roomy_keyboard(keyboard: OnScreenKeyboard, tallest: int = 92) -> OnScreenKeyboard:
    """Keys that grow with the room the screen gives them, up to ``tallest`` pixels."""
    for key in keyboard.keys.values():
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        key.setMaximumHeight(tallest)
    return keyboard


def scrolled(holder: QWidget) -> QScrollArea:
    """A list that scrolls with a flick of the finger."""
    scroll = QScrollArea()
    scroll.setWidget(holder)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    kit.surface(scroll, "clear")
    kinetic(scroll.viewport())
    return scroll


def reveal_later(scroll: QScrollArea, field: QWidget) -> None:
    """``field`` scrolled into sight once the page is laid out (the keyboard shown, a message
    set); dropped if the field is gone by then."""
    QTimer.singleShot(0, field, lambda: scroll.ensureWidgetVisible(field, 0, 24))


class ResultRow(QPushButton):
    """One client found: the name, and what tells two clients apart (contact masked)."""

    def __init__(self, client: ClientSummary, language: str, zone: dt.tzinfo) -> None:
        super().__init__()
        self.setObjectName(f"client-{client.id}")
        kit.surface(self, "row_accent")
        lines = QVBoxLayout(self)
        lines.setContentsMargins(28, 16, 24, 16)
        lines.setSpacing(4)
        name = kit.text("item", client.name, name="client-name")
        parts = [client.masked_contact] if client.masked_contact else []
        if client.member_number:
            parts.append(tr("clients.results.member", language, number=client.member_number))
        if client.visit_count == 0:
            parts.append(tr("clients.results.no_visits", language))
        elif client.visit_count == 1:
            parts.append(
                tr(
                    "clients.results.one_visit",
                    language,
                    date=short_date(client.last_visit, language, zone),
                )
            )
        else:
            parts.append(
                tr(
                    "clients.results.visits",
                    language,
                    n=client.visit_count,
                    date=short_date(client.last_visit, language, zone),
                )
            )
        detail = kit.text("caption", "  ·  ".join(parts), tone="muted", wrap=True)
        for label in (name, detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            lines.addWidget(label)


class ClientsScreen(ToolScreen):
    NAME = "clients"
    ROLES = CLIENT_ROLES
    TOOL = "clients.tool"
    TOOL_ORDER = 10

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.results: list[ClientSummary] | None = None  # None: nothing searched yet
        self.scope = Scope.STORE
        self.error_key = ""

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(72, 40, 72, 48)
        self.columns.setSpacing(40)

        find, column, self.search_title = card()
        head = QHBoxLayout()  # the title, and the way to the associate's own clients
        column.removeWidget(self.search_title)
        head.addWidget(self.search_title, 1)
        self.mine_button = kit.button("secondary", role="label", name="my-clients")
        self.mine_button.clicked.connect(lambda: ctx.associate.open_tool("my_clients"))
        head.addWidget(self.mine_button)
        column.addLayout(head)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.field = QLineEdit()
        self.field.setObjectName("client-search")
        self.field.setFont(kit.font("lead"))
        self.field.setMinimumHeight(theme.MIN_TOUCH + 16)
        self.field.setMaxLength(120)
        self.field.returnPressed.connect(self.run_search)
        row.addWidget(self.field, 1)
        self.search_button = kit.button("primary", role="button_s", name="search")
        self.search_button.setMinimumHeight(theme.MIN_TOUCH + 16)
        self.search_button.clicked.connect(self.run_search)
        row.addWidget(self.search_button)
        column.addLayout(row)
        self.message = kit.text("body_s", tone="accent", wrap=True, name="search-message")
        column.addWidget(self.message)
        self.search_hint = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(self.search_hint)
        column.addSpacing(12)
        self.keyboard = roomy_keyboard(OnScreenKeyboard())
        self.keyboard.follow(self.field)
        self.keyboard.attach(self.field)
        self.keyboard.done.connect(self.run_search)
        column.addWidget(self.keyboard, 1)
        self.columns.addWidget(find, 11)

        found, column, self.results_title = card()
        self.scope_note = kit.text("caption_s", tone="muted", wrap=True, name="scope-note")
        column.addWidget(self.scope_note)
        self.result_list = QVBoxLayout()
        self.result_list.setSpacing(12)
        self.result_list.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        holder.setLayout(self.result_list)
        column.addWidget(scrolled(holder), 1)
        self.attached_note = kit.text("aside", tone="accent", wrap=True, name="attached-note")
        column.addWidget(self.attached_note)
        self.new_hint = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(self.new_hint)
        self.new_button = kit.button("secondary", role="button_s", name="new-client")
        self.new_button.setMinimumHeight(76)
        self.new_button.clicked.connect(self._new_client)
        column.addWidget(self.new_button)
        self.columns.addWidget(found, 10)
        ctx.associate.changed.connect(self._associate_changed)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        self.retranslate(self.ctx.language)
        self.field.setFocus()

    def clear(self) -> None:
        self.ops.reset()  # a search still running is dropped when it answers
        self.field.clear()
        self.results = None
        self.error_key = ""
        self.scope = Scope.STORE
        self.message.clear()
        self.attached_note.clear()
        clear_layout(self.result_list)
        self._render()

    def set_portrait(self, portrait: bool) -> None:
        # tall: the search and its keys at the foot within reach (as "Forget a client" and
        # "My clients" have them), what it found above, the way home under the keys
        self.columns.setDirection(
            QBoxLayout.Direction.BottomToTop if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.columns.setStretch(0, 0 if portrait else 11)
        self.columns.setStretch(1, 1 if portrait else 10)
        self.way_within_reach(self.home_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("clients.eyebrow", language)

    def _associate_changed(self) -> None:
        if self.ctx.associate.associate is None:
            self.clear()  # the next associate starts from nothing

    # -- search ------------------------------------------------------------------------------
    def run_search(self) -> None:
        typed = self.field.text()
        ops = self.ops
        runtime = ops.runtime
        self.error_key = ""
        self.message.setText(tr("clients.search.searching", self.language))
        ops.read(
            lambda: find_clients(runtime, typed),
            self._found,
            lambda _said: self._render(),  # the message, from the key ``words`` kept
            lane="search",
        )

    def words(self, error: BaseException) -> str:
        """A search that failed, in the associate's words: what is wrong with what was typed
        (the search's own check), or that no clients could be read. The key is kept, so a
        change of language says it again."""
        code = error.code if isinstance(error, ClientLookupError) else "read"
        self.error_key = f"clients.error.{code}"
        return tr(self.error_key, self.language)

    def _found(self, found: Read[list[ClientSummary]]) -> None:
        self.error_key = ""
        self.results = list(found.value)
        self.scope = found.scope
        self._render()

    def _open(self, client: ClientSummary) -> None:
        self.ctx.associate.open_tool("client_profile", customer_id=client.id)

    def _new_client(self) -> None:
        self.ctx.associate.open_tool("client_consent")

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.search_title.setText(tr("clients.search.title", language))
        self.mine_button.setText(tr("book.tool", language))
        self.results_title.setText(tr("clients.results.title", language))
        self.field.setPlaceholderText(tr("clients.search.placeholder", language))
        self.search_button.setText(tr("clients.search.button", language))
        self.search_hint.setText(tr("clients.search.hint", language))
        self.new_button.setText(tr("clients.new", language))
        self.new_hint.setText(tr("clients.new.hint", language))
        self._render()

    def _render(self) -> None:
        lang = self.language
        self.message.setText(tr(self.error_key, lang) if self.error_key else "")
        self.message.setVisible(bool(self.error_key))
        self.scope_note.setText(tr("clients.scope.kiosk", lang))
        self.scope_note.setVisible(self.results is not None and self.scope is Scope.KIOSK)
        clear_layout(self.result_list)
        if not self.results:
            key = "clients.results.start" if self.results is None else "clients.results.none"
            self.result_list.addWidget(
                kit.text("body_s", tr(key, lang), tone="muted", wrap=True, name="results-note")
            )
        for client in self.results or []:
            row = ResultRow(client, lang, store_zone(self.ctx.config))
            row.clicked.connect(lambda _=False, c=client: self._open(c))
            self.result_list.addWidget(row)
        self.result_list.addStretch(1)
        self._render_visit()

    def _render_visit(self) -> None:
        """Whether this visit can take a new client, or already has one."""
        state = self.ctx.journey.state
        attached = attached_name(self.ctx)
        can_enrol = state is not None and state.customer_id is None
        self.new_button.setVisible(can_enrol)
        self.new_hint.setVisible(can_enrol)
        self.attached_note.setVisible(bool(attached))
        self.attached_note.setText(
            tr("clients.attached", self.language, name=attached) if attached else ""
        )


def attached_name(ctx: ScreenContext) -> str:
    """The name of the client this visit was attached to on this kiosk, if any."""
    state = ctx.journey.state
    if state is None or state.customer_id is None:
        return ""  # first: asking for the consent screen gives it its texts (at every reset)
    last = getattr(ctx.screen_named("client_consent"), "attached", None)
    if last is None:
        return ""
    customer_id, name = last
    return str(name) if customer_id == state.customer_id else ""
