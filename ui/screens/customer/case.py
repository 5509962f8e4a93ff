"""Something wasn't right: one calm screen where a customer tells the store, at farewell.

Reached from the farewell after a low score (0-6) or its quiet "Something wasn't right" link,
never pushed: "Back" returns to the farewell, "I'm done" ends the visit as the farewell's
"Finish" does. The customer picks what it was about (the pack's categories, in their
language), may add a few words, and chooses whether the store may get back to them: an
explicit consent tick with its wording version, then a name and a phone or an e-mail; or
"Just let the manager know", which sends no contact details at all.

The report is checked at once (a refused one says why, in words, and stores nothing), then
written as a case through the recorder and the outbox (``Runtime.cases``), so associates on
every kiosk of the store hear of it. A short, warm thank-you follows, then the visit ends as
the farewell ends it: the questions not answered count as skipped. Nothing typed outlives the
screen: leaving it, the idle timeout and the kiosk's reset empty every field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QSizePolicy,
    QSpacerItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.clock import utcnow
from kiosk.recovery.cases import CaseError, check_report
from kiosk.visit.stages import EndReason, Stage
from ui import kit, theme
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.case_form import CaseForm
from ui.widgets.layouts import within_reach

if TYPE_CHECKING:
    from ui.context import ScreenContext


class CaseReportScreen(CustomerScreen):
    NAME = "case_report"
    STAGE = Stage.FAREWELL  # still the goodbye: a part of the farewell, not a new stage
    SHOW_SELECTION = False
    SHOW_LOOKBOOKS = False
    THANKS_MS = 6000

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.done_button.clicked.disconnect()
        self.done_button.clicked.connect(self.finish)  # "I'm done": the visit ends here
        self.score: int | None = None
        self.unanswered: tuple[str, ...] = ()
        self.busy = False
        self.with_contact = False
        self._end = QTimer(self)
        self._end.setSingleShot(True)
        self._end.timeout.connect(self.finish)

        self.pages = QStackedWidget()
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(0, kit.gap("lg"), 0, 0)
        outer.addWidget(self.pages)

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(kit.gap("lg"))
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.setSpacing(kit.gap("xxl"))
        column.addLayout(self.columns, 1)
        self.form = CaseForm(self)
        self.form.typing.connect(self._typing)
        self.portrait = False
        left = QVBoxLayout()
        left.setSpacing(0)
        # portrait: the height the one column leaves, shared as pauses between its parts
        # (above the heading, between it and "about") rather than two 280 px holes; nothing
        # in landscape
        self.pauses = [QSpacerItem(0, 0) for _ in range(2)]
        left.addItem(self.pauses[0])
        self.heading = QWidget()  # folds while typing in portrait: the keys need the room
        lines = QVBoxLayout(self.heading)
        lines.setContentsMargins(0, 0, 0, kit.gap("xl"))
        lines.setSpacing(0)
        self.eyebrow = kit.eyebrow(name="case-eyebrow")
        lines.addWidget(self.eyebrow)
        lines.addSpacing(kit.gap("md"))
        self.title = kit.text("display_s", wrap=True, name="case-title")
        lines.addWidget(self.title)
        lines.addSpacing(kit.gap("sm"))
        self.intro = kit.text("body", tone="muted", wrap=True)
        lines.addWidget(self.intro)
        left.addWidget(self.heading)
        left.addItem(self.pauses[1])
        left.addWidget(self.form.about)
        left.addStretch(1)
        self.left = left
        self.columns.addLayout(left, 11)
        self.columns.addWidget(self.form.contact, 10)
        self.page_column = column

        self.foot = QWidget()  # under "about" in landscape; at the page's foot in portrait
        lines = QVBoxLayout(self.foot)
        lines.setContentsMargins(0, 0, 0, 0)
        lines.setSpacing(kit.gap("sm"))
        lines.addWidget(self.form.message)
        foot = QHBoxLayout()
        foot.setSpacing(kit.gap("md"))
        foot.addStretch(1)
        lines.addLayout(foot)
        self.foot_row = foot  # portrait: "Back" at its start, within reach
        self.just_tell = kit.button("secondary", role="button_s", name="case-just-tell")
        self.just_tell.setMinimumHeight(80)
        self.just_tell.clicked.connect(lambda: self.send(with_contact=False))
        foot.addWidget(self.just_tell)
        self.send_button = kit.button("primary", role="button_s", name="case-send")
        self.send_button.setMinimumHeight(80)
        self.send_button.setMinimumWidth(220)
        self.send_button.clicked.connect(lambda: self.send(with_contact=True))
        foot.addWidget(self.send_button)
        self.set_portrait(False)
        self.form_page = page
        self.pages.addWidget(page)

        thanks = QWidget()
        middle = QVBoxLayout(thanks)
        middle.addStretch(1)
        center = Qt.AlignmentFlag.AlignHCenter
        self.thanks_title = kit.text("display", wrap=True, align=center, name="case-thanks")
        middle.addWidget(self.thanks_title)
        middle.addSpacing(kit.gap("lg"))
        self.thanks_body = kit.text("body", tone="muted", wrap=True, align=center)
        middle.addWidget(self.thanks_body)
        middle.addSpacing(kit.gap("sm"))
        self.thanks_private = kit.text("body_s", tone="muted", wrap=True, align=center)
        middle.addWidget(self.thanks_private)
        middle.addStretch(2)
        self.thanks_page = thanks
        self.pages.addWidget(thanks)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        score = params.get("score")
        self.score = score if isinstance(score, int) else None
        self.unanswered = tuple(str(q) for q in params.get("unanswered", ()))
        self._end.stop()
        self.form.set_categories(self.ctx.pack.case_categories)
        self.form.empty()
        self._set_busy(False)
        self.pages.setCurrentWidget(self.form_page)
        self.retranslate(self.ctx.language)

    def leave(self) -> None:
        self._end.stop()
        self.form.empty()  # "Back" to the farewell: what was typed is not kept

    def clear(self) -> None:
        self.leave()
        self.ops.reset()
        self.score, self.unanswered = None, ()
        self._set_busy(False)
        self.pages.setCurrentWidget(self.form_page)

    def set_portrait(self, portrait: bool) -> None:
        """Landscape: the buttons under "about", so the keyboard beside them has the whole
        height, "Back" beside the wordmark. Portrait: everything in one column, its parts
        spread over the height, the buttons and "Back" at the foot, within reach."""
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.portrait = portrait
        # while typing: landscape folds the contact's explanations (the keys sit beside
        # them), portrait the heading above "about" (the keys sit under everything), and
        # the explanations too in larger text
        self.form.compact = not portrait or theme.current_mode().large_text
        self.columns.setSpacing(kit.gap("lg" if portrait else "xxl"))
        self.foot.setParent(None)
        (self.page_column if portrait else self.left).addWidget(self.foot)
        self.foot.show()
        grow = QSizePolicy.Policy.Expanding if portrait else QSizePolicy.Policy.Fixed
        for pause in self.pauses:
            pause.changeSize(0, 0, QSizePolicy.Policy.Minimum, grow)
            self.left.setStretch(self.left.indexOf(pause), 1 if portrait else 0)
        # four pauses of about equal height: three in the upper part, one under the contact
        self.columns.setStretch(0, 3 if portrait else 11)
        self.columns.setStretch(1, 1 if portrait else 10)
        self.left.invalidate()
        within_reach(self.back_button, self.foot_row, self.header, portrait)
        self.foot_row.setContentsMargins(0, 0, 0, 0)

    def _typing(self, typing: bool) -> None:
        self.heading.setVisible(not (typing and self.portrait))

    # -- sending -----------------------------------------------------------------------------
    def _categories(self) -> list[str]:
        return [c.id for c in self.ctx.pack.case_categories]

    def send(self, *, with_contact: bool) -> None:
        """Check at once (a refusal in words, nothing written), then write the case."""
        journey = self.ctx.journey
        state = journey.state
        if self.busy or state is None or not journey.active:
            return
        report = self.form.report(self.ctx.language, self.score, with_contact=with_contact)
        categories = self._categories()
        try:
            check_report(report, categories)
        except CaseError as refused:
            self.form.say(refused)
            return
        self.with_contact = report.consent
        self._set_busy(True)
        cases, visit_id, customer_id = self.ops.runtime.cases, state.visit_id, state.customer_id
        self.ops.write(
            "service case",
            lambda: cases.open_case(
                report, categories, at=utcnow(), visit_id=visit_id, customer_id=customer_id
            ),
            lambda _case_id: self._sent(),
            self._not_sent,
            lane="case",
        )

    def words(self, error: BaseException) -> str:
        return self.form.words(error)

    def _not_sent(self, said: str) -> None:
        self._set_busy(False)
        self.form.message.setText(said)

    def _sent(self) -> None:
        self.form.empty()
        self._set_busy(False)
        self.pages.setCurrentWidget(self.thanks_page)
        self.back_button.hide()  # sent: only "I'm done" remains, and the pause ends it
        self._render_thanks(self.ctx.language)
        self._end.start(self.THANKS_MS)

    def finish(self) -> None:
        """The thank-you is over, or "I'm done": the farewell's questions not answered count
        as skipped, then the visit ends as the farewell ends it."""
        self._end.stop()
        journey = self.ctx.journey
        if journey.active:
            for question in self.unanswered:
                journey.feedback(question, None)
        self.unanswered = ()
        self.ctx.end_visit(EndReason.COMPLETED)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.send_button.setEnabled(not busy)
        self.just_tell.setEnabled(not busy)
        if busy:
            self.form.message.setText(tr("recovery.sending", self.ctx.language))

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.form.retranslate(language)
        self.form.set_category_labels(
            {c.id: self.ctx.t(c.label) for c in self.ctx.pack.case_categories}
        )
        self.eyebrow.setText(tr("recovery.eyebrow", language).upper())
        self.title.setText(tr("recovery.title", language))
        self.intro.setText(tr("recovery.intro", language))
        self.just_tell.setText(tr("recovery.just_tell", language))
        self.send_button.setText(tr("recovery.send", language))
        self._render_thanks(language)

    def _render_thanks(self, language: str) -> None:
        self.thanks_title.setText(tr("recovery.thanks_title", language))
        body = "recovery.thanks_contact" if self.with_contact else "recovery.thanks_body"
        self.thanks_body.setText(tr(body, language))
        self.thanks_private.setText(tr("farewell.thanks_body", language))
