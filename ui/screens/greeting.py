"""Greeting: a warm welcome, a language choice, and two honest paths.

Browse on my own, or ask for an advisor; a refreshment can be asked for too. A request is
confirmed on screen only once it is committed, because the customer will wait for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from kiosk.stages import Stage
from ui import theme
from ui.images import load_pixmap, scaled_to_fill
from ui.screens.base import CustomerScreen
from ui.strings import tr
from ui.tasks import when_durable

if TYPE_CHECKING:
    from ui.shell import Shell


def welcome_image(pack_path: Path) -> Path | None:
    """A scene from the pack's lookbooks: a room in use says "welcome" better than a product,
    and scene images carry no text of their own (the attract images do)."""
    scenes = sorted((pack_path / "images" / "lookbooks").glob("*.jpg"))
    preferred = [p for p in scenes if p.stem in {"salon", "reading-corner", "dining"}]
    return (preferred or scenes or [None])[0]


class GreetingScreen(CustomerScreen):
    STAGE = Stage.GREETING
    NAME = "greeting"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 24, 0, 0)
        row.setSpacing(96)

        text = QVBoxLayout()
        text.setSpacing(0)
        text.addStretch(2)
        self.eyebrow = QLabel()
        self.eyebrow.setProperty("role", "eyebrow")
        self.eyebrow.setFont(theme.sans(20, theme.QFont.Weight.Medium, spacing=3.0))
        text.addWidget(self.eyebrow)
        text.addSpacing(20)
        self.title = QLabel()
        self.title.setFont(theme.serif(76))
        self.title.setWordWrap(True)
        text.addWidget(self.title)
        text.addSpacing(28)
        self.body_text = QLabel()
        self.body_text.setProperty("role", "muted")
        self.body_text.setFont(theme.sans(26))
        self.body_text.setWordWrap(True)
        text.addWidget(self.body_text)
        text.addSpacing(56)

        paths = QHBoxLayout()
        paths.setSpacing(24)
        self.browse = QPushButton()
        self.browse.setObjectName("browse")
        self.browse.setProperty("role", "primary")
        self.associate = QPushButton()
        self.associate.setObjectName("associate")
        for button in (self.browse, self.associate):
            button.setFont(theme.sans(24, spacing=0.5))
            button.setMinimumHeight(84)
            paths.addWidget(button)
        paths.addStretch(1)
        text.addLayout(paths)
        text.addSpacing(28)
        self.refreshment = QPushButton()
        self.refreshment.setObjectName("refreshment")
        self.refreshment.setProperty("role", "quiet")
        self.refreshment.setFont(theme.sans(22))
        text.addWidget(self.refreshment, 0, Qt.AlignmentFlag.AlignLeft)
        self.confirmation = QLabel()
        self.confirmation.setObjectName("confirmation")
        self.confirmation.setProperty("role", "eyebrow")
        self.confirmation.setFont(theme.serif(26))
        self.confirmation.setMinimumHeight(48)
        text.addWidget(self.confirmation)
        text.addStretch(3)

        self.language_buttons: dict[str, QPushButton] = {}
        languages = QHBoxLayout()
        languages.setSpacing(8)
        group = QButtonGroup(self)
        for lang in shell.config.languages:
            button = QPushButton(tr(f"language.{lang}", lang))
            button.setObjectName(f"lang-{lang}")
            button.setProperty("role", "lang")
            button.setCheckable(True)
            button.setFont(theme.sans(22))
            button.clicked.connect(lambda _=False, lang=lang: shell.set_language(lang))
            group.addButton(button)
            languages.addWidget(button)
            self.language_buttons[lang] = button
        languages.addStretch(1)
        text.addLayout(languages)
        row.addLayout(text, 5)

        self.picture = QLabel()
        self.picture.setObjectName("picture")
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setStyleSheet(f"background: {theme.PALETTE.stone};")
        row.addWidget(self.picture, 4)
        self._pixmap: QPixmap | None = None

        self.browse.clicked.connect(self._browse)
        self.associate.clicked.connect(lambda: self._request("associate"))
        self.refreshment.clicked.connect(lambda: self._request("refreshment"))

    SHOW_BACK = False

    def enter(self, **params: object) -> None:
        super().enter(**params)
        image = welcome_image(self.shell.config.content_pack_path)
        if image is not None and self._pixmap is None:
            load_pixmap(image, QSize(900, 1000), self._set_picture, self)

    def _set_picture(self, pixmap: QPixmap | None) -> None:
        self._pixmap = pixmap
        self._fit_picture()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_picture()

    def _fit_picture(self) -> None:
        if self._pixmap is None or self.picture.width() < 2:
            return
        self.picture.setPixmap(scaled_to_fill(self._pixmap, self.picture.size()))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("greeting.eyebrow", language).upper())
        self.title.setText(tr("greeting.title", language))
        self.body_text.setText(tr("greeting.body", language))
        self.browse.setText(tr("greeting.browse", language))
        self.associate.setText(tr("greeting.associate", language))
        self.refreshment.setText(tr("greeting.refreshment", language))
        for lang, button in self.language_buttons.items():
            button.setChecked(lang == language)
        kind = self.confirmation.property("kind")
        if kind:
            self.confirmation.setText(tr(f"greeting.{kind}_sent", language))

    def _browse(self) -> None:
        self.shell.journey.record("path_chosen", path="browse")
        self.shell.go("needs")

    def _request(self, kind: str) -> None:
        journey = self.shell.journey
        future = journey.request_service(kind)
        visit = journey.state

        def confirmed(_result: object, error: BaseException | None) -> None:
            # Only for the customer who asked: the visit may have ended meanwhile.
            if error is None and journey.state is visit:
                self.confirmation.setProperty("kind", kind)
                self.confirmation.setText(tr(f"greeting.{kind}_sent", self.shell.language))

        when_durable(future, confirmed)

    def clear(self) -> None:
        self.confirmation.setProperty("kind", None)
        self.confirmation.clear()
