"""Service-recovery cases as lines of the associate home: the desk's urgent alert and the
cases list.

A case nobody has answered yet is more urgent than a request for a refreshment: it heads the
service desk's list, marked "urgent" in brass, on every kiosk of the store, until someone
acknowledges it. The cases list (managers see the store's, an associate the ones they
opened, own or acknowledged) shows each case's state and its age against the store's
response target, overdue ones first (the order ``CaseBook.list_for`` gives). A tap opens the
case. Only anonymous facts are shown here (category, kiosk, age, state): the customer's
words and contact details stay on the case screen.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.associates.desk import short_age
from kiosk.clock import utcnow
from kiosk.recovery.cases import CaseSummary
from ui import kit
from ui.screens.associate.clients import scrolled
from ui.screens.associate.frame import CLIENT_ROLES, card
from ui.strings import tr, trn
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext
    from ui.operations import Operations

Open = Callable[[uuid.UUID], None]


def span_text(span: dt.timedelta, language: str) -> str:
    """ "3 min", "5 h", "2 days" ("just now" under a minute)."""
    n, unit = short_age(max(span, dt.timedelta(0)))
    if unit == "min" and n == 0:
        return tr("associate.home.age_now", language)
    return trn(f"associate.home.age.{unit}", language, n)


def kiosk_text(kiosk_id: str | None, here: str, language: str) -> str:
    if kiosk_id is None:
        return tr("associate.case.in_person", language)
    return tr("associate.home.this_kiosk", language) if kiosk_id == here else kiosk_id


def timing_text(case: CaseSummary, now: dt.datetime, language: str) -> str:
    """Age against the response target, in the associate's words."""
    if case.state == "resolved" and case.resolved_at is not None:
        if short_age(max(now - case.resolved_at, dt.timedelta(0))) == (0, "min"):
            return tr("associate.case.resolved_now", language)
        return tr(
            "associate.case.resolved_ago", language, age=span_text(now - case.resolved_at, language)
        )
    if case.overdue:
        return tr("associate.case.overdue_by", language, age=span_text(now - case.due_at, language))
    return tr(
        "associate.case.age_of_target",
        language,
        age=span_text(case.age(now), language),
        target=span_text(case.due_at - case.created_at, language),
    )


def alert_row(
    case: CaseSummary,
    labels: Mapping[str, str],
    now: dt.datetime,
    here: str,
    language: str,
    open_case: Open | None,
) -> QWidget:
    """An unanswered case at the head of the service desk: urgent, and says so."""
    row = QFrame()
    row.setObjectName(f"case-alert-{case.id}")
    kit.surface(row, "row_accent")
    line = QHBoxLayout(row)
    line.setContentsMargins(24, 14, 16, 14)
    line.setSpacing(16)
    text = QVBoxLayout()
    text.setSpacing(2)
    text.addWidget(
        kit.text(
            "eyebrow_xs",
            tr("associate.case.urgent", language).upper(),
            tone="accent",
            name="urgent",
        )
    )
    what = labels.get(case.category, case.category)
    text.addWidget(kit.text("item", tr("associate.case.alert", language, category=what), wrap=True))
    detail = tr(
        "associate.home.where",
        language,
        kiosk=kiosk_text(case.kiosk_id, here, language),
        age=span_text(case.age(now), language),
    )
    text.addWidget(
        kit.text(
            "caption",
            f"{detail}  ·  {tr('associate.case.unanswered', language)}",
            tone="muted",
            name="detail",
        )
    )
    line.addLayout(text, 1)
    if open_case is not None:
        button = kit.button(
            "primary", tr("associate.case.open", language), role="label", name="open-case"
        )
        button.clicked.connect(lambda _=False, i=case.id: open_case(i))
        line.addWidget(button)
    return row


def case_row(
    case: CaseSummary,
    labels: Mapping[str, str],
    now: dt.datetime,
    here: str,
    language: str,
    open_case: Open,
) -> QWidget:
    """One line of the cases list: a button the size of a thumb's press, opening the case."""
    button = kit.button("secondary", name=f"case-{case.id}")
    kit.surface(button, "row_accent" if case.overdue else "row")
    button.setMinimumHeight(96)
    button.clicked.connect(lambda _=False, i=case.id: open_case(i))
    line = QHBoxLayout(button)
    line.setContentsMargins(24, 10, 24, 10)
    text = QVBoxLayout()
    text.setSpacing(2)
    what = labels.get(case.category, case.category)
    state = tr(f"associate.case.state.{case.state}", language)
    text.addWidget(kit.text("item_s", f"{what}  ·  {state}", name="case-title"))
    where = kiosk_text(case.kiosk_id, here, language)
    timing = timing_text(case, now, language)
    detail = kit.text(
        "caption",
        f"{where}  ·  {timing}",
        tone="accent" if case.overdue else "muted",
        name="case-timing",
    )
    text.addWidget(detail)
    line.addLayout(text, 1)
    return button


class CaseDesk:
    """The home's part of service recovery: reads the unanswered cases (for the desk's
    urgent lines, every role) and the associate's cases list, off the GUI thread through the
    home's ``Operations``, and draws the list in its own card (``frame``). A failed read
    keeps what was shown."""

    def __init__(self, ctx: ScreenContext, ops: Operations, alerted: Callable[[], None]) -> None:
        self.ctx, self.ops, self.alerted = ctx, ops, alerted
        self.language = ctx.default_language
        self.alerts: list[CaseSummary] = []
        self.cases: list[CaseSummary] = []
        self.frame, column, self.title = card()
        self.frame.setObjectName("cases-card")
        self.list = QVBoxLayout()
        self.list.setSpacing(10)
        holder = QWidget()
        holder.setLayout(self.list)
        column.addWidget(scrolled(holder), 1)
        self.frame.hide()

    def refresh(self) -> None:
        cases, now, me = self.ops.runtime.cases, utcnow(), self.ctx.associate.associate
        self.ops.read(lambda: cases.unacknowledged(now), self._got_alerts, lane="case-alerts")
        if me is not None and me.role in CLIENT_ROLES:
            manager = me.role == "manager"
            self.ops.read(lambda: cases.list_for(me.id, manager, now), self._got, lane="cases")

    def clear(self) -> None:
        self.alerts, self.cases = [], []
        self.render(self.language)

    def _got_alerts(self, alerts: list[CaseSummary]) -> None:
        self.alerts = alerts
        self.alerted()

    def _got(self, cases: list[CaseSummary]) -> None:
        self.cases = cases
        self.render(self.language)

    def open_case(self, case_id: uuid.UUID) -> None:
        self.ctx.associate.open_tool("case", case_id=case_id)

    def labels(self) -> dict[str, str]:
        return {c.id: c.label.get(self.language) for c in self.ctx.pack.case_categories}

    def alert_rows(self, language: str) -> list[QWidget]:
        """The desk's urgent lines, with "Open" when the role may open a case."""
        screen = self.ctx.screen_class("case")  # the class: at a reset too, nothing is built
        opener = self.open_case if screen and self.ctx.associate.may_open(screen) else None
        now, here, labels = utcnow(), self.ctx.config.kiosk_id, self.labels()
        return [alert_row(c, labels, now, here, language, opener) for c in self.alerts]

    def render(self, language: str) -> None:
        """Managers always see the list (a calm line when empty); an associate only when a
        case is theirs."""
        self.language = language
        self.title.setText(tr("associate.case.list", language))
        clear_layout(self.list)
        me = self.ctx.associate.associate
        self.frame.setVisible((me is not None and me.role == "manager") or bool(self.cases))
        if not self.cases:
            calm = kit.text("body_s", tr("associate.case.none", language), tone="muted", wrap=True)
            self.list.addWidget(calm)
        now, here, labels = utcnow(), self.ctx.config.kiosk_id, self.labels()
        for case in self.cases:
            self.list.addWidget(case_row(case, labels, now, here, language, self.open_case))
        self.list.addStretch(1)
