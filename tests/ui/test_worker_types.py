"""Workers never make a PySide6 type: the GUI thread makes them first (ui/tasks.py).

PySide6 makes a type at its first use, running Python code meanwhile; a worker making
another at that moment corrupted shiboken's table of types and the process died (SIGSEGV,
seen in CI and in the journey bench). Each worker path runs here on a thread of its own, in a
new interpreter after ``tasks.install()``, and no type may appear in PySide6's modules.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PREAMBLE = r"""
import json, sys, threading
import PySide6.QtCore as C, PySide6.QtGui as G, PySide6.QtWidgets as W
from PySide6.QtWidgets import QApplication

app = QApplication([])
from ui import tasks
tasks.install()


def made_on_a_thread(work):  # the PySide6 types (and any error) work made on a thread
    before = {m.__name__: set(vars(m)) for m in (C, G, W)}
    failed = []
    def run():
        try:
            work()
        except BaseException as error:
            failed.append(repr(error))
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    after = {m.__name__: set(vars(m)) for m in (C, G, W)}
    return sorted(f"{k}.{n}" for k in after for n in after[k] - before[k]) + failed
"""

PATHS = r"""
from pathlib import Path
from PySide6.QtCore import QSize
from ui.images import decode_to_fill
from ui.widgets.loop_player import _Frame, decoded_frames
from ui.widgets.picture import fitted_image
from ui.widgets.qr_code import qr_image

photo, loop = Path(sys.argv[1]), Path(sys.argv[2])


def loop_frames():  # as the loop's worker: each frame decoded, scaled and cropped
    shrunk = [_Frame(i, ms, image, 8, 8) for i, ms, image in decoded_frames(loop, (8, 8))]
    return shrunk + [_Frame(i, ms, image, 32, 32) for i, ms, image in decoded_frames(loop)]

paths = {
    "a photo decoded smaller": lambda: decode_to_fill(photo, QSize(200, 100)),
    "a photo decoded larger": lambda: decode_to_fill(photo, QSize(6000, 6000)),
    "a picture fitted": lambda: fitted_image(
        decode_to_fill(photo, QSize(90, 60)), QSize(40, 50), False, 2.0
    ),
    "a QR code": lambda: qr_image("https://maison.example/f/abc", 300),
    "a loop's frames": loop_frames,
}
print(json.dumps({name: made_on_a_thread(work) for name, work in paths.items()}))
"""

IMPORTS = r"""
import ui.shell, ui.screens.customer.attract  # what the first paint has made
made = {}
for name, imports in (("early", tasks.early_imports()), ("later", tasks.later_imports())):
    imports.make_types()  # as the kiosk does before the worker imports them
    made[name] = made_on_a_thread(imports.run)
print(json.dumps(made))
"""


def made_by(script: str, *args: str) -> dict[str, list[str]]:
    """What a new interpreter running the preamble and ``script`` printed last."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-c", PREAMBLE + script, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    made: dict[str, list[str]] = json.loads(result.stdout.splitlines()[-1])
    return made


def test_no_worker_path_makes_a_pyside_type(tmp_path: Path) -> None:
    from tests.content.loops import write_loop

    photo = REPO / "data" / "demo-pack" / "attract" / "01-kitchen-island.jpg"
    assert photo.exists()
    loop = write_loop(tmp_path / "loop.webp", count=3, size=(16, 9), durations=40)
    made = made_by(PATHS, str(photo), str(loop))
    assert len(made) == 5
    assert made == {name: [] for name in made}, (
        "made on a worker (add them to ui.tasks.WORKER_TYPES, or an error):",
        {name: types for name, types in made.items() if types},
    )


def test_the_screens_modules_imported_off_the_gui_thread_make_no_type() -> None:
    """The kiosk imports the screens' modules on a worker as it starts (ui/app.py): the
    types they name are made on the GUI thread first (tasks.early_imports, later_imports)."""
    made = made_by(IMPORTS)
    assert made == {"early": [], "later": []}, f"made on a worker (add them to its types): {made}"
