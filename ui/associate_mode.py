"""Associate mode: the discreet way in, the signed-in associate, and the way back out.

The way in is a three-second press on the brand wordmark in the header of a customer screen:
nothing a customer does by accident, and never on attract (no visit, nothing to help with).
It opens the PIN pad; the PIN is checked off the GUI thread (Argon2 is slow on purpose) on
the recorder, the single writer that also counts failures. On success the associate joins
the visit and the associate screen opens. A few idle minutes sign the associate out, and the
end of a visit does too.

Signals: ``changed`` when an associate signs in or out.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.clock import utcnow
from ui.idle import IdleWatcher
from ui.operations import Operations
from ui.strings import tr

if TYPE_CHECKING:
    import uuid

    from PySide6.QtCore import SignalInstance

    from kiosk.associates.directory import AssociateDirectory, AssociateInfo
    from kiosk.station.runtime import Runtime
    from ui.context import Navigation
    from ui.router import Screen
    from ui.widgets.pin_pad import PinPad

log = logging.getLogger(__name__)


class LongPress(QObject):
    """Calls ``action`` after a press held ``hold_ms`` on the watched widget."""

    def __init__(self, widget: QWidget, hold_ms: int, action: Callable[[], None]) -> None:
        super().__init__(widget)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(action)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        # A press soon after another touch arrives as a double click: it starts a hold too.
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._timer.start()
            return True  # the wordmark takes the press, so its release comes back here
        if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Hide):
            self._timer.stop()
        return False


class AssociateMode(QObject):
    changed = Signal()
    HOLD_MS = 3000

    def __init__(
        self,
        window: QWidget,
        nav: Navigation,
        runtime: Runtime,
        customer_idle: IdleWatcher,
        exit_kiosk: Callable[[str], None],
        visit_reset: SignalInstance,
    ) -> None:
        """Built once the runtime is ready, over ``window``; ``nav`` moves between screens,
        ``customer_idle`` is the customer's idle watcher (it waits while an associate helps),
        ``exit_kiosk(by)`` leaves the kiosk app, ``visit_reset`` signs the associate out."""
        super().__init__(window)
        self.nav, self.journey = nav, runtime.journey
        self.customer_idle, self._exit_kiosk = customer_idle, exit_kiosk
        self.clock: Callable[[], dt.datetime] = utcnow
        self.associate: AssociateInfo | None = None
        self._without_visit = False
        self._window = window
        self._pad: PinPad | None = None  # built when first opened: not in the start's seconds
        self.idle = IdleWatcher(runtime.config.associate_idle_timeout_s, self)
        self.idle.idle.connect(self.sign_out)
        visit_reset.connect(self._forget)
        self._ops = Operations(self, runtime, self.words, name="associate mode")

    @property
    def pad(self) -> PinPad:
        """The PIN pad over the window (made the first time it is needed)."""
        if self._pad is None:
            from ui.widgets.pin_pad import PinPad

            self._pad = PinPad(self._window)
            self._pad.entered.connect(self._check)
            self._pad.cancelled.connect(self._cancelled)
        return self._pad

    @property
    def directory(self) -> AssociateDirectory:
        # Imported here: the database's modules load after attract is up (ui/app.py).
        from kiosk.associates.directory import AssociateDirectory

        return AssociateDirectory.of_kiosk(self.ops().runtime, clock=self.clock)

    def ops(self) -> Operations:
        """The PIN pad's reads and writes."""
        return self._ops

    def words(self, error: BaseException) -> str:
        """What the PIN pad says when a sign-in is refused (a wrong PIN and the tries left, a
        lockout and how long it lasts, a disabled associate) or anything failed."""
        from kiosk.associates.directory import SignInRefused

        lang = self.pad.language
        if not isinstance(error, SignInRefused):
            return tr("associate.pin.failed", lang)
        if error.reason == "wrong_pin":
            key = "associate.pin.wrong" if error.attempts_left > 1 else "associate.pin.wrong_last"
            return tr(key, lang, left=error.attempts_left)
        if error.reason == "locked" and error.locked_until is not None:
            wait = (error.locked_until - self.clock()).total_seconds()
            return tr("associate.pin.locked", lang, minutes=max(1, math.ceil(wait / 60)))
        return tr("associate.pin.disabled", lang)

    def watch(self, screens: Mapping[str, Screen]) -> None:
        """Put the long press on every screen's wordmark (screens are rebuilt on a display
        mode change, so this runs after each build)."""
        for screen in screens.values():
            wordmark = getattr(screen, "wordmark", None)
            if isinstance(wordmark, QWidget) and wordmark.findChild(LongPress) is None:
                LongPress(wordmark, self.HOLD_MS, self.open_entry)  # a child: the wordmark keeps it

    # -- in ----------------------------------------------------------------------------------
    def open_entry(self, without_visit: bool = False) -> None:
        """The PIN pad. From a customer screen the associate joins the visit; from attract
        (``without_visit``: the long press in its corner) there is no visit to join, for a
        manager's dashboard or store IT's diagnostics when no customer is there."""
        if self._pad is not None and self._pad.isVisible():
            return
        if without_visit == self.journey.active:
            return  # a customer screen needs a visit; attract has none
        self._without_visit = without_visit
        current = self.associate
        chosen = (current.id, current.display_name) if current else None
        self.pad.open(self.nav.language, chosen)
        if chosen is None:
            directory = self.directory
            self.ops().read(
                directory.associates, self._got_people, self.pad.show_message, lane="people"
            )

    def _got_people(self, people: list[AssociateInfo]) -> None:
        if people:
            self.pad.set_people([(a.id, a.display_name) for a in people])
        else:
            self.pad.show_nobody()

    def _check(self, associate_id: uuid.UUID, pin: str) -> None:
        directory = self.directory
        self.pad.set_busy(True)
        self.ops().write(
            "associate sign-in",
            lambda: directory.verify(associate_id, pin),  # the count and lockout: a write
            self._checked,
            self._refused,
            lane="sign-in",
            wake=False,
        )

    def _refused(self, said: str) -> None:
        self.pad.set_busy(False)
        self.pad.show_message(said)

    def _checked(self, info: AssociateInfo, _error: None = None) -> None:
        """A right PIN: the associate is in (tests hand a right PIN's answer over as
        ``_checked(info, None)``)."""
        pad = self.pad
        pad.set_busy(False)
        pad.close_pad()
        if self.journey.active == self._without_visit:  # a visit ended or began meanwhile
            return
        self.associate = info
        if self.journey.active:
            self.journey.join_associate(info.id)
        self.customer_idle.disarm()  # the customer's "still there?" waits while one helps
        self.idle.arm()
        self.changed.emit()
        self.nav.go("associate")

    def _cancelled(self) -> None:
        pass

    def may_open(self, screen: Screen | type[Screen]) -> bool:
        """Whether the signed-in associate's role may open ``screen`` (a tool declares its
        roles: client data for associates and managers, the dashboard for managers,
        diagnostics for store IT)."""
        roles = getattr(screen, "ROLES", None)
        return self.associate is not None and (roles is None or self.associate.role in roles)

    def open_tool(self, name: str, **params: object) -> bool:
        """Open an associate tool by name, if the role allows it; False (nothing opens)
        otherwise."""
        screen = self.nav.screens.get(name)
        if screen is None or not screen.ASSOCIATE or not self.may_open(screen):
            log.warning("associate tool %s refused for this role", name)
            return False
        self.nav.go(name, **params)
        return True

    # -- store IT ----------------------------------------------------------------------------
    def sync_now(self) -> bool:
        """Wake the store sync at once; False when this kiosk runs no sync worker."""
        return self.ops().runtime.wake_sync()

    def exit_kiosk(self) -> None:
        """Leave the kiosk app: store IT's role only (the lockdown refuses everyone else)."""
        associate = self.associate
        if associate is not None and associate.role == "store_it":
            self._exit_kiosk(f"store IT ({associate.id})")

    # -- out ---------------------------------------------------------------------------------
    def return_to_customer(self) -> None:
        """Back to the customer's screen; the associate stays the visit's associate."""
        nav = self.nav
        while nav.current_screen.ASSOCIATE and nav.can_go_back:
            nav.back()
        if self.journey.active:
            self.customer_idle.arm()

    def sign_out(self) -> None:
        if self.associate is None:
            return
        self._forget()
        self.return_to_customer()

    def _forget(self) -> None:
        self.idle.disarm()
        self.pad.close_pad()
        if self.associate is not None:
            self.associate = None
            self.changed.emit()
