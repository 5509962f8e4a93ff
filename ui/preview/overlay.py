"""What a save with errors looks like in the preview: a sheet in a corner of the kiosk,
naming each error with its file and place, over the last good state (still usable: the sheet
lets touches through, so the author can move on and switch languages while fixing).

Its own words are in the kiosk's language of the moment; the errors are the validator's, as
``kiosk content validate`` prints them, so an author reads the same sentence in both places.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QGraphicsDropShadowEffect, QLabel, QVBoxLayout, QWidget

from kiosk.content.errors import Issue
from ui import kit, theme
from ui.strings import tr

SHOWN = 8  # more than this and the sheet would hide the screen it sits on


def where(issue: Issue) -> str:
    """The error's file and place, as the validator names them."""
    return f"{issue.file} · {issue.path}" if issue.path else issue.file or "—"


class ErrorOverlay(QFrame):
    """Shown by ``show_errors``, hidden by ``clear`` (the next good save)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("PreviewErrors")
        kit.surface(self, "menu")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.errors: list[Issue] = []
        self.language = "en"
        self.column = layout = QVBoxLayout(self)
        pad = kit.gap("lg")
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(kit.gap("sm"))
        self.eyebrow = kit.eyebrow(small=True)
        self.title = kit.text("heading_s", wrap=True)
        self.note = kit.text("body_s", tone="muted", wrap=True)
        head = QVBoxLayout()
        head.setSpacing(kit.gap("hair"))
        for label in (self.eyebrow, self.title, self.note):
            head.addWidget(label)
        layout.addLayout(head)
        self.rows: list[tuple[QLabel, QLabel]] = []
        for _ in range(SHOWN):
            row = QVBoxLayout()
            row.setSpacing(0)
            place = kit.text("caption_s", tone="accent", wrap=True)
            message = kit.text("body_s", wrap=True)
            row.addWidget(place)
            row.addWidget(message)
            layout.addLayout(row)
            self.rows.append((place, message))
        self.more = kit.text("caption", tone="muted")
        layout.addWidget(self.more)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(kit.gap("xl"))
        shadow.setOffset(0, kit.gap("hair"))
        shadow.setColor(theme.color(theme.PALETTE.ink, 0.18))
        self.setGraphicsEffect(shadow)
        self.hide()
        window.installEventFilter(self)

    def show_errors(self, errors: list[Issue], language: str) -> None:
        self.errors = list(errors)
        self.show()  # first: a hidden sheet's labels do not know their heights yet
        self.raise_()
        self.retranslate(language)

    def clear(self) -> None:
        self.errors = []
        self.hide()

    def retranslate(self, language: str) -> None:
        self.language = language
        count = len(self.errors)
        self.eyebrow.setText(tr("preview.errors.eyebrow", language).upper())
        key = "preview.errors.title_one" if count == 1 else "preview.errors.title"
        self.title.setText(tr(key, language, n=count))
        self.note.setText(tr("preview.errors.note", language))
        for i, (place, message) in enumerate(self.rows):
            issue = self.errors[i] if i < count else None
            place.setVisible(issue is not None)
            message.setVisible(issue is not None)
            place.setText(where(issue) if issue else "")
            message.setText(issue.message if issue else "")
        hidden = count - len(self.rows)
        self.more.setVisible(hidden > 0)
        self.more.setText(tr("preview.errors.more", language, n=hidden) if hidden > 0 else "")
        self._place()

    def _place(self) -> None:
        """In the window's lower left corner: over a story's pictures, not over the texts
        an author checks beside them (across the whole width in a portrait window)."""
        window = self.window_
        margin = kit.gap("xl")
        portrait = window.height() > window.width()
        share = 1.0 if portrait else 0.46
        width = min(int((window.width() - 2 * margin) * share), 900)
        self.setFixedWidth(max(width, 320))
        height = self.column.totalHeightForWidth(self.width())
        height = max(0, min(height, window.height() - 2 * margin))
        self.setFixedHeight(height)
        self.move(margin, window.height() - height - margin)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self.window_ and event.type() == QEvent.Type.Resize
        if resized and self.isVisible():
            self._place()
        return False
