"""The case report and the associate's confirmations laid out for a 1080x1920 kiosk: the
controls within reach (below the top third, which is read, not touched) and no empty band
wider than ``GAP_BOUND`` of the height (tests/ui/test_portrait_reach.py says why 10 %).

Before: the customer's "Tell us what wasn't right" left two ~280 px holes (under "A few
words" and under the contact fields) with its only "Back" at y=40; the associate's "The
purchase is recorded" stood at the top over a 1500 px empty band.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton

from tests.ui.conftest import grab, settle
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
