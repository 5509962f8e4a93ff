"""Farewell: a warm thank-you and one gentle one-tap question (NPS), then a fresh screen.

A customer leaving a luxury store is asked one thing, not handed a form: the NPS. Once it is
answered, the ease question (CES) is offered as a quiet second step, only if they wish; it ends
by itself after a while, so walking away is a fine answer. One way out, "Finish", always in
the same place: it ends the visit at once, whatever is unanswered counts as skipped. A short
thank-you shows for a few seconds after the last answer, then the visit ends as completed and
the kiosk forgets the customer. "Back" (before anything is answered) is the way back into the
visit for a customer who tapped "I'm done" too soon, not a way out.

When something went wrong: a low score (``LOW_SCORE`` or less) leads, after the tile shows as
taken, to the one screen where the customer may say what (``case_report``), in place of the
ease question; a quiet "Something wasn't right" link under "Finish" leads there at any step.
Coming back from it, the farewell resumes where it was for the same visit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.visit.stages import EndReason, Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.picture import Picture
from ui.widgets.scenes import welcome_image
from ui.widgets.score_tiles import ScoreTiles

if TYPE_CHECKING:
    from ui.context import ScreenContext

QUESTIONS = {"nps": (0, 10), "ces": (1, 7)}
LOW_SCORE = 6  # an NPS of 0-6 (a detractor): the customer is offered to say what went wrong


def _heading(column: QVBoxLayout, name: str) -> tuple[QLabel, QLabel]:
    """A centred display line and the muted line under it (the thank-you before the optional
    question, and the last thank-you), added to ``column``."""
    center = Qt.AlignmentFlag.AlignHCenter
    title = kit.text("display", wrap=True, align=center, name=name)
    column.addWidget(title)
    column.addSpacing(20)
    body = kit.text("body", tone="muted", wrap=True, align=center)
    column.addWidget(body)
    return title, body


class FarewellScreen(CustomerScreen):
    NAME = "farewell"
    STAGE = Stage.FAREWELL
    SHOW_SELECTION = False
    SHOW_LOOKBOOKS = False
    ADVANCE_MS = 450  # the tapped tile shows as taken before the next question
    OPTIONAL_MS = 20_000  # the optional ease question waits this long, then the visit ends
    THANKS_MS = 3000

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.done_button.hide()  # "Finish" below is this screen's one way out
        self.step = "nps"
        self.answered: dict[str, int | None] = {}
        self._visit: object = None  # the visit this farewell was shown for (resumed for it)
        self._advance = QTimer(self)
        self._advance.setSingleShot(True)
        self._advance.timeout.connect(self._next)
        self._end = QTimer(self)
        self._end.setSingleShot(True)
        self._end.timeout.connect(self.finish)

        outer = QHBoxLayout(self.body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addStretch(1)
        self.column = column = QVBoxLayout()
        column.setSpacing(0)
        outer.addLayout(column, 12)
        outer.addStretch(1)
        # "Finish" stays at the foot, in the same place on every step (and within reach in
        # portrait), whatever the step shows above it; the words share the height evenly.
        column.addSpacing(24)
        # portrait: the visit's room (the greeting's) across the top, the words and the
        # question set close under it, rather than floating between 300 px empty bands
        self.picture = Picture(fill=True)
        self.picture.setObjectName("picture")
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.hide()
        column.addWidget(self.picture, 0)
        column.addStretch(1)
        self.top = QWidget()
        top = QVBoxLayout(self.top)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(0)
        center = Qt.AlignmentFlag.AlignHCenter
        self.eyebrow = kit.eyebrow()
        self.eyebrow.setWordWrap(True)
        self.eyebrow.setAlignment(center)
        top.addWidget(self.eyebrow)
        top.addSpacing(20)
        self.title = kit.text("display", wrap=True, align=center)
        top.addWidget(self.title)
        top.addSpacing(18)
        self.intro = kit.text("body", tone="muted", wrap=True, align=center)
        top.addWidget(self.intro)
        column.addWidget(self.top)

        self.pages = QStackedWidget()
        self.prompts: dict[str, QLabel] = {}
        self.tiles: dict[str, ScoreTiles] = {}
        self.page_of: dict[str, QWidget] = {}
        for question, (low, high) in QUESTIONS.items():
            page = QWidget()
            page_column = QVBoxLayout(page)
            page_column.setContentsMargins(0, 0, 0, 0)
            page_column.setSpacing(0)
            page_column.addStretch(1)
            if question == "ces":  # the NPS is answered: thanked, then asked only if they wish
                self.noted, self.optional = _heading(page_column, "noted-title")
                page_column.addSpacing(56)
            prompt = kit.text("title", wrap=True, align=center, name=f"{question}-prompt")
            page_column.addWidget(prompt)
            page_column.addSpacing(40)
            tiles = ScoreTiles(low, high)
            tiles.setObjectName(f"{question}-tiles")
            tiles.chosen.connect(lambda score, q=question: self.answer(q, score))
            tiles_row = QHBoxLayout()  # centred, as wide as its tiles allow
            tiles_row.addStretch(1)
            tiles_row.addWidget(tiles, 100)
            tiles_row.addStretch(1)
            page_column.addLayout(tiles_row)
            page_column.addStretch(1)
            self.pages.addWidget(page)
            self.prompts[question], self.tiles[question] = prompt, tiles
            self.page_of[question] = page

        thanks = QWidget()
        thanks_column = QVBoxLayout(thanks)
        thanks_column.setContentsMargins(0, 0, 0, 0)
        thanks_column.addStretch(1)
        self.thanks_title, self.thanks_body = _heading(thanks_column, "thanks-title")
        thanks_column.addStretch(1)
        self.pages.addWidget(thanks)
        self.page_of["thanks"] = thanks
        column.addWidget(self.pages, 2)
        column.addSpacing(40)

        self.finish_button = kit.button("secondary", role="button_s", name="finish-now")
        self.finish_button.setMinimumHeight(76)
        self.finish_button.clicked.connect(self.finish)
        column.addWidget(self.finish_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(8)
        self.wrong_button = kit.button("quiet", role="button_s", name="something-wrong")
        self.wrong_button.clicked.connect(self.report)
        column.addWidget(self.wrong_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addSpacing(8)

    def set_portrait(self, portrait: bool) -> None:
        column = self.column
        column.setStretch(column.indexOf(self.picture), 1 if portrait else 0)
        column.setStretch(column.indexOf(self.picture) + 1, 0 if portrait else 1)
        column.setStretch(column.indexOf(self.pages), 0 if portrait else 2)
        self.top.setContentsMargins(0, 56 if portrait else 0, 0, 0)
        self.picture.setVisible(portrait)

    # -- the questions ----------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        self.picture.show_image(self.ctx.images, welcome_image(self.ctx.pack), "screen")
        state = self.ctx.journey.state
        visit = state.visit_id if state is not None else None
        if visit is not None and visit == self._visit and self.answered:
            self._show(self.step)  # back from the case screen: where the customer was
            return
        self._visit = visit
        self._reset()
        self._show("nps")

    def _reset(self) -> None:
        self._advance.stop()
        self._end.stop()
        self.answered = {}
        for tiles in self.tiles.values():
            tiles.reset()
            tiles.setEnabled(True)

    def _show(self, step: str) -> None:
        self.step = step
        self.pages.setCurrentWidget(self.page_of[step])
        self.top.setVisible(step == "nps")
        self.wrong_button.setVisible(step != "thanks" and self.ctx.has_screen("case_report"))
        if step != "nps":
            self.back_button.hide()  # the goodbye is under way; only "Finish" remains
        if step == "ces":
            self._end.start(self.OPTIONAL_MS)  # optional: walking away is an answer too
        elif step == "thanks":
            self._end.start(self.THANKS_MS)

    def answer(self, question: str, score: int | None) -> None:
        """A tile tapped; recorded at once on the visit."""
        if question != self.step or question in self.answered or not self.ctx.journey.active:
            return
        self.answered[question] = score
        self.ctx.journey.feedback(question, score)
        self._end.stop()  # answered: the optional question no longer waits
        self.tiles[question].setEnabled(False)
        self._advance.start(self.ADVANCE_MS)

    def _next(self) -> None:
        order = [*QUESTIONS, "thanks"]
        following = order[order.index(self.step) + 1]
        score = self.answered.get("nps")
        if self.step == "nps" and score is not None and score <= LOW_SCORE:
            self.step = following  # shown if the customer comes back without telling us
            self.report()
            return
        self._show(following)

    def report(self) -> None:
        """The case screen, with the score given (if any) and the questions still open."""
        if not self.ctx.journey.active or not self.ctx.has_screen("case_report"):
            return
        self._advance.stop()
        self._end.stop()
        unanswered = tuple(q for q in QUESTIONS if q not in self.answered)
        self.ctx.go("case_report", score=self.answered.get("nps"), unanswered=unanswered)

    def finish(self) -> None:
        """Finish (or the optional question's or the thank-you's time is over): questions not
        answered count as skipped, then the visit ends."""
        self._advance.stop()
        self._end.stop()
        journey = self.ctx.journey
        if journey.active:
            for question in QUESTIONS:
                if question not in self.answered:
                    journey.feedback(question, None)
            self.answered = {}
        self.ctx.end_visit(EndReason.COMPLETED)

    # -- language, reset ----------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("farewell.eyebrow", language).upper())
        self.title.setText(tr("farewell.title", language))
        self.intro.setText(tr("farewell.intro", language))
        for question in QUESTIONS:
            self.prompts[question].setText(tr(f"farewell.{question}", language))
            self.tiles[question].set_words(
                tr(f"farewell.{question}_low", language), tr(f"farewell.{question}_high", language)
            )
        self.noted.setText(tr("farewell.noted", language))
        self.optional.setText(tr("farewell.ces_optional", language))
        self.thanks_title.setText(tr("farewell.thanks_title", language))
        self.thanks_body.setText(tr("farewell.thanks_body", language))
        self.finish_button.setText(tr("farewell.finish", language))
        self.wrong_button.setText(tr("farewell.something_wrong", language))

    def leave(self) -> None:
        self._advance.stop()
        self._end.stop()

    def clear(self) -> None:
        self._visit = None
        self._reset()
        self._show("nps")
        self._end.stop()
