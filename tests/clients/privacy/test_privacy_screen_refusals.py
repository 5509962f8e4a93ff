"""The manager's "Forget a client" when there is nobody to forget: said plainly, nothing
erased, and the erasure's own verdict (not the screen's) decides what is said."""

from __future__ import annotations

import dataclasses
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.clients.privacy.helpers import NAME, STORE_ID
from tests.clients.privacy.test_privacy_screen import customer, manager_on_privacy, texts
from tests.ui.conftest import settle
from ui.strings import tr


def test_an_unknown_client_id_finds_nobody_and_erases_nothing(make_shell, qtbot):
    shell = make_shell(store_id=STORE_ID)
    _, client = manager_on_privacy(shell, qtbot)
    assert shell.associate_mode.open_tool("privacy", customer_id=uuid.uuid4())
    screen = shell.screens["privacy"]
    qtbot.waitUntil(lambda: screen.state == "empty" and screen.message.text() != "")
    # no store database is set: nothing is said of one not answering
    assert screen.message.text() == tr("privacy.find.none", "en")
    assert screen.findChild(QPushButton, "privacy-forget") is None  # nothing to forget
    assert customer(shell, client).full_name == NAME


def test_a_client_known_nowhere_is_refused_by_the_erasure_and_nothing_changes(make_shell, qtbot):
    """The match vanished between the search and the confirmation (a client known only to
    a store database that no longer answers, on a kiosk with no store database set): the
    erasure refuses, and the screen says so in the manager's words."""
    shell = make_shell(store_id=STORE_ID)
    _, client = manager_on_privacy(shell, qtbot)
    assert shell.associate_mode.open_tool("privacy", customer_id=client.id)
    screen = shell.screens["privacy"]
    qtbot.waitUntil(lambda: screen.findChild(QPushButton, "privacy-forget") is not None)
    screen.chosen = dataclasses.replace(screen.chosen, customer_id=uuid.uuid4())
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-forget"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-yes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.findChild(QPushButton, "privacy-again") is not None)
    settle(shell)
    assert tr("privacy.done.failed", "en") in texts(screen)
    assert tr("privacy.done.here", "en") not in texts(screen)
    assert customer(shell, client).full_name == NAME  # the client on screen is untouched
