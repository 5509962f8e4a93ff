"""Nothing a customer reads is cut: on every screen the visual baseline knows
(tests/ui/screen_states.py, plus three pieces compared and the carousels, grids and tables in
larger text), in English and Chinese, landscape and
portrait, no visible label or button is too small for its text, no text is cut by an ancestor's
edge or sliced by a scroll area's edge without a fade there, no scroll area hides content with
no sign it scrolls, and no painted name or caption is shortened with "...".

The measuring is tests/ui/clipping.py, run over the states by tests/ui/clipping_run.py (one
process per language and orientation, like the renderer); this file says what is accepted
for now.
"""

from __future__ import annotations

from fnmatch import fnmatch

import pytest

from tests.ui.clipping import Cut
from tests.ui.clipping_run import run
from tests.ui.screen_render import LANGUAGES, ORIENTATIONS

# Cuts on screens or in parts this change does not own: (picture pattern, text or widget path
# contained) -> the owner's reason. The lead removes an entry once the owner's fix is merged.
KNOWN_ELSEWHERE: dict[tuple[str, str], str] = {}


def known(cut: Cut) -> str | None:
    for (pattern, contained), reason in KNOWN_ELSEWHERE.items():
        if fnmatch(cut.state, pattern) and (contained in cut.text or contained in cut.where):
            return reason
    return None


@pytest.mark.slow
@pytest.mark.parametrize("orientation", list(ORIENTATIONS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_is_cut(language: str, orientation: str) -> None:
    cuts = run(language, orientation)
    for cut in cuts:
        if known(cut):
            print(f"known elsewhere: {cut.line()}")
    found = sorted({cut.line() for cut in cuts if known(cut) is None})
    assert not found, f"{len(found)} cut text(s):\n" + "\n".join(found)


def test_the_inspector_sees_a_cut_as_a_customer_would(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The measuring itself, on widgets made to be cut and not: a line wider than its label,
    a label past its parent's edge, a row that hides a card with no sign, and the same row
    once its edge fades; a text a painter elides."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QWidget

    from tests.ui.clipping import inspect, painted_text
    from ui.widgets.scroll_fade import ScrollFade

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(600, 400)
    QLabel("A line far wider than the room it is given", window).setGeometry(0, 0, 90, 40)
    QLabel("Whole", window).setGeometry(0, 50, 300, 40)
    box = QWidget(window)
    box.setGeometry(0, 100, 200, 40)
    QLabel("Past its box", box).setGeometry(150, 0, 200, 40)
    row = QScrollArea(window)
    row.setGeometry(0, 160, 400, 200)
    row.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    strip = QWidget()
    cards = QHBoxLayout(strip)
    for i in range(4):
        card = QLabel(f"Card {i} of the row")  # the third's words run past the row's edge
        card.setFixedWidth(150)
        cards.addWidget(card)
    row.setWidgetResizable(True)
    row.setWidget(strip)
    window.show()
    qtbot.waitExposed(window)

    def cut() -> dict[str, str]:
        return {c.text or "(the row)": c.why for c in inspect(window, "probe")}

    found = cut()
    assert "a line needs" in found["A line far wider than the room it is given"]
    assert "Whole" not in found
    assert "cut at the right edge" in found["Past its box"]
    assert "no sign it scrolls" in found["(the row)"]
    assert "no fade" in found.get("Card 2 of the row", "")

    ScrollFade(row, depth=96).show()
    found = cut()
    assert "(the row)" not in found
    assert "Card 2 of the row" not in found

    seen: list = []
    with painted_text("probe", seen):
        QFontMetrics(QFont()).elidedText(
            "Arc Floor Lamp in brass and marble", Qt.TextElideMode.ElideRight, 60
        )
        image = QImage(200, 50, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        painter.drawText(QRect(0, 0, 30, 12), int(Qt.AlignmentFlag.AlignLeft.value), "Too long")
        painter.end()
    assert [c.text for c in seen] == ["Arc Floor Lamp in brass and marble", "Too long"]
    assert seen[0].why.startswith("elided to")
    assert seen[1].why.startswith("painted into 30x12 px")


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_the_lookbook_row_rests_on_whole_covers_and_says_where_it_is(  # type: ignore[no-untyped-def]
    make_shell, qtbot, portrait
) -> None:
    """Before: three covers and a half, the third cut mid-word, a fourth hidden with no sign.
    Now: whole covers from the first, the next one's start under a fade, dots; the last dot
    brings the last cover whole, the fade moving to the other edge."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QScroller

    from tests.ui.test_lookbooks import begin, touch

    shell = begin(make_shell, qtbot, portrait)
    shell.go("lookbooks")
    screen = shell.screens["lookbooks"]
    carousel = screen.carousel
    viewport = screen.scroll.viewport()
    cards = list(screen.cards.values())
    after, before = ("bottom", "top") if portrait else ("right", "left")

    def whole() -> list[object]:
        inside = viewport.rect()
        return [c for c in cards if inside.contains(QRect(c.mapTo(viewport, QPoint()), c.size()))]

    qtbot.waitUntil(lambda: carousel.dots.isVisible())
    assert len(cards) > carousel.visible  # the demo pack has more covers than fit
    assert whole() == cards[: carousel.visible]
    assert set(carousel.fade.faded_edges()) == {after}
    assert carousel.dots.dots[0].isChecked()

    last = carousel.dots.dots[-1]
    touch(qtbot, last)
    scroller = QScroller.scroller(viewport)
    qtbot.waitUntil(
        lambda: (
            scroller.state() == QScroller.State.Inactive
            and carousel.current() == len(carousel.stops) - 1
        )
    )
    assert whole() == cards[-carousel.visible :]
    assert set(carousel.fade.faded_edges()) == {before}
    assert last.isChecked()
