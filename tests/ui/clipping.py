"""What a customer would see cut: the inspector behind tests/ui/test_nothing_clipped.py.

Every screen of tests/ui/screen_states.py is reached as the visual baseline reaches it (in a
process of its own per language and orientation, the renderer's environment), then its widget
tree is measured, not its pixels:

- a label or button whose text needs more room than it is given (a line wider than the label,
  more wrapped lines than its height holds) is cut;
- a text inside its own rectangle but past the edge of one of its visible ancestors is cut by
  that ancestor; past a scroll area's viewport it is accepted only under a fade on that edge at
  least a line deep (the cue that the page goes on, which also softens the cut: a line sliced
  by a hard edge reads as a mistake even in a list that scrolls);
- a scroll area with something past an edge shows it: a fade there or a visible scroll bar
  (a row of cards with a fourth hidden and no sign it scrolls is content the customer never
  finds);
- text painted by a delegate or a painter is watched while the window is drawn: a text
  shortened by ``elidedText`` ("Arc Floor Lamp in brass and ...") or drawn into a rectangle too
  small for it is cut.

A fade is any child of the scroll area with a ``faded_edges()`` method answering
{"top"|"bottom"|"left"|"right": depth in px} for the edges it fades now.

    python -m tests.ui.clipping_run --language en --orientation landscape [--shots DIR]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

SLACK = 1.5  # px: rounding between a layout and the font's metrics
# Headings a fade does not excuse cutting: shown whole or not at all (the story's
# "SPECIFICATIONS", issue 14, was sliced at the foot of the page).
KEEP_WHOLE = {"specs-title"}
EDGES = ("top", "bottom", "left", "right")


@dataclass(frozen=True)
class Cut:
    state: str  # <state>-<language>-<orientation>, as the screenshots are named
    where: str  # the widget's path of object names (or class names)
    text: str
    why: str

    def line(self) -> str:
        return f"{self.state}: {self.where}: {self.text[:60]!r}: {self.why}"


# -- measuring one window -----------------------------------------------------------------
def path_of(widget: Any, window: Any) -> str:
    parts = []
    while widget is not None and widget is not window:
        parts.append(widget.objectName() or type(widget).__name__)
        widget = widget.parentWidget()
    return "/".join(reversed(parts[:4]))


def shown(widget: Any, window: Any) -> bool:
    return bool(widget.isVisibleTo(window)) and widget.width() > 0 and widget.height() > 0


def label_text_rect(label: Any) -> tuple[Any, str | None]:
    """Where a label's text lies in the label, and why it does not fit (None if it does)."""
    from PySide6 import QtGui
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle

    area = label.contentsRect().adjusted(
        label.margin(), label.margin(), -label.margin(), -label.margin()
    )
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if rich:
        need_h = label.heightForWidth(label.width()) if label.wordWrap() else 0
        need_w = 0 if label.wordWrap() else label.sizeHint().width()
        why = None
        if need_h > label.height() + SLACK:
            why = f"needs {need_h} px of height, has {label.height()}"
        elif need_w > label.width() + SLACK:
            why = f"needs {need_w} px of width, has {label.width()}"
        return QRect(label.rect()), why
    metrics = QFontMetrics(label.font())
    align = int(label.alignment().value)
    if label.wordWrap():
        box = metrics.boundingRect(
            QRect(0, 0, max(1, area.width()), 1 << 20),
            align | int(Qt.TextFlag.TextWordWrap.value),
            text,
        )
    else:
        box = metrics.boundingRect(QRect(0, 0, 1 << 20, 1 << 20), align, text)
    lines = max(1, round(box.height() / max(1, metrics.lineSpacing())))
    room = max(0, int((area.height() + SLACK) // max(1, metrics.lineSpacing())))
    why = None
    if box.width() > area.width() + SLACK:
        why = f"a line needs {box.width()} px, the label gives {area.width()}"
    elif box.height() > area.height() + SLACK and lines > max(1, room):
        why = f"needs {lines} lines, room for {room}"
    elif box.height() > area.height() + metrics.descent() + SLACK:
        why = f"needs {box.height()} px of height, has {area.height()}"
    size = box.size().boundedTo(area.size())
    return QStyle.alignedRect(label.layoutDirection(), label.alignment(), size, area), why


def button_text_rect(button: Any) -> tuple[Any, str | None]:
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    option = QStyleOptionButton()
    button.initStyleOption(option)
    area = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    metrics = QFontMetrics(button.font())
    need = metrics.horizontalAdvance(button.text())
    if not button.icon().isNull():
        need += button.iconSize().width() + 4
    size = QSize(need, metrics.height())
    why = None
    if need > area.width() + SLACK:
        why = f"its text needs {need} px, the button gives {area.width()}"
    rect = QStyle.alignedRect(
        button.layoutDirection(), Qt.AlignmentFlag.AlignCenter, size.boundedTo(area.size()), area
    )
    return rect, why


def faded_edges(area: Any) -> dict[str, int]:
    """The edges a scroll area fades now (the union of its fades' answers)."""
    from PySide6.QtWidgets import QWidget

    edges: dict[str, int] = {}
    for child in area.findChildren(QWidget):
        answer = getattr(child, "faded_edges", None)
        if callable(answer) and child.isVisible():
            for edge, depth in answer().items():
                edges[edge] = max(edges.get(edge, 0), int(depth))
    return edges


def scroll_area_of(viewport: Any) -> Any:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = viewport.parentWidget()
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is viewport:
        return parent
    return None


def edges_past(inner: Any, outer: Any) -> list[str]:
    """The edges of ``outer`` that ``inner`` (in the same coordinates) runs past."""
    past = []
    if inner.top() < outer.top() - SLACK:
        past.append("top")
    if inner.bottom() > outer.bottom() + SLACK:
        past.append("bottom")
    if inner.left() < outer.left() - SLACK:
        past.append("left")
    if inner.right() > outer.right() + SLACK:
        past.append("right")
    return past


def cut_by_ancestors(widget: Any, rect: Any, window: Any, line: int) -> str | None:
    """Why the text at ``rect`` (widget coordinates) is cut by an ancestor, or None. What a
    scroll area's viewport accepts under a fade is clipped there: the ancestors above see only
    the part of the text on show."""
    from PySide6.QtCore import QRect

    child, parent = widget, widget.parentWidget()
    while parent is not None:
        rect = QRect(child.mapTo(parent, rect.topLeft()), rect.size())
        inside = parent.rect()
        if not rect.intersects(inside):
            return None  # wholly out of view: scrolled away (the scroll cue rule sees it)
        past = edges_past(rect, inside)
        if past:
            area = scroll_area_of(parent)
            if area is None:
                return f"cut at the {'/'.join(past)} edge of {path_of(parent, window)}"
            fades = faded_edges(area)
            bare = [edge for edge in past if fades.get(edge, 0) < line]
            if bare:
                shallow = [edge for edge in bare if edge in fades]
                return f"sliced at the {'/'.join(bare)} edge of the scroll area " + (
                    f"{path_of(area, window)} "
                    + ("under a fade that does not excuse it" if shallow else "with no fade there")
                )
            rect = rect.intersected(inside)
        if parent is window:
            return None
        child, parent = parent, parent.parentWidget()
    return None


def hidden_content(area: Any) -> list[str]:
    """The edges of a scroll area past which something is hidden."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractItemView, QScrollArea, QWidget

    viewport = area.viewport()
    inside = viewport.rect()
    rects: list[Any] = []
    if isinstance(area, QAbstractItemView) and area.model() is not None:
        model = area.model()
        for row in range(min(model.rowCount(), 500)):
            rects.append(area.visualRect(model.index(row, 0)))
    elif isinstance(area, QScrollArea) and area.widget() is not None:
        content = area.widget()
        for leaf in content.findChildren(QWidget):
            if leaf.isVisibleTo(content) and not leaf.findChildren(QWidget):
                rects.append(QRect(leaf.mapTo(viewport, QPoint(0, 0)), leaf.size()))
    edges: set[str] = set()
    for rect in rects:
        if rect.isValid() and rect.height() > 0 and rect.width() > 0:
            edges.update(edges_past(rect, inside))
    return sorted(edges)


def inspect(window: Any, state: str) -> list[Cut]:
    """Every cut text in ``window`` as shown now."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import (
        QAbstractScrollArea,
        QCheckBox,
        QLabel,
        QPushButton,
        QRadioButton,
        QWidget,
    )

    from kiosk.typesetting import is_cjk_text

    cuts: list[Cut] = []
    for widget in window.findChildren(QWidget):
        if not shown(widget, window):
            continue
        if isinstance(widget, QLabel):
            picture = widget.pixmap()
            if not widget.text().strip() or (picture is not None and not picture.isNull()):
                continue
            rect, why = label_text_rect(widget)
            text = widget.text()
        elif isinstance(widget, QPushButton) and widget.text().strip():
            rect, why = button_text_rect(widget)
            text = widget.text()
        elif isinstance(widget, QCheckBox | QRadioButton) and widget.text().strip():
            rect, text = widget.rect(), widget.text()
            need = widget.sizeHint().width()
            why = (
                f"needs {need} px, has {widget.width()}" if need > widget.width() + SLACK else None
            )
        elif isinstance(widget, QAbstractScrollArea):
            if not shown(widget.viewport(), window):
                continue
            fades = faded_edges(widget)
            bars = {
                "top": widget.verticalScrollBar(),
                "bottom": widget.verticalScrollBar(),
                "left": widget.horizontalScrollBar(),
                "right": widget.horizontalScrollBar(),
            }
            silent = [
                e
                for e in hidden_content(widget)
                if e not in fades
                and not (bars[e].isVisible() and bars[e].maximum() > bars[e].minimum())
            ]
            if silent:
                cuts.append(
                    Cut(
                        state,
                        path_of(widget, window),
                        "",
                        f"content hidden past its {'/'.join(silent)} edge with no sign it "
                        "scrolls (no fade, no scroll bar)",
                    )
                )
            continue
        else:
            continue
        if is_cjk_text(text) and widget.font().letterSpacing() > 0:  # issue 14: no tracking
            spacing = widget.font().letterSpacing()
            why_tracked = f"Chinese letter-spaced by {spacing:g} px (tracking pulls Han apart)"
            cuts.append(Cut(state, path_of(widget, window), text, why_tracked))
        if why is None:
            line = QFontMetrics(widget.font()).lineSpacing()
            if widget.objectName() in KEEP_WHOLE:
                line = 1 << 20
            why = cut_by_ancestors(widget, rect, window, line)
        if why is not None:
            cuts.append(Cut(state, path_of(widget, window), text, why))
    return cuts


@contextmanager
def painted_text(state: str, cuts: list[Cut]) -> Iterator[None]:
    """While the window is drawn: every text a painter elides or draws into too small a
    rectangle (Python painters call these through PySide6's classes, so they are seen here)."""
    from PySide6.QtCore import QRect, QRectF, Qt
    from PySide6.QtGui import QFontMetrics, QFontMetricsF, QPainter

    originals: dict[tuple[type, str], Callable[..., Any]] = {}

    def elided(cls: type) -> Callable[..., Any]:
        original = originals[(cls, "elidedText")] = cls.elidedText  # type: ignore[attr-defined]

        def elided_text(self: Any, text: str, *args: Any, **kwargs: Any) -> str:
            result: str = original(self, text, *args, **kwargs)
            if result != text and text.strip():
                cuts.append(Cut(state, "painted", text, f"elided to {result!r}"))
            return result

        return elided_text

    draw = originals[(QPainter, "drawText")] = QPainter.drawText
    no_clip = int(Qt.TextFlag.TextDontClip.value)

    def draw_text(self: Any, *args: Any) -> Any:
        if (
            len(args) >= 3
            and isinstance(args[0], QRect | QRectF)
            and isinstance(args[2], str)
            and not isinstance(args[1], str)
            and args[2].strip()
        ):
            flags = args[1] if isinstance(args[1], int) else int(args[1].value)
            if not flags & no_clip:
                rect = QRectF(args[0])
                box = QFontMetricsF(self.font()).boundingRect(rect, flags, args[2])
                if box.width() > rect.width() + SLACK or box.height() > rect.height() + SLACK:
                    why = (
                        f"painted into {rect.width():.0f}x{rect.height():.0f} px, "
                        f"needs {box.width():.0f}x{box.height():.0f}"
                    )
                    cuts.append(Cut(state, "painted", args[2], why))
        return draw(self, *args)

    QFontMetrics.elidedText = elided(QFontMetrics)  # type: ignore[method-assign]
    QFontMetricsF.elidedText = elided(QFontMetricsF)  # type: ignore[method-assign]
    QPainter.drawText = draw_text  # type: ignore[method-assign]
    try:
        yield
    finally:
        for (cls, name), original in originals.items():
            setattr(cls, name, original)
