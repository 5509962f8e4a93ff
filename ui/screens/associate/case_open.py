"""Open a case for a customer in person: a complaint heard on the shop floor leaves a trace.

The same fields as the customer's farewell screen (``ui.widgets.case_form``): what it was
about, a few words, and whether and how the store may get back to them, with the explicit
consent the customer gives (the associate ticks it only when the customer says yes). With a
visit on the kiosk the case is linked to it unless the associate says otherwise; without
one it stands alone. The associate who opens it owns it. Written through the recorder and
the outbox (``Runtime.cases``), then the case itself opens, so the associate can answer it
at once. Nothing typed outlives the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.clock import utcnow
from kiosk.recovery.cases import CaseError, check_report
from ui import kit, theme
from ui.screens.associate.clients import reveal_later, scrolled
from ui.screens.associate.frame import CLIENT_ROLES, ToolScreen, card
from ui.strings import tr
from ui.widgets.case_form import CaseForm

if TYPE_CHECKING:
    import uuid

    from ui.context import ScreenContext


class CaseOpenScreen(ToolScreen):
    NAME = "case_open"
    ROLES = CLIENT_ROLES

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.busy = False
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(72, 36, 72, 32)
        outer.setSpacing(20)
        page = QWidget()
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, page)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.setSpacing(32)
        self.page_scroll = scrolled(page)
        outer.addWidget(self.page_scroll, 1)
        self.form = CaseForm(self)
        # Docked at the foot, the whole width: under the band there is no room for it beside
        # the fields; the page above scrolls to the field being typed in.
        keyboard = self.form.keyboard
        keyboard.setParent(None)
        keyboard.setMaximumWidth(1400)
        for key in keyboard.keys.values():  # their own height: the page keeps the rest
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        keyboard.summoned.connect(self._reveal)
        # centred, as wide as it may be: aligned in a layout, it would shrink to its keys'
        # narrow hints (keys about 20 px wide, under the touch minimum)
        docked = QHBoxLayout()
        docked.addStretch(1)
        docked.addWidget(keyboard, 100)
        docked.addStretch(1)
        outer.addLayout(docked)
        keyboard.hide()

        about, column, self.about_title = card()
        self.intro = kit.text("body_s", tone="muted", wrap=True, name="case-open-intro")
        column.addWidget(self.intro)
        column.addWidget(self.form.about)
        self.for_visit = kit.button("secondary", role="body_s", name="case-for-visit")
        kit.mark(self.for_visit, "option")
        self.for_visit.setCheckable(True)
        self.for_visit.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.for_visit.toggled.connect(lambda _on: self._render_visit())
        column.addWidget(self.for_visit)
        column.addStretch(1)
        self.about_column = column
        self.foot = QWidget()  # under "about" in landscape, after the contact in portrait
        foot = QVBoxLayout(self.foot)
        foot.setContentsMargins(0, 0, 0, 0)
        foot.addWidget(self.form.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save = kit.button("primary", role="button_s", name="case-open-save")
        self.save.setMinimumHeight(76)
        self.save.clicked.connect(self._save)
        buttons.addWidget(self.save)
        foot.addLayout(buttons)
        column.addWidget(self.foot)
        self.columns.addWidget(about, 11)

        contact, column, self.contact_title = card()
        column.removeWidget(self.contact_title)
        self.contact_title.hide()  # the form's own title says it
        column.addWidget(self.form.contact, 1)
        self.contact_column = column
        self.columns.addWidget(contact, 10)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        self.form.set_categories(self.ctx.pack.case_categories)
        self.form.empty()
        self.busy = False
        self.save.setEnabled(True)
        self.for_visit.setChecked(self.ctx.journey.active)
        self.retranslate(self.ctx.language)

    def leave(self) -> None:
        self.form.empty()

    def clear(self) -> None:
        self.ops.reset()
        self.form.empty()
        self.busy = False

    def _reveal(self, field: QWidget) -> None:
        """The tapped field stays in sight above the keyboard once the page has shrunk."""
        reveal_later(self.page_scroll, field)

    def set_portrait(self, portrait: bool) -> None:
        """Portrait: the button after the contact fields, where the form ends."""
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.foot.setParent(None)
        (self.contact_column if portrait else self.about_column).addWidget(self.foot)
        self.foot.show()
        self.way_within_reach(self.home_button, portrait)

    def eyebrow_text(self, language: str) -> str:
        return tr("associate.case.eyebrow", language)

    # -- saving ------------------------------------------------------------------------------
    def _save(self) -> None:
        me = self.ctx.associate.associate
        if self.busy or me is None:
            return
        report = self.form.report(self.language, None)
        categories = [c.id for c in self.ctx.pack.case_categories]
        try:
            check_report(report, categories)
        except CaseError as refused:
            self.form.say(refused)
            return
        state = self.ctx.journey.state
        linked = state is not None and self.ctx.journey.active and self.for_visit.isChecked()
        visit_id = state.visit_id if linked and state is not None else None
        customer_id = state.customer_id if linked and state is not None else None
        self.busy = True
        self.save.setEnabled(False)
        cases, who = self.ops.runtime.cases, me.id
        self.ops.write(
            "service case",
            lambda: cases.open_case(
                report,
                categories,
                at=utcnow(),
                visit_id=visit_id,
                customer_id=customer_id,
                opened_by=who,
            ),
            self._opened,
            self._not_opened,
            lane="open",
        )

    def words(self, error: BaseException) -> str:
        return self.form.words(error)

    def _not_opened(self, said: str) -> None:
        self.busy = False
        self.save.setEnabled(True)
        self.form.message.setText(said)

    def _opened(self, case_id: uuid.UUID) -> None:
        self.busy = False
        self.form.empty()
        self.ctx.back()  # the form is done with: "back" from the case leads where it came from
        self.ctx.associate.open_tool("case", case_id=case_id)

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.form.retranslate(language)
        self.form.set_category_labels(
            {c.id: c.label.get(language) for c in self.ctx.pack.case_categories}
        )
        self.about_title.setText(tr("associate.case.open_title", language))
        self.intro.setText(tr("associate.case.open_intro", language))
        self.save.setText(tr("associate.case.open_save", language))
        self._render_visit()

    def _render_visit(self) -> None:
        mark = "☑" if self.for_visit.isChecked() else "☐"
        self.for_visit.setText(f"{mark}   {tr('associate.case.for_visit', self.language)}")
        self.for_visit.setVisible(self.ctx.journey.active)
