"""The follow-up page under a hostile request: how long ``/healthz`` takes to answer right
after one GET with a 100 KB request line, against the real server (uvicorn in a subprocess,
a real PostgreSQL store). Written to bench-results/followup_page.json.

One over-long line used to stall the whole server for about a minute (a quadratic e-mail
pattern in the log's redaction ran over the logged path); the page must shrug it off.
"""

from __future__ import annotations

import http.client
import json
import socket
import statistics
import time
from pathlib import Path

import pytest

from tests.handoff.conftest import serve, store  # noqa: F401 - fixtures

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "followup_page.json"
LONG_LINE_BYTES = 100_000
RUNS = 5


def raw_get(port: int, target: bytes) -> int:
    """Send one GET with ``target`` as its request target; the status the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=300) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split(b" ", 2)[1]) if head else 0


def healthz_ms(port: int) -> float:
    """One GET /healthz on a fresh connection, as a customer's phone would; in ms."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("GET", "/healthz")
    assert conn.getresponse().status == 200
    conn.close()
    return (time.perf_counter() - started) * 1000


def test_healthz_after_a_100_kb_request_line(serve):  # type: ignore[no-untyped-def]  # noqa: F811
    server = serve()
    quiet = [healthz_ms(server.port) for _ in range(RUNS)]
    after, statuses = [], []
    for n in range(RUNS):
        target = b"/f/" + bytes([97 + n]) * LONG_LINE_BYTES
        statuses.append(raw_get(server.port, target))
        after.append(healthz_ms(server.port))
    result = {
        "long_line_bytes": LONG_LINE_BYTES,
        "runs": RUNS,
        "long_line_status": sorted(set(statuses)),
        "healthz_ms_quiet_median": round(statistics.median(quiet), 1),
        "healthz_ms_after_long_line_median": round(statistics.median(after), 1),
        "healthz_ms_after_long_line_max": round(max(after), 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    assert max(after) < 1000  # one hostile request never stalls every customer's page
