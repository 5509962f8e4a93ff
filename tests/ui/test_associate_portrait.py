"""The case report and the associate's confirmations laid out for a 1080x1920 kiosk: the
controls within reach (below the top third, which is read, not touched) and no empty band
wider than ``GAP_BOUND`` of the height (tests/ui/test_portrait_reach.py says why 10 %).

Before: the customer's "Tell us what wasn't right" left two ~280 px holes (under "A few
words" and under the contact fields) with its only "Back" at y=40; every associate tool kept
its way back (to the home, to the consultation) only in the dark band at the top; "The
purchase is recorded" stood at the top over a 1500 px empty band; "Forget a client" put its
keyboard in the top third.

The associate screens are reached as the screenshot test reaches them (the states of
tests/ui/screen_states.py, in order, on a portrait kiosk).
"""

from __future__ import annotations

import pytest
import time_machine
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton, QWidget

from tests.ui.conftest import grab, settle
from tests.ui.screen_render import still
from tests.ui.screen_states import CLOCK, STATES, STORE_ID, Driver
from tests.ui.test_portrait_reach import (
    PORTRAIT,
    REACH,
    assert_back_turns_with_the_kiosk,
    assert_no_wide_gap,
    assert_within_reach,
    begin,
    window_rect,
)


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_the_case_report_in_portrait_spreads_its_parts_with_its_buttons_within_reach(
    make_shell, qtbot, screenshot_dir, language
):
    shell = begin(make_shell, qtbot, language)
    shell.go("farewell")
    shell.go("case_report", score=3)
    settle(shell)
    screen = shell.screens["case_report"]
    grab(shell, screenshot_dir, f"portrait-reach-case_report-{language}")
    categories = [b for b in screen.form.about.findChildren(QAbstractButton) if b.isVisible()]
    assert categories, "what it was about"
    assert_within_reach([*categories, screen.send_button, screen.just_tell], "case_report")
    assert_no_wide_gap(screen, "case_report")
    assert_back_turns_with_the_kiosk(shell, screen, "case_report")
    screen.back_button.click()
    assert shell.router.current is shell.screens["farewell"], "the Back within reach"


def test_the_case_report_in_landscape_is_as_it_was(make_shell, qtbot):
    """Landscape keeps its two columns, the buttons under "about", Back by the wordmark."""
    shell = begin(make_shell, qtbot, "en", size=QSize(1920, 1080))
    shell.go("farewell")
    shell.go("case_report", score=3)
    settle(shell)
    screen = shell.screens["case_report"]
    about, contact = window_rect(screen.form.about), window_rect(screen.form.contact)
    assert contact.left() > about.right(), "side by side"
    assert window_rect(screen.send_button).right() < contact.left(), "under about"
    assert window_rect(screen.back_button).top() < REACH * PORTRAIT.width() / 4


# the associate screens whose way back moves to the foot in portrait, and the button
WAYS_BACK = {
    "consultation": "consult-back",
    "privacy": "associate-home",
    "diagnostics": "associate-home",
    "case": "associate-home",
    "case_open": "associate-home",
    "purchase-saved": "done-back",  # the receipt's own (the band's stays: Save at the foot)
    "booking": "booking-back",
    "services": "associate-home",
    "services-done": "associate-home",
}


MODES = ("-high_contrast", "-large_text")


def band_of(screen):  # type: ignore[no-untyped-def]
    return window_rect(screen.findChild(QWidget, "band"))


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_associate_screens_in_portrait_keep_the_way_back_within_reach(
    make_shell, qtbot, screenshot_dir, language, request
):
    day = 3600 * 24  # no idle timer runs out on the way
    traveller = time_machine.travel(CLOCK, tick=False)  # the states' clock, as rendered
    traveller.start()
    request.addfinalizer(traveller.stop)
    shell = make_shell(store_id=STORE_ID, idle_timeout_s=day, associate_idle_timeout_s=day)
    shell.resize(PORTRAIT)
    kiosk = Driver(shell)
    seen = set()
    for state in STATES:
        if language not in state.languages or state.name.endswith(MODES):
            continue  # a display mode rebuilds the screens: not what is measured here
        state.reach(kiosk, language)
        if state.name not in WAYS_BACK:
            continue
        still(shell)
        screen = shell.router.current
        name = state.name
        way = screen.findChild(QAbstractButton, WAYS_BACK[name])
        assert_within_reach([way], name)
        assert len(screen.findChildren(QAbstractButton, WAYS_BACK[name])) == 1, "one, which moved"
        assert window_rect(way).top() > band_of(screen).bottom(), f"{name}: below the band"
        if name == "privacy":  # its keys at the foot, what it finds above them
            keys = [k for k in screen.keyboard.keys.values() if k.isVisible()]
            assert_within_reach(keys, name)
        if name == "purchase-saved":  # the receipt mid-height, its buttons within reach
            assert_within_reach([screen.book_button], name)
            receipt = window_rect(screen.book_button.parentWidget())
            above = receipt.top() - band_of(screen).bottom()
            below = PORTRAIT.height() - receipt.bottom()
            assert abs(above - below) < 0.2 * PORTRAIT.height(), (above, below)
        grab(shell, screenshot_dir, f"portrait-reach-associate-{name}-{language}")
        seen.add(name)
        if name == "services-done":
            break
    assert seen == set(WAYS_BACK)

    shell.resize(QSize(1920, 1080))  # landscape: the way back in the band again
    settle(shell)
    screen = shell.router.current
    way = screen.findChild(QAbstractButton, WAYS_BACK["services-done"])
    assert band_of(screen).contains(window_rect(way)), "landscape: in the band"
