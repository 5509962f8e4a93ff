"""Needs summary: what the customer told us, as a calm list they can change line by line.

Nothing here is final: a touch on a line reopens that question, and answering it returns here.
The list is rebuilt from the journey each time the screen is shown, and dropped at reset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.typesetting import join_list
from kiosk.visit.stages import Stage
from ui import kit, theme
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets import layouts

if TYPE_CHECKING:
    from kiosk.content.model import ContentPack, Question
    from ui.context import ScreenContext


class SummaryLine(QAbstractButton):
    """One question and its answer; the whole line is the touch target."""

    HEIGHT = 112
    TALL = 168  # the most a line grows to in portrait, where the list has the height

    def __init__(self, question_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question_id = question_id
        self.prompt = ""
        self.answer = ""
        self.answered = False
        self.change = ""
        self.prompt_font = kit.font("caption_s")
        self.answer_font = kit.font("heading")
        self.change_font = kit.font("label")
        self.set_tall(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.pressed.connect(self.update)
        self.released.connect(self.update)

    def set_texts(
        self, prompt: str, answer: str, answered: bool, change: str, italic: bool = True
    ) -> None:
        """``italic`` sets "left open" apart; Chinese has no italic, only a slanted imitation."""
        self.prompt, self.answer, self.answered, self.change = prompt, answer, answered, change
        # each in the face of its own script (the CJK face first for Chinese)
        self.prompt_font = kit.font("caption_s", for_text=prompt)
        self.answer_font = kit.font("heading" if answered else "heading_s", for_text=answer)
        self.answer_font.setItalic(not answered and italic)
        self.change_font = kit.font("label", for_text=change)
        self.setText(f"{prompt}: {answer}")
        self.update()

    def set_tall(self, tall: bool) -> None:
        """Portrait: the line may grow (up to ``TALL``) to share the screen's height, so the
        list reaches down toward the way on instead of leaving a band of nothing."""
        self.setMinimumHeight(self.HEIGHT)
        self.setMaximumHeight(self.TALL if tall else self.HEIGHT)
        vertical = QSizePolicy.Policy.Expanding if tall else QSizePolicy.Policy.Fixed
        self.setSizePolicy(QSizePolicy.Policy.Expanding, vertical)

    def sizeHint(self) -> QSize:
        return QSize(720, self.HEIGHT)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = theme.PALETTE
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        if self.isDown():
            p.fillRect(rect, theme.color(palette.stone, 0.45))
        p.fillRect(QRectF(0, rect.bottom() - 1, rect.width(), 1), theme.color(palette.stone))

        change_metrics = QFontMetricsF(self.change_font)
        change_width = change_metrics.horizontalAdvance(self.change) + 8
        text_width = rect.width() - change_width - 48
        p.setFont(self.prompt_font)
        p.setPen(theme.color(palette.ink_soft))
        prompt_metrics = QFontMetricsF(self.prompt_font)
        prompt = prompt_metrics.elidedText(self.prompt, Qt.TextElideMode.ElideRight, text_width)
        top = (rect.height() - self.HEIGHT) / 2  # the two rows centred in a taller line
        p.drawText(QRectF(0, top + 18, text_width, 30), int(Qt.AlignmentFlag.AlignLeft), prompt)

        p.setFont(self.answer_font)  # "left open" quieter: heading_s, in italic where it has one
        p.setPen(theme.color(palette.ink if self.answered else palette.ink_soft, 1.0))
        answer_metrics = QFontMetricsF(p.font())
        answer = answer_metrics.elidedText(self.answer, Qt.TextElideMode.ElideRight, text_width)
        p.drawText(QRectF(0, top + 50, text_width, 48), int(Qt.AlignmentFlag.AlignLeft), answer)

        p.setFont(self.change_font)
        p.setPen(theme.color(palette.brass_deep))
        p.drawText(
            QRectF(rect.width() - change_width, 0, change_width, rect.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            self.change,
        )
        p.end()


class NeedsSummaryScreen(CustomerScreen):
    STAGE = Stage.NEEDS
    NAME = "needs_summary"
    # Shadows QWidget.scroll(dx, dy), which nothing calls on a screen.
    scroll: QScrollArea  # type: ignore[assignment]

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self._lines: list[SummaryLine] = []
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.split.setContentsMargins(0, 72, 0, 0)
        self.split.setSpacing(120)

        intro = QVBoxLayout()
        intro.setSpacing(0)
        self.eyebrow = kit.eyebrow()
        intro.addWidget(self.eyebrow)
        intro.addSpacing(20)
        self.title = kit.text("display", wrap=True, name="title")
        intro.addWidget(self.title)
        intro.addSpacing(28)
        self.note = kit.text("body", tone="muted", wrap=True)
        intro.addWidget(self.note)
        intro.addSpacing(56)
        spacing = intro.itemAt(intro.count() - 1)
        self._before_see = spacing.spacerItem() if spacing is not None else None
        self.see = kit.button("primary", name="see-recommendations")
        self.see.setMinimumHeight(84)
        self.see.clicked.connect(lambda: self.ctx.go("recommendations"))
        intro.addWidget(self.see, 0, Qt.AlignmentFlag.AlignLeft)
        intro.addStretch(1)
        self.intro = intro
        self.split.addLayout(intro, 5)

        self.scroll = QScrollArea()
        self.scroll.setObjectName("summary-list")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        kit.surface(self.scroll, "clear")
        QScroller.grabGesture(
            self.scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        holder = QWidget()
        self.list_box = QVBoxLayout(holder)
        self.list_box.setContentsMargins(0, 0, 0, 0)
        self.list_box.setSpacing(0)
        self.list_box.addStretch(1)
        self.scroll.setWidget(holder)
        self.split.addWidget(self.scroll, 7)
        outer.addLayout(self.split, 1)
        self.footer = QHBoxLayout()
        self.footer.setContentsMargins(0, 32, 0, 0)
        self.footer.addStretch(1)
        outer.addLayout(self.footer)
        self._portrait = False
        self._header = layouts.holder(self.back_button)  # where the way back is in landscape

    def enter(self, **params: Any) -> None:
        super().enter(**params)
        self._build_lines()
        self.retranslate(self.ctx.language)

    def pack_changed(self, pack: ContentPack) -> None:
        """The pack's questions get their lines now (in idle time at start), not in the
        touch that first opens the summary."""
        self._build_lines()

    def set_portrait(self, portrait: bool) -> None:
        # Landscape: the way on stands under the intro. Portrait: under the list, at the foot of
        # the screen where the needs questions keep their Continue, read after the answers.
        self.intro.removeWidget(self.see)
        self.footer.removeWidget(self.see)
        if portrait:
            self.footer.addWidget(self.see)
        else:
            self.intro.insertWidget(self.intro.count() - 1, self.see, 0, Qt.AlignmentFlag.AlignLeft)
        if portrait:
            self.split.setDirection(QBoxLayout.Direction.TopToBottom)
            self.split.setSpacing(64)
            self.split.setStretch(0, 0)
            self.split.setStretch(1, 1)
        else:
            self.split.setDirection(QBoxLayout.Direction.LeftToRight)
            self.split.setSpacing(120)
            self.split.setStretch(0, 5)
            self.split.setStretch(1, 7)
        # Portrait: the lines share the tall screen's height and the way back joins the way on
        # at the foot, within reach (one Back, which moves, not a second one).
        self._portrait = portrait
        for position, line in enumerate(self._lines):
            self._fit(position, line)
        self.list_box.setStretch(self.list_box.count() - 1, 0 if portrait else 1)
        if self._before_see is not None:  # the way on's own space, where it stands
            self._before_see.changeSize(0, 0 if portrait else 56)
            self.intro.invalidate()
        home = self.footer if portrait else self._header
        if home is not None:
            layouts.carry(self.back_button, home, 0)

    def _fit(self, position: int, line: SummaryLine) -> None:
        line.set_tall(self._portrait)
        self.list_box.setStretch(position, 1 if self._portrait else 0)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("summary.eyebrow", language).upper())
        self.title.setText(tr("summary.title", language))
        self.note.setText(tr("summary.body", language))
        self.see.setText(tr("summary.see", language))
        if not self._lines:
            return
        questions = {q.id: q for q in self.ctx.pack.questions}
        state = self.ctx.journey.state
        needs = state.needs if state else {}
        for line in self._lines:
            question = questions.get(line.question_id)
            if question is not None:
                answer, answered = self._answer_text(question, needs, language)
                line.set_texts(
                    question.prompt.get(language),
                    answer,
                    answered,
                    tr("summary.change", language),
                    italic=not language.startswith(("zh", "ja")),
                )

    @staticmethod
    def _answer_text(
        question: Question, needs: dict[str, list[str]], language: str
    ) -> tuple[str, bool]:
        chosen = set(needs.get(question.id, ()))
        labels = [o.label.get(language) for o in question.options if o.id in chosen]
        if not labels:
            return tr("summary.unanswered", language), False
        # Labels are written to stand alone ("The kitchen"), so they are set side by side
        # rather than run into a sentence.
        return join_list(labels, language, latin="  ·  "), True

    def clear(self) -> None:
        """Every line blank at once (the widgets stay for the next visit: building them at
        each entry held the touch 20-25 ms of CPU; they are remade if the questions change)."""
        for line in self._lines:
            line.set_texts("", "", False, "")
        self.scroll.verticalScrollBar().setValue(0)

    def _build_lines(self) -> None:
        questions = self.ctx.pack.questions
        if [line.question_id for line in self._lines] == [q.id for q in questions]:
            self.clear()  # the same questions: their lines, blank until retranslate fills them
            return
        for line in self._lines:
            self.list_box.removeWidget(line)
            line.hide()  # before it loses its parent: a queued show would make it a window
            line.setParent(None)  # gone at once, with what it showed
            line.deleteLater()
        self._lines = []
        self.scroll.verticalScrollBar().setValue(0)
        for position, question in enumerate(questions):
            line = SummaryLine(question.id)
            line.setObjectName(f"summary-{question.id}")
            line.clicked.connect(lambda _=False, i=position: self._edit(i))
            self.list_box.insertWidget(position, line)
            self._fit(position, line)
            self._lines.append(line)

    def _edit(self, index: int) -> None:
        question = self.ctx.pack.questions[index]
        self.ctx.journey.record("needs_summary_edited", question=question.id)
        self.ctx.go("needs", index=index, editing=True)
