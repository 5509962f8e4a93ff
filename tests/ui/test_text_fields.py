"""Tapping any text field opens the on-screen keyboard aimed at that field, and every field
wears the kiosk's palette (no inline colours, no platform blue focus ring)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from tests.clients.privacy.test_privacy_screen import manager_on_privacy
from tests.ui.test_associate_mode import add_associate, sign_in
from tests.ui.test_clienteling import open_clients
from tests.ui.test_followups import seeded_and_signed_in
from ui import theme
from ui.strings import tr


def tap(qtbot, field):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)


def opens_on_tap(qtbot, keyboard, field):  # type: ignore[no-untyped-def]
    tap(qtbot, field)
    assert keyboard.isVisible(), f"{field.objectName()}: tapped, no keyboard"
    assert keyboard.target is field, f"{field.objectName()}: the keyboard types elsewhere"


def themed(shell, qtbot, field):  # type: ignore[no-untyped-def]
    """No field carries colours of its own; a focused one is ringed in brass, not blue."""
    fields = shell.findChildren(QLineEdit)
    assert fields
    assert not shell.findChildren(QTextEdit)
    assert not shell.findChildren(QPlainTextEdit)
    for each in fields:
        assert each.styleSheet() == "", f"{each.objectName()} sets its own colours"
    shell.activateWindow()  # focus (and so the ring) is drawn only in the active window
    qtbot.waitUntil(shell.isActiveWindow)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    picture = field.grab().toImage()
    edge = QColor(picture.pixel(0, picture.height() // 2))
    assert edge.name().lower() == theme.PALETTE.brass.lower(), edge.name()


def test_every_consent_field_opens_the_keyboard_on_a_tap(make_shell, qtbot):
    shell = make_shell()
    open_clients(shell, qtbot)
    clients = shell.screens["clients"]
    opens_on_tap(qtbot, clients.keyboard, clients.field)
    tap(qtbot, clients.new_button)
    consent = shell.screens["client_consent"]
    for name in ("email", "name", "member", "phone", "email"):  # in any order, twice
        opens_on_tap(qtbot, consent.keyboard, consent.fields[name])
    # Qt sends FocusIn only to the active window: the keyboard must follow the tap itself
    # (test_clienteling's `target is fields["email"]` failed at times while it followed focus)
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(elsewhere.isActiveWindow)
    for name in ("name", "email", "phone"):
        opens_on_tap(qtbot, consent.keyboard, consent.fields[name])
    themed(shell, qtbot, consent.fields["name"])


def test_the_consultation_note_field_opens_the_keyboard(make_shell, qtbot):
    shell = make_shell()
    elise = add_associate(shell)
    tap(qtbot, shell.attract)
    sign_in(shell, qtbot, elise)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    tap(qtbot, shell.screens["associate"].consult_button)
    consult = shell.screens["consultation"]
    assert not consult.keyboard.isVisible()
    opens_on_tap(qtbot, consult.keyboard, consult.note_field)
    assert consult.note_button.text() == tr("associate.consult.save_note", "en")  # what ✓ does
    themed(shell, qtbot, consult.note_field)


def test_the_follow_up_note_field_opens_the_keyboard(make_shell, qtbot):
    _shell, _elise, _ids, screen = seeded_and_signed_in(make_shell, qtbot)
    tap(qtbot, screen.new_button)
    panel = screen.new_panel
    assert not panel.keyboard.isVisible()
    opens_on_tap(qtbot, panel.keyboard, panel.note)


def test_the_privacy_search_field_opens_the_keyboard(make_shell, qtbot):
    shell = make_shell()
    manager_on_privacy(shell, qtbot)
    assert shell.associate_mode.open_tool("privacy")
    screen = shell.screens["privacy"]
    opens_on_tap(qtbot, screen.keyboard, screen.field)
    themed(shell, qtbot, screen.field)
