"""The chapters of a product's story: a rail of chapter names and the chapter itself.

Long text is set to be read, not skimmed: a measure of about 65 Latin characters (about 34
Chinese characters, which read well at that width) and generous leading, a little more for
Chinese, whose dense characters need air between lines. A chapter change fades the new one
in, calmly, on a tap of the rail; a drag moves the chapter with the finger and turns it like
a page (``chapter_pager.ChapterView``). The screen owns the chapter order.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kiosk.typesetting import is_cjk_text, keep_together
from ui import kit, theme

MEASURE_EM = 34  # line length in em: ~65-70 Latin characters, ~34 Chinese characters


def prose_html(text: str, language: str) -> str:
    """Plain brand text as rich text with reading leading (escaped: content is not markup),
    Chinese kept together where it must not break (``kiosk.typesetting.keep_together``)."""
    leading = 135 if language.startswith("zh") else 122
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()] or [""]
    return "".join(
        f'<p style="line-height:{leading}%; margin-bottom:14px;">'
        f"{html.escape(keep_together(p))}</p>"
        for p in paragraphs
    )


class Prose(QWidget):
    """Text set for reading: a text document laid out to the measure, with leading.

    A rich-text QLabel under-reports its height for proportional line heights (the last
    lines were clipped), so this widget lays its document out itself and tells the layout
    its height for a width.
    """

    def __init__(self, font: QFont, measure: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measure = measure
        self.doc = QTextDocument(self)
        self.doc.setDefaultFont(font)
        self.doc.setDocumentMargin(0)
        self._plain = ""
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_text(self, text: str, language: str) -> None:
        self._plain = text
        font = self.doc.defaultFont()  # the CJK face first for Chinese, the Latin one otherwise
        font.setFamilies(theme.families_for(font.families(), is_cjk_text(text)))
        self.doc.setDefaultFont(font)
        self.doc.setHtml(prose_html(text, language) if text else "")
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        return self._plain

    def clear(self) -> None:
        self.set_text("", "en")

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self._fit(min(width, self.measure))
        return math.ceil(self.doc.size().height())

    def _fit(self, width: float) -> None:
        """Setting the text width lays the whole chapter out again, even at the same width
        (about a millisecond a call, many calls a layout pass and one a paint): only when
        it changes."""
        if self.doc.textWidth() != width:
            self.doc.setTextWidth(width)

    def sizeHint(self) -> QSize:
        return QSize(self.measure, self.heightForWidth(self.measure))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._fit(min(self.width(), self.measure))
        p = QPainter(self)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, theme.color(theme.PALETTE.ink))
        self.doc.documentLayout().draw(p, context)
        p.end()


class ChapterRail(QWidget):
    """Signals: ``chosen(int)`` when the customer taps a chapter's name."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(44)
        self.row.addStretch(1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QPushButton] = []

    def set_labels(self, labels: list[str]) -> None:
        """One button per chapter, in order (a product has at most six)."""
        while len(self.buttons) < len(labels):
            button: QPushButton = kit.Button()  # untracked while it shows Chinese
            kit.mark(button, "chapter")
            button.setCheckable(True)
            button.setFont(kit.font("label"))
            button.setMinimumHeight(theme.MIN_TOUCH)
            index = len(self.buttons)
            button.setObjectName(f"chapter-{index}")
            button.clicked.connect(lambda _=False, i=index: self.chosen.emit(i))
            self.group.addButton(button)
            self.row.insertWidget(index, button)
            self.buttons.append(button)
        for i, button in enumerate(self.buttons):
            button.setVisible(i < len(labels))
            button.setText(labels[i] if i < len(labels) else "")

    def set_current(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)
