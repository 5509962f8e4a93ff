"""Diagnostics for store IT: the checks of ``kiosk check``, on the kiosk itself.

The checks (``kiosk.station.health.run_checks``: version, configuration sources, local database,
store database reachability and schema, sync backlog, content pack, disk, failed visit
writes, logs, settings a store kiosk must not keep at a developer's value) run off the GUI
thread; the display's size and orientation are read here, on the GUI thread, where Qt knows
them. Each line carries a mark: a quiet tick when fine, a brass "!" when a person should look.
"Sync now" wakes the sync worker; "Exit the kiosk" is the store-IT way out. The checks run
through the screen's ``Operations``; a failure is shown in the screen's words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from kiosk.station.health import run_checks
from kiosk.station.place import store_zone
from ui import kit
from ui.screens.associate.frame import ToolScreen, card
from ui.strings import tr

if TYPE_CHECKING:
    from ui.context import ScreenContext

ROWS = (
    "version",
    "config",
    "local_db",
    "store_db",
    "sync",
    "content",
    "disk",
    "writes",
    "log_dir",
    "production",
)


def config_sources(settings: dict[str, dict[str, str]], language: str) -> str:
    """How many settings come from each place: defaults, each file, the environment."""
    counts = Counter(
        "environment" if s["source"].startswith("environment") else s["source"]
        for s in settings.values()
    )
    parts = []
    if counts.get("default"):
        parts.append(tr("diagnostics.config.default", language, n=counts.pop("default")))
    for source, n in sorted(counts.items()):
        parts.append(tr("diagnostics.config.from", language, n=n, source=source))
    return " · ".join(parts)


class DiagnosticsScreen(ToolScreen):
    NAME = "diagnostics"
    ROLES = frozenset({"store_it"})
    TOOL = "diagnostics.tool"
    TOOL_ORDER = 50
    RECHECK_AFTER_SYNC_MS = 2500

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.report: dict[str, Any] | None = None
        self.error: str | None = None  # why the checks could not run, in the screen's words
        self.running = False
        self.sync_key: str | None = None  # the note under "Sync now"

        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.columns.setContentsMargins(72, 40, 72, 48)
        self.columns.setSpacing(40)

        checks, column, self.title = card()
        self.summary = kit.text("item", name="diagnostics-summary")
        column.addWidget(self.summary)
        self.checked_at = kit.text("caption_s", tone="muted")
        column.addWidget(self.checked_at)
        column.addSpacing(12)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(18)
        self.grid.setColumnStretch(2, 1)
        self.marks: dict[str, QLabel] = {}
        self.names: dict[str, QLabel] = {}
        self.details: dict[str, QLabel] = {}
        for i, row in enumerate((*ROWS, "display")):
            mark = kit.text(
                "item",
                align=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter,
                name=f"mark-{row}",
            )
            mark.setFixedWidth(32)
            name = kit.text("item_s", align=Qt.AlignmentFlag.AlignTop)
            name.setMinimumWidth(220)
            detail = kit.text("caption_s", tone="muted", wrap=True, name=f"detail-{row}")
            detail.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.grid.addWidget(mark, i, 0)
            self.grid.addWidget(name, i, 1)
            self.grid.addWidget(detail, i, 2)
            self.marks[row], self.names[row], self.details[row] = mark, name, detail
        column.addLayout(self.grid)
        column.addStretch(1)
        self.checks_column = column
        self.columns.addWidget(checks, 3)

        actions, column, self.actions_title = card()
        self.again = self._action(column, "diagnostics-again", self.run_checks, "primary")
        self.sync_now = self._action(column, "diagnostics-sync", self._sync_now)
        self.sync_note = kit.text(
            "caption_s", tone="muted", wrap=True, name="diagnostics-sync-note"
        )
        column.addWidget(self.sync_note)
        column.addStretch(1)
        column.addSpacing(24)
        self.exit_hint = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(self.exit_hint)
        self.exit_button = self._action(column, "diagnostics-exit", self.ctx.associate.exit_kiosk)
        self.columns.addWidget(actions, 1)
        self.columns.addStretch(0)  # takes the spare height in portrait, nothing in landscape

    @staticmethod
    def _action(
        column: QVBoxLayout, name: str, action: Any, kind: kit.ButtonKind = "secondary"
    ) -> QPushButton:
        button = kit.button(kind, role="button_s", name=name)
        button.setMinimumHeight(76)
        button.clicked.connect(action)
        column.addWidget(button)
        return button

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        self.sync_key = None
        self.retranslate(self.ctx.language)
        self.run_checks()

    def clear(self) -> None:
        self.sync_key = None
        self.sync_note.clear()

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # portrait: the checks take the spare height, their rows spread through it (a 330 px
        # empty band lay between the actions and the way home); the actions at the foot
        for index, (landscape, tall) in enumerate(((3, 1), (1, 0), (0, 0))):
            self.columns.setStretch(index, tall if portrait else landscape)
        last = self.checks_column.count() - 1  # the grid, then the stretch under it
        self.checks_column.setStretch(last - 1, int(portrait))
        self.checks_column.setStretch(last, 0 if portrait else 1)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, int(portrait))
        beside = Qt.AlignmentFlag.AlignTop if portrait else Qt.AlignmentFlag.AlignVCenter
        for detail in self.details.values():  # level with its name in a row grown taller
            detail.setAlignment(Qt.AlignmentFlag.AlignLeft | beside)
        self.way_within_reach(self.home_button, portrait)
        self._render_display()

    def eyebrow_text(self, language: str) -> str:
        return tr("diagnostics.eyebrow", language)

    # -- actions -----------------------------------------------------------------------------
    def run_checks(self) -> None:
        if self.running:
            return
        self.running = True
        config = self.ctx.config
        self.again.setEnabled(False)
        self.summary.setText(tr("diagnostics.checking", self.language))
        self.ops.read(lambda: run_checks(config), self._got_report, self._no_report, lane="checks")

    def words(self, error: BaseException) -> str:
        return tr("diagnostics.failed", self.language, error=type(error).__name__)

    def _got_report(self, report: dict[str, Any]) -> None:
        self.running = False
        self.again.setEnabled(True)
        self.report, self.error = report, None
        self._render()

    def _no_report(self, text: str) -> None:
        self.running = False
        self.again.setEnabled(True)
        self.report, self.error = None, text
        self._render()

    def _sync_now(self) -> None:
        if not self.ctx.associate.sync_now():
            return
        self.sync_key = "diagnostics.sync_requested"
        self.sync_note.setText(tr(self.sync_key, self.language))
        QTimer.singleShot(self.RECHECK_AFTER_SYNC_MS, self, self.run_checks)

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.title.setText(tr("diagnostics.title", language))
        self.actions_title.setText(tr("diagnostics.actions", language))
        self.again.setText(tr("diagnostics.again", language))
        self.sync_now.setText(tr("diagnostics.sync_now", language))
        self.exit_button.setText(tr("diagnostics.exit", language))
        self.exit_hint.setText(tr("diagnostics.exit_hint", language))
        for row, label in self.names.items():
            label.setText(tr(f"diagnostics.row.{row}", language))
        runtime = self.ops.runtime
        has_sync = runtime.health.syncs
        self.sync_now.setEnabled(has_sync)
        if not has_sync:
            stopped = bool(self.ctx.config.store_db_url)
            self.sync_key = "diagnostics.sync_stopped" if stopped else "diagnostics.no_sync"
        self.sync_note.setText(tr(self.sync_key, language) if self.sync_key else "")
        self._render()

    def _mark(self, row: str, ok: bool | None) -> None:
        mark = self.marks[row]
        mark.setText("" if ok is None else "✓" if ok else "!")
        kit.retone(mark, "muted" if ok else "accent")
        kit.retone(self.details[row], "muted" if ok is not False else "accent")

    def _render(self) -> None:
        lang = self.language
        report = self.report
        self._render_display()
        if self.running:
            return
        if report is None:
            self.summary.setText(self.error or "")
            self.checked_at.clear()
            for row in ROWS:
                self._mark(row, None)
                self.details[row].clear()
            return
        problems = report["problems"]
        self.summary.setText(
            tr("diagnostics.ok", lang)
            if not problems
            else tr("diagnostics.attention", lang, n=len(problems))
        )
        kit.retone(self.summary, "ink" if not problems else "accent")
        at = dt.datetime.fromisoformat(report["checked_at"]).astimezone(store_zone(self.ctx.config))
        self.checked_at.setText(tr("diagnostics.checked_at", lang, time=f"{at:%H:%M:%S}"))
        kiosk = report["kiosk"]
        build = kiosk.get("build") or {}
        version = kiosk["version"] + (f" ({build['commit'][:8]})" if build.get("commit") else "")
        self._mark("version", True)
        self.details["version"].setText(
            tr(
                "diagnostics.version",
                lang,
                version=version,
                store=kiosk["store_id"],
                kiosk=kiosk["kiosk_id"],
            )
        )
        self._mark("config", True)
        self.details["config"].setText(config_sources(report["settings"], lang))
        for row in ROWS[2:]:
            check = report["checks"][row]
            self._mark(row, bool(check["ok"]))
            self.details[row].setText(check["detail"])

    def _render_display(self) -> None:
        window = self.window()  # the kiosk's window: its screen and size, as the customer sees
        screen = window.screen()
        size = window.size()
        portrait = size.height() > size.width()
        scale = screen.devicePixelRatio() if screen is not None else 1.0
        self._mark("display", True)
        self.details["display"].setText(
            tr(
                "diagnostics.display",
                self.language,
                width=size.width(),
                height=size.height(),
                orientation=tr(
                    "diagnostics.portrait" if portrait else "diagnostics.landscape", self.language
                ),
                scale=f"{scale:g}",
            )
        )
