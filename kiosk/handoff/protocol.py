"""uvicorn's HTTP/1.1 protocol (h11) with the page's security headers on the one answer it
makes by itself: the 400 for a request it cannot parse (a malformed head, or one over h11's
16 KiB that arrives in pieces). Every other answer passes through the application and its
``Front`` layer; this one never reaches it."""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from kiosk.handoff.middleware import SECURITY_HEADERS


class PageH11Protocol(H11Protocol):
    def send_400_response(self, msg: str) -> None:
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"connection", b"close"),
            (b"cache-control", b"no-store"),
            *SECURITY_HEADERS,
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=msg.encode("ascii")),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()
