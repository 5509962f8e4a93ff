"""Forget a client (managers): find them, see what goes, confirm twice, erase everywhere.

The client is found by phone, email or member number on the on-screen keyboard, in the
store database when it answers (else this kiosk's records, said quietly). The match is shown
masked (initials, the end of one identifier) with what will be erased and what is kept.
"Forget this client" asks once more ("Yes, erase permanently"); then this kiosk's share is
written by the recorder through the outbox, and the store database's share runs off the GUI
thread. The result says where the client is already erased and where it follows.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.clients.erasure import ErasureCounts
from kiosk.clients.forgetting import (
    ErasureError,
    ErasurePlan,
    ErasureResult,
    StoreShare,
    client_to_forget,
    find_to_forget,
    forget_here,
    forget_in_store,
)
from kiosk.clients.lookup import ClientLookupError, KeyKind, parse_key
from kiosk.clock import utcnow
from kiosk.scope import Read, Scope
from kiosk.station.place import store_zone
from ui import kit
from ui.screens.associate.frame import ToolScreen, card
from ui.screens.associate.privacy_words import STORE_LINES, _bad_input_key, counted, erased_lines
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext

log = logging.getLogger(__name__)


class PrivacyScreen(ToolScreen):
    NAME = "privacy"
    ROLES = frozenset({"manager"})
    TOOL = "privacy.tool"
    TOOL_ORDER = 40

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.matches: list[ErasurePlan] = []
        self.chosen: ErasurePlan | None = None
        self.state = "empty"  # empty | several | match | confirm | busy | done
        self.result: ErasureResult | None = None  # the erasure, once both phases answered
        self.failed_key = ""  # the erasure failed: why, in the manager's words

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(72, 40, 72, 48)
        self.columns.setSpacing(40)

        find, column, self.find_title = card()
        self.intro = kit.text("caption", tone="muted", wrap=True)
        column.addWidget(self.intro)
        column.addSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(16)
        self.field = QLineEdit()
        self.field.setObjectName("privacy-field")
        self.field.setFont(kit.font("body"))
        self.field.setMinimumHeight(76)
        self.field.setMaxLength(254)
        self.field.returnPressed.connect(self.search)
        self.field.textChanged.connect(lambda _t: self._typed())
        row.addWidget(self.field, 1)
        self.find_button = kit.button("primary", role="button_s", name="privacy-find")
        self.find_button.setMinimumHeight(76)
        self.find_button.clicked.connect(self.search)
        row.addWidget(self.find_button)
        column.addLayout(row)
        self.message = kit.text("caption", tone="muted", wrap=True, name="privacy-message")
        column.addWidget(self.message)
        column.addStretch(1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.follow(self.field)
        self.keyboard.attach(self.field)
        self.keyboard.done.connect(self.search)
        column.addWidget(self.keyboard)
        self.columns.addWidget(find, 11)

        result, self.result_column, self.result_title = card()
        self.result_title.setObjectName("privacy-result-title")
        self.result_body = QVBoxLayout()
        self.result_body.setSpacing(14)
        self.result_column.addLayout(self.result_body)
        self.result_column.addStretch(1)
        self.action_list = QVBoxLayout()
        self.action_list.setSpacing(14)
        self.result_column.addLayout(self.action_list)
        self.columns.addWidget(result, 9)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        self.retranslate(self.ctx.language)
        customer_id = params.get("customer_id")
        if customer_id is not None:  # e.g. from a client's profile
            self._open_client(uuid.UUID(str(customer_id)))
        elif self.state != "busy":
            self.field.setFocus()

    def clear(self) -> None:
        self.ops.reset()  # a search or an erasure still answering is not shown
        self.field.clear()
        self.message.clear()
        self.matches, self.chosen, self.result, self.failed_key = [], None, None, ""
        self.state = "empty"
        self._render()

    def set_portrait(self, portrait: bool) -> None:
        # tall: the search (its keys) at the foot within reach, as high as it needs; what it
        # found above it
        self.columns.setDirection(
            QBoxLayout.Direction.BottomToTop if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.columns.setStretch(0, 0 if portrait else 11)
        self.columns.setStretch(1, 1 if portrait else 9)
        self.way_within_reach(self.home_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("privacy.eyebrow", language)

    # -- finding -----------------------------------------------------------------------------
    def search(self) -> None:
        if self.state == "busy":
            return
        try:
            key = parse_key(self.field.text())
        except ClientLookupError:
            self.message.setText(tr(_bad_input_key(self.field.text()), self.language))
            return
        runtime = self.ops.runtime
        self._find(lambda: find_to_forget(runtime, key))
        self.message.setText(tr("privacy.find.searching", self.language))
        log.info("privacy: searching a client by %s", KeyKind(key.kind).value)

    def _typed(self) -> None:
        if self.state != "busy":
            self.message.clear()

    def _open_client(self, customer_id: uuid.UUID) -> None:
        runtime = self.ops.runtime
        self._find(lambda: client_to_forget(runtime, customer_id))

    def _find(self, read: Callable[[], Read[list[ErasurePlan]]]) -> None:
        # one lane: the answer to an older search is dropped
        self.ops.read(read, self._found, self.message.setText, lane="find")

    def words(self, error: BaseException) -> str:
        """Every failure of the screen, in the manager's words: the erasure refused (the
        client is known only to the store database, which did not answer), this kiosk's
        share failed (a full disk...), or the search failed."""
        if isinstance(error, ErasureError):
            key = "privacy.done.failed"
        elif self.state == "busy":
            key = "privacy.done.failed_here"
        else:
            key = "privacy.find.failed"
        self.failed_key = key
        return tr(key, self.language)

    def _found(self, read: Read[list[ErasurePlan]]) -> None:
        lang = self.language
        self.matches = list(read.value)
        # "the store did not answer" only where one is set (else this kiosk is all there is)
        unanswered = read.scope is Scope.KIOSK and bool(self.ctx.config.store_db_url)
        note = tr("privacy.find.kiosk_only", lang) if unanswered else ""
        self.message.setText(note)
        if not self.matches:
            self.message.setText(" ".join(filter(None, [tr("privacy.find.none", lang), note])))
            self.state, self.chosen = "empty", None
        elif len(self.matches) == 1:
            self.state, self.chosen = "match", self.matches[0]
        else:
            self.state, self.chosen = "several", None
        self._render()

    def _choose(self, chosen: ErasurePlan) -> None:
        self.chosen, self.state = chosen, "match"
        self._render()

    # -- forgetting --------------------------------------------------------------------------
    def _ask_confirm(self) -> None:
        if self.chosen is not None and not self.chosen.erased:
            self.state = "confirm"
            self._render()

    def _cancel(self) -> None:
        self.state = "match"
        self._render()

    def _erase(self) -> None:
        """The two phases of ``kiosk.clients.forgetting.forget``, one after the other: this kiosk's
        share on the recorder (the sync is woken: the tombstone should travel at once), then
        the store database's share off the GUI thread."""
        associate = self.ctx.associate.associate
        chosen = self.chosen
        if chosen is None or self.state != "confirm":
            return
        if associate is None or associate.role != "manager":
            return
        ops = self.ops
        runtime = ops.runtime
        cid, at, by = chosen.customer_id, utcnow(), f"associate {associate.id}"
        self.state, self.result, self.failed_key = "busy", None, ""
        self._render()

        def in_store(here: ErasureCounts | None) -> None:
            ops.read(
                lambda: forget_in_store(runtime, cid, here, at, by),
                self._finish,
                self._failed,
                lane="forget",
            )

        ops.write(
            "erasure",
            lambda: forget_here(runtime, cid, at, by),
            in_store,
            self._failed,
            lane="forget",
        )

    def _failed(self, _said: str) -> None:
        self.state = "done"  # the reason, from the key ``words`` kept
        self._render()

    def _finish(self, result: ErasureResult) -> None:
        self.result = result
        self.state = "done"
        self.field.clear()
        self._render()

    def _again(self) -> None:
        self.clear()
        self.field.setFocus()

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.find_title.setText(tr("privacy.find.title", language))
        self.intro.setText(tr("privacy.find.intro", language))
        self.field.setPlaceholderText(tr("privacy.find.placeholder", language))
        self.find_button.setText(tr("privacy.find.button", language))
        self._render()

    def _line(
        self, role: kit.TextRole, text: str, tone: kit.Tone = "ink", name: str = ""
    ) -> QLabel:
        """A kit text in the result's column."""
        label = kit.text(role, text, tone=tone, wrap=True, name=name)
        self.result_body.addWidget(label)
        return label

    def _marked(self, mark: str, text: str, name: str = "", tone: kit.Tone = "ink") -> QLabel:
        """A line with its mark in a column of its own, so a wrapped line hangs under its text."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(12)
        sign = kit.text(
            "body_s",
            mark,
            tone="accent",
            align=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
        )
        sign.setFixedWidth(28)
        line.addWidget(sign)
        label = kit.text("body_s", text, tone=tone, wrap=True, name=name)
        line.addWidget(label, 1)
        self.result_body.addWidget(row)
        return label

    def _action(self, button: QPushButton, action: Any) -> QPushButton:
        """A kit button in the result's actions, doing ``action``."""
        button.setMinimumHeight(76)
        button.clicked.connect(action)
        self.action_list.addWidget(button)
        return button

    def _render(self) -> None:
        self.result_title.setFont(kit.font("heading"))
        clear_layout(self.result_body)
        clear_layout(self.action_list)
        lang, zone = self.language, store_zone(self.ctx.config)  # the store's calendar
        state = self.state
        self.field.setEnabled(state != "busy")
        self.find_button.setEnabled(state != "busy")
        if state == "several":
            self.result_title.setText(tr("privacy.find.several", lang, n=len(self.matches)))
            for match in self.matches:
                day = match.created_at.astimezone(zone)
                since = tr("privacy.match.since", lang, date=f"{day:%Y-%m-%d}")
                button = kit.button(
                    "secondary",
                    f"{match.name}    {match.contact}    ·    {since}",
                    role="button_s",
                    name=f"match-{match.customer_id}",
                )
                kit.mark(button, "pick")
                button.setMinimumHeight(76)
                button.clicked.connect(lambda _=False, m=match: self._choose(m))
                self.result_body.addWidget(button)
            return
        chosen = self.chosen
        if state == "empty" or chosen is None:
            self.result_title.setText(tr("privacy.tool", lang))
            self._line(
                "body_s", tr("privacy.match.empty", lang), tone="muted", name="privacy-empty"
            )
            return
        if state == "done":
            self._render_done(lang)
            return
        self.result_title.setText(chosen.name)
        self.result_title.setFont(kit.font("title_l"))
        day = chosen.created_at.astimezone(zone)
        since = tr("privacy.match.since", lang, date=f"{day:%Y-%m-%d}")
        self._line(
            "caption", f"{chosen.contact}    ·    {since}", tone="muted", name="privacy-contact"
        )
        if chosen.erased:
            self._line("body_s", tr("privacy.match.already", lang), name="privacy-already")
            return
        if state == "confirm":
            self._render_confirm(lang)
            return
        self.result_body.addSpacing(10)
        self._line("eyebrow_xs", tr("privacy.match.erased", lang).upper(), tone="accent")
        for i, line in enumerate(erased_lines(chosen, lang)):
            self._marked("—", line, f"privacy-erased-{i}")
        self.result_body.addSpacing(10)
        self._line("eyebrow_xs", tr("privacy.match.kept", lang).upper(), tone="accent")
        self._marked("—", counted("privacy.match.visits", lang, chosen.visits), tone="muted")
        if state == "busy":
            self._line("body_s", tr("privacy.busy", lang), name="privacy-busy")
            return
        forget = kit.button(
            "primary", tr("privacy.forget", lang), role="button_s", name="privacy-forget"
        )
        self._action(forget, self._ask_confirm)

    def _render_confirm(self, lang: str) -> None:
        self.result_body.addSpacing(16)
        self._line("title_s", tr("privacy.confirm.title", lang), name="privacy-confirm-title")
        self._line("body_s", tr("privacy.confirm.body", lang))
        yes = kit.button(
            "primary", tr("privacy.confirm.yes", lang), role="button_s", name="privacy-yes"
        )
        kit.mark(yes, "grave")  # erases for good: not the everyday primary
        self._action(yes, self._erase)
        cancel = kit.button(
            "secondary", tr("privacy.confirm.cancel", lang), role="button_s", name="privacy-cancel"
        )
        self._action(cancel, self._cancel)

    def _render_done(self, lang: str) -> None:
        result = self.result
        if result is None:
            self.result_title.setText(tr("privacy.tool", lang))
            key = self.failed_key or "privacy.done.failed"
            self._line("body_s", tr(key, lang), name="privacy-done-failed")
        else:
            self.result_title.setText(tr("privacy.done.title", lang))
            self.result_title.setFont(kit.font("title_l"))
            here = "privacy.done.here" if result.here is not None else "privacy.done.not_here"
            self._marked("✓", tr(here, lang), "privacy-done-here")
            key = STORE_LINES[result.share]
            mark = "✓" if result.share is StoreShare.DONE else "…"
            self._marked(mark, tr(key, lang), "privacy-done-store")
        again = kit.button(
            "secondary", tr("privacy.done.again", lang), role="button_s", name="privacy-again"
        )
        self._action(again, self._again)
