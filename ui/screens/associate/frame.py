"""The frame every associate screen stands in: the dark band, the roles, the tool's way home.

A dark band across the top says at a glance that this is associate mode, not a customer
screen; it names the associate signed in and holds the screen's buttons. Tools add the way
back to the associate home. The frame lives apart from the home screen so that every
associate screen (the home among them) builds on it without importing another screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import kit, theme
from ui.context import ContextScreen
from ui.strings import tr
from ui.widgets.layouts import carry, foot_row

if TYPE_CHECKING:
    from ui.context import ScreenContext


ALL_ROLES = frozenset({"associate", "manager", "store_it", "headquarters"})
CLIENT_ROLES = frozenset({"associate", "manager"})


class AssociateFrame(ContextScreen):
    """The frame of associate screens: the dark band with the associate and the way out."""

    ASSOCIATE = True
    ROLES: ClassVar[frozenset[str]] = ALL_ROLES
    """The roles that may open this screen (see ``AssociateMode.may_open``)."""
    TOOL: ClassVar[str] = ""
    """The string key of this screen's button on the associate home; "" for none."""
    TOOL_ORDER: ClassVar[int] = 100

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        kit.surface(self, "desk")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        band = QFrame()
        band.setObjectName("band")
        kit.surface(band, "band")
        row = QHBoxLayout(band)
        row.setContentsMargins(72, 28, 72, 28)
        row.setSpacing(24)
        who = QVBoxLayout()
        who.setSpacing(4)
        self.eyebrow = kit.text("eyebrow_xs", tone="accent")
        who.addWidget(self.eyebrow)
        # The name and role take the room the buttons leave and wrap there: a long name on a
        # portrait screen was cut mid-word ("Store mana").
        self.who = kit.text("title_s", name="who", wrap=True)
        who.addWidget(self.who)
        row.addLayout(who, 1)
        self.band_buttons = row
        band.setMinimumHeight(120)
        outer.addWidget(band)
        self.body = QWidget()
        outer.addWidget(self.body, 1)
        self.reach_row = foot_row(outer)  # empty, no height: ``way_within_reach`` fills it
        self._band_places: dict[QPushButton, int] = {}

    def way_within_reach(self, button: QPushButton, portrait: bool, right: bool = False) -> None:
        """Portrait: the band's way back (home, the consultation) at the screen's foot, in
        the lower two thirds an associate's hand reaches on a 1920 px kiosk, rather than at
        y=40 in the band; landscape: back in the band where it was. One button, which moves
        (``ui.widgets.layouts.carry``); a screen opts in from its ``set_portrait``. The way
        back stands at the foot's left; ``right``: at its right, where a screen's way on
        stands (the home's "Return to the customer")."""
        place = self._band_places.setdefault(button, self.band_buttons.indexOf(button))
        self.reach_row.setContentsMargins(*((72, 0, 72, 28) if portrait else (0, 0, 0, 0)))
        if portrait:
            carry(button, self.reach_row, -1 if right else 0)  # -1: after the row's stretch
        else:
            # at most after the others: a band's second way out may come home first
            carry(button, self.band_buttons, min(place, self.band_buttons.count()))

    def band_button(self, name: str, action: Any) -> QPushButton:
        button = kit.button("secondary", role="label", name=name)
        button.setMinimumHeight(theme.MIN_TOUCH + 8)
        button.clicked.connect(action)
        self.band_buttons.addWidget(button)
        return button

    def retranslate(self, language: str) -> None:
        associate = self.ctx.associate.associate
        self.eyebrow.setText(self.eyebrow_text(language).upper())
        if associate is None:
            self.who.clear()
        else:
            role = tr(f"associate.role.{associate.role}", language)
            self.who.setText(f"{associate.display_name}  ·  {role}")

    def eyebrow_text(self, language: str) -> str:
        return tr("associate.pin.eyebrow", language)


class ToolScreen(AssociateFrame):
    """An associate tool (clients, follow-ups, dashboard...): the band's button goes back
    to the associate home, where the tool was opened from."""

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.home_button = self.band_button("associate-home", ctx.back)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.home_button.setText(tr("associate.tool.home", language))


def card(title: str = "") -> tuple[QFrame, QVBoxLayout, QLabel]:
    frame = QFrame()
    kit.surface(frame, "panel")
    column = QVBoxLayout(frame)
    column.setContentsMargins(36, 28, 36, 28)
    column.setSpacing(14)
    heading = kit.text("heading", title)
    column.addWidget(heading)
    return frame, column, heading
