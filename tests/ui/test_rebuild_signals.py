"""Screens rebuilt for a display mode leave nothing connected to the kiosk's long-lived signals.

A display-mode change (larger text, high contrast) deletes every screen and builds it anew.
A screen that connected a lambda to a signal that outlives it (the associate mode's
``changed``) stayed connected after deletion: the next sign-in or sign-out ran the old
screen's handler against its deleted labels (a RuntimeError in a slot) and kept the dead
screen's Python side alive. Connected as bound methods, Qt drops them with the screen.
"""

from __future__ import annotations

from PySide6.QtCore import SIGNAL

from kiosk.associates.directory import AssociateDirectory
from tests.ui.conftest import flush_deletions
from ui import theme

PIN = "482913"


def test_sign_in_and_out_after_a_display_mode_rebuild(make_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    shell = make_shell()
    rt = shell.runtime
    elise = AssociateDirectory(rt.engine, rt.config.store_id).add("Élise Martin", "associate", PIN)
    mode = shell.associate_mode

    def listeners() -> list[int]:
        """Who listens to the signals that outlive the screens (sign-in, idle, visit end)."""
        return [
            mode.receivers(SIGNAL("changed()")),
            shell.idle.receivers(SIGNAL("idle()")),
            shell.receivers(SIGNAL("visit_reset()")),
        ]

    before = listeners()
    try:
        for display in (
            theme.DisplayMode(high_contrast=True),
            theme.DisplayMode(large_text=True, high_contrast=True),
        ):
            shell.set_display_mode(display)  # every screen deleted and built anew
            flush_deletions()  # the old screens are gone, as the event loop would make them
            # as many listeners as before: none left behind by a deleted screen
            assert listeners() == before

        with qtbot.captureExceptions() as raised:
            mode._without_visit = True  # the corner hold on attract, then a right PIN
            mode._checked(elise, None)  # signed in: ``changed`` reaches every screen
            home = shell.screens["associate"]
            assert shell.router.current is home
            assert "Élise" in home.who.text()
            mode.sign_out()  # ``changed`` again
        assert [str(e[1]) for e in raised] == []
        assert mode.associate is None
    finally:
        shell.set_display_mode(theme.DisplayMode())
