"""A real kiosk window on the offscreen platform, with its database open, per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from kiosk.config import load_config
from kiosk.runtime import start

LANDSCAPE = QSize(1920, 1080)


@pytest.fixture
def make_shell(qtbot, kiosk_env, seed_local_db) -> Iterator:  # type: ignore[no-untyped-def]
    """Build a Shell with settings overridden; the database is opened synchronously."""
    from ui import tasks, theme
    from ui.fonts import load_bundled_fonts
    from ui.shell import Shell

    made = []

    def make(sync: bool = False, **settings: object) -> Shell:
        config = load_config(env=kiosk_env, overrides=settings)
        tasks.install()
        load_bundled_fonts()
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        sheet = theme.style_sheet()
        if app.styleSheet() != sheet:  # type: ignore[union-attr]
            # set again only when it changed: setting it re-polishes every widget alive
            app.setStyleSheet(sheet)  # type: ignore[union-attr]
        shell = Shell(config)
        qtbot.addWidget(shell)
        shell.resize(LANDSCAPE)
        shell.show()
        qtbot.waitExposed(shell)
        shell.attract.set_fonts_ready()
        seed_local_db(config.local_db_path)
        runtime = start(config, sync=sync)
        shell.attach(runtime)
        made.append(shell)
        return shell

    yield make
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(5000)  # no image decode outlives its test
    qtbot.wait(10)
    for shell in made:
        if shell.runtime is not None:
            shell.runtime.close()


def grab(shell, folder: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    path = folder / f"{name}.png"
    assert shell.grab().save(str(path)), path
    return path
