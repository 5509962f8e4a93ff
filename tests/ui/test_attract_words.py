"""Attract's words are a layer of their own over a scrim: the brand's wordmark and the pack's
tagline in both languages, read at 4.5:1 or more over a white picture as over a black one and
in the middle of a cross-fade, never baked into the pictures (where every fade double-exposed
two slogans and the Chinese line was grey on grey). Each picture holds 8 to 10 s.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPixmap

from tests.ui.conftest import elapse, timer_of
from tests.ui.test_controls_over_pictures import luminance, ratio

PACK = Path(__file__).resolve().parents[2] / "data" / "demo-pack"


def picture(colour: str, size) -> QPixmap:  # type: ignore[no-untyped-def]
    pixmap = QPixmap(size)
    pixmap.fill(QColor(colour))
    return pixmap


def attract_over(make_shell, previous, current, blend=1.0, portrait=False):  # type: ignore[no-untyped-def]
    """Attract at 1920x1080 (or turned), its pictures replaced by plain ones, as painted."""
    shell = make_shell()
    shell.resize(*((1080, 1920) if portrait else (1920, 1080)))
    shell.show()
    attract = shell.attract
    attract.leave()  # the loop stands still: the test chooses what is shown
    attract.images, attract._index = [], -1  # and a decode still under way is let go
    attract._fade.stop()
    size = attract.size()
    attract._previous = picture(previous, size) if previous else None
    attract._current = picture(current, size)
    attract._blend = blend
    return attract, attract.grab().toImage()


def text_lines(image: QImage) -> list[tuple[int, int, float]]:
    """The rows that carry words, grouped into lines: (first row, last row, best contrast of
    a pixel in the line against the ground at the line's left edge, where no word reaches)."""
    lines: list[tuple[int, int, float]] = []
    known: dict[int, float] = {}

    def lum(x: int, y: int) -> float:
        rgb = image.pixel(x, y)
        if rgb not in known:
            known[rgb] = luminance(rgb)
        return known[rgb]

    for y in range(image.height()):
        ground = lum(4, y)
        best = max(ratio(lum(x, y), ground) for x in range(0, image.width(), 2))
        if best < 1.3:
            continue
        if lines and lines[-1][1] >= y - 3:
            first, _, seen = lines[-1]
            lines[-1] = (first, y, max(seen, best))
        else:
            lines.append((y, y, best))
    return [line for line in lines if line[1] - line[0] >= 8]  # a word, not a hairline


@pytest.mark.parametrize(
    ("previous", "current", "blend", "portrait"),
    [
        (None, "#FFFFFF", 1.0, False),
        (None, "#000000", 1.0, False),
        ("#FFFFFF", "#000000", 0.5, False),
        (None, "#FFFFFF", 1.0, True),
    ],
    ids=["white", "black", "mid-fade", "white-portrait"],
)
def test_the_words_read_over_any_picture(make_shell, previous, current, blend, portrait):
    attract, image = attract_over(make_shell, previous, current, blend, portrait)
    assert attract.tagline == [
        "Made in Lyon since 1924. Made to be lived with.",
        "1924年创立于里昂，为生活而造。",
    ]
    lines = text_lines(image)
    top = [line for line in lines if line[1] < image.height() * 0.31]
    bottom = [line for line in lines if line[0] > image.height() * 0.6]
    # The wordmark and the tagline in English and in Chinese; "Touch to begin" below.
    assert len(top) == 3, lines
    assert len(bottom) == 1, lines
    for first, last, contrast in top + bottom:
        assert contrast >= 4.5, f"rows {first}-{last} read at {contrast:.2f}:1"
    # Nothing in the middle: the pictures are seen whole there.
    assert not [line for line in lines if top[-1][1] < line[0] < bottom[0][0]]


def test_the_words_stay_put_while_the_pictures_fade(make_shell):
    """The layer is painted once, over both pictures: the same rows mid-fade as at rest."""
    _, at_rest = attract_over(make_shell, None, "#FFFFFF")
    _, mid_fade = attract_over(make_shell, "#FFFFFF", "#000000", 0.5)
    rows = [(first, last) for first, last, _ in text_lines(at_rest)]
    assert rows == [(first, last) for first, last, _ in text_lines(mid_fade)]


def test_each_picture_holds_eight_to_ten_seconds(make_shell):
    shell = make_shell()
    attract = shell.attract
    hold = attract._timer.interval()
    assert hold - attract.FADE_MS >= 8000  # 8 s alone,
    assert hold <= 10000  # 10 s in all
    assert timer_of(attract, hold) is attract._timer
    shown = [attract._on_show()]
    for _ in range(len(attract.images)):
        elapse(attract._timer)
        shown.append(attract._on_show())
    assert len(set(shown)) == len(attract.images)  # one step per hold, through them all
    assert shown[0] == shown[-1]


def test_the_demo_pack_pictures_carry_no_words():
    """The demo pack's attract pictures are its lookbook scenes as they are (those carry no
    words): the kiosk's own layer is the only text on attract."""
    scenes = {p.read_bytes() for p in (PACK / "images" / "lookbooks").glob("*.jpg")}
    pictures = sorted((PACK / "attract").glob("*.jpg"))
    assert pictures
    assert all(p.read_bytes() in scenes for p in pictures)


def test_attract_paints_without_a_pack(qtbot):
    """Before the pack is loaded there is no tagline, only the invitation (once the kiosk's
    typefaces are registered, just after the first paint: the first frame has no words)."""
    from ui.screens.customer.attract import AttractScreen

    screen = AttractScreen(["en", "zh-Hans"], lambda: None, lambda: None, lambda: "")
    qtbot.addWidget(screen)
    screen.resize(960, 540)
    with qtbot.waitSignal(screen.first_painted):
        assert text_lines(screen.grab().toImage()) == []
    screen.set_fonts_ready()
    lines = text_lines(screen.grab().toImage())
    assert [line for line in lines if line[0] > 540 * 0.6]
    assert not [line for line in lines if line[1] < 540 * 0.31]
