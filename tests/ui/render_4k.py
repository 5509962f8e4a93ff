"""Renders two screens on a 4K screen (device pixel ratio 2) and saves them; run by
test_4k.py in its own process, since the scale factor is fixed when Qt starts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, QTimer
from PySide6.QtWidgets import QApplication

from kiosk.station.config import load_config
from kiosk.station.runtime import start
from ui import tasks, theme
from ui.fonts import load_bundled_fonts
from ui.shell import Shell


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    out = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    tasks.install()
    load_bundled_fonts()
    app.setStyleSheet(theme.style_sheet())
    config = load_config(env=dict(os.environ), overrides={"windowed": True})
    shell = Shell(config)
    shell.resize(QSize(1920, 1080))
    shell.show()
    runtime = start(config)
    shell.attach(runtime)
    shell.begin_visit()
    wait(500)
    for name, params in (("greeting", {}), ("story", {"sku": "MV-CO-RG90"})):
        shell.go(name, **params)
        wait(700)
        image = shell.grab().toImage()
        image.save(str(out / f"{name}-en-4k.png"))
        sys.stdout.write(f"{name} {image.width()}x{image.height()} {shell.devicePixelRatioF()}\n")
    sys.stdout.flush()
    shell.lockdown.allow_exit("test")
    runtime.close()


if __name__ == "__main__":
    main()
