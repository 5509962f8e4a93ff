"""Who is signed in on the companion: opaque session ids kept by the server.

The cookie holds only a random id (32 bytes, URL-safe); the server keeps, under its SHA-256,
who it belongs to and when it was last used. So a session can be ended at once and for good:
signing out forgets it, and a disabled associate's sessions are all forgotten at their next
request (``end_all``). A session unused for the store's idle time (``companion_idle_minutes``)
is gone. The table lives in the server process (the companion runs as one process, like the
page): a restart signs everyone out, which for a PIN sign-in costs a few seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

MAX_SESSIONS = 10_000
"""A store has dozens of associates; a flood of sign-ins cannot grow memory without bound."""


@dataclass
class CompanionSession:
    associate_id: uuid.UUID
    name: str
    role: str
    started: dt.datetime
    last_seen: dt.datetime


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()


class SessionTable:
    def __init__(self, idle: dt.timedelta, clock: Callable[[], dt.datetime]) -> None:
        self.idle = idle
        self.clock = clock
        self._by_key: dict[str, CompanionSession] = {}
        self._lock = threading.Lock()

    def start(self, associate_id: uuid.UUID, name: str, role: str) -> str:
        """A new session; returns the id for the cookie (never stored as such)."""
        now = self.clock()
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._sweep(now)
            if len(self._by_key) >= MAX_SESSIONS:
                oldest = min(self._by_key, key=lambda k: self._by_key[k].last_seen)
                del self._by_key[oldest]
            self._by_key[_key(session_id)] = CompanionSession(associate_id, name, role, now, now)
        return session_id

    def get(self, session_id: str, touch: bool = True) -> CompanionSession | None:
        """The live session ``session_id`` names, or None (unknown, ended or idle too long).
        ``touch``: this request counts as use (the live list's stream does not: a phone left
        open on the list still signs out after the idle time)."""
        if not session_id or len(session_id) > 128:
            return None
        now = self.clock()
        with self._lock:
            key = _key(session_id)
            found = self._by_key.get(key)
            if found is None:
                return None
            if now - found.last_seen >= self.idle:
                del self._by_key[key]
                return None
            if touch:
                found.last_seen = now
            return found

    def end(self, session_id: str) -> None:
        with self._lock:
            self._by_key.pop(_key(session_id), None)

    def end_all(self, associate_id: uuid.UUID) -> int:
        """Forget every session of ``associate_id`` (disabled): how many there were."""
        with self._lock:
            gone = [k for k, v in self._by_key.items() if v.associate_id == associate_id]
            for k in gone:
                del self._by_key[k]
            return len(gone)

    def _sweep(self, now: dt.datetime) -> None:
        for k in [k for k, v in self._by_key.items() if now - v.last_seen >= self.idle]:
            del self._by_key[k]
