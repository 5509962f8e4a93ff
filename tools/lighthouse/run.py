"""Lighthouse (mobile) on the associates' companion: ``make lighthouse``.

Starts a throwaway PostgreSQL (``tests/pg.py``), migrates a store database and seeds it with
what a busy morning holds (customers' requests, a client in the store, a case, follow-ups, a
consented client, kiosks' visits), starts the real ``kiosk companion serve`` on it, signs in
through the real form (an associate, a manager, store IT) and runs Lighthouse's mobile
preset (a mid-range phone, simulated slow 4G) on each page with the machine's Chromium
(``CHROME_PATH``, /usr/bin/chromium by default; nothing is downloaded), in both languages.
Pages behind the sign-in get the session cookie through ``--extra-headers``.

Prints one line per page with its performance and accessibility scores, writes each
report (JSON and HTML) and ``scores.json`` under build/lighthouse/, and exits 1 when a
score is under ``MINIMUM``. Not part of ``make test``: it needs npm's Lighthouse
(tools/lighthouse/package.json, pinned, installed by ``make lighthouse``).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from sqlalchemy.orm import Session  # noqa: E402

from kiosk.associates.directory import AssociateDirectory  # noqa: E402
from kiosk.clients.consent import CLIENTELING  # noqa: E402
from kiosk.db.models import (  # noqa: E402
    Case,
    Consent,
    Customer,
    FollowupTask,
    ServiceRequest,
    Visit,
    utcnow,
)
from kiosk.db.versions import store_save  # noqa: E402
from kiosk.sync.store import open_store  # noqa: E402
from tests.pg import own_server  # noqa: E402
from tests.sync.helpers import new_database  # noqa: E402

LIGHTHOUSE = REPO / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
OUT = REPO / "build" / "lighthouse"
STORE = "store-7"
MINIMUM = 95
LANGUAGES = ("en", "zh-Hans")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
PEOPLE = {  # name: (role, PIN)
    "Ana Lopez": ("associate", "4827"),
    "Claire Dubois": ("manager", "3619"),
    "Sam Keller": ("store_it", "6284"),
}
PAGES = (  # (name, path, who signs in; None: nobody)
    ("sign-in", "signin", None),
    ("live list", "", "Ana Lopez"),
    ("today's tasks", "tasks", "Ana Lopez"),
    ("client lookup", "clients", "Ana Lopez"),
    ("team (manager)", "team", "Claire Dubois"),
    ("store IT", "", "Sam Keller"),
)


def seed(url: str) -> None:
    """The store's morning: the three people, requests, a case, follow-ups, a client."""
    engine = open_store(url)
    directory = AssociateDirectory(engine, STORE, saver=store_save)
    ids = {name: directory.add(name, role, pin).id for name, (role, pin) in PEOPLE.items()}
    now = utcnow()
    with Session(engine) as s, s.begin():
        for minutes, kind, kiosk, area, advisor in (
            (2, "in_store", "phone", "Salon", ids["Ana Lopez"]),
            (6, "associate", "kiosk-a", None, None),
            (11, "refreshment", "kiosk-b", "Fitting room 2", None),
        ):
            at = now - dt.timedelta(minutes=minutes)
            store_save(
                s,
                ServiceRequest(
                    store_id=STORE,
                    kiosk_id=kiosk,
                    kind=kind,
                    area=area,
                    for_associate=advisor,
                    created_at=at,
                ),
            )
        store_save(
            s,
            Case(
                store_id=STORE,
                kiosk_id="kiosk-a",
                opened_via="farewell",
                category="delivery",
                language="en",
                created_at=now - dt.timedelta(hours=3),
            ),
        )
        for kiosk in ("kiosk-a", "kiosk-b"):
            store_save(s, Visit(store_id=STORE, kiosk_id=kiosk, started_at=now, updated_at=now))
        for n, (name, kind) in enumerate(
            (("Hélène Marchetti", "thank_you"), ("Élise Martin", "lapsed"))
        ):
            client = Customer(
                store_id=STORE, full_name=name, phone=f"+3361234567{n}", created_at=now
            )
            store_save(s, client)
            store_save(
                s,
                Consent(
                    store_id=STORE,
                    customer_id=client.id,
                    purpose=CLIENTELING,
                    wording_version="v1",
                    language="en",
                    given_via="kiosk",
                    given_at=now,
                ),
            )
            store_save(
                s,
                FollowupTask(
                    store_id=STORE,
                    customer_id=client.id,
                    kind=kind,
                    due_at=now - dt.timedelta(minutes=30),
                    assigned_to=ids["Ana Lopez"],
                    created_at=now,
                ),
            )
    engine.dispose()


def call(port: int, method: str, path: str, cookies: dict[str, str], form=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=urlencode(form) if form else None, headers=headers)
    reply = conn.getresponse()
    for key, value in reply.getheaders():
        if key.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    body = reply.read().decode()
    conn.close()
    return reply.status, body


def session_cookie(port: int, name: str) -> str:
    """Sign ``name`` in through the real form; the session cookie as a header value."""
    jar: dict[str, str] = {}
    _, page = call(port, "GET", "/c/signin", jar)
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token, "no sign-in form"
    form = {"csrf": token.group(1), "name": name, "pin": PEOPLE[name][1]}
    status, _ = call(port, "POST", "/c/signin", jar, form)
    if status != 303:
        raise SystemExit(f"lighthouse: signing {name} in answered {status}")
    return f"companion_session={jar['companion_session']}"


def serve(url: str, work: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "KIOSK_STORE_DB_URL": url,
        "KIOSK_STORE_ID": STORE,
        "KIOSK_STORE_NAME": "Maison",
        "KIOSK_LOG_DIR": str(work / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(work / "secret.key"),
        "KIOSK_LOCAL_DB_PATH": str(work / "unused.sqlite3"),
        "KIOSK_CONTENT_DIR": str(work / "content"),  # none installed: the built-in categories
    }
    command = [sys.executable, str(REPO / "main.py"), "companion", "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=(work / "serve.txt").open("wb")
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if call(port, "GET", "/healthz", {})[0] == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("lighthouse: the companion did not start:\n" + _tail(work))
        time.sleep(0.2)


def _tail(work: Path) -> str:
    return (work / "serve.txt").read_text(errors="replace")[-2000:]


def lighthouse(url: str, cookie: str | None, report: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,accessibility",
        "--output=json",
        "--output=html",
        f"--output-path={report}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    result = json.loads(report.with_suffix(".report.json").read_text())
    if result.get("runtimeError"):
        raise SystemExit(f"lighthouse on {url}: {result['runtimeError']}")
    final = result.get("finalDisplayedUrl") or result.get("finalUrl", "")
    if cookie and "signin" in final:
        raise SystemExit(f"lighthouse on {url} was sent to the sign-in form")
    return {k: round(c["score"] * 100) for k, c in result["categories"].items()}


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("lighthouse: not installed; run `make lighthouse`", file=sys.stderr)
        return 2
    from tests.handoff.conftest import free_port

    OUT.mkdir(parents=True, exist_ok=True)
    scores: dict[str, dict[str, int]] = {}
    with own_server() as pg, tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        url = new_database(pg.admin_url)
        seed(url)
        port = free_port()
        process = serve(url, Path(tmp), port)
        try:
            for title, path, who in PAGES:
                cookie = session_cookie(port, who) if who else None
                for lang in LANGUAGES:
                    slug = re.sub(r"[^a-z]+", "-", f"{title} {lang}".lower()).strip("-")
                    page = f"http://127.0.0.1:{port}/c/{path}?lang={lang}"
                    found = lighthouse(page, cookie, OUT / slug)
                    scores[f"{title} ({lang})"] = found
                    print(
                        f"{title:<16} {lang:<8} performance {found['performance']:>3}"
                        f"   accessibility {found['accessibility']:>3}",
                        flush=True,
                    )
        finally:
            process.terminate()
            process.wait(20)
    (OUT / "scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    low = [t for t, s in scores.items() if min(s.values()) < MINIMUM]
    if low:
        print(f"under {MINIMUM}: {', '.join(low)} (reports in build/lighthouse/)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
