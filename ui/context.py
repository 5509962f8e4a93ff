"""What a screen is given: a small typed context, not the window.

Screens used to receive the ``Shell`` and reach through it for whatever they needed (the
runtime, the journey, the router, the idle watcher), so every screen depended on the whole
window and the window on every screen. A screen now receives a ``ScreenContext``: the visit's
journey, the pack in service, the image loader, the settings, the associate session and a
``Navigation`` (go, back, finish the visit...). The window implements ``Navigation``; associate
mode implements ``AssociateSession``; neither is imported here, so this module sits below both.

Screens are built once the runtime is ready, so nothing here is ever "not there yet".
``ContextScreen`` is the base of every screen built from a context: it owns the screen's one
``Operations`` (``self.ops``), made from the context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ui.operations import Operations
from ui.router import Screen

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from kiosk.associates.directory import AssociateInfo
    from kiosk.content.model import ContentPack, LocalText
    from kiosk.station.config import Config
    from kiosk.station.runtime import Runtime
    from kiosk.visit.journey import Journey
    from kiosk.visit.stages import EndReason
    from ui.images import ImageLoader


class Navigation(Protocol):
    """Moving between screens and through the visit's life (the window does it)."""

    @property
    def language(self) -> str: ...
    @property
    def default_language(self) -> str: ...
    @property
    def can_go_back(self) -> bool: ...
    @property
    def screens(self) -> Mapping[str, Screen]: ...
    @property
    def screen_classes(self) -> Sequence[type[Screen]]: ...
    @property
    def current_screen(self) -> Screen: ...
    def go(self, name: str, **params: Any) -> None: ...
    def back(self) -> None: ...
    def begin_visit(self) -> None: ...
    def finish_visit(self) -> None: ...
    def end_visit(self, reason: EndReason) -> None: ...
    def set_language(self, language: str) -> None: ...
    def toggle_display_menu(self) -> None: ...


class AssociateSession(Protocol):
    """The signed-in associate and what associate screens may do with them."""

    @property
    def associate(self) -> AssociateInfo | None: ...
    @property
    def changed(self) -> SignalInstance: ...
    def may_open(self, screen: Screen | type[Screen]) -> bool: ...
    def open_tool(self, name: str, **params: Any) -> bool: ...
    def open_entry(self, without_visit: bool = False) -> None: ...
    def sign_out(self) -> None: ...
    def return_to_customer(self) -> None: ...
    def sync_now(self) -> bool: ...
    def exit_kiosk(self) -> None: ...


class ScreenContext:
    """Everything a screen may use, typed. ``idle`` is the customer's idle signal (a screen
    closes what it measures when the customer walked away)."""

    def __init__(
        self,
        runtime: Runtime,
        images: ImageLoader,
        nav: Navigation,
        associate: AssociateSession,
        idle: SignalInstance,
    ) -> None:
        self._runtime = runtime
        self.journey: Journey = runtime.journey
        self.config: Config = runtime.config
        self.images = images
        self.nav = nav
        self.associate = associate
        self.idle = idle

    @property
    def pack(self) -> ContentPack:
        """The content pack in service (switched only between visits)."""
        return self._runtime.pack

    @property
    def brand_name(self) -> str:
        return self._runtime.pack.info.brand

    def t(self, text: LocalText | None) -> str:
        """Brand content in the customer's language (falling back to the pack's default)."""
        return "" if text is None else text.get(self.nav.language)

    def operations(self, owner: Screen, words: Callable[[BaseException], str]) -> Operations:
        """The one way a screen reads and writes (``ui.operations``)."""
        return Operations(owner, self._runtime, words, name=owner.NAME)

    # -- navigation, as screens say it -------------------------------------------------------
    @property
    def language(self) -> str:
        return self.nav.language

    @property
    def default_language(self) -> str:
        return self.nav.default_language

    @property
    def can_go_back(self) -> bool:
        return self.nav.can_go_back

    def has_screen(self, name: str) -> bool:
        return name in self.nav.screens

    def screen_named(self, name: str) -> Screen | None:
        return self.nav.screens.get(name)

    def screen_class(self, name: str) -> type[Screen] | None:
        """Screen ``name``'s class, built or not: asking builds nothing and gives it no texts
        (what a role may open is the class's to say: ``AssociateSession.may_open``)."""
        return next((c for c in self.nav.screen_classes if name == c.NAME), None)

    def showing(self, screen: Screen) -> bool:
        """``screen`` is the one on show."""
        return self.nav.current_screen is screen

    def go(self, name: str, **params: Any) -> None:
        self.nav.go(name, **params)

    def back(self) -> None:
        self.nav.back()

    def finish_visit(self) -> None:
        self.nav.finish_visit()

    def end_visit(self, reason: EndReason) -> None:
        self.nav.end_visit(reason)

    def set_language(self, language: str) -> None:
        self.nav.set_language(language)


class ContextScreen(Screen):
    """A screen built from a ``ScreenContext``, with its one ``Operations`` (``self.ops``):
    ``words`` turns a failed operation into the screen's text (nothing, by default: the
    failure is logged by its type)."""

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.ops = ctx.operations(self, self.words)

    def words(self, error: BaseException) -> str:
        return ""
