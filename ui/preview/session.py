"""The live preview's loop: a save in the folder, a check on a worker, then either the new
pack on screen where the author was, or the errors over the last good state.

One check runs at a time; a save during a check asks for one more when it ends, so the last
save is always the one on screen (or in the overlay), however fast the author saves.
"""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar

from kiosk.content.errors import Issue
from kiosk.content.preview import Check, FolderPacks
from kiosk.visit.stages import Change
from ui.preview.overlay import ErrorOverlay
from ui.preview.watch import FolderWatch
from ui.router import Screen
from ui.shell import Shell
from ui.tasks import run_task
from ui.widgets.picture import Picture

log = logging.getLogger(__name__)


def where(screen: Screen, params: dict[str, Any]) -> dict[str, Any]:
    """What to enter ``screen`` with again so the author stays where they are: the product
    and chapter of a story, the lookbook and its scene, the question being answered (each
    screen's own state, which moves on after it was entered); else what it was entered with."""
    params = dict(params)
    name = screen.NAME
    product = getattr(screen, "product", None)
    lookbook = getattr(screen, "lookbook", None)
    if name == "story" and product is not None:
        params.update(sku=product.sku, chapter=getattr(screen, "chapter_index", 0))
    elif name == "lookbook" and lookbook is not None:
        params.update(lookbook=lookbook.id, scene=max(0, getattr(screen, "index", 0)))
    elif name == "needs":
        editing = getattr(screen, "_editing", False)
        params.update(index=getattr(screen, "_index", 0), editing=editing)
    return params


def restore(scrolled: list[tuple[QScrollBar, int]]) -> None:
    for bar, value in scrolled:
        if shiboken6.isValid(bar):
            bar.setValue(value)


class PreviewSession(QObject):
    """Signals: ``reloaded`` once a good save is on screen, ``refused`` once a save's errors
    are shown (tests and the benchmark wait on them)."""

    reloaded = Signal()
    refused = Signal()

    def __init__(self, shell: Shell, packs: FolderPacks) -> None:
        super().__init__(shell)
        self.shell = shell
        self.packs = packs
        self.overlay = ErrorOverlay(shell)
        self.watch = FolderWatch(self)
        self.watch.changed.connect(self.check_now)
        self._checking = False
        self._again = False
        shell.visit_reset.connect(self._language_changed)

    def start(self, first: Check) -> None:
        """Follow the folder from its first check (made before the window opened); the
        journey exists from here, so the overlay can follow the visit's language."""
        self.watch.follow(first.watch)
        assert self.shell.runtime is not None
        self.shell.runtime.journey.subscribe(self._journey_changed)

    def check_now(self) -> None:
        """Validate the folder again, off the GUI thread (after a burst of saves)."""
        if self._checking:
            self._again = True
            return
        self._checking = True
        run_task(self.packs.check, self._checked, self)

    def _checked(self, result: object, error: BaseException | None) -> None:
        self._checking = False
        if isinstance(result, Check):
            self.watch.follow(result.watch)
            if result.ok:
                self._show(result)
            else:
                self._refuse(list(result.errors))
        else:
            log.error("the pack folder could not be checked", exc_info=error)
            self._refuse([Issue("", "", f"the folder could not be checked: {error}")])
        if self._again:
            self._again = False
            self.check_now()

    def _show(self, check: Check) -> None:
        self.packs.adopt(check)
        if check.images_changed:  # the same names, new pixels: decoded afresh
            if self.shell.images is not None:
                self.shell.images.forget()
            for picture in self.shell.findChildren(Picture):
                picture.clear()
        self.overlay.clear()
        screen = self.shell.current_screen
        scrolled = [
            (area.verticalScrollBar(), area.verticalScrollBar().value())
            for area in screen.findChildren(QAbstractScrollArea)
            if area.isVisible() and area.verticalScrollBar().value() > 0
        ]
        self.shell.show_pack_again(where)
        if scrolled:  # down a long chapter: read on from there, once laid out again
            QTimer.singleShot(0, lambda: restore(scrolled))
        self.reloaded.emit()

    def _refuse(self, errors: list[Issue]) -> None:
        self.overlay.show_errors(errors, self._language())
        self.refused.emit()

    def _language(self) -> str:
        return self.shell.language if self.shell.runtime is not None else "en"

    def _journey_changed(self, change: Change) -> None:
        if change in (Change.LANGUAGE, Change.STARTED):
            self._language_changed()

    def _language_changed(self) -> None:
        if self.overlay.errors:
            self.overlay.retranslate(self._language())
