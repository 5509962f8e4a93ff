"""The list-and-panel desk two associate tools share (follow-ups; deliveries and
installations): a list card on the left (above, in portrait) whose rows are tapped to open
one in the panel card beside it. One place for the pieces, so the two tools look and behave
alike: the columns that turn in portrait, the scrolled list, a row, the row that is open."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import kit
from ui.screens.associate.frame import card
from ui.widgets.kinetic import kinetic
from ui.widgets.scroll_fade import ScrollFade

ROW_ROLE = "task"


def desk_columns(body: QWidget) -> QBoxLayout:
    """The two columns of the desk; ``turn`` them for portrait."""
    columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, body)
    columns.setContentsMargins(72, 40, 72, 48)
    columns.setSpacing(40)
    return columns


def turn(columns: QBoxLayout, portrait: bool) -> None:
    columns.setDirection(
        QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
    )


def pick_rows(column: QVBoxLayout) -> QVBoxLayout:
    """A scrolled, flickable list at the foot of a card's ``column``, its cut edge faded:
    its rows' layout."""
    holder = QWidget()
    rows = QVBoxLayout(holder)
    rows.setContentsMargins(0, 8, 12, 8)
    rows.setSpacing(10)
    scroll = QScrollArea()
    scroll.setWidget(holder)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    kit.surface(scroll, "clear")
    kinetic(scroll)
    ScrollFade(scroll, 64, axes=(Qt.Orientation.Vertical,))  # a long list says it goes on
    column.addWidget(scroll, 1)
    return rows


def side_card() -> tuple[QFrame, QVBoxLayout]:
    """The panel card beside the list, untitled (its panels carry their own titles)."""
    side, column, title = card()
    column.removeWidget(title)
    title.hide()
    return side, column


class PickRow(QPushButton):
    """A button whose size is its layout's: a button sizes itself by its own text, so the
    labels laid in it (a wrapped line among them) were squeezed into a one-line height."""

    def sizeHint(self) -> QSize:
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        return layout.minimumSize() if layout is not None else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        layout = self.layout()
        return layout is not None and layout.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.totalHeightForWidth(width) if layout is not None else -1


def pick_row(name: str, accent: bool) -> tuple[QPushButton, QHBoxLayout]:
    """A tappable row of the list, named ``name`` (``accent``: a brass edge, for what needs
    doing first); its line to fill."""
    row = PickRow()
    row.setObjectName(name)
    row.setProperty("role", ROW_ROLE)
    row.setCheckable(True)
    kit.surface(row, "row_accent" if accent else "row")
    line = QHBoxLayout(row)
    line.setContentsMargins(28, 14, 28, 14)
    line.setSpacing(24)
    return row, line


def mark_open(rows: QVBoxLayout, name: str) -> None:
    """The row named ``name`` shows as open, every other one not."""
    for index in range(rows.count()):
        layout_item = rows.itemAt(index)
        widget = layout_item.widget() if layout_item is not None else None
        if isinstance(widget, QPushButton) and widget.property("role") == ROW_ROLE:
            widget.setChecked(widget.objectName() == name)


def panel_head(panel: QWidget, title_name: str) -> tuple[QVBoxLayout, QLabel, QGridLayout]:
    """The top of an open row's panel: its title and its grid of fields (``fill_fields``),
    with the room below them kept for what the panel adds."""
    column = QVBoxLayout(panel)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(14)
    title = kit.text("heading", wrap=True, name=title_name)
    column.addWidget(title)
    fields = QGridLayout()
    fields.setHorizontalSpacing(24)
    fields.setVerticalSpacing(10)
    fields.setColumnStretch(1, 1)
    column.addLayout(fields)
    column.addStretch(1)
    return column, title, fields


def fill_fields(fields: QGridLayout, rows: list[tuple[str, str, str]]) -> None:
    """Rows of (name, caption, value): the caption small on the left, the value wrapped."""
    for index, (key, said, value) in enumerate(rows):
        caption = kit.text("caption_s", said, tone="muted")
        caption.setContentsMargins(0, 3, 0, 0)  # sits on the value's first line
        shown = kit.text("body_s", value, wrap=True, name=f"field-{key}")
        fields.addWidget(caption, index, 0, Qt.AlignmentFlag.AlignTop)
        fields.addWidget(shown, index, 1)
