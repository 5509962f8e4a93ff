"""Every associate screen on a 1080x1920 kiosk keeps its way back within reach, and what a
hand works there below the top third (tests/ui/test_portrait_reach.py says why a third).

Before: the associate home kept "Return to the customer" and "Sign out" in the dark band at
y=40; the client search, the profile, "Who looks after", the key date, "My clients", the
follow-ups and the dashboard kept their only way back there too, and the client search's
keys and "Who looks after"'s names stood in the top third. The profile's "Book the services"
sat under the purchases' scroll fade in Chinese, half veiled and cut.

The screens are reached as the screenshot test reaches them (tests/ui/screen_states.py, in
order, on a portrait kiosk).
"""

from __future__ import annotations

import pytest
import time_machine
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QWidget

from tests.ui.conftest import grab, settle
from tests.ui.screen_render import still
from tests.ui.screen_states import CLOCK, STATES, STORE_ID, Driver
from tests.ui.test_associate_portrait import MODES, band_of
from tests.ui.test_portrait_reach import (
    PORTRAIT,
    assert_no_wide_gap,
    assert_within_reach,
    window_rect,
)
from ui.widgets.scroll_fade import ScrollFade

# the state, and the ways back (the band's buttons) that stand at the foot in portrait
WAYS_BACK = {
    "associate": ("sign-out", "return"),
    "associate-in_store": ("sign-out", "return"),
    "followups": ("associate-home",),
    "clients": ("associate-home",),
    "client_profile": ("profile-back",),
    "dashboard": ("associate-home",),
    "client_profile-purchases": ("profile-back",),
    "followups-after_sale": ("associate-home",),
    "dashboard-after_sale": ("associate-home",),
    "my_clients": ("book-back",),
    "client_profile-book": ("profile-back",),
    "key_date": ("key-date-back",),
    "client_advisor": ("advisor-back",),
}

# screens measured for something else than their way back
ALSO = ("purchase", "purchase-saved", "diagnostics")
LAST = "client_advisor"


def text_top(label) -> int:  # type: ignore[no-untyped-def]
    """Where a label's text begins, in window coordinates, as its alignment sets it."""
    rect = window_rect(label)
    tall = label.heightForWidth(label.width()) if label.wordWrap() else -1
    tall = tall if tall > 0 else label.fontMetrics().height()
    align = label.alignment()
    if align & Qt.AlignmentFlag.AlignVCenter:
        return rect.top() + (rect.height() - tall) // 2
    if align & Qt.AlignmentFlag.AlignBottom:
        return rect.bottom() - tall
    return rect.top()


def keys_of(screen) -> list[QWidget]:  # type: ignore[no-untyped-def]
    return [k for k in screen.keyboard.keys.values() if k.isVisible()]


def check_more(shell, screen, name: str) -> None:  # type: ignore[no-untyped-def]
    """What else a hand works on that screen, below the top third."""
    if name == "associate":  # the way on (back to the customer) at the foot's right
        sign_out = window_rect(screen.sign_out_button)
        back = window_rect(screen.return_button)
        assert back.left() > sign_out.right(), "sign out at the left, the way on at the right"
        assert back.right() > 0.75 * PORTRAIT.width()
    if name == "clients":  # the keys at the foot, what the search found above them
        assert_within_reach([*keys_of(screen), screen.search_button], name)
        found = window_rect(screen.new_button.parentWidget())
        assert found.bottom() < window_rect(screen.field).top(), "the results above the search"
    if name == "client_advisor":  # the names to pick within reach
        rows = [r for r in screen.findChildren(QAbstractButton) if r.isVisible()]
        rows = [r for r in rows if r.objectName().startswith("advisor-")]
        assert len(rows) >= 4, [r.objectName() for r in rows]
        assert_within_reach(rows, name)
    if name == "purchase":  # "Save the purchase" whole and clear, not the page's faded end
        save = screen.save_button
        assert_within_reach([save], name)
        seen = window_rect(save)
        assert seen.size() == save.rect().size(), f"{name}: Save cut ({seen.size()})"
        page = screen.page_scroll
        if page.isAncestorOf(save):
            edges = screen.fade.faded_edges()
            clear = window_rect(page.viewport()).adjusted(0, 0, 0, -edges.get("bottom", 0))
            assert clear.contains(seen), f"{name}: Save under the page's fade {edges}"
    if name == "purchase-saved":  # the receipt alone: Save went with the form it saves
        assert not screen.save_button.isVisible(), f"{name}: Save under the receipt"
        assert not screen.status.isVisible(), f"{name}: {screen.status.text()!r} under it"
    if name == "diagnostics":  # composed for the height: the checks spread, no empty band
        assert_no_wide_gap(screen, name)
        for row, detail in screen.details.items():  # each line level with its check's name
            gap = text_top(detail) - text_top(screen.names[row])
            assert abs(gap) < 12, f"{name}: {row}'s line {gap} px off its name"
    if name.startswith("client_profile-"):  # "Book the services" whole, clear of the fade
        assert_book_button_in_clear_view(screen, name)


def assert_book_button_in_clear_view(screen, name: str) -> None:  # type: ignore[no-untyped-def]
    panel = screen.purchases
    buttons = [
        b for b in panel.frame.findChildren(QPushButton) if b.objectName().startswith("book-")
    ]
    assert buttons, f"{name}: a purchase with a service to book"
    viewport = panel.scroll.viewport()
    seen = window_rect(viewport)
    for button in buttons:
        rect = window_rect(button)
        whole = button.rect().size()
        assert rect.size() == whole, f"{name}: the button is cut ({rect.size()} of {whole})"
        assert seen.contains(rect), f"{name}: the button outside the list's view"
        edges = panel.fade.faded_edges()  # a faded edge veils its depth of the list
        clear = seen.adjusted(0, edges.get("top", 0), 0, -edges.get("bottom", 0))
        assert clear.contains(rect), f"{name}: the button under the scroll's fade {edges}"


def portrait_walk(make_shell, language: str, request, wanted, last: str, size=PORTRAIT):  # type: ignore[no-untyped-def]
    """The screenshot states on a portrait kiosk, in order, at the states' clock: yields
    (shell, state name, screen) for each state in ``wanted``, settled, up to ``last``."""
    day = 3600 * 24  # no idle timer runs out on the way
    traveller = time_machine.travel(CLOCK, tick=False)  # the states' clock, as rendered
    traveller.start()
    request.addfinalizer(traveller.stop)
    shell = make_shell(store_id=STORE_ID, idle_timeout_s=day, associate_idle_timeout_s=day)
    shell.resize(size)
    kiosk = Driver(shell)
    for state in STATES:
        if language not in state.languages or state.name.endswith(MODES):
            continue  # a display mode rebuilds the screens: not what is measured here
        state.reach(kiosk, language)
        still(shell)  # as rendered: the next state starts from this one settled
        if state.name in wanted:
            yield shell, state.name, shell.router.current
        if state.name == last:
            return


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_every_associate_screen_in_portrait_keeps_its_way_back_within_reach(
    make_shell, qtbot, screenshot_dir, language, request
):
    seen = set()
    shell = None
    wanted = {*WAYS_BACK, *ALSO}
    for shell, name, screen in portrait_walk(make_shell, language, request, wanted, LAST):
        for way_name in WAYS_BACK.get(name, ()):
            ways = screen.findChildren(QAbstractButton, way_name)
            assert len(ways) == 1, f"{name}: one {way_name}, which moved"
            way = ways[0]
            assert_within_reach([way], name)
            assert window_rect(way).top() > band_of(screen).bottom(), f"{name}: below the band"
            assert window_rect(way).bottom() < PORTRAIT.height(), f"{name}: on the screen"
        check_more(shell, screen, name)
        grab(shell, screenshot_dir, f"portrait-reach-associate-{name}-{language}")
        seen.add(name)
    assert seen == wanted

    assert shell is not None
    shell.resize(QSize(1920, 1080))  # landscape: the way back in the band again
    settle(shell)
    screen = shell.router.current
    way = screen.findChild(QAbstractButton, "advisor-back")
    assert band_of(screen).contains(window_rect(way)), "landscape: in the band"


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_the_profile_in_landscape_shows_the_newest_purchase_and_visit_whole(
    make_shell, language, request
):
    """Landscape had the purchases stacked under the visits: in Chinese "Book the services"
    sat under the list's fade, and the visits card was squeezed to a line and a half."""
    wanted = ("client_profile-purchases", "client_profile-book")
    walk = portrait_walk(make_shell, language, request, wanted, wanted[-1], QSize(1920, 1080))
    for _shell, name, screen in walk:
        assert_book_button_in_clear_view(screen, name)
        holder = screen.visit_list.parentWidget()
        shown = [label for label in holder.findChildren(QLabel) if label.isVisible()]
        shown = [label for label in shown if label.text()]
        assert len(shown) >= 3, f"{name}: a past visit ({len(shown)} lines)"
        scroll = holder.parentWidget().parentWidget()
        edges = scroll.findChild(ScrollFade).faded_edges()
        clear = window_rect(scroll.viewport()).adjusted(0, 0, 0, -edges.get("bottom", 0))
        for label in shown:
            assert clear.contains(window_rect(label)), f"{name}: {label.text()!r} cut or veiled"
