"""Shared fixtures: offscreen Qt, a fresh configured kiosk per test, the screenshot folder.

What is expensive and the same for every test is made once: the demo pack is installed once
(shared by pytest-xdist's workers, which build its renditions together, and kept for the
next run), and a kiosk database is migrated once per worker and copied for each test's kiosk.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui import feature_check

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
feature_check.install()  # the tests import the kiosk's modules as the kiosk does

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"
# The installed demo pack outlives a run (a second run, or one test file, starts in seconds);
# a new folder is made when the pack or the code installing it changes. `make clean` drops it.
CONTENT_CACHE = REPO / "build" / "test-content"
CONTENT_CODE = REPO / "kiosk" / "content"
# The least time a test waits for something before failing. A bound only decides when a test
# gives up: a loaded 2-core CI machine can take seconds over what takes milliseconds here.
PATIENCE_MS = 30_000

pytest_plugins = ["tests.pg", "tests.disk"]


def _content_key() -> str:
    """What the installed demo pack depends on: its files and the code that installs it."""
    digest = hashlib.sha256()
    sources = [
        *sorted((REPO / "data" / "demo-pack").rglob("*")),
        *sorted(CONTENT_CODE.glob("*.py")),
    ]
    for path in sources:
        if path.is_file():
            digest.update(path.relative_to(REPO).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Held by one worker of the run at a time (released if that worker dies)."""
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_renditions(folder: Path) -> None:
    """Every prepared rendition of the installed pack, on every core. Workers building at
    once start at different places in the list, and a rendition already on disk is reused
    (written by rename), so together they make each one about once."""
    from kiosk.content.store import PREPARED_CLASSES, PackStore

    packs = PackStore(folder)
    jobs = [(image, size) for image in packs.current().image_paths() for size in PREPARED_CLASSES]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    start = len(jobs) * (int(worker.removeprefix("gw") or 0) % workers) // workers
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:  # Pillow releases the GIL
        list(pool.map(lambda job: packs.renditions.rendition(*job), jobs[start:] + jobs[:start]))


def _patient(timeout_ms: int | None) -> int | None:
    """``timeout_ms``, raised to PATIENCE_MS (0 or None, "wait for ever", stays)."""
    return max(timeout_ms, PATIENCE_MS) if timeout_ms and timeout_ms > 0 else timeout_ms


class PatientQtBot(QtBot):
    """pytest-qt's bot, whose waits give up after PATIENCE_MS at the earliest."""

    def waitUntil(self, callback, *, timeout=PATIENCE_MS):  # type: ignore[no-untyped-def]
        return super().waitUntil(callback, timeout=_patient(timeout))

    def waitSignal(self, signal, *, timeout=PATIENCE_MS, **kwargs):  # type: ignore[no-untyped-def]
        return super().waitSignal(signal, timeout=_patient(timeout), **kwargs)

    def waitExposed(self, widget, *, timeout=PATIENCE_MS):  # type: ignore[no-untyped-def]
        return super().waitExposed(widget, timeout=_patient(timeout))

    def waitActive(self, widget, *, timeout=PATIENCE_MS):  # type: ignore[no-untyped-def]
        return super().waitActive(widget, timeout=_patient(timeout))


@pytest.fixture
def qtbot(qapp, request):  # type: ignore[no-untyped-def]
    """The bot every Qt test uses, with bounds fit for a loaded machine."""
    return PatientQtBot(request)


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session", autouse=True)
def content_dir() -> Iterator[Path]:
    """The demo pack installed once (validation and renditions take seconds, so it is kept in
    build/ for the next run); kiosks in tests share it read-only, as kiosks of a store share
    one pack. Also exported as KIOSK_CONTENT_DIR for the kiosk processes tests start."""
    from kiosk.content.store import PackStore

    key = _content_key()
    folder = CONTENT_CACHE / key
    CONTENT_CACHE.mkdir(parents=True, exist_ok=True)
    with file_lock(CONTENT_CACHE / "lock"):
        for old in CONTENT_CACHE.iterdir():
            if old.is_dir() and old.name != key:  # made for another version of the pack
                shutil.rmtree(old, ignore_errors=True)
        if PackStore(folder).installed_name() is None:
            result = PackStore(folder).install(REPO / "data" / "demo-pack", renditions=False)
            assert result.ok, result.message
    _build_renditions(folder)
    previous = os.environ.get("KIOSK_CONTENT_DIR")
    os.environ["KIOSK_CONTENT_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["KIOSK_CONTENT_DIR"]
    else:
        os.environ["KIOSK_CONTENT_DIR"] = previous


@pytest.fixture(scope="session")
def migrated_local_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kiosk database at the newest schema, made once per worker by the migrations."""
    from kiosk.db.engine import open_local
    from kiosk.db.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "kiosk.sqlite3"
    engine = open_local(path)
    upgrade(engine)
    engine.dispose()  # the last connection closed: the WAL is checkpointed into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def seed_local_db(migrated_local_db: Path) -> Callable[[Path], None]:
    """Give a new kiosk database file a copy of the migrated one (a file copy instead of a
    migration per test: the migrations themselves are tested in tests/db). A file that
    already exists is left alone."""

    def seed(path: Path) -> None:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(migrated_local_db, path)

    return seed


@pytest.fixture
def kiosk_env(tmp_path: Path, content_dir: Path) -> dict[str, str]:
    """Environment overrides that keep a test's kiosk inside its own temporary folder, with
    a follow-up address a phone could open, as a store kiosk has (kiosk.station.production)."""
    return {
        "KIOSK_FOLLOWUP_BASE_URL": "https://maison.example/f/",
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "data" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(tmp_path / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "data" / "secret.key"),
        "KIOSK_CONTENT_DIR": str(content_dir),
    }


@pytest.fixture
def config(kiosk_env: dict[str, str]):  # type: ignore[no-untyped-def]
    from kiosk.station.config import load_config

    return load_config(env=kiosk_env)


@pytest.fixture
def runtime(config, seed_local_db) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from kiosk.station.runtime import start

    seed_local_db(config.local_db_path)
    rt = start(config)
    yield rt
    rt.close()
