"""Needs: a short, tactful conversation, one question at a time, driven by the pack.

Each question is its own step in the window's history (``ctx.go("needs", index=n)``), so the
header's Back always means "the step before", whether that is the previous question, the
greeting or the summary the customer came from to change an answer. Every question can be
skipped, and so can the whole conversation; answers go to the journey, never to a database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    Qt,
    QTimer,
)
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.visit.stages import Stage
from ui import kit, theme
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.answer_tile import AnswerTile
from ui.widgets.fade import FadeIn, fading
from ui.widgets.layouts import carry, holder
from ui.widgets.picture import Picture
from ui.widgets.scenes import show_scene

if TYPE_CHECKING:
    from kiosk.content.model import Question
    from ui.context import ScreenContext


class ProgressLine(QWidget):
    """A slim brass line across a stone track: how far along the conversation is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction = 0.0
        self.setFixedHeight(3)

    def set_fraction(self, fraction: float) -> None:
        self.fraction = max(0.0, min(1.0, fraction))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(0, 1, self.width(), 1, theme.color(theme.PALETTE.stone))
        p.fillRect(0, 0, round(self.width() * self.fraction), 3, theme.color(theme.PALETTE.brass))
        p.end()


class NeedsScreen(CustomerScreen):
    STAGE = Stage.NEEDS
    NAME = "needs"
    PRESS_MS = 260  # long enough to see the choice land, short enough not to wait
    FADE_MS = 220

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self._index = 0
        self._editing = False
        self._question: Question | None = None
        self._chosen: list[str] = []
        self._tiles: list[AnswerTile] = []
        self._shown = False
        self._portrait = False
        self._fade = FadeIn(self, self.FADE_MS)  # one, reused for every question
        self._advance = QTimer(self)
        self._advance.setSingleShot(True)
        self._advance.setInterval(self.PRESS_MS)
        self._advance.timeout.connect(self._commit_single)

        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 36, 0, 0)
        column.setSpacing(0)
        top = QHBoxLayout()
        self.progress_label = kit.eyebrow(small=True, name="progress")
        top.addWidget(self.progress_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        self.skip_all = kit.button("quiet", name="skip-all")
        self.skip_all.clicked.connect(self._skip_all)
        top.addWidget(self.skip_all)
        column.addLayout(top)
        column.addSpacing(10)
        self.progress = ProgressLine()
        column.addWidget(self.progress)
        column.addSpacing(64)

        self.content = QWidget()
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.content)
        self.split.setContentsMargins(0, 0, 0, 0)
        self.split.setSpacing(112)
        # portrait only: a scene above the question, as tall as the answers leave room for
        self.picture = Picture(fill=True)
        self.picture.setObjectName("needs-picture")
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.hide()
        self.split.addWidget(self.picture)
        text = QVBoxLayout()
        text.setSpacing(0)
        self.prompt = kit.text("display_s", wrap=True, name="prompt")
        text.addWidget(self.prompt)
        text.addSpacing(28)
        self.help = kit.text("body", tone="muted", wrap=True, name="help")
        text.addWidget(self.help)
        text.addStretch(1)
        self.split.addLayout(text, 5)
        self.tiles_box = QVBoxLayout()
        self.tiles_box.setSpacing(16)
        self.tiles_box.addStretch(1)
        self.split.addLayout(self.tiles_box, 6)
        column.addWidget(self.content, 1)
        self.column = column

        footer = QHBoxLayout()
        footer.setSpacing(24)
        footer.addStretch(1)
        self.footer = footer
        self._header = holder(self.back_button)  # where the way back is in landscape
        self.skip_button = kit.button("secondary", role="button_s", name="skip")
        self.continue_button = kit.button("primary", role="button_s", name="continue")
        for button in (self.skip_button, self.continue_button):
            button.setMinimumHeight(76)
            button.setMinimumWidth(220)
            footer.addWidget(button)
        self.skip_button.clicked.connect(self._skip)
        self.continue_button.clicked.connect(self._commit_multiple)
        column.addSpacing(32)
        column.addLayout(footer)

    # -- the screen's life -----------------------------------------------------------------
    def enter(self, index: int = 0, editing: bool = False, **params: Any) -> None:
        super().enter(**params)
        questions = self.ctx.pack.questions
        self._advance.stop()
        previous = self._question
        self._index = max(0, min(index, len(questions) - 1))
        self._editing = editing
        self._question = questions[self._index] if questions else None
        state = self.ctx.journey.state
        answered = state.needs.get(self._question.id, []) if state and self._question else []
        self._chosen = list(answered)
        self._build_tiles()
        self._show_picture()
        self.retranslate(self.ctx.language)
        if self._shown and previous is not None and previous is not self._question:
            self._fade_in()
        self._shown = True

    def leave(self) -> None:
        self._advance.stop()
        self._shown = False

    def set_portrait(self, portrait: bool) -> None:
        """Portrait: a scene from the pack above the question, the question and its answers
        beneath it, and the way back beside Skip and Continue at the foot: everything a
        customer touches within the lower two thirds of the tall screen, no empty bands."""
        self._portrait = portrait
        self.picture.setVisible(portrait)
        down, across = QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.LeftToRight
        self.split.setDirection(down if portrait else across)
        self.split.setSpacing(56 if portrait else 112)
        for index, stretch in enumerate((1, 0, 0) if portrait else (0, 5, 6)):
            self.split.setStretch(index, stretch)
        home = self.footer if portrait else self._header
        if home is not None:
            carry(self.back_button, home, 0)
        self._show_picture()

    def _show_picture(self) -> None:
        if self._portrait and self._question is not None:
            show_scene(self.picture, self.ctx.images, self.ctx.pack, self._index)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        total = len(self.ctx.pack.questions)
        question = self._question
        self.skip_all.setText(tr("needs.skip_all", language))
        self.skip_button.setText(tr("needs.skip", language))
        self.continue_button.setText(tr("needs.continue", language))
        if question is None or total == 0:
            self.progress_label.clear()
            self.prompt.clear()
            self.help.clear()
            self.progress.set_fraction(0)
            self.continue_button.hide()
            return
        n = self._index + 1
        self.progress_label.setText(tr("needs.progress", language, n=n, total=total).upper())
        self.progress.set_fraction(n / total)
        self.prompt.setText(question.prompt.get(language))
        help_text = question.help.get(language) if question.help else ""
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        for tile, option in zip(self._tiles, question.options, strict=True):
            tile.setText(option.label.get(language))
            tile.setAccessibleName(option.label.get(language))
        self.continue_button.setVisible(question.kind == "multiple")
        self._update_continue()

    def clear(self) -> None:
        self._advance.stop()
        self._chosen = []
        self._index, self._editing, self._shown = 0, False, False
        for tile in self._tiles:
            tile.set_selected(False)

    # -- answering -------------------------------------------------------------------------
    def _build_tiles(self) -> None:
        question = self._question
        wanted = [o.id for o in question.options] if question else []
        multiple = bool(question and question.kind == "multiple")
        if [t.option_id for t in self._tiles] != wanted or any(
            t.multiple != multiple for t in self._tiles
        ):
            for tile in self._tiles:
                self.tiles_box.removeWidget(tile)
                tile.deleteLater()
            self._tiles = []
            for position, option in enumerate(question.options if question else ()):
                tile = AnswerTile(option, multiple)
                tile.setObjectName(f"answer-{option.id}")
                tile.clicked.connect(lambda _=False, oid=option.id: self._tapped(oid))
                self.tiles_box.insertWidget(position, tile)
                self._tiles.append(tile)
        for tile in self._tiles:
            tile.set_selected(tile.option_id in self._chosen)

    def _tapped(self, option_id: str) -> None:
        question = self._question
        if question is None or self._advance.isActive():
            return  # a second tap while the first choice lands
        if question.kind == "multiple":
            if option_id in self._chosen:
                self._chosen.remove(option_id)
            else:
                self._chosen.append(option_id)
        else:
            self._chosen = [option_id]
            self._advance.start()
        for tile in self._tiles:
            tile.set_selected(tile.option_id in self._chosen)
        self._update_continue()

    def _update_continue(self) -> None:
        self.continue_button.setEnabled(bool(self._chosen))

    def _commit_single(self) -> None:
        if self._question is not None and self._chosen:
            self.ctx.journey.answer(self._question.id, self._chosen[:1])
            self._next()

    def _commit_multiple(self) -> None:
        question = self._question
        if question is None or not self._chosen:
            return
        in_order = [o.id for o in question.options if o.id in self._chosen]
        self.ctx.journey.answer(question.id, in_order)
        self._next()

    def _skip(self) -> None:
        if self._question is None:
            return
        self._advance.stop()
        self.ctx.journey.answer(self._question.id, [], skipped=True)
        self._next()

    def _skip_all(self) -> None:
        self._advance.stop()
        question = self._question.id if self._question else None
        self.ctx.journey.record("needs_skipped", question=question)
        self.ctx.go("recommendations")

    def _next(self) -> None:
        if self._editing:
            self.ctx.back()  # to the summary the customer came from
        elif self._index + 1 < len(self.ctx.pack.questions):
            self.ctx.go("needs", index=self._index + 1)
        else:
            self.ctx.go("needs_summary")

    # -- a calm change of question ---------------------------------------------------------
    def _fade_in(self) -> None:
        if fading(self) or not self.isVisible():
            return  # the window is fading the whole screen in already
        self._fade.run(self.content)
