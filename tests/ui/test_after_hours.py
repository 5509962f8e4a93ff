"""Outside opening hours the idle kiosk dims; a touch wakes it for a while; visits go on."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kiosk.visit.stages import EndReason
from tests.ui.conftest import grab
from ui.after_hours import after_hours_veil, install_after_hours
from ui.widgets.opening_hours import AfterHoursVeil

HOURS = "Mon-Sat 10:00-19:00; Sun 12:00-18:00"
MONDAY = dt.datetime(2026, 11, 23)


class FakeClock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def veil_for(shell, clock: FakeClock) -> AfterHoursVeil:
    return after_hours_veil(
        shell, shell.config.opening_hours, shell.config.after_hours_wake_s, clock
    )


def test_open_hours_leave_the_kiosk_bright(make_shell):
    shell = make_shell(opening_hours=HOURS)
    veil = veil_for(shell, FakeClock(MONDAY.replace(hour=11)))
    assert not veil.dimmed


def test_after_closing_the_idle_kiosk_dims_and_says_when_it_opens(make_shell, screenshot_dir):
    shell = make_shell(opening_hours=HOURS)
    clock = FakeClock(MONDAY.replace(hour=18, minute=59))
    veil = veil_for(shell, clock)
    assert not veil.dimmed
    clock.advance(minutes=2)
    veil.refresh()  # what its timer does
    assert veil.dimmed
    assert veil.geometry() == shell.rect()
    assert veil.message("en") == "We open tomorrow at 10:00"
    grab(shell, screenshot_dir, "after_hours")
    clock.now = MONDAY.replace(hour=10, minute=1) + dt.timedelta(days=1)
    veil.refresh()
    assert not veil.dimmed


def test_a_touch_wakes_it_for_a_while_and_a_visit_may_start(qtbot, make_shell):
    shell = make_shell(opening_hours=HOURS, after_hours_wake_s=60)
    clock = FakeClock(MONDAY.replace(hour=22))
    veil = veil_for(shell, clock)
    assert veil.dimmed
    qtbot.mouseClick(veil, Qt.MouseButton.LeftButton)
    assert not veil.dimmed
    assert not shell.journey.active  # the waking touch does not start a visit by itself
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    assert shell.journey.active
    clock.advance(seconds=120)
    veil.refresh()
    assert not veil.dimmed  # never during a visit
    shell.end_visit(EndReason.COMPLETED)  # the reset looks again at once
    assert veil.dimmed


def test_the_wake_period_ends(qtbot, make_shell):
    shell = make_shell(opening_hours=HOURS, after_hours_wake_s=60)
    clock = FakeClock(MONDAY.replace(hour=7))
    veil = veil_for(shell, clock)
    veil.wake()
    clock.advance(seconds=59)
    veil.refresh()
    assert not veil.dimmed
    clock.advance(seconds=2)
    veil.refresh()
    assert veil.dimmed
    assert veil.message("en") == "We open at 10:00"


def test_no_opening_hours_means_no_veil(make_shell):
    shell = make_shell()
    assert install_after_hours(shell, shell.config) is None
