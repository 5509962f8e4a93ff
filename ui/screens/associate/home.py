"""The associate's home: who is signed in, the store's open service requests, sync status.

A dark band across the top says at a glance that this is associate mode, not a customer
screen. Requests (from every kiosk of the store and the customers' phone pages, pulled
through the store database) show how long the guest has waited, the signed-in associate's
clients' first (``request_rows``); "On my way" and "Done" record who and when through the outbox.
Store IT also gets "Sync now" and the only way out of the kiosk. A warning says when this
kiosk's disk runs low or visits could not be recorded (checked at entry and every refresh,
off the GUI thread), so the associate can call store IT before customers are turned away.

Service recovery (``case_rows.CaseDesk``): a case nobody has answered heads the desk's list,
marked urgent, on every kiosk; managers (and an associate whose case it is) see the cases
list under it; "Open a case" records a complaint heard in person.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.associates.desk import OpenRequest
from kiosk.clock import utcnow
from kiosk.station.local_writes import StorageStatus
from kiosk.station.place import store_zone
from kiosk.visit.stages import Change
from ui import kit
from ui.screens.associate.case_rows import CaseDesk
from ui.screens.associate.frame import AssociateFrame, card
from ui.screens.associate.request_rows import request_row
from ui.strings import tr, trn
from ui.widgets.scroll_fade import ScrollFade

if TYPE_CHECKING:
    from kiosk.sync.state import SyncStatus
    from ui.context import ScreenContext


class AssociateScreen(AssociateFrame):
    NAME = "associate"
    REFRESH_MS = 5000

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.requests: list[OpenRequest] = []
        self.language = ctx.default_language
        self.return_button = self.band_button("return", lambda: ctx.associate.return_to_customer())
        self.return_button.setProperty("role", "primary")
        self.sign_out_button = self.band_button("sign-out", lambda: ctx.associate.sign_out())

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(72, 40, 72, 48)
        self.columns.setSpacing(40)

        requests, self.request_column, self.requests_title = card()
        self.request_list = QVBoxLayout()
        self.request_list.setSpacing(12)
        holder = QWidget()
        holder.setLayout(self.request_list)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        kit.surface(scroll, "clear")
        ScrollFade(scroll, 64, axes=(Qt.Orientation.Vertical,))  # more requests below: said
        self.request_column.addWidget(scroll, 1)
        self.case_desk = CaseDesk(ctx, self.ops, self._render_requests)
        left = QVBoxLayout()
        left.setSpacing(28)
        left.addWidget(requests, 3)
        below = QHBoxLayout()  # the cases and the store sync side by side under the requests
        below.setSpacing(28)
        below.addWidget(self.case_desk.frame, 3)
        left.addLayout(below, 2)
        self.columns.addLayout(left, 3)

        side = QVBoxLayout()
        side.setSpacing(28)
        self.storage_warning = kit.text("item_s", wrap=True, name="storage-warning")
        kit.mark(self.storage_warning, "warning")
        self.storage_warning.hide()
        self.storage: StorageStatus | None = None
        side.addWidget(self.storage_warning)
        tools, tool_column, self.tools_title = card()
        self.tool_grid = QGridLayout()  # two a row: a manager's four tools fit any screen
        self.tool_grid.setSpacing(12)
        tool_column.addLayout(self.tool_grid)
        self.tools_card = tools
        self.tool_buttons: dict[str, QPushButton] = {}
        customer, column, self.customer_title = card()
        self.customer_note = kit.text("body_s", tone="muted", wrap=True)
        column.addWidget(self.customer_note)
        self.consult_button = kit.button("primary", role="button_s", name="consult")
        self.consult_button.setMinimumHeight(76)
        self.consult_button.clicked.connect(lambda: ctx.associate.open_tool("consultation"))
        column.addWidget(self.consult_button)
        self.open_case_button = kit.button("secondary", role="button_s", name="open-case-form")
        self.open_case_button.setMinimumHeight(72)
        self.open_case_button.clicked.connect(lambda: ctx.associate.open_tool("case_open"))
        column.addWidget(self.open_case_button)
        side.addWidget(customer)  # the customer beside the associate comes first
        side.addWidget(tools)

        sync, column, self.sync_title = card()
        self.sync_state = kit.text("item", name="sync-state")
        column.addWidget(self.sync_state)
        self.sync_detail = kit.text("caption", tone="muted", wrap=True, name="sync-detail")
        column.addWidget(self.sync_detail)
        it_row = QHBoxLayout()
        self.sync_now = kit.button("secondary", role="label", name="sync-now")
        self.sync_now.clicked.connect(ctx.associate.sync_now)
        self.exit_button = kit.button("secondary", role="label", name="exit-kiosk")
        self.exit_button.clicked.connect(ctx.associate.exit_kiosk)
        for button in (self.sync_now, self.exit_button):
            it_row.addWidget(button)
        it_row.addStretch(1)
        column.addLayout(it_row)
        column.addStretch(1)  # a tall card (beside the cases) keeps its lines together
        below.addWidget(sync, 2)  # beside the cases: the side keeps its room for five tools
        side.addStretch(1)
        self.columns.addLayout(side, 2)

        self._timer = QTimer(self)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        # A bound method, not a lambda: Qt drops it with this screen, which a display-mode
        # change deletes while the associate mode (and its signal) lives on.
        ctx.associate.changed.connect(self._associate_changed)

    # -- life --------------------------------------------------------------------------------
    def _associate_changed(self) -> None:
        self.retranslate(self.ctx.language)

    def enter(self, **params: Any) -> None:
        self.retranslate(self.ctx.language)
        self.refresh()
        self._timer.start()

    def leave(self) -> None:
        self._timer.stop()

    def clear(self) -> None:
        self._timer.stop()
        self.ops.reset()
        self.requests = []
        self.case_desk.clear()
        self._render_requests()

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # the home's ways out (sign out; back to the customer, the way on) within reach
        self.way_within_reach(self.sign_out_button, portrait)
        self.way_within_reach(self.return_button, portrait, right=True)

    def journey_changed(self, change: Change) -> None:
        if change in (Change.STARTED, Change.ENDED):
            self._render_customer()

    def refresh(self) -> None:
        """Requests, storage and sync status, read off the GUI thread. A failed read keeps
        what was shown (requests), or shows nothing to worry about (storage)."""
        runtime = self.ops.runtime
        ops, health, desk, me = self.ops, runtime.health, runtime.desk, self._me()
        mine_first = partial(desk.open_requests, me)
        ops.read(mine_first, self._got_requests, self._requests_failed, lane="requests")
        ops.read(
            health.storage, self._got_storage, lambda _: self._got_storage(None), lane="storage"
        )
        self.case_desk.refresh()
        if health.syncs:
            self._show_sync(health.sync_status())  # a snapshot under a lock: instant
        else:
            ops.read(
                health.sync_status, self._show_sync, lambda _: self._show_sync(None), lane="sync"
            )

    def _got_requests(self, requests: list[OpenRequest]) -> None:
        self.requests = requests
        self._render_requests()

    def _requests_failed(self, _text: str) -> None:
        self._render_requests()

    def _got_storage(self, status: StorageStatus | None) -> None:
        self.storage = status
        self._render_storage()

    # -- actions -----------------------------------------------------------------------------
    def _answer(self, request_id: uuid.UUID, resolve: bool) -> None:
        """Answer a request ("On my way" or "Done"), then read the list afresh either way:
        a colleague may have been first."""
        associate = self.ctx.associate.associate
        runtime = self.ops.runtime
        if associate is None:
            return
        desk, who, at = runtime.desk, associate.id, utcnow()
        act = desk.resolve if resolve else desk.acknowledge
        self.ops.write(
            "service request answer",
            lambda: act(request_id, who, at),
            lambda _answered: self.refresh(),
            lambda _text: self.refresh(),
            lane=f"answer-{request_id}",
        )

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        visit = self.ctx.journey.active
        self.return_button.setText(
            tr("associate.home.return" if visit else "associate.home.leave", language)
        )
        self.sign_out_button.setText(tr("associate.home.sign_out", language))
        self.requests_title.setText(tr("associate.home.requests", language))
        self.customer_title.setText(tr("associate.home.customer", language))
        self.consult_button.setText(tr("associate.home.consult", language))
        self.open_case_button.setText(tr("associate.case.open_form", language))
        self.sync_title.setText(tr("associate.sync.title", language))
        self.sync_now.setText(tr("associate.it.sync_now", language))
        self.exit_button.setText(tr("associate.it.exit", language))
        associate = self.ctx.associate.associate
        is_it = associate is not None and associate.role == "store_it"
        self.sync_now.setVisible(is_it)
        self.exit_button.setVisible(is_it)
        self.tools_title.setText(tr("associate.tool.title", language))
        self._render_tools(language)
        self._render_customer()
        self._render_requests()
        self.case_desk.render(language)
        self._render_storage()

    def _zone(self) -> dt.tzinfo:
        return store_zone(self.ctx.config)

    def _render_storage(self) -> None:
        s, lang = self.storage, self.language
        if s is not None and s.failure is not None:
            at = _local(dt.datetime.fromisoformat(s.failure.failed_at), self._zone())
            text = tr("associate.storage.failed", lang, time=at, cause=s.failure.cause)
        elif s is not None and s.low:
            text = tr("associate.storage.low", lang, free=s.free_mb, keep=s.min_free_mb)
        else:
            text = ""
        self.storage_warning.setText(text)
        self.storage_warning.setVisible(bool(text))

    def _render_tools(self, language: str) -> None:
        """A button per tool the associate's role may open, in the tools' own order."""
        mode = self.ctx.associate
        # From the screens' classes: going through the window's screens made each ready, its
        # texts set, all in this turn (27 ms of the idle time after every visit).
        tools = sorted(
            (s for s in self.ctx.nav.screen_classes if issubclass(s, AssociateFrame) and s.TOOL),
            key=lambda s: (s.TOOL_ORDER, s.NAME),
        )
        for screen in tools:
            button = self.tool_buttons.get(screen.NAME)
            if button is None:
                button = kit.button(  # kept (hidden) when the role has no use
                    "secondary", role="button_s", name=f"tool-{screen.NAME}", parent=self.tools_card
                )
                button.setMinimumHeight(72)
                button.clicked.connect(lambda _=False, n=screen.NAME: mode.open_tool(n))
                self.tool_buttons[screen.NAME] = button
            button.setText(tr(screen.TOOL, language).replace("&", "&&"))  # "&" is no mnemonic
        shown = [s for s in tools if mode.may_open(s)]
        for button in self.tool_buttons.values():
            self.tool_grid.removeWidget(button)
            button.hide()
        for i, screen in enumerate(shown):  # laid out afresh: no hole where a tool is hidden
            button = self.tool_buttons[screen.NAME]
            across = 2 if i == len(shown) - 1 and i % 2 == 0 else 1  # an odd last: the row
            self.tool_grid.addWidget(button, i // 2, i % 2, 1, across)
            button.show()
        self.tools_card.setVisible(bool(shown))

    def _render_customer(self) -> None:
        active = self.ctx.journey.active
        # By class: asking for the screens themselves gave them their texts, in the turn of
        # every visit's first touch and last (this runs at each start and end).
        consultation = self.ctx.screen_class("consultation")
        allowed = consultation is not None and self.ctx.associate.may_open(consultation)
        self.consult_button.setVisible(active and allowed)
        self.customer_note.setVisible(not active)
        self.customer_note.setText(tr("associate.home.no_visit", self.language))
        form = self.ctx.screen_class("case_open")
        self.open_case_button.setVisible(form is not None and self.ctx.associate.may_open(form))

    def _render_requests(self) -> None:
        while self.request_list.count():
            item = self.request_list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # its queued "show" must not make it a window (clear_layout)
                widget.setParent(None)  # gone at once, with what it showed
                widget.deleteLater()
        lang = self.language
        for alert in self.case_desk.alert_rows(lang):  # more urgent than any request: first
            self.request_list.addWidget(alert)
        if not self.requests and not self.case_desk.alerts:
            calm = kit.text(
                "body_s",
                tr("associate.home.no_requests", lang),
                tone="muted",
                wrap=True,
                name="no-requests",
            )
            self.request_list.addWidget(calm)
            self.request_list.addStretch(1)
            return
        now, here, me = utcnow(), self.ctx.config.kiosk_id, self._me()
        for r in self.requests:  # the signed-in associate's clients' first, marked
            self.request_list.addWidget(request_row(r, now, here, lang, me, self._answer))
        self.request_list.addStretch(1)

    def _me(self) -> uuid.UUID | None:
        associate = self.ctx.associate.associate
        return associate.id if associate is not None else None

    def _show_sync(self, s: SyncStatus | None) -> None:
        """``None``: the status could not be read."""
        lang = self.language
        if s is None:
            self.sync_state.setText(tr("associate.sync.state.stopped", lang))
            self.sync_detail.clear()
            return
        self.sync_state.setText(tr(f"associate.sync.state.{s.state}", lang))
        ok = s.state in {"idle", "syncing", "starting"} and s.quarantined == 0
        kit.retone(self.sync_state, "ink" if ok else "accent")
        lines = [trn("associate.sync.pending", lang, s.pending)]
        if s.quarantined:
            lines.append(tr("associate.sync.quarantined", lang, n=s.quarantined))
        if s.last_success_at:
            lines.append(
                tr(
                    "associate.sync.last_success",
                    lang,
                    time=_local(s.last_success_at, self._zone()),
                )
            )
        else:
            lines.append(tr("associate.sync.never", lang))
        if (
            s.last_error
            and s.last_error_at
            and (s.last_success_at is None or s.last_error_at > s.last_success_at)
        ):
            lines.append(
                tr(
                    "associate.sync.last_error",
                    lang,
                    time=_local(s.last_error_at, self._zone()),
                    error=s.last_error[:120],
                )
            )
        self.sync_detail.setText("\n".join(lines))


def _local(at: dt.datetime, zone: dt.tzinfo) -> str:
    """A store clock time: associates think in the store's local time (``store_timezone``),
    not UTC nor the machine's zone."""
    return at.astimezone(zone).strftime("%H:%M")
