"""The customer's "an advisor will be with you shortly" lasts until the advisor is there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_associate_mode import add_associate, sign_in
from ui.strings import tr


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_the_promise_of_an_advisor_gives_way_once_the_advisor_has_come(make_shell, qtbot, lang):
    shell = make_shell()
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    greeting = shell.screens["greeting"]
    qtbot.mouseClick(greeting.language_buttons[lang], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(greeting.associate, Qt.MouseButton.LeftButton)  # "Ask for an advisor"
    shortly = tr("greeting.associate_sent", lang)
    qtbot.waitUntil(lambda: greeting.confirmation.text() == shortly)

    # the advisor comes, signs in and opens the consultation
    sign_in(shell, qtbot, elise)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    qtbot.mouseClick(shell.screens["associate"].consult_button, Qt.MouseButton.LeftButton)
    assert shell.router.current.NAME == "consultation"
    assert shell.journey.state.associate_id == elise.id

    # back to the customer, by the home's "return", and then again after a tour
    shell.back()
    qtbot.mouseClick(shell.screens["associate"].return_button, Qt.MouseButton.LeftButton)
    assert shell.router.current is greeting
    here = tr("greeting.associate_with_you", lang)
    assert greeting.confirmation.text() == here
    qtbot.mouseClick(greeting.browse, Qt.MouseButton.LeftButton)
    shell.back()
    assert shell.router.current is greeting
    assert greeting.confirmation.text() == here
    shell.set_language("en" if lang != "en" else "zh-Hans")
    assert greeting.confirmation.text() not in (
        tr("greeting.associate_sent", "en"),
        tr("greeting.associate_sent", "zh-Hans"),
    )


def test_a_new_request_after_the_advisor_left_is_promised_again(make_shell, qtbot):
    """The advisor already with the visit does not answer a later request: the customer
    who asks again is told, honestly, that someone will come."""
    shell = make_shell()
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, elise)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    qtbot.mouseClick(shell.screens["associate"].sign_out_button, Qt.MouseButton.LeftButton)
    greeting = shell.screens["greeting"]
    assert shell.router.current is greeting
    qtbot.mouseClick(greeting.associate, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: greeting.confirmation.text() != "")
    assert greeting.confirmation.text() == tr("greeting.associate_sent", "en")
