"""A kiosk runs for months: nothing made for one navigation may outlive its use.

Visits are walked by touch (the journey test's helpers): the window fading each screen in,
the needs questions fading one into the next, a story's chapters fading in. After a first
visit has built whatever is built once, more visits must leave the number of live
animations where it was; every fade used to leave one behind, with its Python closure.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractAnimation

from kiosk.visit.stages import EndReason
from tests.ui.test_customer_journey import answer_the_questions, on, open_grid_item, touch
from ui.widgets.fade import Veil, fading


def live_animations(shell) -> int:  # type: ignore[no-untyped-def]
    return len(shell.findChildren(QAbstractAnimation))


def a_visit(shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    touch(qtbot, shell.attract)
    touch(qtbot, on(shell, "greeting").browse)
    answer_the_questions(shell, qtbot)
    touch(qtbot, on(shell, "needs_summary").see)
    open_grid_item(shell, qtbot, on(shell, "recommendations").grid, 0)
    story = on(shell, "story")
    for button in story.rail.buttons[1:3]:
        touch(qtbot, button)  # a chapter fades in
    touch(qtbot, story.back_button)
    on(shell, "recommendations")
    shell.end_visit(EndReason.COMPLETED)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "attract")


def test_visits_leave_no_animation_behind(make_shell, qtbot):
    shell = make_shell(idle_timeout_s=3600)
    a_visit(shell, qtbot)  # what is built once (e.g. each owner's reusable fade) is built now
    before = live_animations(shell)
    for _ in range(3):
        a_visit(shell, qtbot)
    assert live_animations(shell) == before, "animations made per navigation were kept"


def test_an_interrupted_fade_leaves_the_screen_fully_shown(make_shell, qtbot):
    shell = make_shell(idle_timeout_s=3600)
    touch(qtbot, shell.attract)
    greeting = on(shell, "greeting")
    touch(qtbot, greeting.browse)  # the needs screen starts fading in...
    needs = on(shell, "needs")
    assert fading(needs)
    shell.back()  # ...and the customer goes back before it has ended
    assert not fading(needs)
    veils = [veil for veil in needs.findChildren(Veil) if veil.isVisible()]
    assert not veils, "a half-faded screen would stay veiled"
    qtbot.waitUntil(lambda: not fading(greeting))
