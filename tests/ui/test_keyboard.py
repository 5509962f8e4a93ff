"""The on-screen keyboard types what a customer taps, for contact details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ui import theme
from ui.widgets.keyboard import OnScreenKeyboard


def tap(qtbot, keyboard, *names):  # type: ignore[no-untyped-def]
    for name in names:
        qtbot.mouseClick(keyboard.keys[name], Qt.MouseButton.LeftButton)


def test_typing_an_email_address_with_a_capital_and_corrections(qtbot, screenshot_dir):
    host = QWidget()
    host.setStyleSheet(f"background: {theme.PALETTE.ivory};")
    layout = QVBoxLayout(host)
    field = QLineEdit()
    field.setFont(theme.sans(30))
    keyboard = OnScreenKeyboard()
    keyboard.attach(field)
    layout.addWidget(field)
    layout.addWidget(keyboard)
    qtbot.addWidget(host)
    host.resize(1600, 560)
    host.show()
    tap(qtbot, keyboard, "shift", "a", "n", "n", "backspace", "a", "@")
    tap(qtbot, keyboard, *"maison.fr", "+", "1", "space")
    assert field.text() == "Ana@maison.fr+1 "
    assert keyboard.keys["q"].text() == "q"  # shift applied to one letter only
    with qtbot.waitSignal(keyboard.done):
        tap(qtbot, keyboard, "done")
    assert all(
        button.height() >= theme.MIN_TOUCH for button in keyboard.keys.values()
    ), "every key is a comfortable touch target"
    host.grab().save(str(screenshot_dir / "keyboard-en-landscape.png"))
