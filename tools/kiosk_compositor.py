"""The kiosk under cage, the Wayland kiosk compositor of packaging/linux, run on this machine.

    .venv/bin/python tools/kiosk_compositor.py [--packaged dist/maison-kiosk] [--out DIR]

The lockdown recipe of packaging/README.md, run for real rather than read: cage (``-d -s``,
as the unit starts it) as an unprivileged user (cage refuses root; as root this script makes
a system user ``maison-cage`` for it), the kiosk in store mode with ``QT_QPA_PLATFORM=wayland``
and a notify socket the way systemd gives one (``$WATCHDOG_PID`` naming cage, as under the
unit, so READY=1 and the pings prove ``NotifyAccess=all`` is needed and enough).

Two runs, because no one compositor here both renders headless and takes a keyboard:

1. **cage on its X11 backend in Xvfb** (no window manager): wlroots' headless backend has no
   input devices, this machine has no /dev/uinput, and cage 0.1.4 offers no
   virtual-keyboard protocol, so this is how a keyboard reaches cage. The kiosk must fill
   the output (no row or column at an edge left in cage's black; grim's screenshot
   ``compositor-cage.png``), then xdotool types Escape, Alt+F4, Ctrl+W, Ctrl+Q (the kiosk
   must swallow each, and log it: proof they arrived) and Ctrl+Alt+F2, Alt+Tab (nothing to
   switch to): the kiosk and cage must still run and ping, the output still be the
   kiosk's (``compositor-cage-after-keys.png``).
2. **cage headless** (``WLR_BACKENDS=headless``, pixman renderer: no GPU here): READY, pings,
   and grim's picture (``compositor-headless.png``) checked the same way. grim's capture of
   the headless output can be black while a client's buffer covers the whole output
   (wlroots 0.15 logs "Basic output test failed for HEADLESS-1" at each capture; a still,
   full-screen Qt window stayed black for 6 s, a 400x300 one was captured): the kiosk's
   moving attract is captured within seconds, and a picture that stays black is reported,
   not failed. (weston 10's kiosk-shell with its headless backend and ``--use-pixman``
   gave black weston-screenshooter pictures even of weston-simple-shm: not usable here.)

Then SIGTERM to the kiosk (what ``systemctl stop`` sends): STOPPING=1, and cage ends with it.
Exit 0 when all holds, 1 with the failed check named, 2 when a tool is missing
(``apt-get install cage grim xwayland xvfb xdotool``). tests/packaging/test_compositor.py
runs the same steps under pytest.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script
    sys.path.insert(0, str(REPO))
from tools.real_window import CheckFailed, x_server  # noqa: E402

TOOLS = ("cage", "grim", "Xwayland", "Xvfb", "xdotool", "setpriv")
USER = "maison-cage"
READY_TIMEOUT_S = 120.0  # a cold start on a busy 2-core machine: a bound, not a wait
WATCHDOG_USEC = 2_000_000
LEAVING_KEYS = ("Escape", "alt+F4", "ctrl+w", "ctrl+q")
SWITCHING_KEYS = ("ctrl+alt+F2", "alt+Tab")
SWALLOWED = "a leaving key was swallowed (kiosk lockdown)"


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def kiosk_user() -> pwd.struct_passwd:
    """Who runs cage: this user, or as root an unprivileged system user made for it."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
            check=True,
        )
        return pwd.getpwnam(USER)


@dataclass
class Session:
    """cage with the kiosk in it, and what systemd would have heard from the kiosk."""

    cage: subprocess.Popen[bytes]
    notify: socket.socket
    folder: Path
    env: dict[str, str]
    user: pwd.struct_passwd
    states: list[str] = field(default_factory=list)

    @property
    def log(self) -> str:
        path = self.folder / "logs" / "kiosk.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def output(self) -> str:
        return (self.folder / "cage-output.txt").read_text(errors="replace")[-3000:]

    def alive(self) -> None:
        if self.cage.poll() is not None:
            raise CheckFailed(f"cage exited ({self.cage.returncode}): {self.output()}")

    def wait_state(self, state: str, timeout: float = READY_TIMEOUT_S) -> float:
        """Seconds until the kiosk sends ``state`` (READY=1, WATCHDOG=1...)."""
        start = time.monotonic()
        while True:
            self.alive()
            self.notify.settimeout(1.0)
            try:
                lines = self.notify.recv(4096).decode().split("\n")
            except TimeoutError:
                lines = []
            self.states += lines
            if state in lines:
                return time.monotonic() - start
            if time.monotonic() - start > timeout:
                raise CheckFailed(f"no {state} from the kiosk within {timeout:.0f} s")

    def kiosk_pid(self) -> int:
        """The kiosk: cage's child (cage starts it, as in the unit)."""
        pids = [
            int(stat.parent.name)
            for stat in Path("/proc").glob("[0-9]*/stat")
            if _parent(stat) == self.cage.pid
        ]
        for pid in pids:
            if "main.py" in _cmdline(pid) or "maison-kiosk" in _cmdline(pid):
                return pid
        raise CheckFailed(f"no kiosk among cage's children {pids}")

    def as_user(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        """A Wayland client (grim) as the kiosk's user, on cage's display."""
        return subprocess.run(
            [*setpriv(self.user), *args], env=self.env, capture_output=True, timeout=60
        )

    def screenshot(self, path: Path) -> Image.Image:
        shot = self.folder / "home" / "shot.png"  # the kiosk user writes it
        done = self.as_user("grim", str(shot))
        if done.returncode != 0:
            raise CheckFailed(f"grim failed: {done.stderr.decode(errors='replace')}")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, path)
        with Image.open(path) as image:
            return image.convert("RGB")


def _parent(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def setpriv(user: pwd.struct_passwd) -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]


def kiosk_command(packaged: Path | None) -> list[str]:
    if packaged is not None:
        return [str(packaged.resolve() / "maison-kiosk"), "run"]
    return [sys.executable, str(REPO / "main.py"), "run"]


@contextmanager
def cage(
    backend: str, packaged: Path | None, content_dir: Path | None, extra: dict[str, str]
) -> Iterator[Session]:
    """cage on ``backend`` (headless or x11) running the kiosk in store mode, as the unit
    does, in a throwaway folder the kiosk's user owns."""
    user = kiosk_user()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-cage-"))
    folder.chmod(0o755)
    runtime = folder / "runtime"
    for sub in ("data", "logs", "runtime", "home"):
        (folder / sub).mkdir(mode=0o700 if sub == "runtime" else 0o755)
        os.chown(folder / sub, user.pw_uid, user.pw_gid)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(folder / "notify.sock"))
    (folder / "notify.sock").chmod(0o777)  # the kiosk's user sends to it, as to systemd's
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder / "home"),
        "LANG": "C.UTF-8",
        "XDG_RUNTIME_DIR": str(runtime),
        "WAYLAND_DISPLAY": "wayland-0",
        "WLR_BACKENDS": backend,
        "WLR_RENDERER": "pixman",  # no GPU here: wlroots' software renderer
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "XKB_DEFAULT_LAYOUT": "us",
        "QT_QPA_PLATFORM": "wayland",  # as the unit: Qt speaks Wayland to cage directly
        "PYTHONDONTWRITEBYTECODE": "1",
        "NOTIFY_SOCKET": str(folder / "notify.sock"),
        "WATCHDOG_USEC": str(WATCHDOG_USEC),
        "KIOSK_LOCAL_DB_PATH": str(folder / "data" / "kiosk.sqlite3"),
        "KIOSK_SECRET_KEY_FILE": str(folder / "data" / "secret.key"),
        "KIOSK_LOG_DIR": str(folder / "logs"),
        "KIOSK_CONTENT_DIR": str(folder / ("content" if content_dir else "data/content")),
        "KIOSK_FOLLOWUP_BASE_URL": "https://maison.example/f/",
        **extra,
    }
    if content_dir is not None:
        # A copy the kiosk's user owns: a pack installed by root keeps files only root can
        # read (its pointer, snapshot and renditions are written 0600), as on a kiosk
        # where store IT ran `sudo kiosk content install`.
        shutil.copytree(content_dir, folder / "content")
        for path in (folder / "content", *(folder / "content").rglob("*")):
            os.chown(path, user.pw_uid, user.pw_gid)
    # WATCHDOG_PID names cage, the unit's main process, as systemd would set it.
    script = 'export WATCHDOG_PID=$$; exec cage -d -s -- "$@"'
    with (folder / "cage-output.txt").open("wb") as sink:
        process = subprocess.Popen(
            [*setpriv(user), "sh", "-c", script, "sh", *kiosk_command(packaged)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    session = Session(process, notify, folder, env, user)
    try:
        yield session
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        notify.close()
        shutil.rmtree(folder, ignore_errors=True)


def fills_output(image: Image.Image) -> None:
    """cage paints black where no client is: an edge row or column all black means the
    kiosk's window does not reach that edge."""
    w, h = image.size
    edges = {
        "top": image.crop((0, 0, w, 1)),
        "bottom": image.crop((0, h - 1, w, h)),
        "left": image.crop((0, 0, 1, h)),
        "right": image.crop((w - 1, 0, w, h)),
    }
    for name, strip in edges.items():
        if strip.getbbox() is None:  # no pixel other than black
            raise CheckFailed(f"the {name} edge of the {w}x{h} output is cage's black")


def stop(session: Session) -> float:
    """SIGTERM to the kiosk (as `systemctl stop`): STOPPING=1, then cage ends with it."""
    start = time.monotonic()
    os.kill(session.kiosk_pid(), 15)
    session.wait_state("STOPPING=1", timeout=30)
    code = session.cage.wait(30)
    if code != 0:
        raise CheckFailed(f"cage ended with {code} after the kiosk stopped: {session.output()}")
    return time.monotonic() - start


def until_filled(session: Session, path: Path, timeout: float = 30) -> Image.Image:
    """The first screenshot in which the kiosk fills the output (attract fades in from
    black: the first frames are dark by design)."""
    deadline = time.monotonic() + timeout
    while True:
        image = session.screenshot(path)
        try:
            fills_output(image)
            return image
        except CheckFailed:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)  # the next look at a screen being watched


def run_headless(packaged: Path | None, content_dir: Path | None, out: Path) -> dict[str, object]:
    """cage on wlroots' headless backend: the kiosk starts, says READY and pings; grim's
    picture is saved as it comes (see the module docstring for why it may be black)."""
    with cage("headless", packaged, content_dir, {}) as session:
        ready_s = session.wait_state("READY=1")
        session.wait_state("WATCHDOG=1", timeout=30)
        try:
            image = until_filled(session, out / "compositor-headless.png", timeout=20)
            black = False
        except CheckFailed:  # grim's picture stayed black: said, not failed (docstring)
            image = session.screenshot(out / "compositor-headless.png")
            black = True
        test_failed = "Basic output test failed for HEADLESS-1" in session.output()
        stopped_s = stop(session)
        return {
            "ready_s": round(ready_s, 1),
            "size": image.size,
            "black": black,
            "output_test_failed": test_failed,
            "stop_s": round(stopped_s, 1),
        }


def xdotool(env: dict[str, str], *args: str) -> None:
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=30, capture_output=True)


def run_nested(packaged: Path | None, content_dir: Path | None, out: Path) -> dict[str, object]:
    """cage on its X11 backend in Xvfb: the same compositor with a keyboard."""
    with (
        x_server(1280, 720) as display,
        cage("x11", packaged, content_dir, {"DISPLAY": display}) as session,
    ):
        ready_s = session.wait_state("READY=1")
        image = until_filled(session, out / "compositor-cage.png")
        x = {**os.environ, "DISPLAY": display}
        # XTEST input, as a keyboard's (wlroots reads XInput2 events, not sent ones),
        # with the pointer over cage's window, the only one on this X server.
        xdotool(x, "mousemove", "200", "200")
        for keys in (*LEAVING_KEYS, *SWITCHING_KEYS):
            xdotool(x, "key", keys)
        deadline = time.monotonic() + 30
        while session.log.count(SWALLOWED) < len(LEAVING_KEYS):
            session.alive()
            if time.monotonic() > deadline:
                raise CheckFailed(
                    f"{session.log.count(SWALLOWED)} of {len(LEAVING_KEYS)} leaving keys "
                    "reached the kiosk's lockdown"
                )
            time.sleep(0.1)  # polling the kiosk's own log
        session.wait_state("WATCHDOG=1", timeout=30)  # still alive, still answering
        after = until_filled(session, out / "compositor-cage-after-keys.png")
        swallowed = session.log.count(SWALLOWED)
        stopped_s = stop(session)
        return {
            "ready_s": round(ready_s, 1),
            "size": image.size,
            "after_keys": after.size,
            "swallowed": swallowed,
            "stop_s": round(stopped_s, 1),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packaged", type=Path, help="a one-folder build (dist/maison-kiosk)")
    parser.add_argument("--content-dir", type=Path, help="an installed content folder to share")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "screenshots")
    args = parser.parse_args(argv)
    if missing := missing_tools():
        print(f"missing: {' '.join(missing)} (tools/system-packages test)", file=sys.stderr)
        return 2
    try:
        nested = run_nested(args.packaged, args.content_dir, args.out)
        print(
            f"cage (X11 backend, in Xvfb): READY in {nested['ready_s']} s; the kiosk fills the "
            f"{nested['size'][0]}x{nested['size'][1]} output; {nested['swallowed']} leaving keys "
            f"swallowed, {', '.join(SWITCHING_KEYS)} changed nothing; stopped in "
            f"{nested['stop_s']} s"
        )
        headless = run_headless(args.packaged, args.content_dir, args.out)
        print(
            f"cage (headless backend): READY in {headless['ready_s']} s, pings, stopped in "
            f"{headless['stop_s']} s; grim's picture "
            + (
                "is black (wlroots: 'Basic output test failed for HEADLESS-1')"
                if headless["black"]
                else "shows the kiosk"
            )
        )
    except CheckFailed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    print(
        f"screenshots: {args.out}/compositor-cage.png, compositor-cage-after-keys.png, "
        "compositor-headless.png"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
