"""The greeting's optional camera: frames from it, QR codes read from them, off the GUI thread.

Only when the ``camera`` setting names a source (a V4L2 device such as ``/dev/video0``; or,
for tests and demonstrations, a still picture or a video file, read by the same path) does
the returning screen read codes with it, and only while that screen is shown.

Capture is ``ffmpeg`` in a subprocess (Debian's ``ffmpeg`` package): the well-kept tool that
reads V4L2 cameras, picture files and video files alike, and a process of its own, so a
camera driver that hangs or dies takes no kiosk thread with it (it is terminated, then
killed). It writes grey frames of one fixed size (``FRAME``, letterboxed) at ``FPS`` to a
pipe, and a worker thread of this module reads each frame and decodes it. OpenCV would do
both in-process but weighs some 60 MB in the packaged build; ffmpeg is installed by store IT
on the kiosks that have a camera, and ``kiosk check`` says when it is missing.

Decoding is zxing-cpp (``zxingcpp``): an actively released C++ library with self-contained
wheels (nothing to install on the system, so the packaged build carries it), and more
forgiving than zbar of the tilted, soft, low-contrast codes a phone held up to a camera
shows. Only QR codes are read.

Frames are never stored, shown or logged; a decoded text is handed to ``on_code`` once when
it comes into view (again only after it has been out of view for ``GONE_AFTER`` frames), so
a phone held still is one look-up, not four a second. ``on_state`` hears LOOKING at the
first frame and FAILED with a reason for store IT (ffmpeg missing, a device that does not
open or stops); the customer is told nothing alarming (``ui.widgets.camera_panel``).
"""

from __future__ import annotations

import enum
import logging
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from kiosk.station.checks import Check
from kiosk.station.config import Config

log = logging.getLogger(__name__)

FRAME = (1280, 720)
FPS = 4
GONE_AFTER = 8  # frames (2 s at FPS) out of view before the same code counts as shown again
STILLS = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"})
STOP_GRACE_S = 3.0
PROBE_TIMEOUT_S = 10.0
FIRST_FRAME_S = 10.0
"""A source that gives no frame this long after it was opened (a damaged file, a device
that opens but never streams) is given up, as failed."""


class CameraState(enum.StrEnum):
    STARTING = "starting"
    LOOKING = "looking"  # frames arrive and are read
    FAILED = "failed"  # no frame, or no more: ``CameraReader.reason`` says why (for store IT)
    STOPPED = "stopped"


def decode_qr(image: Image.Image) -> tuple[str, ...]:
    """The texts of the QR codes in ``image``, in the order zxing-cpp finds them."""
    import zxingcpp  # here: only a kiosk with a camera pays its 30 ms of import

    found = zxingcpp.read_barcodes(
        image,
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
        text_mode=zxingcpp.TextMode.Plain,
    )
    return tuple(code.text for code in found if code.valid and code.text)


def is_device(source: str) -> bool:
    path = Path(source)
    return source.startswith("/dev/") or (path.exists() and path.is_char_device())


def capture_command(source: str, ffmpeg: str, frames: int | None = None) -> list[str]:
    """ffmpeg reading ``source`` (a V4L2 device, a still picture shown for ever, a video
    played in a loop at its own pace) into raw grey ``FRAME``-sized frames on stdout, at
    most ``FPS`` a second; ``frames``: stop after that many."""
    if is_device(source):
        given = ["-f", "v4l2", "-i", source]
    elif Path(source).suffix.lower() in STILLS:
        given = ["-loop", "1", "-framerate", str(FPS), "-re", "-i", source]
    else:
        given = ["-stream_loop", "-1", "-re", "-i", source]
    width, height = FRAME
    scale = (
        f"fps={FPS},scale={width}:{height}:force_original_aspect_ratio=decrease,"
        f"pad={width}:{height}:-1:-1:color=gray"
    )
    count = ["-frames:v", str(frames)] if frames is not None else []
    return [
        ffmpeg,
        *("-hide_banner", "-loglevel", "error", "-nostdin"),
        *given,
        *("-an", "-vf", scale, *count, "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1"),
    ]


def source_problem(source: str, ffmpeg: str | None) -> str | None:
    """What stops ``source`` from being read, seen without opening it; None: try it."""
    if ffmpeg is None:
        return "ffmpeg is not installed (apt-get install ffmpeg): the camera cannot be read"
    if not Path(source).exists():
        return f"{source} does not exist (is the camera plugged in?)"
    return None


def _reason(stderr: bytes, returncode: int | None) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    said = next((line for line in reversed(lines) if line), "")
    return said or f"ffmpeg stopped (exit status {returncode})"


class CameraReader:
    """Reads ``source`` on a thread of its own until ``stop``. ``on_code(text)`` and
    ``on_state(state)`` are called on that thread: the caller takes them to its own."""

    def __init__(
        self,
        source: str,
        on_code: Callable[[str], None],
        on_state: Callable[[CameraState], None],
        ffmpeg: str | None = None,
        patience_s: float = FIRST_FRAME_S,
    ) -> None:
        self.source = source
        self.patience_s = patience_s
        self.ffmpeg = ffmpeg or shutil.which("ffmpeg")
        self.on_code = on_code
        self.on_state = on_state
        self.state = CameraState.STOPPED
        self.reason = ""
        self.frames = 0  # frames read, for tests and measurement
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None  # guarded by _lock
        self._stopped = False  # guarded by _lock
        self._gave_up = ""  # no first frame in time (``FIRST_FRAME_S``)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._set(CameraState.STARTING)
        self._thread = threading.Thread(target=self._run, name="camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Ends the capture at once (the subprocess is terminated, and killed if it has not
        gone after ``STOP_GRACE_S``); returns without waiting for it."""
        with self._lock:
            self._stopped = True
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()

        def kill_if_alive() -> None:
            if process.poll() is None:
                process.kill()

        timer = threading.Timer(STOP_GRACE_S, kill_if_alive)
        timer.daemon = True
        timer.start()

    @property
    def stopping(self) -> bool:
        with self._lock:
            return self._stopped

    def _set(self, state: CameraState, reason: str = "") -> None:
        self.state, self.reason = state, reason
        self.on_state(state)

    def _run(self) -> None:
        problem = source_problem(self.source, self.ffmpeg)
        if problem is not None:
            return self._fail(problem)
        assert self.ffmpeg is not None
        with self._lock:
            if self._stopped:
                return self._set(CameraState.STOPPED)
            try:
                process = subprocess.Popen(
                    capture_command(self.source, self.ffmpeg),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            except OSError as exc:
                return self._fail(f"ffmpeg could not be started: {exc.strerror or exc}")
            self._process = process
        patience = threading.Timer(self.patience_s, self._no_picture, (process,))
        patience.daemon = True
        patience.start()
        try:
            self._read(process)
        except Exception:  # never a silent dead worker: name it for store IT
            log.exception("the camera's reader stopped")
            process.kill()
        assert process.stderr is not None
        stderr = process.stderr.read()
        returncode = process.wait()
        patience.cancel()
        if self._gave_up:
            return self._fail(self._gave_up)
        if self.stopping:
            return self._set(CameraState.STOPPED)
        self._fail(_reason(stderr, returncode))

    def _no_picture(self, process: subprocess.Popen[bytes]) -> None:
        if self.frames == 0 and not self.stopping:
            self._gave_up = f"{self.source} gave no picture within {self.patience_s:g} s"
            process.kill()

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        width, height = FRAME
        size = width * height
        last_seen: dict[str, int] = {}
        while True:
            data = process.stdout.read(size)
            if len(data) < size:
                return  # the end: stopped, or the camera failed
            self.frames += 1
            if self.frames == 1:
                self._set(CameraState.LOOKING)
            for text in decode_qr(Image.frombytes("L", FRAME, data)):
                seen = last_seen.get(text)
                last_seen[text] = self.frames
                if seen is None or self.frames - seen > GONE_AFTER:
                    self.on_code(text)

    def _fail(self, reason: str) -> None:
        log.warning("camera %s cannot be read: %s", self.source, reason)
        self._set(CameraState.FAILED, reason)


def probe(source: str, ffmpeg: str | None = None) -> tuple[bool, str]:
    """One frame read from ``source`` (``kiosk check``): (True, what was read) or (False,
    why not), within ``PROBE_TIMEOUT_S``."""
    ffmpeg = ffmpeg or shutil.which("ffmpeg")
    problem = source_problem(source, ffmpeg)
    if problem is not None:
        return False, problem
    assert ffmpeg is not None
    try:
        done = subprocess.run(
            capture_command(source, ffmpeg, frames=1),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, f"{source} gave no picture within {PROBE_TIMEOUT_S:.0f} s"
    except OSError as exc:
        return False, f"ffmpeg could not be started: {exc.strerror or exc}"
    width, height = FRAME
    if len(done.stdout) < width * height:
        return False, _reason(done.stderr, done.returncode)
    return True, f"{source} gives pictures ({width}x{height} read for QR codes)"


def camera_check(config: Config) -> Check:
    """``kiosk check``'s line for the camera: ok without one; with one, a frame is read. A
    camera busy is ok (the returning screen is reading it just now)."""
    source = config.camera
    if not source:
        return Check("camera", True, "no camera configured: returning customers type their code")
    ok, detail = probe(source)
    if not ok and "busy" in detail.casefold():
        return Check("camera", True, f"{source} is in use (the kiosk may be reading it): {detail}")
    return Check("camera", ok, detail, {"source": source})
