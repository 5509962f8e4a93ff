"""A real headless Chromium driven over the DevTools protocol on a pipe (no extra package):
what a phone's browser loads, how many bytes, and what its console says."""

from __future__ import annotations

import base64
import json
import os
import selectors
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Visit:
    console: list[str] = field(default_factory=list)  # errors and warnings, as DevTools shows
    bytes_by_url: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    pictures: list[str] = field(default_factory=list)  # each <img>'s currentSrc

    @property
    def total_bytes(self) -> int:
        return sum(self.bytes_by_url.values())


class Browser:
    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()

        def wire() -> None:  # the protocol's pipe is fd 3 (in) and fd 4 (out) in the child
            high_in, high_out = os.dup(to_child), os.dup(from_child)  # clear of 3 and 4
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(20)
        os.close(self._write)
        os.close(self._read)

    def _message(self, deadline: float) -> dict[str, Any]:
        with selectors.DefaultSelector() as sel:
            sel.register(self._read, selectors.EVENT_READ)
            while b"\0" not in self._buffer:
                if not sel.select(max(0.0, deadline - time.monotonic())):
                    raise TimeoutError("the browser did not answer")
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    raise EOFError("the browser closed its pipe")
                self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        request: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            request["sessionId"] = session
        os.write(self._write, json.dumps(request).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            message = self._message(deadline)
            if message.get("id") == self._next:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        if any(e.get("method") == method for e in self.events):
            return
        while True:
            message = self._message(deadline)
            self.events.append(message)
            if message.get("method") == method:
                return

    def visit(self, url: str, width: int, dpr: float) -> Visit:
        """Open ``url`` as a phone ``width`` CSS px wide at ``dpr``, load every picture
        (scrolling a person would do), and report what the console said and what it cost."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Log", "Runtime"):
            self.send(f"{domain}.enable", session)
        self.send("Network.setCacheDisabled", session, cacheDisabled=True)  # every byte counted
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=915,
            deviceScaleFactor=dpr,
            mobile=True,
        )
        self.events.clear()
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired")
        loaded = self.send(
            "Runtime.evaluate",
            session,
            expression=(
                "Promise.all([...document.images].map(i => { i.loading = 'eager';"
                " return i.decode().then(() => i.currentSrc); }))"
            ),
            awaitPromise=True,
            returnByValue=True,
        )
        # a round trip after the pictures: the events of their last bytes have arrived
        self.send("Runtime.evaluate", session, expression="1")
        result = Visit(pictures=list(loaded["result"]["value"]))
        urls: dict[str, str] = {}
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.responseReceived":
                urls[params["requestId"]] = params["response"]["url"]
                result.statuses[params["response"]["url"]] = params["response"]["status"]
            elif method == "Network.loadingFinished" and params["requestId"] in urls:
                result.bytes_by_url[urls[params["requestId"]]] = int(params["encodedDataLength"])
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                result.console.append(params["entry"]["text"])
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning"):
                result.console.append(str(params["args"]))
            elif method == "Runtime.exceptionThrown":
                result.console.append(str(params["exceptionDetails"]))
        self.send("Target.closeTarget", targetId=target)
        return result


class Tab:
    """One page in ``browser`` at phone size, driven step by step: open, run a script
    (a form sent loads the next page), capture, close."""

    def __init__(self, browser: Browser, width: int = 390, height: int = 844, dpr: float = 2):
        self.b, self.width, self.dpr = browser, width, dpr
        self.target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = browser.send("Target.attachToTarget", targetId=self.target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Log", "Runtime"):
            browser.send(f"{domain}.enable", self.session)
        self._size(height)
        self.console: list[str] = []

    def _size(self, height: int) -> None:
        self.b.send(
            "Emulation.setDeviceMetricsOverride",
            self.session,
            width=self.width,
            height=height,
            deviceScaleFactor=self.dpr,
            mobile=True,
        )

    def _collect(self) -> None:
        self.console += [
            e["params"]["entry"]["text"]
            for e in self.b.events
            if e.get("method") == "Log.entryAdded"
            and e["params"]["entry"]["level"] in ("error", "warning")
        ]
        self.b.events.clear()

    def open(self, url: str) -> None:
        self.b.events.clear()
        self.b.send("Page.navigate", self.session, url=url)
        self.b.wait_for("Page.loadEventFired")
        self._collect()

    def run(self, script: str, loads: bool = False) -> None:
        """Evaluate ``script``; ``loads``: it sends a form, wait for the next page."""
        self.b.events.clear()
        result = self.b.send("Runtime.evaluate", self.session, expression=script)
        assert "exceptionDetails" not in result, result
        if loads:
            self.b.wait_for("Page.loadEventFired")
        self._collect()

    def capture(self, target: Path, full: bool = False) -> None:
        self.b.send(
            "Runtime.evaluate", self.session, expression="document.fonts.ready", awaitPromise=True
        )
        if full:  # the phone as tall as the page: one picture of all of it
            tall = self.b.send("Page.getLayoutMetrics", self.session)["cssContentSize"]["height"]
            self._size(int(tall) + 1)
        shot = self.b.send("Page.captureScreenshot", self.session, format="png")
        target.write_bytes(base64.b64decode(shot["data"]))
        self._collect()

    def close(self) -> None:
        self.b.send("Target.closeTarget", targetId=self.target)


def screenshot(
    browser: Browser, url: str, target: Path, full: bool = False, script: str = ""
) -> list[str]:
    """``url`` as a phone, ``script`` run (a form it sends is followed), saved as a PNG of
    the viewport or, ``full``, of the whole page. Returns what the console said."""
    tab = Tab(browser)
    try:
        tab.open(url)
        if script:
            tab.run(script, loads="submit" in script)
        tab.capture(target, full)
        return tab.console
    finally:
        tab.close()
