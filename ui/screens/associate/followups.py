"""Follow-ups: what is due for me (or for the store), and recording how each one went.

The list reads store-wide through ``runtime.reader`` off the GUI thread (this kiosk's own
tasks, with a quiet note, when the store does not answer), grouped overdue / today /
upcoming. Tapping a task opens it on the right with its outcome buttons (a day stepper for
"booked"); "New follow-up" adds a task by hand for the current visit's customer. Every read
and write is an operation of ``kiosk.followups.FollowupTasks`` run through the screen's
``Operations``: writes on the recorder (the single writer) through the outbox, then a sync
wake so other kiosks know; a failure in the screen's words (``words``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.associates.due import GROUP_ORDER, DueItem, Group
from kiosk.associates.tasks import FollowupError, FollowupTasks
from kiosk.clock import utcnow
from kiosk.scope import Read, Scope
from ui import kit, theme
from ui.screens.associate.followups_panels.detail import DetailPanel, due_text
from ui.screens.associate.followups_panels.new_task import NewTaskPanel
from ui.screens.associate.followups_panels.reason import reason_of
from ui.screens.associate.frame import CLIENT_ROLES, ToolScreen, card
from ui.screens.associate.pick_list import (
    desk_columns,
    mark_open,
    pick_row,
    pick_rows,
    side_card,
    turn,
)
from ui.strings import tr
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext

T = TypeVar("T")
ERROR_CODES = frozenset(
    {"unknown", "done", "stopped", "withdrawn", "date", "score", "comment", "answered", "channel"}
)
"""The refusals the screen words apart; any other failure is "not recorded"."""


class FollowupsScreen(ToolScreen):
    NAME = "followups"
    ROLES = CLIENT_ROLES
    TOOL = "followups.tool"
    TOOL_ORDER = 20
    REFRESH_MS = 15000

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.items: list[DueItem] = []
        self.scope: Scope | None = None
        self.selected: uuid.UUID | None = None
        self.now = utcnow().astimezone()

        self.columns = desk_columns(self.body)

        tasks, column, self.list_title = card()
        header = QHBoxLayout()
        header.setSpacing(12)
        column.removeWidget(self.list_title)
        header.addWidget(self.list_title)
        header.addStretch(1)
        self.scope_group = QButtonGroup(self)
        segment = QHBoxLayout()
        segment.setSpacing(0)  # one control of two halves
        self.mine_button = self._toggle("show-mine", segment)
        self.store_button = self._toggle("show-store", segment)
        header.addLayout(segment)
        self.mine_button.setChecked(True)
        header.addSpacing(16)
        self.new_button = kit.button("primary", role="label", name="new-followup")
        self.new_button.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.new_button.clicked.connect(self._open_new)
        header.addWidget(self.new_button)
        column.insertLayout(0, header)
        self.scope_note = kit.text("caption_s", tone="muted", wrap=True, name="scope-note")
        self.scope_note.hide()
        column.addWidget(self.scope_note)
        self.rows = pick_rows(column)
        self.columns.addWidget(tasks, 3)

        side, side_column = side_card()
        self.panels = QStackedWidget()
        self.pick = kit.text("body_s", tone="muted", wrap=True, name="pick-hint")
        pick_page = QWidget()
        pick_column = QVBoxLayout(pick_page)
        pick_column.setContentsMargins(0, 0, 0, 0)
        pick_column.addWidget(self.pick)
        pick_column.addStretch(1)
        self.detail = DetailPanel(self)
        self.new_panel = NewTaskPanel(self)
        for page in (pick_page, self.detail, self.new_panel):
            self.panels.addWidget(page)
        side_column.addWidget(self.panels, 1)
        self.columns.addWidget(side, 2)

        self._timer = QTimer(self)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def _toggle(self, name: str, row: QHBoxLayout) -> QPushButton:
        button = kit.button("secondary", role="label", name=name)
        button.setCheckable(True)
        button.setMinimumHeight(theme.MIN_TOUCH + 8)
        button.setMinimumWidth(132)
        button.clicked.connect(lambda _=False: self._scope_changed())
        self.scope_group.addButton(button)
        row.addWidget(button)
        return button

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        self.retranslate(self.ctx.language)
        self.show_pick()
        self.refresh()
        self._timer.start()

    def leave(self) -> None:
        self._timer.stop()
        self.clear()  # client names stay on screen no longer than the associate does

    def clear(self) -> None:
        self._timer.stop()
        self.ops.reset()
        self.items, self.scope, self.selected = [], None, None
        self.detail.clear()
        self.new_panel.clear()
        self.panels.setCurrentIndex(0)
        clear_layout(self.rows)
        self.scope_note.hide()

    def set_portrait(self, portrait: bool) -> None:
        turn(self.columns, portrait)
        self.way_within_reach(self.home_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("followups.eyebrow", language)

    @property
    def mine(self) -> bool:
        return self.mine_button.isChecked()

    @property
    def tasks(self) -> FollowupTasks:
        """The follow-ups' operations (``Runtime.followups``)."""
        return self.ops.runtime.followups

    # -- reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """The due list, afresh: an answer to an older ask is dropped (its lane)."""
        associate = self.ctx.associate.associate
        if associate is None:
            return
        tasks = self.tasks
        who = associate.id if self.mine else None
        now = utcnow().astimezone(tasks.zone)  # the store's clock (its zone) says "today"
        self.ops.read(
            lambda: tasks.due(now, who),
            lambda read: self._got(now, read),
            lambda _text: self._got(now, None),  # a failed read keeps the list shown
            lane="due",
        )

    def _got(self, now: dt.datetime, read: Read[list[DueItem]] | None) -> None:
        if not self.isVisible():
            return
        if read is not None:
            self.now = now
            self.items, self.scope = list(read.value), read.scope
        self._render()
        if self.selected is not None:
            chosen = next((i for i in self.items if i.id == self.selected), None)
            if chosen is None and self.panels.currentWidget() is self.detail:
                if not self.detail.showing_result:
                    self.show_pick()
            elif chosen is not None and self.panels.currentWidget() is self.detail:
                self.detail.update_item(chosen)

    def _scope_changed(self) -> None:
        self.selected = None
        if self.panels.currentWidget() is self.detail:
            self.show_pick()
        self.refresh()

    # -- acting ------------------------------------------------------------------------------
    def open_task(self, task_id: uuid.UUID) -> None:
        item = next((i for i in self.items if i.id == task_id), None)
        if item is None:
            return
        self.selected = task_id
        self.detail.show_item(item, self.now)
        self.panels.setCurrentWidget(self.detail)
        self._mark_selected()

    def show_pick(self) -> None:
        self.selected = None
        self.panels.setCurrentIndex(0)
        self._mark_selected()

    def _open_new(self) -> None:
        self.selected = None
        self._mark_selected()
        self.new_panel.open(self.now)
        self.panels.setCurrentWidget(self.new_panel)

    def write(
        self,
        op: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[str], None],
        lane: str,
    ) -> None:
        """Run the operation ``op`` as a follow-up write (``Operations.write``: the recorder,
        the full-disk guard, a sync wake), then ``done(result)`` or ``failed(words)`` on the
        GUI thread, then a fresh list either way."""

        def answered(result: T) -> None:
            done(result)
            self.refresh()

        def refused(text: str) -> None:
            failed(text)
            self.refresh()

        self.ops.write("follow-up task", op, answered, refused, lane=lane)

    def words(self, error: BaseException) -> str:
        """A refusal in the associate's words; anything else: nothing was changed."""
        code = error.code if isinstance(error, FollowupError) else "refused"
        return tr(f"followups.error.{code if code in ERROR_CODES else 'refused'}", self.language)

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.list_title.setText(tr("followups.title", language))
        self.mine_button.setText(tr("followups.mine", language))
        self.store_button.setText(tr("followups.store", language))
        self.new_button.setText(tr("followups.new", language))
        self.scope_note.setText(tr("followups.kiosk_only", language))
        self.pick.setText(tr("followups.pick", language))
        self.detail.retranslate(language)
        self.new_panel.retranslate(language)
        if self.isVisible():
            self._render()

    def _render(self) -> None:
        clear_layout(self.rows)
        lang = self.language
        runtime = self.ops.runtime
        has_store = bool(runtime.config.store_db_url)
        self.scope_note.setVisible(self.scope is Scope.KIOSK and has_store)  # fell back
        if self.scope is None:
            self.rows.addWidget(kit.text("body_s", tr("followups.loading", lang), tone="muted"))
            self.rows.addStretch(1)
            return
        if not self.items:
            key = "followups.none_mine" if self.mine else "followups.none_store"
            calm = kit.text("body_s", tr(key, lang), tone="muted", wrap=True, name="nothing-due")
            self.rows.addWidget(calm)
            self.rows.addStretch(1)
            return
        for group in GROUP_ORDER:
            members = [i for i in self.items if i.group is group]
            if not members:
                continue
            heading = kit.text(
                "eyebrow_xs",
                f"{tr(f'followups.group.{group}', lang).upper()}  ·  {len(members)}",
                tone="accent",
                name=f"group-{group}",
            )
            heading.setContentsMargins(0, 14, 0, 2)
            self.rows.addWidget(heading)
            for item in members:
                self.rows.addWidget(self._row(item))
        self.rows.addStretch(1)
        self._mark_selected()

    def _row(self, item: DueItem) -> QPushButton:
        lang = self.language
        overdue = item.group is Group.OVERDUE
        row, line = pick_row(f"task-{item.id}", accent=overdue)
        left = QVBoxLayout()
        left.setSpacing(4)
        kind = kit.text("item", tr(f"followups.kind.{item.kind}", lang), name="kind")
        left.addWidget(kind)
        who = kit.text(
            "caption",
            item.client_name or tr("followups.no_client", lang),
            tone="muted",
            name="client",
        )
        left.addWidget(who)
        reason = reason_of(self, item, self.now, lang)
        if reason:  # an after-sale task says why in one line (wrapped where it is narrow)
            left.addWidget(kit.text("caption_s", reason, tone="muted", wrap=True, name="reason"))
        line.addLayout(left, 1)
        right = QVBoxLayout()
        right.setSpacing(4)
        due = kit.text(
            "caption",
            due_text(item, self.now, lang),
            tone="accent" if overdue else "ink",
            name="due",
        )
        right.addWidget(due)
        owner = kit.text(
            "caption_s",
            item.assignee_name or tr("followups.unassigned", lang),
            tone="muted",
            name="assignee",
        )
        right.addWidget(owner)
        for widget in (due, owner):
            widget.setAlignment(Qt.AlignmentFlag.AlignRight)
        line.addLayout(right)
        row.clicked.connect(lambda _=False, i=item.id: self.open_task(i))
        return row

    def _mark_selected(self) -> None:
        mark_open(self.rows, f"task-{self.selected}")
