"""Shared fixtures: offscreen Qt, a fresh configured kiosk per test, the screenshot folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"

pytest_plugins = ["tests.pg", "tests.disk"]


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session", autouse=True)
def content_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo pack installed once for the whole session (validation and renditions take
    seconds); kiosks in tests share it read-only, as kiosks of a store share one pack. Also
    exported as KIOSK_CONTENT_DIR for the kiosk processes tests start."""
    from kiosk.content.store import PackStore

    folder = tmp_path_factory.mktemp("content")
    result = PackStore(folder).install(REPO / "data" / "demo-pack")
    assert result.ok, result.message
    previous = os.environ.get("KIOSK_CONTENT_DIR")
    os.environ["KIOSK_CONTENT_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["KIOSK_CONTENT_DIR"]
    else:
        os.environ["KIOSK_CONTENT_DIR"] = previous


@pytest.fixture
def kiosk_env(tmp_path: Path, content_dir: Path) -> dict[str, str]:
    """Environment overrides that keep a test's kiosk inside its own temporary folder, with
    a follow-up address a phone could open, as a store kiosk has (kiosk.production)."""
    return {
        "KIOSK_FOLLOWUP_BASE_URL": "https://maison.example/f/",
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "data" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(tmp_path / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "data" / "secret.key"),
        "KIOSK_CONTENT_DIR": str(content_dir),
    }


@pytest.fixture
def config(kiosk_env: dict[str, str]):  # type: ignore[no-untyped-def]
    from kiosk.config import load_config

    return load_config(env=kiosk_env)


@pytest.fixture
def runtime(config) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from kiosk.runtime import start

    rt = start(config)
    yield rt
    rt.close()
