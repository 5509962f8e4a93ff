"""`kiosk content preview` as a real process: what it prints, its exit codes, and that it
leaves the kiosk's configured folders, its database and the pack folder as they were."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def environment(tmp_path: Path) -> dict[str, str]:
    """The kiosk configured as a store's would be, with every folder under ``tmp_path``, and
    temporary files there too (to see that the preview removes its own)."""
    (tmp_path / "tmp").mkdir()
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")},
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp_path / "tmp"),
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "data" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(tmp_path / "logs"),
        "KIOSK_CONTENT_DIR": str(tmp_path / "content"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "data" / "secret.key"),
    }


def preview(pack: Path) -> list[str]:
    return [sys.executable, str(REPO / "main.py"), "content", "preview", str(pack)]


def digest(folder: Path) -> str:
    """Every file's name and bytes: a pack folder changed in any way reads differently."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def copy_of_demo(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(REPO / "data" / "demo-pack", pack)
    return pack


def test_the_content_help_lists_the_preview() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "content", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert "preview" in done.stdout
    assert "reloading as its files are saved" in " ".join(done.stdout.split())


def test_a_pack_with_errors_is_not_opened_and_its_errors_are_named(tmp_path) -> None:
    pack = copy_of_demo(tmp_path)
    cooking = pack / "products" / "cooking.toml"
    cooking.write_text(
        cooking.read_text(encoding="utf-8").replace('"signature"', '"priceless"', 1),
        encoding="utf-8",
    )
    done = subprocess.run(
        preview(pack), env=environment(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    assert "products/cooking.toml: products[0].price_band: unknown price band" in done.stderr
    assert "fix them and open the preview again" in done.stderr


def test_a_missing_folder_is_named(tmp_path) -> None:
    done = subprocess.run(
        preview(tmp_path / "nowhere"),
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "nowhere: no such pack folder" in done.stderr


def test_the_preview_reports_saves_and_writes_nothing_outside_its_temporary_folder(
    tmp_path,
) -> None:
    pack = copy_of_demo(tmp_path)
    before = digest(pack)  # the saves below put the file back as it was, byte for byte
    env = environment(tmp_path)
    with subprocess.Popen(
        preview(pack), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()  # printed once the kiosk shows the pack
        assert line.startswith("previewing "), (line, process.stderr and process.stderr.read())
        assert any((tmp_path / "tmp").iterdir())  # its database, renditions and logs: there
        cooking = pack / "products" / "cooking.toml"
        saved = cooking.read_text(encoding="utf-8")
        cooking.write_text(saved.replace('"signature"', '"priceless"', 1), encoding="utf-8")
        assert process.stdout.readline().startswith("not shown: 1 error(s)")
        assert "products/cooking.toml: products[0].price_band" in process.stdout.readline()
        cooking.write_text(saved, encoding="utf-8")
        assert process.stdout.readline().startswith("reloaded")
        process.send_signal(signal.SIGTERM)  # as Ctrl+C: closes the window the normal way
        assert process.wait(timeout=60) == 0
    assert digest(pack) == before  # no snapshot, nothing written into the author's folder
    assert not list(pack.rglob("*.pickle"))
    for configured in ("data", "logs", "content"):
        assert not (tmp_path / configured).exists(), configured
    assert not any((tmp_path / "tmp").iterdir())  # and its temporary folder removed
