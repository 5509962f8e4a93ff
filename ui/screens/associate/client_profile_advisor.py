"""A manager chooses a client's advisor among the store's associates (or none).

Opened from the profile's advisor line, for managers only: an associate takes a client on
with "Make me the advisor" there. The list is the store's active associates and managers,
read off the GUI thread; the current advisor is marked. A tap writes through the recorder
and the outbox and goes back to the profile, which reads itself again; a refusal (the client
withdrew their consent meanwhile, the associate was disabled elsewhere) is said here and
nothing changes.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout

from kiosk.associates.directory import AssociateDirectory, AssociateInfo
from kiosk.clients.book import ADVISOR_ROLES
from kiosk.clock import utcnow
from ui import kit
from ui.screens.associate.client_profile_book import refusal_key
from ui.screens.associate.frame import AssociateFrame, card
from ui.screens.associate.pick_list import pick_row, pick_rows
from ui.strings import tr
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext

TALLEST = 1100  # px of names shown before the list scrolls (the store's people, a dozen)


class ClientAdvisorScreen(AssociateFrame):
    NAME = "client_advisor"
    ROLES = frozenset({"manager"})

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.customer_id: uuid.UUID | None = None
        self.client_name = ""
        self.current: uuid.UUID | None = None
        self.people: list[AssociateInfo] | None = None
        self.error_key = ""
        self.back_button = self.band_button("advisor-back", ctx.back)
        self.rows = QVBoxLayout(self.body)  # in portrait, room above: the sheet within reach
        self.rows.setContentsMargins(72, 40, 72, 48)
        self.rows.addStretch(0)
        centre = QHBoxLayout()
        self.rows.addLayout(centre, 1)
        self.rows.addStretch(0)
        sheet, column, self.title = card()
        sheet.setMaximumWidth(1100)
        centre.addStretch(1)
        centre.addWidget(sheet, 10)
        centre.addStretch(1)
        self.title.setWordWrap(True)
        self.hint = kit.text("body_s", tone="muted", wrap=True)
        column.addWidget(self.hint)
        self.message = kit.text("body_s", tone="accent", wrap=True, name="advisor-pick-message")
        column.addWidget(self.message)
        self.list = pick_rows(column)
        ctx.associate.changed.connect(self._associate_changed)

    def enter(self, **params: Any) -> None:
        customer_id = params.get("customer_id")
        self.customer_id = customer_id if isinstance(customer_id, uuid.UUID) else None
        self.client_name = str(params.get("client_name") or "")
        advisor = params.get("advisor_id")
        self.current = advisor if isinstance(advisor, uuid.UUID) else None
        self.error_key = ""
        self.retranslate(self.ctx.language)
        directory = AssociateDirectory.of_kiosk(self.ops.runtime)
        self.ops.read(directory.associates, self._got, lambda _said: self._render(), lane="people")

    def clear(self) -> None:
        self.ops.reset()
        self.customer_id, self.client_name, self.current, self.people = None, "", None, None
        clear_layout(self.list)

    def _associate_changed(self) -> None:
        if self.ctx.associate.associate is None:
            self.clear()

    def set_portrait(self, portrait: bool) -> None:
        """Portrait: the sheet at its own height mid-screen, its names within the reach of
        a hand (not a 1000 px empty sheet under five names at the top); the way back at the
        foot. Landscape: the sheet from the band down, as it was."""
        self.rows.setStretch(0, 1 if portrait else 0)
        self.rows.setStretch(1, 0 if portrait else 1)
        self.rows.setStretch(2, 1 if portrait else 0)
        self.way_within_reach(self.back_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("clients.profile.eyebrow", language)

    def words(self, error: BaseException) -> str:
        self.error_key = refusal_key(error)
        return tr(self.error_key, self.language)

    def _got(self, people: list[AssociateInfo]) -> None:
        self.people = [p for p in people if p.role in ADVISOR_ROLES and not p.disabled]
        self._render()

    def _pick(self, advisor: uuid.UUID | None) -> None:
        me, customer = self.ctx.associate.associate, self.customer_id
        if me is None or customer is None:
            return
        book, by, at = self.ops.runtime.client_book, me.id, utcnow()
        self.error_key = ""
        self.ops.write(
            "client advisor",
            lambda: book.set_advisor(customer, advisor, by, at),
            lambda _done: self.ctx.back(),
            lambda _said: self._render(),
            lane="advisor",
        )

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.back_button.setText(tr("book.back_to_profile", language))
        self.title.setText(tr("book.advisor.choose_title", language, name=self.client_name))
        self.hint.setText(tr("book.advisor.choose_hint", language))
        self._render()

    def _render(self) -> None:
        lang = self.language
        self.message.setText(tr(self.error_key, lang) if self.error_key else "")
        self.message.setVisible(bool(self.error_key))
        clear_layout(self.list)
        if self.people is None:
            return
        choices: list[tuple[uuid.UUID | None, str]] = [
            (p.id, f"{p.display_name}  ·  {tr(f'associate.role.{p.role}', lang)}")
            for p in self.people
        ]
        choices.append((None, tr("book.advisor.nobody", lang)))
        for advisor, said in choices:
            row, line = pick_row(f"advisor-{advisor or 'none'}", accent=False)
            row.setChecked(advisor == self.current)
            line.addWidget(kit.text("item", said, wrap=True), 1)
            if advisor == self.current:
                line.addWidget(kit.text("caption", tr("book.advisor.current", lang), tone="accent"))
            row.clicked.connect(lambda _=False, a=advisor: self._pick(a))
            self.list.addWidget(row)
        self.list.addStretch(1)
        QTimer.singleShot(0, self, self._fit)  # once the rows are shown: a layout counts no other

    def _fit(self) -> None:
        """The list as tall as its names (up to ``TALLEST``), so that in portrait the sheet
        stands at the foot at its own height rather than a scroll three rows high."""
        holder = self.list.parentWidget()
        viewport = holder.parentWidget() if holder is not None else None
        scroll = viewport.parentWidget() if viewport is not None else None
        if holder is not None and isinstance(scroll, QScrollArea) and shiboken6.isValid(scroll):
            scroll.setMinimumHeight(min(holder.sizeHint().height(), TALLEST))
