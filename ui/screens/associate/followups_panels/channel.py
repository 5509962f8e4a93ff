"""How an outreach was made (a call, a message, in the store, a letter): the row of large
buttons the task panel shows above an outreach task's results. An outreach outcome records
its channel (``FollowupTasks.complete(..., channel=)``, stored in ``followup_tasks.channel``),
so the panel asks for one and says so politely when "Done" is tapped without it. Apart from
``detail`` because only outreach tasks have it, and the panel keeps to its size."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.outreach.rules import OUTREACH_KINDS
from ui import kit
from ui.strings import tr

CHANNELS = ("call", "message", "in_store", "letter")
"""``kiosk.db.client_book_rows.CHANNELS``, in the order an associate reaches for them (the
database layer is not the UI's to import; a test holds the two the same)."""


def is_outreach(kind: str) -> bool:
    return kind in OUTREACH_KINDS


class ChannelPicker(QWidget):
    """Four touch-sized buttons, one chosen at most; hidden for any task but an outreach."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 6)
        column.setSpacing(12)
        self.caption = kit.text("eyebrow_xs", tone="accent", wrap=True, name="channel-caption")
        column.addWidget(self.caption)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        column.addLayout(self.grid)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        for index, name in enumerate(CHANNELS):
            button = kit.button("secondary", role="button_s", name=f"channel-{name}")
            button.setMinimumHeight(72)
            button.setCheckable(True)
            self.group.addButton(button)
            self.buttons[name] = button
            self.grid.addWidget(button, 0, index)
            self.grid.setColumnStretch(index, 1)  # four alike, whatever their words
        self.group.buttonClicked.connect(lambda _b: on_change())
        self.hide()

    @property
    def chosen(self) -> str | None:
        button = self.group.checkedButton()
        return button.objectName().removeprefix("channel-") if button is not None else None

    def reset(self, asked: bool) -> None:
        """A new task: nothing chosen; shown only when ``asked`` (an outreach task)."""
        self.group.setExclusive(False)  # an exclusive group keeps one checked
        for button in self.buttons.values():
            button.setChecked(False)
            button.setEnabled(True)
        self.group.setExclusive(True)
        self.setVisible(asked)

    def freeze(self) -> None:
        """Recorded: the choice stays on show, no longer to be changed."""
        for button in self.buttons.values():
            button.setEnabled(False)

    def retranslate(self, language: str) -> None:
        self.caption.setText(tr("outreach.channel.caption", language).upper())
        for name, button in self.buttons.items():
            button.setText(tr(f"outreach.channel.{name}", language))
