"""After each visit the kiosk forgets the customer: no trace on any screen or in memory."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from kiosk.visit.stages import EndReason
from ui.strings import tr


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        texts.append(widget.toolTip())
        texts.append(widget.accessibleName())
    return texts


def python_state(obj: object, depth: int = 0, seen: set[int] | None = None) -> list[str]:
    """Every text held in a screen's own attributes, followed into containers."""
    seen = seen if seen is not None else set()
    if id(obj) in seen or depth > 4:
        return []
    seen.add(id(obj))
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [
            t
            for k, v in obj.items()
            for t in python_state(k, depth + 1, seen) + python_state(v, depth + 1, seen)
        ]
    if isinstance(obj, list | tuple | set):
        return [t for v in obj for t in python_state(v, depth + 1, seen)]
    if hasattr(obj, "__dict__") and not isinstance(obj, type):
        return [t for v in vars(obj).values() for t in python_state(v, depth + 1, seen)]
    return []


@pytest.mark.slow
def test_thirty_visits_leave_no_trace_of_earlier_customers(make_shell, qtbot):
    shell = make_shell()
    greeting = shell.screens["greeting"]
    for i in range(30):
        marker = f"client-{i}-{uuid.uuid4().hex[:8]}"
        qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
        assert shell.router.current.NAME == "greeting"
        # in the kiosk's first language, whatever the last customer chose, even when the
        # touch comes before idle time has given the hidden screens their texts
        assert greeting.title.text() == tr("greeting.title", "en")
        language = "zh-Hans" if i % 2 else "en"
        qtbot.mouseClick(greeting.language_buttons[language], Qt.MouseButton.LeftButton)
        journey = shell.journey
        journey.answer("lifestyle", [marker]).result()
        journey.set_selected(f"SKU-{marker}", True).result()
        qtbot.mouseClick(greeting.refreshment, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(greeting.confirmation.text()))
        assert any(marker in t for t in python_state(journey.state))

        # The reset is part of the tap itself: the next lines look at once, without waiting.
        if i % 3 == 0:
            shell.end_visit(EndReason.IDLE)
        else:
            qtbot.mouseClick(greeting.done_button, Qt.MouseButton.LeftButton)
            farewell = shell.screens["farewell"]
            qtbot.mouseClick(farewell.finish_button, Qt.MouseButton.LeftButton)

        assert shell.router.current.NAME == "attract"
        assert journey.state is None
        assert greeting.confirmation.text() == ""
        for screen in shell.screens.values():
            assert not any(marker in t for t in visible_texts(screen)), screen.NAME
            assert not any(marker in t for t in python_state(screen)), screen.NAME
        assert not any(marker in t for t in python_state(journey))


def test_the_next_customer_is_greeted_in_the_first_language_at_once(make_shell, qtbot):
    """The hidden screens get the first language back in idle time after a reset; a touch
    that comes before (the next customer was waiting) still finds the greeting in it."""
    shell = make_shell()
    greeting = shell.screens["greeting"]
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(greeting.language_buttons["zh-Hans"], Qt.MouseButton.LeftButton)
    assert greeting.title.text() == tr("greeting.title", "zh-Hans")
    shell.end_visit(EndReason.IDLE)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)  # no turn of the loop between
    assert shell.router.current is greeting
    assert greeting.title.text() == tr("greeting.title", "en")


def test_a_visit_starts_and_ends_without_giving_hidden_screens_their_texts(make_shell, qtbot):
    """After a Chinese visit the hidden screens are in Chinese until idle time gives them the
    first language back: the next visit's first touch, and its end, give texts to no screen
    but the one shown (the associate home asked for the consultation and the case form,
    and the client search for the consent form, which gave each its texts in that turn)."""
    shell = make_shell()
    greeting = shell.screens["greeting"]
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(greeting.language_buttons["zh-Hans"], Qt.MouseButton.LeftButton)
    _ = len(shell.screens)  # every screen built, and all in Chinese
    for name in shell.router.screens:
        shell.lazy.say(name)
    said: list[str] = []
    original = shell.lazy.say

    def say(name: str) -> None:
        if shell.lazy._said.get(name) != shell.lazy.language:
            said.append(name)
        original(name)

    shell.lazy.say = say  # type: ignore[method-assign]
    shell.end_visit(EndReason.IDLE)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)  # no turn of the loop between
    assert shell.router.current is greeting
    shell.end_visit(EndReason.IDLE)
    assert set(said) <= {"attract", "greeting"}, said


def test_hidden_headers_are_brought_up_to_date_when_entered_not_at_each_change(
    make_shell, qtbot, monkeypatch
):
    """A visit's start and end fitted fifteen hidden headers (4 ms of the first touch and of
    the last); a hidden screen's header is right when it is entered."""
    from ui.screens.customer.base import CustomerScreen

    shell = make_shell()
    _ = len(shell.screens)  # every screen built
    fitted: list[str] = []
    fit = CustomerScreen._update_selection_button
    heard = CustomerScreen.journey_changed
    hearing: list[bool] = []

    def recording(screen: CustomerScreen) -> None:
        if hearing and not screen.isVisible():  # fitted because the journey changed
            fitted.append(screen.NAME)
        fit(screen)

    def hear(screen: CustomerScreen, change: object) -> None:
        hearing.append(True)
        try:
            heard(screen, change)  # type: ignore[arg-type]
        finally:
            hearing.pop()

    monkeypatch.setattr(CustomerScreen, "_update_selection_button", recording)
    monkeypatch.setattr(CustomerScreen, "journey_changed", hear)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    shell.journey.set_selected("MV-CO-OV60", True).result(timeout=30)
    shell.end_visit(EndReason.COMPLETED)
    assert fitted == [], fitted
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    shell.journey.set_selected("MV-CO-OV60", True).result(timeout=30)
    shell.go("selection")
    selection = shell.router.current
    assert selection.NAME == "selection"
    shell.go("recommendations")
    screen = shell.router.current
    assert screen.selection_button.isVisibleTo(screen)  # entered: its header has the one


def _visit_with_a_selection(make_shell, qtbot):  # type: ignore[no-untyped-def]
    """A customer who chose pieces and looked at them, then went on to the farewell."""
    from tests.ui.test_selection import SKUS, open_selection, with_selection

    shell = with_selection(make_shell, qtbot)
    _ = len(shell.screens)  # every screen built
    selection = open_selection(shell, qtbot)
    assert selection.model.skus == list(SKUS)
    shell.finish_visit()
    assert shell.router.current.NAME == "farewell"
    return shell, selection


def test_the_end_of_a_visit_clears_the_hidden_screens_in_idle_time(make_shell, qtbot, monkeypatch):
    """Clearing every screen in the last touch held it for 20-25 ms: the touch clears the
    screen it leaves, attract and the greeting; the others forget the customer right after,
    a screen a turn of the loop."""
    from tests.ui.test_selection import SKUS

    shell, selection = _visit_with_a_selection(make_shell, qtbot)
    assert any(sku in t for t in python_state(selection) for sku in SKUS)
    cleared: list[str] = []
    for screen in shell.router.screens.values():
        clear, name = screen.clear, screen.NAME
        monkeypatch.setattr(screen, "clear", lambda c=clear, n=name: (cleared.append(n), c()))
    qtbot.mouseClick(shell.screens["farewell"].finish_button, Qt.MouseButton.LeftButton)
    assert shell.router.current.NAME == "attract"
    assert set(cleared) == {"farewell", "attract", "greeting"}
    assert selection.model.skus  # not yet: the next turns
    qtbot.waitUntil(lambda: shell.lazy.cleared)
    assert sorted(cleared) == sorted(shell.router.screens), Counter(cleared)  # each once
    assert selection.model.skus == []
    for screen in shell.router.screens.values():
        assert not any(sku in t for t in python_state(screen) for sku in SKUS), screen.NAME


def test_a_screen_still_to_be_cleared_is_cleared_before_anyone_sees_it(make_shell, qtbot):
    """Before idle time has run: a screen asked for is cleared first, and the next visit's
    first touch clears every screen before the visit begins (nothing of the new visit is
    then cleared away)."""
    shell, selection = _visit_with_a_selection(make_shell, qtbot)
    shell.end_visit(EndReason.COMPLETED)
    assert selection.model.skus  # still to be cleared
    assert shell.screens["selection"].model.skus == []  # asked for: cleared first

    shell, selection = _visit_with_a_selection(make_shell, qtbot)
    shell.end_visit(EndReason.COMPLETED)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)  # no turn of the loop between
    assert shell.journey.active
    assert shell.lazy.cleared
    assert selection.model.skus == []
    shell.journey.set_selected("MV-LI-SF3", True).result()
    qtbot.waitUntil(lambda: selection.model.skus == ["MV-LI-SF3"] or not selection.isVisible())
    assert shell.lazy.cleared
