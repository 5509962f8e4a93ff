"""``kiosk --smoke-test``: prove that this build can do a kiosk's job, in a few seconds.

Made for the packaged build (``make package-test`` runs it on the binary just built, and store
IT can run it on a kiosk after an install), it also runs from a checkout. Each step uses what
the kiosk uses, so a file, plugin or driver the packager forgot fails here and not in a store:

1. configuration and folders (a temporary data and log folder unless configured);
2. a fresh local database migrated to the newest schema (Alembic's scripts found in the build);
3. the database drivers (SQLite, and psycopg for the store database, without connecting);
4. the content pack validated and loaded;
5. the attract screen rendered offscreen, with the pack's first image decoded (Qt's platform
   and image-format plugins), and the other screens built.

Prints one line per step; exit status 0 when all passed, 1 with the failed step named.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__, cli

if TYPE_CHECKING:
    from kiosk.content.model import ContentPack
    from kiosk.station.config import Config

PAINT_TIMEOUT_MS = 20_000
TEMP_SETTINGS = ("local_db_path", "log_dir", "secret_key_file")


class SmokeFailure(Exception):
    pass


def _step(out: Any, name: str, action: Callable[[], str]) -> None:
    started = time.perf_counter()
    try:
        detail = action()
    except SmokeFailure:
        raise
    except Exception as exc:
        raise SmokeFailure(f"{name}: {type(exc).__name__}: {exc}") from exc
    ms = (time.perf_counter() - started) * 1000
    out.write(f"  ok  {name:<9} {detail} ({ms:.0f} ms)\n")
    out.flush()


def run_smoke_test(args: argparse.Namespace, out: Any = None) -> int:
    out = out or sys.stdout
    started = time.perf_counter()
    frozen = "packaged build" if getattr(sys, "frozen", False) else "from source"
    out.write(f"smoke-test: maison-kiosk {__version__} ({frozen})\n")
    with tempfile.TemporaryDirectory(prefix="kiosk-smoke-") as tmp:
        try:
            _run(args, Path(tmp), out)
        except SmokeFailure as exc:
            out.write(f"smoke-test: FAILED at {exc}\n")
            return 1
    out.write(f"smoke-test: passed in {time.perf_counter() - started:.1f} s\n")
    return 0


def _run(args: argparse.Namespace, tmp: Path, out: Any) -> None:
    state: dict[str, Any] = {}

    def configure() -> str:
        config = cli.load(args)
        temp = {
            "local_db_path": tmp / "data" / "kiosk.sqlite3",
            "log_dir": tmp / "logs",
            "secret_key_file": tmp / "data" / "secret.key",
        }
        overrides = {name: temp[name] for name in TEMP_SETTINGS if name not in config.sources}
        config = cli.load(args, overrides={**overrides, "windowed": False})
        from kiosk.station.storage import preflight

        preflight(config.local_db_path, config.log_dir, config.content_dir)
        state["config"] = config
        where = "temporary folder" if overrides.get("local_db_path") else "configured path"
        return f"database in a {where}: {config.local_db_path}"

    def database() -> str:
        from kiosk.db.migrate import current_revision, head_revision
        from kiosk.station.runtime import open_database

        engine = open_database(state["config"])
        try:
            current, head = current_revision(engine), head_revision()
        finally:
            engine.dispose()
        if current != head:
            raise SmokeFailure(f"database: schema {current} after migrating, expected {head}")
        return f"migrated to {current} (newest)"

    def drivers() -> str:
        import sqlite3

        import psycopg
        from sqlalchemy import create_engine

        engine = create_engine("postgresql+psycopg://smoke@127.0.0.1/smoke")  # no connection
        driver = engine.dialect.driver
        engine.dispose()
        return (
            f"sqlite {sqlite3.sqlite_version}, {driver} {psycopg.__version__} "
            f"({psycopg.pq.__impl__})"
        )

    def content() -> str:
        from kiosk.content.validate import load_pack

        pack = load_pack(state["config"].content_pack_path)
        state["pack"] = pack
        return (
            f"{pack.info.brand} {pack.info.version}: {len(pack.products)} products, "
            f"{len(pack.lookbooks)} lookbooks"
        )

    for name, action in (
        ("config", configure),
        ("database", database),
        ("drivers", drivers),
        ("content", content),
    ):
        _step(out, name, action)
    _step(out, "attract", lambda: _render(state["config"], state["pack"], tmp))


def _render(config: Config, pack: ContentPack, tmp: Path) -> str:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never on the kiosk's real screen
    from PySide6.QtCore import QEventLoop, QSize, QTimer
    from PySide6.QtGui import QImageReader
    from PySide6.QtWidgets import QApplication

    from ui import feature_check, tasks, theme

    feature_check.install()  # before the screens' modules are imported
    from ui.images import decode_to_fill
    from ui.shell import Shell

    existing = QApplication.instance()  # a QCoreApplication to the stubs: this needs widgets
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    tasks.install()
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"jpeg", "png", "webp"} - formats
    if missing:
        raise SmokeFailure(f"attract: Qt image formats missing: {', '.join(sorted(missing))}")
    images = list(pack.attract_images)
    if not images:
        raise SmokeFailure(f"attract: the pack has no attract images ({config.content_pack_path})")
    decoded = decode_to_fill(images[0], QSize(1920, 1080))
    window = Shell(config)
    window.attract.set_images(images)
    loop = QEventLoop()
    painted: list[bool] = []

    def on_painted() -> None:
        painted.append(True)
        loop.quit()

    window.attract.first_painted.connect(on_painted)
    QTimer.singleShot(PAINT_TIMEOUT_MS, loop.quit)
    started = time.perf_counter()
    window.resize(1920, 1080)
    window.show()
    if not painted:
        loop.exec()
    if not painted:
        raise SmokeFailure(f"attract: not painted within {PAINT_TIMEOUT_MS // 1000} s")
    paint_ms = (time.perf_counter() - started) * 1000
    app.setStyleSheet(theme.style_sheet())
    window.build_screens()
    from kiosk.station.runtime import start

    runtime = start(config)  # the kiosk's bring-up, on the smoke test's database
    try:
        window.attach(runtime)  # the other screens are built once the runtime is ready
        frame = window.grab().toImage()
        shot = tmp / "attract.png"
        if frame.isNull() or frame.width() < 100 or not frame.save(str(shot)):
            raise SmokeFailure("attract: the window could not be captured")
        window.exit_requested_by_store_it("smoke test")
        from ui import tasks

        tasks.drain(5000)
    finally:
        runtime.close()
    return (
        f"{app.platformName()} {frame.width()}x{frame.height()}, first paint "
        f"{paint_ms:.0f} ms, image {decoded.width()}x{decoded.height()}, "
        f"{len(window.screens)} screens"
    )
