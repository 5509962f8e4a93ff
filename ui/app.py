"""Starting the kiosk: configuration, checks, the window, then the database in the background.

The attract screen paints first; opening and migrating the local database happens on a worker
right after, so the kiosk looks alive at once and a customer's first touch finds the journey
ready. Anything that would make the kiosk lose visits (bad config, unwritable folders, a file
that is not SQLite) stops the start with a clear message before the window opens.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from kiosk import cli
from kiosk.errors import KioskError
from kiosk.station.first_picture import HintAhead, read_hint
from kiosk.station.storage import preflight

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from kiosk.station.config import Config
    from kiosk.station.runtime import Runtime
    from ui.shell import Shell
    from ui.tasks import Imports

log = logging.getLogger(__name__)

OPEN_AFTER_MS = 1000
"""The local database is opened at the latest this long after the runtime is attached."""


def run_kiosk(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        config = cli.load(args, overrides={"windowed": True} if args.windowed else None)
        preflight(
            config.local_db_path,
            config.log_dir,
            config.content_dir,
            config.health_min_free_mb,
        )
    except KioskError as exc:
        cli.fail(str(exc))
        return 2
    hint = HintAhead(config.content_dir)  # what attract shows first, known by the first paint

    import shiboken6
    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QApplication

    from ui import feature_check

    feature_check.install()  # before the screens' modules and the database's are imported
    from ui import tasks, theme
    from ui.shell import Shell

    app = QApplication(sys.argv[:1])
    app.setApplicationName("maison-kiosk")
    tasks.install()
    window = Shell(config)
    exit_code = {"value": 0}
    if os.environ.get("MAISON_STALL_WATCH"):  # off by default: not even imported
        from ui.stall import install_from_env

        try:
            install_from_env(window)  # a child of the window, logging each stall
        except ValueError as exc:
            cli.fail(str(exc))
            return 2

    def on_ready(runtime: Runtime | None, error: BaseException | None) -> None:
        if isinstance(error, KioskError):  # explained (e.g. a newer kiosk's database): exit 2
            log.error("the kiosk cannot start: %s", error)
            cli.fail(str(error))
            exit_code["value"] = 2
            app.exit(2)
            return
        if error is not None:
            # Name the real cause: the content pack or a folder as much as the database.
            log.error("the kiosk could not start", exc_info=error)
            cli.fail(f"the kiosk could not start: {error}")
            exit_code["value"] = 2 if isinstance(error, KioskError) else 1
            app.exit(exit_code["value"])
            return
        assert runtime is not None  # no error: start_runtime() returned it
        window.attach(runtime, rest_later=True)  # the greeting now, the rest in idle time
        log.info("kiosk ready in %.0f ms", (time.perf_counter() - started) * 1000)
        # The database's modules load once attract shows its image with the runtime attached
        # (or after OPEN_AFTER_MS): importing them beside the image's decode, the attach and
        # the frame that shows both slowed them all, for the GIL.
        opening = {"started": False}

        def open_store() -> None:
            if not opening["started"]:
                opening["started"] = True
                later = tasks.later_imports()
                tasks.run_task(lambda: open_runtime_store(runtime, later), opened)
                later.make_types()  # before the worker imports the other screens' modules
                settle()

        attract = window.attract
        if attract.images and not attract.image_shown:
            attract.image_painted.connect(open_store)
            QTimer.singleShot(OPEN_AFTER_MS, window, open_store)  # an image that never decodes
        else:  # shown already (decoded ahead): after the frame that has the runtime's words
            attract.after_next_paint(open_store)
            QTimer.singleShot(OPEN_AFTER_MS, window, open_store)  # a window that is never painted

    def opened(_: None, error: BaseException | None) -> None:
        if error is not None:
            on_ready(None, error)  # the same messages and exit codes
            return
        window.database_opened()  # the other screens, now that their modules are loaded
        log.info("local database open in %.0f ms", (time.perf_counter() - started) * 1000)

    def after_first_paint() -> None:
        if args.exit_after_first_paint:  # the start-up benchmark's measuring point
            sys.stdout.write(f"first-paint {(time.perf_counter() - started) * 1000:.1f}\n")
            sys.stdout.flush()
            app.exit(0)
            return
        # Attract's first picture, decoded on a worker from the hint the installed pack left
        # (kiosk.station.first_picture): done before the pack, loaded next, names it. A loop
        # pack's loop starts now: its poster decoded as a still, then its player.
        known, first = hint.result()
        if known and first is not None and first.loop:
            window.attract.start_loop(first.path, first.poster)
        else:
            window.attract.decode_ahead(
                (lambda: first) if known else (lambda: read_hint(config.content_dir))
            )
        from kiosk.station.logs import setup_logging

        setup_logging(config.log_dir)  # checked writable above; opened after the first paint
        from ui.fonts import load_bundled_fonts

        early = tasks.early_imports()
        tasks.run_task(lambda: start_runtime(config, window.attract.set_imagery, early), on_ready)
        early.make_types()  # before the worker imports the greeting's module
        families = load_bundled_fonts()
        if args.exit_when_attract_complete:  # the start-up benchmark's second measuring point
            watch_attract(app, window, families, started)
        window.attract.set_fonts_ready()
        app.setStyleSheet(theme.style_sheet())
        window.build_screens()  # the image loop now; the screens once the runtime is ready

    def settle() -> None:
        """Once attract shows its picture (the customer's first seconds come first): systemd's
        pings and READY (the runtime is attached by then), the after-hours veil."""
        from ui.after_hours import install_after_hours
        from ui.watchdog import install as install_watchdog

        install_watchdog(app, window, config.local_db_path.parent)
        window.after_hours = install_after_hours(window, config)  # dims outside store hours

    window.attract.first_painted.connect(after_first_paint)

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        # Qt hands errors raised in a worker's Python code here too: the window is only
        # touched on the GUI thread, and not at all once it is gone (the kiosk is closing).
        if QThread.currentThread() is not app.thread() or not shiboken6.isValid(window):
            log.error("unexpected error off the screen", exc_info=(exc_type, exc, tb))
            return
        window.handle_unexpected(exc_type, exc, tb)

    sys.excepthook = excepthook
    if config.windowed:
        window.resize(1600, 900)
        window.show()
    else:
        window.show_kiosk()  # fills the screen with or without a window manager
    window.lockdown.engage()
    code = app.exec()
    if window.runtime is not None:
        window.runtime.close()
    tasks.drain()  # no pool thread is left running Python code as the interpreter ends
    return code or exit_code["value"]


def start_runtime(
    config: Config,
    show_imagery: Callable[[Path | None, list[Path]], None],
    imports: Imports,
) -> Runtime:
    """On a worker: the content pack first, whose attract loop and images go to
    ``show_imagery`` on the GUI thread at once (decoded while the rest starts), then what a
    touch on attract needs: the recorder, the journey, the local database checked at this
    build's schema, and the modules of the greeting and of associate mode (classes only:
    screens are built on the GUI thread). None of it loads the database's modules
    (``open_runtime_store`` does)."""
    from kiosk.station.runtime import open_packs, start_early
    from ui import tasks

    packs = open_packs(config)
    pack = packs.current()
    loop, images = pack.attract_loop, list(pack.attract_images)
    tasks.on_gui(lambda: show_imagery(loop, images))
    runtime = start_early(config, packs=packs)
    imports.run()
    return runtime


def open_runtime_store(runtime: Runtime, imports: Imports) -> None:
    """On a worker, once the window has the runtime: the database's modules (SQLAlchemy, the
    models: most of the start's imports), the local database opened and migrated, the store
    sync started; then the other screens' modules, for the screens built in idle time."""
    from kiosk.station.runtime import open_store

    open_store(runtime, sync=True)
    imports.run()


ATTRACT_WAIT_MS = 60_000


def watch_attract(app: QApplication, window: Shell, families: list[str], started: float) -> None:
    """``--exit-when-attract-complete``: exit once attract has painted a frame that has it all,
    printing the time since ``run_kiosk`` began and the four conditions: the pack's image
    (decoded at the size of the screen, its fade in under way: how long it fades is a choice,
    not work), the kiosk's own typefaces (registered and resolved for the invitation), the local
    database at this build's newest migration (read with the standard library before the
    database's modules load, kiosk.db.schema_head; on a first start, once migrated), and a
    touch that would begin a visit (the greeting built; the visit's writes wait in the
    recorder's queue until the database is open: kiosk.station.opening). After a minute
    without, it prints which were missing and exits 1, so a regression reads as a message,
    not a hung benchmark. It prints once that frame is out, ahead of what was queued before
    it (the bare window prints in its paint, tests/bench/bare_window.py)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QFontInfo

    from ui import kit, tasks

    attract = window.attract

    resolved: list[bool] = []  # the kiosk's face, once resolved (faces are never removed)

    def image() -> bool:
        screen = window.screen().geometry().size()
        loop = attract._loop  # a loop pack: a frame of it in place of the first image
        frame = None if loop is None else loop.current()
        still = attract._current is not None and attract._decoded_for == attract.size() == screen
        if still:
            return attract.blend_now() > 0  # as the frame about to be painted shows it
        return frame is not None and frame.size() == screen

    def fonts() -> bool:
        ready = not resolved and attract.fonts_ready  # the face resolved once, then remembered
        if ready and QFontInfo(kit.font("title_s")).family() in families:
            resolved.append(True)
        return bool(resolved)

    def database() -> bool:
        return window.runtime is not None and window.runtime.opening.at_head

    def touch() -> bool:
        return window.accepts_touch

    checks = {"image": image, "fonts": fonts, "database": database, "touch": touch}

    def conditions() -> dict[str, bool]:  # attract's own state, read only
        return {name: check() for name, check in checks.items()}

    def complete() -> bool:  # at each paint: the cheap checks first, and no more than needed
        return touch() and database() and image() and fonts()

    def report(met: dict[str, bool]) -> str:
        ms = (time.perf_counter() - started) * 1000
        flags = " ".join(f"{name}={'yes' if ok else 'no'}" for name, ok in met.items())
        done = "complete" if all(met.values()) else "incomplete"
        return f"attract-{done} {ms:.1f} {flags}\n"

    def finish() -> None:
        met = conditions()
        sys.stdout.write(report(met))
        sys.stdout.flush()
        app.exit(0 if all(met.values()) else 1)

    class Watch(QObject):
        finishing = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            # Seen just before the paint: if this frame has it all, end once it is out.
            paint = event.type() == QEvent.Type.Paint
            if paint and not self.finishing and complete():
                self.finishing = True
                # Ahead of what was queued before (a layout of hidden screens: not this frame).
                high = Qt.EventPriority.HighEventPriority
                QCoreApplication.postEvent(self, QEvent(QEvent.Type.User), high.value)
            return False

        def event(self, event: QEvent) -> bool:
            if event.type() == QEvent.Type.User:
                finish()  # the frame is out: its paint and its flush are done
                return True
            return super().event(event)

    def on_ready() -> None:
        runtime = window.runtime
        assert runtime is not None
        if not runtime.opening.at_head:  # a first start or a new schema: once it is migrated
            wait = runtime.opening.done.wait
            tasks.run_at_once(lambda: wait(ATTRACT_WAIT_MS / 1000), lambda *_: attract.update())

    watch = Watch(attract)
    attract.installEventFilter(watch)
    window.ready.connect(on_ready)
    QTimer.singleShot(ATTRACT_WAIT_MS, finish)
