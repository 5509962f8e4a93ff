"""Greeting: a warm welcome, a language choice, and two honest paths.

Browse on my own, or ask for an advisor; a refreshment can be asked for too, a friend's
invitation code entered (ui/screens/customer/invitation.py) and a returning customer's
hand-off code (ui/screens/customer/returning.py), all as quiet asides. A request is
confirmed on screen only once it is committed, because the customer will wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from kiosk.visit.stages import Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.picture import Picture
from ui.widgets.scenes import welcome_image

if TYPE_CHECKING:
    import uuid

    from kiosk.content.model import ContentPack
    from ui.context import ScreenContext


class GreetingScreen(CustomerScreen):
    STAGE = Stage.GREETING
    NAME = "greeting"

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        row.setContentsMargins(0, 24, 0, 0)
        row.setSpacing(96)
        self.row = row

        text = QVBoxLayout()
        text.setSpacing(0)
        text.addStretch(2)
        self.eyebrow = kit.eyebrow()
        text.addWidget(self.eyebrow)
        text.addSpacing(20)
        self.title = kit.text("hero", wrap=True)
        text.addWidget(self.title)
        text.addSpacing(28)
        self.body_text = kit.text("lead", tone="muted", wrap=True)
        text.addWidget(self.body_text)
        text.addSpacing(56)

        paths = QHBoxLayout()
        paths.setSpacing(24)
        self.browse = kit.button("primary", name="browse")
        self.associate = kit.button("secondary", name="associate")
        for button in (self.browse, self.associate):
            button.setMinimumHeight(84)
            paths.addWidget(button)
        paths.addStretch(1)
        text.addLayout(paths)
        text.addSpacing(28)
        self.refreshment = kit.button("quiet", role="button_s", name="refreshment")
        # a friend's invitation: as quiet as the refreshment, beside it, never a third path
        self.invitation = kit.button("quiet", role="button_s", name="invitation")
        # a customer back with their hand-off code: as quiet, beside the invitation. The two
        # codes sit at the foot, on the languages' line: three asides do not fit the
        # refreshment's line in larger text or in Chinese, and a line of their own would
        # take the height the welcome needs in larger text
        self.returning = kit.button("quiet", role="button_s", name="returning")
        quiet = QHBoxLayout()
        quiet.setSpacing(48)
        quiet.addWidget(self.refreshment)
        quiet.addStretch(1)
        text.addLayout(quiet)
        self.confirmation = kit.text("heading_s", tone="accent", name="confirmation")
        self.confirmation.setMinimumHeight(48)
        # the associate already with the visit when the customer asked (usually none): only
        # one who joins after the request answers it
        self.asked_with: uuid.UUID | None = None
        text.addWidget(self.confirmation)
        text.addStretch(3)

        self.language_buttons: dict[str, QPushButton] = {}
        languages = QHBoxLayout()
        languages.setSpacing(8)
        group = QButtonGroup(self)
        for lang in ctx.config.languages:
            button = QPushButton(tr(f"language.{lang}", lang))
            button.setObjectName(f"lang-{lang}")
            kit.mark(button, "lang")
            button.setCheckable(True)
            button.setFont(kit.font("body_s"))
            button.clicked.connect(lambda _=False, lang=lang: ctx.set_language(lang))
            group.addButton(button)
            languages.addWidget(button)
            self.language_buttons[lang] = button
        languages.addStretch(1)
        codes = QHBoxLayout()
        codes.setSpacing(48)
        codes.addWidget(self.invitation)
        codes.addWidget(self.returning)
        languages.addLayout(codes)
        text.addLayout(languages)
        row.addLayout(text, 5)
        self.text_column = text

        self.picture = Picture(fill=True)
        self.picture.setObjectName("picture")
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        row.addWidget(self.picture, 4)

        self.browse.clicked.connect(self._browse)
        self.associate.clicked.connect(lambda: self._request("associate"))
        self.refreshment.clicked.connect(lambda: self._request("refreshment"))
        self.invitation.clicked.connect(self._invitation)
        self.returning.clicked.connect(self._returning)

    SHOW_BACK = False

    def set_portrait(self, portrait: bool) -> None:
        """Portrait: the picture above, as tall as the words leave room for, and the welcome
        below it, set close together at the foot of the screen, where a hand reaches: the
        two paths and the languages in the lower third rather than floating in gaps."""
        self.row.setDirection(
            QBoxLayout.Direction.BottomToTop if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.row.setSpacing(56 if portrait else 96)
        self.row.setStretch(0, 0 if portrait else 5)
        self.row.setStretch(1, 1 if portrait else 4)
        # the words' own stretches (above and below) centre them beside the picture in
        # landscape; in portrait the picture takes the room instead
        self.text_column.setStretch(0, 0 if portrait else 2)
        self.text_column.setStretch(self.text_column.count() - 2, 0 if portrait else 3)

    def enter(self, **params: object) -> None:
        super().enter(**params)
        self.warm()
        self._confirm(self.ctx.language)  # an advisor may have come meanwhile

    def warm(self) -> None:
        """The welcome picture decoded into the screen ahead of the first touch (once the
        start's work is done, ui/shell.py; and for each pack put in service after): shown
        at once, never the placeholder."""
        self._warmed = True
        self.picture.show_image(self.ctx.images, welcome_image(self.ctx.pack), "screen")

    _warmed = False

    def pack_changed(self, pack: ContentPack) -> None:
        super().pack_changed(pack)
        if self._warmed:  # a pack switched between visits: not at the start (see warm)
            self.warm()

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("greeting.eyebrow", language).upper())
        self.title.setText(tr("greeting.title", language))
        self.body_text.setText(tr("greeting.body", language))
        self.browse.setText(tr("greeting.browse", language))
        self.associate.setText(tr("greeting.associate", language))
        self.refreshment.setText(tr("greeting.refreshment", language))
        self.invitation.setText(tr("greeting.invitation", language))
        self.returning.setText(tr("greeting.returning", language))
        for lang, button in self.language_buttons.items():
            button.setChecked(lang == language)
        self._confirm(language)

    def _browse(self) -> None:
        self.ctx.journey.record("path_chosen", path="browse")
        self.ctx.go("needs")

    def _invitation(self) -> None:
        self.ctx.journey.record("path_chosen", path="invitation")
        self.ctx.go("invitation")

    def _returning(self) -> None:
        self.ctx.journey.record("path_chosen", path="returning")
        self.ctx.go("returning")

    def _request(self, kind: str) -> None:
        journey = self.ctx.journey
        future = journey.request_service(kind)
        visit = journey.state

        def confirmed(_request: object) -> None:
            # Only for the customer who asked: the visit may have ended meanwhile.
            if journey.state is visit:
                self.confirmation.setProperty("kind", kind)
                self.asked_with = visit.associate_id if visit else None
                self._confirm(self.ctx.language)

        # a failure: no word; each kind of request waits on its own
        self.ops.durable(future, confirmed, lane=f"durable-{kind}")

    def _confirm(self, language: str) -> None:
        """The word for the customer's last request. "An advisor will be with you shortly"
        holds only until an associate joins the visit (signs in for the consultation): from
        then on it would be a promise already kept, so it says the advisor is here."""
        kind = self.confirmation.property("kind")
        if not kind:
            return
        state = self.ctx.journey.state
        joined = state is not None and state.associate_id not in (None, self.asked_with)
        key = "greeting.associate_with_you" if kind == "associate" and joined else None
        self.confirmation.setText(tr(key or f"greeting.{kind}_sent", language))

    def clear(self) -> None:
        self.asked_with = None
        self.confirmation.setProperty("kind", None)
        self.confirmation.clear()
