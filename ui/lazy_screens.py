"""The window's screens made ready as late as a customer allows: built, and given the language.

At start the kiosk builds only what a touch on attract opens (the greeting); the others follow
once attract has painted its image, one per turn of the event loop (``build_rest``), so attract
completes sooner and no turn holds a touch for long. Then the start-up's long-lived objects are
set aside from the garbage collector's scans (``gc.freeze``): a full collection walking them
all would stall the screen.

A language change (or a visit's start) gives the screen on show its texts at once and every
other one before it is next shown, or in idle time, a screen a turn: re-setting some twenty
screens' texts, and so their layouts, in the turn of the touch held it for tens of
milliseconds. A reset does the same from attract: a screen is never shown before its texts
are in the language set (``say`` comes first on every way to a screen: go, back, reset). The
reset's clearing of the last customer goes the same way (``clear_later``): the screen left,
attract and the greeting at once, each other screen in idle time or when ``say`` meets it,
and every one at once before the journey changes again (a new visit) or the screens are
rebuilt or given a new pack.

``view()`` is the window's ``screens`` for code outside it: asking whether a screen exists
builds nothing, asking for one makes it ready, going through them builds the rest.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from ui.context import ContextScreen
    from ui.router import Router, Screen


class LazyScreens(QObject):
    """For one window's router; ``prepare(screen)`` brings a screen built late to where the
    others are (orientation, pack, associate mode's long press), before its texts."""

    def __init__(self, router: Router, language: str, parent: QObject) -> None:
        super().__init__(parent)
        self.router = router
        self.pending = False  # screens still to build after the start
        self.language = language  # the language every screen's texts are to be in
        self._said: dict[str, str] = {}  # screen -> the language its texts are in
        self._unclear: set[str] = set()  # screens still holding the last customer's traces
        self._make: Callable[[type[ContextScreen]], Screen] | None = None
        self._prepare: Callable[[Screen], None] = lambda _screen: None
        self._rest_timer = _next_turn(self, self.build_rest)
        self._say_timer = _next_turn(self, self._say_next)
        self._settle_timer = _next_turn(self, self._settle)
        self._settled = False  # the hidden screens' first moves and resizes sent
        self._held = False  # idle-time texts wait for attract's first frame with its picture
        self._to_flush: str | None = None  # a screen given its texts, to be laid out next turn

    # -- building ------------------------------------------------------------------------------
    def build_later(
        self, make: Callable[[type[ContextScreen]], Screen], prepare: Callable[[Screen], None]
    ) -> None:
        """The screens not built yet are to be built by ``make``, then ``prepare``d."""
        self._make, self._prepare, self.pending = make, prepare, True

    def build_first(self, all_of_them: bool) -> None:
        """What a touch on attract opens (the greeting), or every screen at once."""
        assert self._make is not None
        from ui.screens.customer.greeting import GreetingScreen

        for screen_class in self._waiting() if all_of_them else [GreetingScreen]:
            self._make(screen_class)
        self.pending = not all_of_them

    def start_building(self, when: object | None) -> None:
        """Build the rest once ``when`` (a signal) is emitted; at the next turn if None."""
        if not self.pending:
            return
        if when is None:
            self._rest_timer.start()
        else:
            when.connect(self.build_rest)  # type: ignore[attr-defined]

    def build_rest(self) -> None:
        """Build the next screen not built yet; the one after on the next turn of the loop."""
        if not self.pending:
            return
        waiting = self._waiting()
        if waiting:
            self._add(waiting[0])
        if len(waiting) > 1:
            self._rest_timer.start()
            return
        self.pending = False
        gc.collect()
        gc.freeze()
        self._settle_timer.start()

    def ensure(self, name: str) -> None:
        """Screen ``name`` is built (a customer quicker than the idle-time build)."""
        if name in self.router.screens or not self.pending:
            return
        for screen_class in self._waiting():
            if name == screen_class.NAME:
                self._add(screen_class)

    def offered(self, name: object) -> bool:
        if name in self.router.screens:
            return True
        if self.pending and "ui.screens.registry" not in sys.modules:
            # The greeting asks (its header's buttons) as the kiosk starts, while a worker
            # loads the screens' modules: importing them here held the GUI thread for 0.3 s.
            # Every screen a header offers is in the registry, built in idle time.
            return isinstance(name, str)
        return self.pending and any(name == c.NAME for c in self._waiting())

    def classes(self) -> tuple[type[ContextScreen], ...]:
        """Every screen's class, in the registry's order."""
        from ui.screens.registry import SCREENS

        return SCREENS

    def _waiting(self) -> list[type[ContextScreen]]:
        return [cls for cls in self.classes() if cls.NAME not in self.router.screens]

    def _add(self, screen_class: type[ContextScreen]) -> None:
        assert self._make is not None
        screen = self._make(screen_class)
        self._prepare(screen)
        self._said[screen.NAME] = self.language
        screen.retranslate(self.language)

    # -- the language ----------------------------------------------------------------------
    def retranslate(self, language: str, everything: bool = False, at_once: bool = False) -> None:
        """Every screen's texts in ``language`` (see the module). ``everything``: what the texts
        depend on besides the language changed (the pack, the screens rebuilt); ``at_once``:
        every screen now."""
        self.language = language
        if everything:
            self._said.clear()
        current = self.router.currentWidget()
        for name, screen in self.router.screens.items():
            if at_once or screen is current:
                self.say(name)
        if self.unsaid() and not self._held:
            self._say_timer.start()

    def hold_until(self, when: object | None, at_most_ms: int = 1000) -> None:
        """The hidden screens' texts wait for ``when`` (a signal: attract's first frame with
        its picture; None: nothing to wait for), or ``at_most_ms``: done in idle time before
        it, they came between the picture's fade and its first step at every start. A screen
        shown is given its texts then, held or not."""
        if when is None:
            return
        self._held = True
        when.connect(self._release)  # type: ignore[attr-defined]
        QTimer.singleShot(at_most_ms, self, self._release)

    def _release(self) -> None:
        if self._held:
            self._held = False
            if self.unsaid():
                self._say_timer.start()

    def unsaid(self) -> list[str]:
        """The screens whose texts are not yet in the language set, or that are still to be
        cleared of the last customer."""
        said, unclear = self._said, self._unclear
        return [n for n in self.router.screens if said.get(n) != self.language or n in unclear]

    # -- the visit's end -------------------------------------------------------------------
    def clear_later(self, now: tuple[str, ...]) -> None:
        """Every screen forgets the last customer: those named ``now`` in this turn, each
        other one before it is next shown or asked for (``say``), or in idle time, a screen a
        turn. All of them at once held the end of every visit for 20-25 ms."""
        self._unclear = set(self.router.screens) - set(now)
        for name in dict.fromkeys(now):  # each once
            if name in self.router.screens:
                self.router.screens[name].clear()
        if self._unclear and not self._held:
            self._say_timer.start()

    def clear_now(self) -> None:
        """Every screen still to be cleared, cleared now: what comes next (a visit's start, a
        pack put in service, the screens rebuilt) must not meet the last customer's traces,
        nor have its own cleared away afterwards."""
        for name in list(self.router.screens):
            self._clear(name)

    @property
    def cleared(self) -> bool:
        """Every screen has forgotten the last customer."""
        return not self._unclear

    def _clear(self, name: str) -> None:
        if name in self._unclear:
            self._unclear.discard(name)
            if name in self.router.screens:
                self.router.screens[name].clear()

    def say(self, name: str) -> None:
        """Screen ``name`` cleared of the last customer if it is still to be, and its texts
        in the language set, unless they are already."""
        self._clear(name)
        if name in self.router.screens and self._said.get(name) != self.language:
            self._said[name] = self.language  # first: its retranslate may ask for others
            self.router.screens[name].retranslate(self.language)

    def _say_next(self) -> None:
        """The next screen's texts, then on the next turn its layout (``_flush``): both in
        one turn held the loop for up to 30 ms."""
        flush, self._to_flush = self._to_flush, None
        if flush is not None:
            self._flush(flush)
            self._say_timer.start()  # the next screen, if any, on the next turn
            return
        unsaid = self.unsaid()
        if unsaid:
            self.say(unsaid[0])
            self._to_flush = unsaid[0]
        if unsaid:
            self._say_timer.start()
        elif not self._settled:
            self._settle_timer.start()

    def _flush(self, name: str) -> None:
        """A hidden screen given new texts in idle time lays itself out now, in this turn.

        Its widgets keep the moves and resizes of their new texts for later, and Qt sends a
        whole window's pending ones whenever any of it is rendered: the next screen change
        (whose fade renders the screen it shows) laid out every screen retranslated since,
        some 1,000 label layouts in the touch's turn after a language change."""
        screen = self.router.screens.get(name)
        if self._settled and screen is not None and screen is not self.router.currentWidget():
            from ui.widgets.layouts import send_pending  # in idle time, not at the start

            send_pending(screen)

    @property
    def done(self) -> bool:
        """The start's idle-time work is over: every screen built, given its texts, settled."""
        return self._settled and not self.pending and not self.unsaid() and not self._to_flush

    def _settle(self) -> None:
        """Once, when every screen is built and has its texts: send every hidden widget its
        first move and resize, in idle time at the start.

        A widget laid out while hidden keeps its move and resize for later, and Qt sends a
        whole window's pending ones whenever any of it is rendered (QWidget::render does):
        the first screen change after the start sent them to the 2,500 widgets of every
        screen, 40 ms of the first customer's first touch. Rendering one pixel of the screen
        on show sends them now, before anyone touches."""
        if self._settled or self.pending or self.unsaid():
            return  # the building or the texts start this again when they are done
        self._settled = True
        current = self.router.currentWidget()
        if current is None:
            return
        # A hidden page of a stacked widget is sized only when first shown: given the size
        # it will have now, it lays itself out in this turn, not in the customer's (the
        # lookbooks' carousel fitted its fifty covers and made its dots then).
        area = self.router.contentsRect()
        for screen in self.router.screens.values():
            if screen is not current:
                screen.setGeometry(area)
        from ui.widgets.layouts import send_pending

        send_pending(current)

    # -- for code outside the window -------------------------------------------------------
    def view(self) -> Mapping[str, Screen]:
        if not self.pending and not self.unsaid():
            return self.router.screens
        return _AllScreens(self)


class _AllScreens(Mapping[str, "Screen"]):
    """The window's screens while some are still to be built or given the language set."""

    def __init__(self, lazy: LazyScreens) -> None:
        self._lazy = lazy

    def __contains__(self, name: object) -> bool:
        return self._lazy.offered(name)

    def __getitem__(self, name: str) -> Screen:
        self._lazy.ensure(name)
        screen = self._lazy.router.screens[name]
        self._lazy.say(name)
        return screen

    def _all(self) -> dict[str, Screen]:
        while self._lazy.pending:
            self._lazy.build_rest()
        return self._lazy.router.screens

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._all()))

    def __len__(self) -> int:
        return len(self._all())


def _next_turn(owner: QObject, then: Callable[[], None]) -> QTimer:
    """A timer of ``owner`` (gone with it) that runs ``then`` on the next turn of the loop."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(then)
    return timer
