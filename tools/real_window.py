"""The kiosk in a real X11 window with no window manager, checked as a person would see it.

    .venv/bin/python tools/real_window.py [--size 1920x1080] [--out build/screenshots]

Starts Xvfb on a free display (no window manager: an X server with the kiosk alone, as many
store kiosks run), starts the kiosk in store (full-screen) mode with Qt's xcb platform and a
throwaway data folder, and checks with standard X tools what offscreen tests cannot see: the
window fills the screen, the first attract image is painted sharp at screen size, and a click
on attract brings the greeting. Screenshots go to ``real-window-*.png``. Exit 0 when all
holds, 1 with the failed check named, 2 when a tool is missing (tools/system-packages test).

tests/test_real_window.py runs the same steps under pytest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageOps, ImageStat

REPO = Path(__file__).resolve().parent.parent
TOOLS = ("Xvfb", "xdotool", "import")
TIMEOUT_S = 90.0  # a cold start migrates a new database on a busy 2-core machine


class CheckFailed(AssertionError):
    """A check a person would notice failed; the message says which and what was seen."""


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


@contextmanager
def x_server(width: int, height: int) -> Iterator[str]:
    """Xvfb alone on a display it picks itself (``-displayfd``: no race for a free number)."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as announced:
            number = announced.readline().strip()  # written once the server accepts clients
        if not number:
            raise CheckFailed(f"Xvfb did not start (exit status {server.poll()})")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


@dataclass
class Kiosk:
    process: subprocess.Popen[bytes]
    display: str
    log_file: Path
    output: Path

    def log(self) -> str:
        return self.log_file.read_text() if self.log_file.exists() else ""

    def x(self, *args: str) -> str:
        """An X tool against the kiosk's display; its standard output."""
        env = {**os.environ, "DISPLAY": self.display}
        done = subprocess.run(
            args, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=True
        )
        return done.stdout

    def alive(self) -> None:
        if self.process.poll() is not None:
            raise CheckFailed(
                f"the kiosk exited ({self.process.returncode}): {self.output.read_text()[-2000:]}"
            )


@contextmanager
def kiosk(display: str, data: Path, env: dict[str, str] | None = None) -> Iterator[Kiosk]:
    """``kiosk run`` (store mode: full screen, locked) as store IT starts it, in ``data``."""
    output = data / "kiosk-output.txt"
    settings = {
        "KIOSK_LOCAL_DB_PATH": str(data / "data" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(data / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(data / "data" / "secret.key"),
        "KIOSK_CONTENT_DIR": str(data / "content"),
        **(env or {}),
    }
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "main.py"), "run"],
            env={**os.environ, **settings, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display},
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd="/",
        )
    running = Kiosk(process, display, data / "logs" / "kiosk.log", output)
    try:
        yield running
    finally:
        process.terminate()  # SIGTERM: the kiosk's lockdown lets the service manager stop it
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(
    what: str, check: Callable[[], object], k: Kiosk, timeout: float = TIMEOUT_S
) -> object:
    """Poll ``check`` until it returns something true; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        k.alive()
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out waiting for {what}")
        time.sleep(0.2)  # polling interval of a screen being watched, not a wait for "enough"


def kiosk_window(k: Kiosk) -> str:
    """The kiosk's mapped top-level window (xdotool searches by the process id Qt sets)."""
    found = k.x("xdotool", "search", "--sync", "--onlyvisible", "--pid", str(k.process.pid))
    return found.split()[0]


def geometry(k: Kiosk, window: str) -> tuple[int, int, int, int]:
    fields = dict(
        line.split("=", 1)
        for line in k.x("xdotool", "getwindowgeometry", "--shell", window).split()
    )
    return int(fields["X"]), int(fields["Y"]), int(fields["WIDTH"]), int(fields["HEIGHT"])


def screenshot(k: Kiosk, path: Path) -> Image.Image:
    """The whole screen as the X server shows it (ImageMagick ``import -window root``)."""
    k.x("import", "-window", "root", str(path))
    with Image.open(path) as shot:
        return shot.convert("RGB")


def brightness(image: Image.Image) -> float:
    return float(ImageStat.Stat(image.convert("L")).mean[0])


def band(image: Image.Image) -> Image.Image:
    """The middle band of the attract screen: no veil (screens/customer/attract.py), no text."""
    w, h = image.size
    return image.crop((0, round(h * 0.32), w, round(h * 0.58)))


def detail(image: Image.Image) -> float:
    """High-frequency content: the variance of a Laplacian (a blurred picture has little)."""
    edges = image.convert("L").filter(
        ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], 1, 128)
    )
    return float(ImageStat.Stat(edges).var[0])


def difference(a: Image.Image, b: Image.Image) -> float:
    return float(sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3)


def as_painted(source: Path, size: tuple[int, int], decoded_at: tuple[int, int]) -> Image.Image:
    """A pack image as attract paints it on a ``size`` screen, after decoding it to fill
    ``decoded_at`` (``size`` itself when sharp; the 200x100 corner window's size when not)."""
    with Image.open(source) as image:
        decoded = ImageOps.fit(image.convert("RGB"), decoded_at, Image.Resampling.LANCZOS)
    return ImageOps.fit(decoded, size, Image.Resampling.BICUBIC)


def attract_images(pack: Path = REPO / "data" / "demo-pack") -> list[Path]:
    return sorted((pack / "attract").glob("*.jpg"))


@dataclass
class Reference:
    """A pack image's middle band as it must look on the screen (sharp) and as the defect
    painted it (decoded for the 200x100 corner window, then stretched)."""

    source: Path
    sharp: Image.Image
    blurry: Image.Image

    @classmethod
    def of(cls, source: Path, size: tuple[int, int]) -> Reference:
        return cls(
            source, band(as_painted(source, size, size)), band(as_painted(source, size, (200, 100)))
        )


@dataclass
class Match:
    source: str
    off_sharp: float  # mean difference per channel, 0-255, from the sharp rendering
    off_blurry: float  # the same from the blurry one
    detail_ratio: float  # the screen's high-frequency content over the sharp rendering's

    @property
    def sharp(self) -> bool:
        return self.off_sharp < self.off_blurry / 2 and self.detail_ratio > 0.7


def attract_match(shot: Image.Image, references: list[Reference]) -> Match | None:
    """The pack image ``shot`` shows (the nearest reference), None while none shows whole
    (before the first image, or during a cross-fade)."""
    shown = band(shot)
    if brightness(shown) < 20:  # the plain ground: no image yet
        return None
    near = min(references, key=lambda ref: difference(shown, ref.sharp))
    off_sharp = difference(shown, near.sharp)
    off_blurry = difference(shown, near.blurry)
    if min(off_sharp, off_blurry) > 3.0:  # mid-fade: wait for the image whole
        return None
    ratio = detail(shown) / max(detail(near.sharp), 1e-6)
    return Match(near.source.name, round(off_sharp, 2), round(off_blurry, 2), round(ratio, 2))


def run(
    width: int, height: int, out: Path, data: Path, env: dict[str, str] | None = None
) -> dict[str, object]:
    """Every check in order; returns what was measured, raises CheckFailed on the first miss."""
    out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, object] = {}
    with x_server(width, height) as display, kiosk(display, data, env) as k:
        started = time.monotonic()
        window = kiosk_window(k)
        seen["mapped_after_s"] = round(time.monotonic() - started, 2)
        seen["window"] = geometry(k, window)
        if seen["window"] != (0, 0, width, height):
            screenshot(k, out / "real-window-first.png")
            raise CheckFailed(
                f"the window is {seen['window']} (x, y, w, h), not the {width}x{height} screen"
            )

        def invitation() -> bool:  # "Touch to begin", painted in the lower fifth
            shot = screenshot(k, out / "real-window-first.png")
            bottom = shot.crop((0, round(height * 0.8), width, height)).convert("L")
            return bool(bottom.getextrema()[1] > 200)

        wait_for("'Touch to begin' painted", invitation, k, 20)
        seen["invitation_after_s"] = round(time.monotonic() - started, 2)

        references = [Reference.of(source, (width, height)) for source in attract_images()]

        def attract_whole() -> Match | None:
            return attract_match(screenshot(k, out / "real-window-attract.png"), references)

        match = wait_for("an attract image shown whole", attract_whole, k)
        assert isinstance(match, Match)
        seen["attract_after_s"] = round(time.monotonic() - started, 2)
        seen["attract"] = match
        if not match.sharp:
            raise CheckFailed(f"the attract image is blurry: {match}")
        wait_for("the kiosk ready (database open)", lambda: "kiosk ready" in k.log(), k)
        k.x("xdotool", "mousemove", "--sync", str(width // 2), str(height // 2), "click", "1")
        wait_for("a visit started by the click", lambda: " started" in k.log(), k, 20)

        def greeting() -> Image.Image | None:
            shot = screenshot(k, out / "real-window-greeting.png")
            lower_left = shot.crop((0, height // 2, width // 2, height))  # text, no picture
            return shot if brightness(lower_left) > 180 else None  # the greeting's light ground

        wait_for("the greeting on screen", greeting, k, 20)
        seen["greeting_after_click"] = True
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="1920x1080", help="the X screen, WIDTHxHEIGHT")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "screenshots")
    args = parser.parse_args()
    if missing := missing_tools():
        print(
            f"real-window: missing {', '.join(missing)} (tools/system-packages test)",
            file=sys.stderr,
        )
        return 2
    width, height = (int(v) for v in args.size.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="real-window-") as data:
        try:
            seen = run(width, height, args.out, Path(data))
        except CheckFailed as failed:
            print(f"real-window: FAILED: {failed}", file=sys.stderr)
            return 1
    for name, value in seen.items():
        print(f"{name}: {value}")
    print(f"real-window: ok; screenshots in {args.out}/real-window-*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
