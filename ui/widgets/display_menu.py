"""Larger text and high contrast, offered from every customer screen.

A small card below the header's "Aa" control; each choice applies at once and stays for the
rest of the visit (the next customer starts in the default mode).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui import kit, theme
from ui.strings import tr


class DisplayMenu(QFrame):
    """Shown over ``window``; a choice goes to ``set_mode``; ``language`` is the customer's."""

    def __init__(
        self,
        window: QWidget,
        set_mode: Callable[[theme.DisplayMode], None],
        language: Callable[[], str],
    ) -> None:
        super().__init__(window)
        self._window, self._set_mode, self._language = window, set_mode, language
        self.setObjectName("DisplayMenu")
        kit.surface(self, "menu")
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 24, 32, 28)
        column.setSpacing(kit.gap("sm"))
        self.title = kit.eyebrow(small=True)
        column.addWidget(self.title)
        self.large_text = kit.button("secondary", role="button_s", name="large-text")
        self.high_contrast = kit.button("secondary", role="button_s", name="high-contrast")
        mode = theme.current_mode()
        for button, on in (
            (self.large_text, mode.large_text),
            (self.high_contrast, mode.high_contrast),
        ):
            button.setCheckable(True)
            button.setChecked(on)
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.setMinimumWidth(380)
            button.clicked.connect(self._apply)
            column.addWidget(button)
        self.hide()

    def _apply(self) -> None:
        self._set_mode(
            theme.DisplayMode(self.large_text.isChecked(), self.high_contrast.isChecked())
        )

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        self.retranslate(self._language())
        self.adjustSize()
        self.move(self._window.width() - self.width() - 72, 110)
        self.show()
        self.raise_()

    def retranslate(self, language: str) -> None:
        self.title.setText(tr("display.title", language).upper())
        on, off = tr("display.on", language), tr("display.off", language)
        self.large_text.setText(
            f"{tr('display.large_text', language)}  ·  {on if self.large_text.isChecked() else off}"
        )
        self.high_contrast.setText(
            f"{tr('display.high_contrast', language)}  ·  "
            f"{on if self.high_contrast.isChecked() else off}"
        )
