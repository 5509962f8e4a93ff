"""``kiosk content preview PACK``: the kiosk in a window on a pack folder, nothing installed.

The kiosk runs as in a store (the same window, screens, languages and journey) with three
differences, all settings: its database and logs live in a temporary folder removed at the
end (the real local database and the configured content store are never written; no store
sync, no store database), it is a normal window (no lockdown), and the visit never times out
(an author reads and edits in another window for minutes at a time). Its pack comes from
``kiosk.content.preview.FolderPacks``: read from the folder, checked again at every save.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import cli
from kiosk.content.errors import Issue
from kiosk.content.preview import Check, FolderPacks, first_check
from kiosk.errors import KioskError
from kiosk.station.config import Config
from kiosk.station.runtime import Runtime

if TYPE_CHECKING:
    from ui.tasks import Imports

log = logging.getLogger(__name__)

LANDSCAPE = (1600, 900)  # as `kiosk run --windowed`
# The kiosk's own portrait screen, laid out at its size (a narrower window would re-flow the
# screens as no kiosk does) and drawn at half size so it fits a laptop's screen.
PORTRAIT = (1080, 1920)
PORTRAIT_SCALE = "0.5"


def preview_settings(scratch: Path, root: Path) -> dict[str, Any]:
    """The settings the preview overrides, whatever the configuration says."""
    return {
        "local_db_path": scratch / "data" / "kiosk.sqlite3",
        "log_dir": scratch / "logs",
        "secret_key_file": scratch / "data" / "secret.key",
        "content_dir": scratch / "content",
        "content_pack_path": root,
        "store_db_url": None,
        "windowed": True,
        "idle_timeout_s": 86_400,
    }


def open_runtime(
    config: Config, root: Path, imports: list[Imports] | None = None
) -> tuple[Runtime | None, FolderPacks, Check]:
    """On a worker: the folder's first check (every image decoded), then, if it is good, the
    kiosk's domain on it (a fresh database in the temporary folder). No runtime when the
    first check has errors: there is no last good state to show yet. ``imports``: the
    screens' modules, imported once the GUI thread has made their types (None: both done
    here, by a caller on the GUI thread)."""
    from kiosk.station.runtime import start

    packs, check = first_check(root, config.content_dir)
    if not check.ok:
        return None, packs, check
    packs.adopt(check)
    runtime = start(config, sync=False, packs=packs)
    from ui import tasks

    if imports is None:  # called on the GUI thread itself (as the tests do)
        imports = [tasks.early_imports(), tasks.later_imports()]
        for modules in imports:
            modules.make_types()
    for modules in imports:
        modules.run()  # classes only, as ui.app does

    return runtime, packs, check


def say(line: str) -> None:
    """One line for the author's terminal, at once (a pipe would hold it otherwise)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def refusal(errors: list[Issue]) -> str:
    """A save's errors for the terminal, as ``kiosk content validate`` prints them."""
    lines = [f"not shown: {len(errors)} error(s); the screen keeps the last good state"]
    return "\n".join(lines + [f"  {issue}" for issue in errors])


def run_preview(args: argparse.Namespace) -> int:
    root = Path(args.path)
    if not root.is_dir():  # said before a window opens for nothing
        cli.fail(f"{root}: no such pack folder")
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with tempfile.TemporaryDirectory(prefix="kiosk-preview-") as scratch:
        try:
            config = cli.load(args, overrides=preview_settings(Path(scratch), root))
        except KioskError as exc:
            cli.fail(str(exc))
            return 2
        return _run(args, config, root)


def _run(args: argparse.Namespace, config: Config, root: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui import feature_check, tasks, theme

    feature_check.install()  # before the screens' modules are imported
    from ui.fonts import load_bundled_fonts
    from ui.preview.session import PreviewSession
    from ui.shell import Shell

    portrait = bool(getattr(args, "portrait", False))
    if portrait:  # before the application: Qt reads it once (a scale set by the user wins)
        os.environ.setdefault("QT_SCALE_FACTOR", PORTRAIT_SCALE)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("maison-kiosk-preview")
    tasks.install()
    window = Shell(config)
    exit_code = {"value": 0}

    def on_ready(result: object, error: BaseException | None) -> None:
        if error is not None or not isinstance(result, tuple):
            cli.fail(f"the preview could not start: {error}")
            exit_code["value"] = 2 if isinstance(error, KioskError) else 1
            app.exit(exit_code["value"])
            return
        runtime, packs, check = result
        if runtime is None:
            for issue in check.errors:
                sys.stderr.write(f"{issue}\n")
            cli.fail(f"{root}: {len(check.errors)} error(s); fix them and open the preview again")
            exit_code["value"] = 1
            app.exit(1)
            return
        window.attach(runtime)
        session = PreviewSession(window, packs)
        session.start(check)
        session.reloaded.connect(lambda: say("reloaded: the screen shows the last save"))
        session.refused.connect(lambda: say(refusal(session.overlay.errors)))
        say(f"previewing {root}: save a file and the kiosk shows it")

    def after_first_paint() -> None:
        load_bundled_fonts()
        window.attract.set_fonts_ready()
        app.setStyleSheet(theme.style_sheet())
        window.build_screens()
        imports = [tasks.early_imports(), tasks.later_imports()]
        tasks.run_task(lambda: open_runtime(config, root, imports), on_ready)
        for modules in imports:
            modules.make_types()  # before the worker imports the screens' modules

    window.attract.first_painted.connect(after_first_paint)
    # Ctrl+C in the terminal (or a TERM) closes the preview the normal way, so its temporary
    # folder is removed; Qt's loop lets Python see the signal only when it runs Python code.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda _sig, _frame: app.quit())
    pulse = QTimer(window)
    pulse.timeout.connect(lambda: None)
    pulse.start(300)
    window.resize(*(PORTRAIT if portrait else LANDSCAPE))
    window.setWindowTitle(f"Preview: {root}")
    window.show()
    code = app.exec()
    if window.runtime is not None:
        window.runtime.close()
    tasks.drain()
    return code or exit_code["value"]
